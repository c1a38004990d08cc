"""Writes on events: creation from templates, programme order, invitations, RSVP,
check-in, status transitions and the commune roll-out.

Rules spanning rows live here (STYLE.md). Tokens are ``secrets.token_urlsafe(32)``
and unique in the database; an RSVP looks the invitation up by its token only, so a
link can never answer for another invitation.
"""

import secrets
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from accounts.models import RoleCode
from notifications.models import DeadlineKind
from notifications.services import deadline_close
from orgunits.models import AdminLevel, AdminUnit, Organisation
from people.models import Person

from .deadlines import (
    event_rsvp_deadline_sync,
    event_task_deadline_sync,
    registration_deadlines_sync,
    rollout_deadlines_sync,
)
from .models import (
    Event,
    EventStatus,
    EventTask,
    Invitation,
    InviteeGroup,
    ProgrammeItem,
    Registration,
    RolloutPlan,
    RsvpStatus,
)
from .programmes import TEMPLATES

# --- Creation ------------------------------------------------------------------------


@transaction.atomic
def event_create(*, user: Any = None, **fields: Any) -> Event:
    """Create an event; the organiser's unit decides who sees it."""
    event = Event(created_by=user if getattr(user, "pk", None) else None, **fields)
    event.full_clean()
    event.save()
    return event


@transaction.atomic
def event_update(event: Event, *, user: Any = None) -> Event:
    """Save an edited event (the form has set its fields); a moved answer date or event
    day re-schedules the organiser's reminders about unanswered invitations."""
    event.full_clean()
    event.save()
    event_rsvp_deadline_sync(event)
    return event


@transaction.atomic
def event_create_from_template(template: str, *, user: Any = None, **fields: Any) -> Event:
    """Create an event with a standard programme (seed 000 launch, seed 002 Ngày hội)."""
    spec = TEMPLATES.get(template)
    if spec is None:
        event = event_create(user=user, **fields)
        return event
    fields.setdefault("kind", spec["kind"])
    fields.setdefault("duration_hours", spec["duration_hours"])
    starts_at = fields.get("starts_at")
    year = starts_at.year if starts_at else timezone.localdate().year
    if not fields.get("banner_middle"):
        fields["banner_middle"] = spec["banner_middle"].format(year=year)
    event = event_create(user=user, **fields)
    bulk_create_with_history(
        [
            ProgrammeItem(event=event, order=i, part=part, title=title, performer=performer)
            for i, (part, title, performer) in enumerate(spec["items"], start=1)
        ],
        ProgrammeItem,
    )
    return event


# --- Status transitions --------------------------------------------------------------

EDIT = (RoleCode.ADMIN, RoleCode.PROVINCE_STAFF, RoleCode.COMMUNE_OFFICER)
TRANSITIONS: dict[tuple[str, str], tuple[str, ...]] = {
    (EventStatus.PLANNED, EventStatus.INVITATIONS_SENT): (*EDIT, RoleCode.CLERK),
    (EventStatus.INVITATIONS_SENT, EventStatus.PLANNED): (RoleCode.ADMIN, RoleCode.PROVINCE_STAFF),
    (EventStatus.INVITATIONS_SENT, EventStatus.HELD): EDIT,
    (EventStatus.PLANNED, EventStatus.HELD): EDIT,
    (EventStatus.HELD, EventStatus.REPORTED): (*EDIT, RoleCode.LEADER),
}


def allowed_transitions(user: Any, event: Event) -> list[tuple[str, str]]:
    """(target, label) pairs the user may apply now."""
    if not user.is_authenticated:
        return []
    out = []
    for (src, dst), roles in TRANSITIONS.items():
        if src == event.status and user.has_role(*roles):
            out.append((dst, str(EventStatus(dst).label)))
    return out


