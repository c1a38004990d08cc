"""Invitations: their unguessable tokens, invitee groups filled from the people registry,
the dry-run Excel import and its confirmation, and adding or removing one invitation
or group (each keeps the organiser's unanswered-invitation reminder in step).
"""

import secrets
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from people.models import Person

from ..deadlines import event_rsvp_deadline_sync
from ..models import Invitation, InviteeGroup


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
