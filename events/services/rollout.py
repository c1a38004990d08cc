"""The roll-out of an event across communes: coverage per district, lateness against the
registration and report deadlines, a unit registering its own event and reporting its
results, and the province publishing the roll-out (or moving its deadlines).
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from orgunits.models import AdminLevel, AdminUnit, Organisation

from ..deadlines import registration_deadlines_sync, rollout_deadlines_sync
from ..models import Event, EventStatus, Registration, RolloutPlan
from .lifecycle import event_create_from_template


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
    from ..permissions import can_register_for_rollout

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
    from ..permissions import can_manage_rollout

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