@transaction.atomic
def event_transition(event: Event, target: str, *, user: Any) -> Event:
    """Move the event along ``TRANSITIONS``; sending marks every invitation as sent."""
    from accounts.scope import unit_in_scope

    locked = Event.objects.select_for_update().get(pk=event.pk)
    if not unit_in_scope(user, locked.unit):
        raise PermissionDenied
    roles = TRANSITIONS.get((locked.status, target))
    if roles is None:
        raise ValidationError(
            _("An event cannot go from “%(src)s” to “%(dst)s”.")
            % {
                "src": EventStatus(locked.status).label,
                "dst": EventStatus(target).label if target in EventStatus.values else target,
            },
            code="bad_transition",
        )
    if not user.has_role(*roles):
        raise ValidationError(
            _("Your role cannot make this change."),
            code="role",
        )
    now = timezone.now()
    if target == EventStatus.INVITATIONS_SENT:
        if not locked.invitations.exists():
            raise ValidationError(
                _("Add the invitees before sending the invitations."), code="no_invitations"
            )
        locked.invitations.filter(sent_at__isnull=True).update(sent_at=now)
    if target == EventStatus.HELD and locked.starts_at > now:
        raise ValidationError(
            _("The event has not started yet (%(start)s).")
            % {"start": timezone.localtime(locked.starts_at).strftime("%H:%M %d/%m/%Y")},
            code="not_started",
        )
    locked.status = target
    locked.save(update_fields=["status", "updated_at"])
    event_rsvp_deadline_sync(locked)
    return locked


# --- Tasks ---------------------------------------------------------------------------


@transaction.atomic
def event_tasks_save(
    event: Event,
    rows: list[EventTask],
    deleted: list[EventTask],
    *,
    changed: list[bool] | None = None,
) -> None:
    """Store the task list as edited: ``rows`` in page order, ``deleted`` removed.

    ``changed`` (one flag per row, from the form) spares saving untouched rows again
    (no history noise); each saved task's deadline follows it.
    """
    for task in deleted:
        if task.pk:
            pk = task.pk
            task.delete()
            task.pk = pk  # the deadline is keyed by the former primary key
            deadline_close(task, DeadlineKind.EVENT_TASK)
    flags = changed if changed is not None else [True] * len(rows)
    for position, (task, was_changed) in enumerate(zip(rows, flags, strict=True), start=1):
        if task.pk is None or task.order != position or was_changed:
            task.event = event
            task.order = position
            task.save()
            event_task_deadline_sync(task)


# --- Programme -----------------------------------------------------------------------


@transaction.atomic
def programme_item_add(event: Event, **fields: Any) -> ProgrammeItem:
    last = event.programme.aggregate(m=Max("order"))["m"] or 0
    item = ProgrammeItem(event=event, order=last + 1, **fields)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def programme_reorder(event: Event, ids: list[int]) -> None:
    """Persist the order given as the full list of item ids (drag and drop)."""
    items = {i.pk: i for i in ProgrammeItem.objects.select_for_update().filter(event=event)}
    if set(ids) != set(items) or len(ids) != len(items):
        raise ValidationError(
            _("The programme changed meanwhile; reload the page."), code="stale_order"
        )
    for position, pk in enumerate(ids, start=1):
        item = items[pk]
        if item.order != position:
            item.order = position
            item.save(update_fields=["order"])


@transaction.atomic
def programme_move(item: ProgrammeItem, direction: str) -> None:
    """Move one item up or down (the buttons without JavaScript)."""
    ids = list(
        ProgrammeItem.objects.select_for_update()
        .filter(event_id=item.event_id)
        .order_by("order", "pk")
        .values_list("pk", flat=True)
    )
    i = ids.index(item.pk)
    j = i - 1 if direction == "up" else i + 1
    if 0 <= j < len(ids):
        ids[i], ids[j] = ids[j], ids[i]
    programme_reorder(item.event, ids)


# --- Invitations ---------------------------------------------------------------------


def new_token() -> str:
    return secrets.token_urlsafe(32)


def _invitation(group: InviteeGroup, **fields: Any) -> Invitation:
    return Invitation(
        event_id=group.event_id,
        group=group,
        rsvp_token=new_token(),
        checkin_token=new_token(),
        **fields,
    )


def group_candidates(group: InviteeGroup) -> list[Person]:
    """People of the registry who match the group, inside the convening unit's subtree."""
    convener = group.convening_organisation or group.event.organiser
    qs = Person.objects.filter(unit__path__startswith=convener.unit.path).select_related(
        "organisation"
    )
    if group.kinds:
        qs = qs.filter(organisation__kind__in=group.kinds)
    if group.match_min_rank:
        qs = qs.filter(position_rank__gte=group.match_min_rank)
    if group.match_position:
        qs = qs.filter(position__icontains=group.match_position)
    already = Invitation.objects.filter(event_id=group.event_id, person__isnull=False).values(
        "person_id"
    )
    return list(qs.exclude(pk__in=already).order_by("-position_rank", "full_name", "pk"))


@transaction.atomic
def group_expand(group: InviteeGroup) -> int:
    """Create one invitation per matching person; returns how many were added."""
    InviteeGroup.objects.select_for_update().get(pk=group.pk)
    if not group.kinds and not group.match_min_rank and not group.match_position:
        raise ValidationError(
            _("Say who belongs to the group (organisation kinds, rank or position) first."),
            code="no_criteria",
        )
    people = group_candidates(group)
    start = group.invitations.aggregate(m=Max("protocol_order"))["m"] or 0
    rows = [
        _invitation(
            group,
            person=p,
            full_name=p.full_name,
            position=p.position,
            organisation_name=p.organisation.name if p.organisation_id else "",
            phone=p.phone,
            position_rank=p.position_rank,
            protocol_order=start + i,
        )
        for i, p in enumerate(people, start=1)
    ]
    bulk_create_with_history(rows, Invitation)
    event_rsvp_deadline_sync(group.event)
    return len(rows)


IMPORT_COLUMNS = ["Họ và tên", "Chức vụ", "Cơ quan, đơn vị", "Điện thoại"]
MAX_IMPORT_ROWS = 2000


@dataclass
class ImportResult:
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def invitees_parse_xlsx(upload: Any, group: InviteeGroup) -> ImportResult:
    """Read an invitee list (dry run): every row checked, nothing written.

    Columns: Họ và tên, Chức vụ, Cơ quan, đơn vị, Điện thoại (a header row first).
    """
    from openpyxl import load_workbook

    result = ImportResult()
    try:
        wb = load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        result.errors.append(_("The file is not an Excel workbook (.xlsx)."))
        return result
    ws = wb.active
    existing = {
        " ".join(n.lower().split())
        for n in Invitation.objects.filter(event_id=group.event_id).values_list(
            "full_name", flat=True
        )
    }
    seen: set[str] = set()
    for number, raw in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        values = [("" if v is None else str(v)).strip() for v in (list(raw) + [None] * 4)[:4]]
        if not any(values):
            continue
        if len(result.rows) + len(result.errors) >= MAX_IMPORT_ROWS:
            result.errors.append(
                _("The file has more than %(max)s rows.") % {"max": MAX_IMPORT_ROWS}
            )
            break
        name, position, org_name, phone = values
        key = " ".join(name.lower().split())
        problem = None
        if not name:
            problem = _("the full name is missing")
        elif len(name) > 120:
            problem = _("the full name is longer than 120 characters")
        elif len(position) > 200 or len(org_name) > 300:
            problem = _("the position or organisation is too long")
        elif phone and not phone.replace(" ", "").replace(".", "").lstrip("+").isdigit():
            problem = _("the phone number is not valid")
        elif key in seen:
            problem = _("this person appears twice in the file")
        elif key in existing:
            problem = _("this person is already invited")
        if problem:
            result.errors.append(
                _("Row %(row)s: %(problem)s.") % {"row": number, "problem": problem}
            )
            continue
        seen.add(key)
        result.rows.append(
            {"full_name": name, "position": position, "organisation_name": org_name, "phone": phone}
        )
    wb.close()
    if not result.rows and not result.errors:
        result.errors.append(_("The file holds no invitee."))
    return result


@transaction.atomic
def invitees_import(group: InviteeGroup, rows: list[dict[str, Any]]) -> int:
    """Write the rows previewed by :func:`invitees_parse_xlsx` (after confirmation)."""
    InviteeGroup.objects.select_for_update().get(pk=group.pk)
    start = group.invitations.aggregate(m=Max("protocol_order"))["m"] or 0
    allowed = ("full_name", "position", "organisation_name", "phone")
    objs = [
        _invitation(
            group, protocol_order=start + i, **{k: str(r.get(k, ""))[:300] for k in allowed}
        )
        for i, r in enumerate(rows, start=1)
    ]
    for obj in objs:
        obj.full_clean(exclude=["event", "group", "rsvp_token", "checkin_token"])
    bulk_create_with_history(objs, Invitation)
    event_rsvp_deadline_sync(group.event)
    return len(objs)


@transaction.atomic
def invitation_add(group: InviteeGroup, **fields: Any) -> Invitation:
    start = group.invitations.aggregate(m=Max("protocol_order"))["m"] or 0
    person = fields.get("person")
    if person is not None:
        if Invitation.objects.filter(event_id=group.event_id, person=person).exists():
            raise ValidationError(_("This person is already invited."), code="duplicate")
        fields.setdefault("full_name", person.full_name)
        fields.setdefault("position", person.position)
        fields.setdefault("position_rank", person.position_rank)
        if person.organisation_id:
            fields.setdefault("organisation_name", person.organisation.name)
    inv = _invitation(group, protocol_order=start + 1, **fields)
    try:
        with transaction.atomic():
            inv.save()
    except IntegrityError as exc:
        raise ValidationError(_("This person is already invited."), code="duplicate") from exc
    event_rsvp_deadline_sync(group.event)
    return inv


@transaction.atomic
def invitation_delete(invitation: Invitation) -> None:
    """Remove one invitation; the organiser's count of unanswered ones follows."""
    event = invitation.event
    invitation.delete()
    event_rsvp_deadline_sync(event)


@transaction.atomic
def group_delete(group: InviteeGroup) -> None:
    """Remove an invitee group and its invitations."""
    event = group.event
    group.delete()
    event_rsvp_deadline_sync(event)


# --- RSVP and check-in ---------------------------------------------------------------


def rsvp_open(invitation: Invitation, now: datetime | None = None) -> bool:
    """A link answers until the event ends, and not once it is held or reported.

    The answer date (:attr:`Event.rsvp_deadline`) does not close the link: a guest who
    answers after it (a leader back from a trip) is still expected at the door, so the
    answer is recorded and shown as late (:attr:`Invitation.answered_late`); the date
    is what the organiser's reminders chase.
    """
    now = now or timezone.now()
    event = invitation.event
    return now < event.ends_at and event.status in (
        EventStatus.PLANNED,
        EventStatus.INVITATIONS_SENT,
    )


@transaction.atomic
def rsvp_answer(token: str, answer: str, note: str = "") -> Invitation:
    """Record the invitee's answer; the token alone identifies the invitation."""
    inv = (
        Invitation.objects.select_for_update()
        .select_related("event")
        .filter(rsvp_token=token)
        .first()
    )
    if inv is None or not token:
        raise Invitation.DoesNotExist
    if not rsvp_open(inv):
        raise ValidationError(
            _("This invitation link has expired: the event is over."), code="expired"
        )
    if answer not in (RsvpStatus.ACCEPTED, RsvpStatus.DECLINED):
        raise ValidationError(_("Choose whether you will attend."), code="answer")
    inv.rsvp_status = answer
    inv.rsvp_note = note.strip()[:500]
    inv.responded_at = timezone.now()
    inv.save(update_fields=["rsvp_status", "rsvp_note", "responded_at"])
    event_rsvp_deadline_sync(inv.event)
    return inv


@transaction.atomic
def check_in(event: Event, token: str) -> tuple[Invitation, bool]:
    """Mark the invitee present; returns (invitation, first_time).

    The row is locked, so two scans at the same time count once.
    """
    token = (token or "").strip()
    # A scanned QR code may hold the whole check-in URL: keep only the token.
    if "t=" in token:
        token = token.rsplit("t=", 1)[1].split("&", 1)[0]
    inv = (
        Invitation.objects.select_for_update().filter(event=event, checkin_token=token).first()
        if token
        else None
    )
    if inv is None:
        raise ValidationError(_("No invitation of this event has this code."), code="unknown_token")
    if event.status == EventStatus.REPORTED:
        raise ValidationError(_("The event is closed."), code="closed")
    if inv.attended_at:
        return inv, False
    inv.attended_at = timezone.now()
    inv.save(update_fields=["attended_at"])
    return inv, True


# --- Roll-out across communes --------------------------------------------------------


@dataclass
class CoverageRow:
    unit: AdminUnit
    registration: Registration | None
    registered: bool
    held: bool
    reported: bool
    late: bool


@dataclass
class DistrictCoverage:
    district: AdminUnit | None
    rows: list[CoverageRow] = field(default_factory=list)

    def count(self, attr: str) -> int:
        return sum(1 for r in self.rows if getattr(r, attr))

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def registered(self) -> int:
        return self.count("registered")

    @property
    def held(self) -> int:
        return self.count("held")

    @property
    def reported(self) -> int:
        return self.count("reported")

    @property
    def late(self) -> int:
        return self.count("late")


def registration_late(reg: Registration | None, rollout: RolloutPlan, today: date) -> bool:
    """Registered or reported after the deadline, or not yet and the deadline is past."""
    reg_day = timezone.localdate(reg.registered_at) if reg and reg.registered_at else None
    rep_day = timezone.localdate(reg.reported_at) if reg and reg.reported_at else None
    if reg_day is None and today > rollout.registration_deadline:
        return True
    if reg_day and reg_day > rollout.registration_deadline:
        return True
    if rep_day is None and today > rollout.report_deadline:
        return True
    return bool(rep_day and rep_day > rollout.report_deadline)


def rollout_coverage(
    rollout: RolloutPlan, user: Any, today: date | None = None
) -> tuple[list[DistrictCoverage], list[CoverageRow]]:
    """Per district, each commune in scope with its registration state; then the other
    hosts (enterprises, schools) named as points. A fixed number of queries.
    """
    from accounts.scope import scoped

    today = today or timezone.localdate()
    communes = list(
        scoped(
            AdminUnit.objects.filter(
                path__startswith=rollout.unit.path, level=AdminLevel.COMMUNE
            ).active_on(rollout.window_start),
            user,
            path_field="path",
        )
    )
    regs = list(
        scoped(
            rollout.registrations.select_related("host", "unit", "event"),
            user,
        )
    )
    by_unit: dict[int, Registration] = {}
    others: list[Registration] = []
    for reg in regs:
        if reg.unit.level == AdminLevel.COMMUNE and reg.unit_id not in by_unit:
            by_unit[reg.unit_id] = reg
        else:
            others.append(reg)
    parent_paths = {c.path[: -AdminUnit.steplen] for c in communes}
    parents = {u.path: u for u in AdminUnit.objects.filter(path__in=parent_paths)}
    groups: dict[str, DistrictCoverage] = {}

    def row_for(unit: AdminUnit, reg: Registration | None) -> CoverageRow:
        return CoverageRow(
            unit=unit,
            registration=reg,
            registered=bool(reg and reg.registered_at),
            held=bool(reg and reg.held_on),
            reported=bool(reg and reg.reported_at),
            late=registration_late(reg, rollout, today),
        )

    for commune in communes:
        ppath = commune.path[: -AdminUnit.steplen]
        grp = groups.setdefault(ppath, DistrictCoverage(district=parents.get(ppath)))
        grp.rows.append(row_for(commune, by_unit.get(commune.pk)))
    other_rows = [row_for(reg.unit, reg) for reg in others]
    return list(groups.values()), other_rows


def _ensure_can_register(user: Any, reg: Registration) -> None:
    from .permissions import can_register_for_rollout

    if not can_register_for_rollout(user, reg):
        raise PermissionDenied


@transaction.atomic
def registration_register(
    reg: Registration,
    *,
    user: Any,
    planned_date: date,
    venue: str,
    plan_text: str = "",
    plan_file: Any = None,
) -> Registration:
    """A unit registers its own event (date, venue, plan); its Event is created.

    ``reg`` may be the unsaved registration of :func:`registration_for`: its row is
    created here (and rolled back with the rest when the input is refused).
    """
    _ensure_can_register(user, reg)
    if reg.pk is None:
        reg, _created = Registration.objects.get_or_create(rollout=reg.rollout, host=reg.host)
    reg = Registration.objects.select_for_update().select_related("rollout", "host").get(pk=reg.pk)
    rollout = reg.rollout
    if not (rollout.window_start <= planned_date <= rollout.window_end):
        raise ValidationError(
            {
                "planned_date": _("The event must be held between %(start)s and %(end)s.")
                % {
                    "start": rollout.window_start.strftime("%d/%m/%Y"),
                    "end": rollout.window_end.strftime("%d/%m/%Y"),
                }
            },
            code="outside_window",
        )
    if reg.reported_at:
        raise ValidationError(
            _("The results are already reported; the registration cannot change."),
            code="reported",
        )
    reg.planned_date = planned_date
    reg.venue = venue
    reg.plan_text = plan_text
    if plan_file is not None:
        reg.plan_file = plan_file
    if reg.registered_at is None:
        reg.registered_at = timezone.now()
    starts_at = timezone.make_aware(
        datetime.combine(planned_date, datetime.min.time()).replace(hour=7, minute=30)
    )
    if reg.event_id is None:
        reg.event = event_create_from_template(
            "festival" if rollout.kind == "festival" else "",
            user=user,
            kind=rollout.kind,
            organiser=reg.host,
            rollout=rollout,
            campaign=rollout.campaign,
            title=f"{rollout.title} – {reg.host.name}",
            starts_at=starts_at,
            venue=venue,
            point_category=reg.category,
            banner_top=reg.host.name.upper(),
            banner_bottom=f"{reg.unit.name}, ngày {planned_date:%d} tháng {planned_date.month} "
            f"năm {planned_date.year}",
        )
    else:
        Event.objects.filter(pk=reg.event_id).update(starts_at=starts_at, venue=venue)
    reg.save()
    registration_deadlines_sync(reg, rollout)
    return reg


@transaction.atomic
def registration_report(
    reg: Registration, *, user: Any, held_on: date, attendance: int | None, result_text: str
) -> Registration:
    """Report the results after the event."""
    _ensure_can_register(user, reg)
    reg = Registration.objects.select_for_update().get(pk=reg.pk)
    if reg.registered_at is None:
        raise ValidationError(_("Register the event before reporting its results."), code="order")
    if held_on > timezone.localdate():
        raise ValidationError(
            {"held_on": _("The date held cannot be in the future.")}, code="future"
        )
    if not result_text.strip():
        raise ValidationError({"result_text": _("Describe the results.")}, code="required")
    reg.held_on = held_on
    reg.attendance = attendance
    reg.result_text = result_text
    reg.reported_at = timezone.now()
    reg.save()
    registration_deadlines_sync(reg)
    if reg.event_id:
        Event.objects.filter(pk=reg.event_id).exclude(status=EventStatus.REPORTED).update(
            status=EventStatus.REPORTED, result_summary=result_text
        )
    return reg


@transaction.atomic
def rollout_publish(
    rollout: RolloutPlan,
    *,
    user: Any,
    registration_deadline: date,
    report_deadline: date,
) -> RolloutPlan:
    """Publish the roll-out (or move its deadlines once published).

    Publishing gives every commune of the area a registration row and two deadlines
    (register by, report results by) for its own organisation, in bulk; moving a date
    re-schedules the reminders of every unit that still owes it.
    """
    from .permissions import can_manage_rollout

    rollout = RolloutPlan.objects.select_for_update().get(pk=rollout.pk)
    if not can_manage_rollout(user, rollout):
        raise PermissionDenied
    if report_deadline < registration_deadline:
        raise ValidationError(
            {"report_deadline": _("The results cannot be due before the registration.")},
            code="report_before_registration",
        )
    rollout.registration_deadline = registration_deadline
    rollout.report_deadline = report_deadline
    if rollout.published_at is None:
        rollout.published_at = timezone.now()
    rollout.full_clean()
    rollout.save()
    rollout_deadlines_sync(rollout)
    return rollout


def registration_for(rollout: RolloutPlan, user: Any) -> Registration | None:
    """The user's own unit's registration; for a commune without one, an unsaved row.

    Point events were named by the province (rows exist); any other commune in the area
    gets an unsaved registration to fill in, stored by :func:`registration_register` when
    its officer registers: opening a page writes nothing.
    """
    org: Organisation | None = user.organisation if user.organisation_id else None
    if org is None or not org.unit.path.startswith(rollout.unit.path):
        return None
    reg = rollout.registrations.filter(unit=org.unit).select_related("host", "unit").first()
    if reg is None:
        reg = rollout.registrations.filter(host=org).first()
    if reg is None and org.unit.level == AdminLevel.COMMUNE:
        reg = Registration(rollout=rollout, host=org, unit=org.unit)
    return reg
