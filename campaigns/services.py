"""Writes on campaigns: structure validation, status transitions, cascade, revisions.

Rules spanning rows live here (STYLE.md): a phase inside the campaign period, phases
that do not overlap, deadlines within the campaign, targets in range, a child's
targets never weaker than its parent's, content frozen once issued.
"""

import itertools
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import RoleCode
from notifications.models import DeadlineKind
from notifications.services import deadline_close, deadline_upsert
from orgunits.models import Organisation
from orgunits.services import document_number_allocate

from .models import (
    Assignment,
    BasisReference,
    Campaign,
    CampaignStatus,
    Comparator,
    ContentItem,
    Indicator,
    IndicatorKind,
    Phase,
    PlanRevision,
    PlanSection,
    Recipient,
    SubjectCategory,
)
from .permissions import can_act_on_campaign

# --- Validation ---------------------------------------------------------------------


def phase_errors(campaign: Campaign, phases: list[Phase]) -> dict[int, dict[str, str]]:
    """Errors per phase index: outside the campaign period, or overlapping another."""
    errors: dict[int, dict[str, str]] = {}
    for i, phase in enumerate(phases):
        if phase.start_date and phase.end_date and phase.end_date < phase.start_date:
            errors.setdefault(i, {})["end_date"] = _("The phase cannot end before it starts.")
            continue
        if phase.start_date and phase.start_date < campaign.start_date:
            errors.setdefault(i, {})["start_date"] = _(
                "The phase starts before the campaign (%(start)s)."
            ) % {"start": campaign.start_date.strftime("%d/%m/%Y")}
        if phase.end_date and phase.end_date > campaign.end_date:
            errors.setdefault(i, {})["end_date"] = _(
                "The phase ends after the campaign (%(end)s)."
            ) % {"end": campaign.end_date.strftime("%d/%m/%Y")}
    ordered = sorted(
        (p for p in enumerate(phases) if p[1].start_date and p[1].end_date),
        key=lambda item: item[1].start_date,
    )
    for (_i, prev), (j, nxt) in itertools.pairwise(ordered):
        if nxt.start_date <= prev.end_date:
            errors.setdefault(j, {})["start_date"] = _(
                "This phase overlaps %(name)s, which ends on %(end)s."
            ) % {"name": prev.name, "end": prev.end_date.strftime("%d/%m/%Y")}
    return errors


def indicator_value_error(kind: str, value: Decimal | None) -> str | None:
    if value is None:
        return _("Enter a target value.")
    if value < 0:
        return _("A target cannot be negative.")
    if kind == IndicatorKind.RATIO and value > 100:
        return _("A ratio target must be between 0 and 100%.")
    if kind == IndicatorKind.BOOLEAN and value not in (0, 1):
        return _("A yes/no target is 1 (yes) or 0 (no).")
    return None


def assignment_deadline_error(campaign: Campaign, deadline: date | None) -> str | None:
    if deadline and deadline > campaign.end_date:
        return _("The deadline is after the end of the campaign (%(end)s).") % {
            "end": campaign.end_date.strftime("%d/%m/%Y")
        }
    return None


_AT_LEAST = {Comparator.GTE, Comparator.GT}
_AT_MOST = {Comparator.LTE, Comparator.LT}


def weaker_target_error(parent: Indicator, comparator: str, value: Decimal) -> str | None:
    """Why a child's target is weaker than its parent's, or ``None`` if it is not.

    "At least" targets may only rise, "at most" targets only fall, and an exact
    target (= 100%, = 0) stays exact. A strict comparator (>) is stricter than its
    non-strict twin (≥) at the same value.
    """
    p_cmp, c_cmp = Comparator(parent.comparator), Comparator(comparator)
    p_val = parent.target_value
    weaker = False
    if p_cmp == Comparator.EQ:
        # "= 0 incidents" may be kept as "= 0"; "≤ 0" or "< 1" for counts mean the same.
        weaker = not (
            (c_cmp == Comparator.EQ and value == p_val)
            or (c_cmp == Comparator.LTE and value == p_val == 0)
        )
    elif p_cmp in _AT_LEAST:
        if c_cmp == Comparator.EQ:
            weaker = value < p_val or (value == p_val and p_cmp == Comparator.GT)
        elif c_cmp in _AT_LEAST:
            weaker = value < p_val or (
                value == p_val and p_cmp == Comparator.GT and c_cmp == Comparator.GTE
            )
        else:
            weaker = True
    elif p_cmp in _AT_MOST:
        if c_cmp == Comparator.EQ:
            weaker = value > p_val or (value == p_val and p_cmp == Comparator.LT)
        elif c_cmp in _AT_MOST:
            weaker = value > p_val or (
                value == p_val and p_cmp == Comparator.LT and c_cmp == Comparator.LTE
            )
        else:
            weaker = True
    if weaker:
        return _("The target cannot be weaker than the parent plan's (%(target)s).") % {
            "target": parent.target_display
        }
    return None


def ensure_editable(campaign: Campaign) -> None:
    if campaign.is_frozen:
        raise ValidationError(
            _("An issued plan cannot be changed. Start a new revision to change it."),
            code="frozen",
        )


# --- Deadlines (reminders) -------------------------------------------------------------

# Only a plan in force binds the units it assigns tasks to.
LIVE_CAMPAIGN = (CampaignStatus.ISSUED, CampaignStatus.RUNNING)


def assignment_title(assignment: Assignment, campaign: Campaign) -> str:
    text = (assignment.title or assignment.text or "").strip()
    task = text.splitlines()[0] if text else ""
    return f"{task[:200]} ({campaign.reference})"


@transaction.atomic
def assignment_deadline_sync(assignment: Assignment, campaign: Campaign | None = None) -> None:
    """Upsert (or close) the deadline of one assignment: due on its deadline, for its
    lead organisation, while the plan is issued or running."""
    campaign = campaign or assignment.campaign
    if (
        assignment.deadline is None
        or assignment.lead_id is None
        or campaign.status not in LIVE_CAMPAIGN
    ):
        deadline_close(assignment, DeadlineKind.CAMPAIGN_ASSIGNMENT)
        return
    deadline_upsert(
        assignment,
        DeadlineKind.CAMPAIGN_ASSIGNMENT,
        due_at=assignment.deadline,
        organisation=assignment.lead,
        title=assignment_title(assignment, campaign),
        url=reverse("campaigns:campaign_detail", args=[campaign.pk]),
    )


@transaction.atomic
def campaign_deadlines_sync(campaign: Campaign) -> int:
    """Sync every assignment of a campaign (on each status change: assignments can only
    change while the plan is a draft); returns how many were looked at."""
    assignments = list(campaign.assignments.select_related("lead", "lead__unit"))
    for assignment in assignments:
        assignment_deadline_sync(assignment, campaign)
    return len(assignments)


# --- Status transitions -------------------------------------------------------------

# (from, to) -> roles allowed; scope is checked by can_act_on_campaign.
TRANSITIONS: dict[tuple[str, str], tuple[str, ...]] = {
    (CampaignStatus.DRAFT, CampaignStatus.AWAITING_SIGNATURE): (
        RoleCode.ADMIN,
        RoleCode.PROVINCE_STAFF,
        RoleCode.COMMUNE_OFFICER,
    ),
    (CampaignStatus.AWAITING_SIGNATURE, CampaignStatus.DRAFT): (
        RoleCode.ADMIN,
        RoleCode.LEADER,
        RoleCode.PROVINCE_STAFF,
        RoleCode.COMMUNE_OFFICER,
    ),
    (CampaignStatus.AWAITING_SIGNATURE, CampaignStatus.ISSUED): (
        RoleCode.ADMIN,
        RoleCode.LEADER,
        RoleCode.CLERK,
    ),
    (CampaignStatus.ISSUED, CampaignStatus.RUNNING): (
        RoleCode.ADMIN,
        RoleCode.PROVINCE_STAFF,
        RoleCode.COMMUNE_OFFICER,
    ),
    (CampaignStatus.RUNNING, CampaignStatus.CLOSED): (
        RoleCode.ADMIN,
        RoleCode.PROVINCE_STAFF,
        RoleCode.COMMUNE_OFFICER,
    ),
}

# Transitions that need the issuing organisation's own leader or clerk.
ISSUER_ONLY = {(CampaignStatus.AWAITING_SIGNATURE, CampaignStatus.ISSUED)}


def allowed_transitions(user: Any, campaign: Campaign) -> list[str]:
    return [
        target
        for (source, target), roles in TRANSITIONS.items()
        if source == campaign.status and can_transition(user, campaign, target)
    ]


def can_transition(user: Any, campaign: Campaign, target: str) -> bool:
    roles = TRANSITIONS.get((campaign.status, target))
    if roles is None or not user.has_role(*roles):
        return False
    if (campaign.status, target) in ISSUER_ONLY and not user.is_superuser:
        return _acts_for_issuer(user, campaign.issuer)
    return can_act_on_campaign(user, campaign)


def _acts_for_issuer(user: Any, issuer: Organisation) -> bool:
    """The user's organisation is the issuer or one of its parent bodies.

    A BCĐ plan is signed by the provincial vice-chairman: UBND tỉnh is the BCĐ's parent.
    """
    org = issuer
    while org is not None:
        if org.pk == user.organisation_id:
            return True
        org = org.parent
    return False


@transaction.atomic
def campaign_transition(
    campaign: Campaign,
    target: str,
    *,
    user: Any,
    reason: str = "",
    issued_on: date | None = None,
) -> Campaign:
    """Move ``campaign`` to ``target`` if ``user`` may; issuing takes the next number."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if not can_transition(user, campaign, target):
        raise PermissionDenied(_("You may not move this plan to that status."))
    if (campaign.status, target) == (CampaignStatus.AWAITING_SIGNATURE, CampaignStatus.DRAFT):
        if not reason.strip():
            raise ValidationError(
                {"reason": _("Give the reason for returning the plan.")}, code="reason_required"
            )
        campaign.return_reason = reason.strip()
    if target == CampaignStatus.AWAITING_SIGNATURE:
        campaign_check_complete(campaign)
        campaign.return_reason = ""
    if target == CampaignStatus.ISSUED:
        day = issued_on or timezone.localdate()
        campaign.issued_on = day
        campaign.number = document_number_allocate(campaign.issuer, campaign.type_code, day.year)
        campaign.number_year = day.year
    campaign.status = target
    campaign.save()
    campaign_deadlines_sync(campaign)
    if target == CampaignStatus.ISSUED:  # reports app: create the reporting schedule
        from reports.tasks import expected_reports_generate_task

        transaction.on_commit(lambda: expected_reports_generate_task.delay(campaign.pk))
    return campaign


def campaign_check_complete(campaign: Campaign) -> None:
    """A plan sent for signature has its essentials: title, signer, recipients."""
    missing = []
    if not campaign.title.strip():
        missing.append(_("the summary"))
    if not campaign.signer_name.strip() or not campaign.signer_lines:
        missing.append(_("the signer"))
    if not campaign.recipients.exists():
        missing.append(_("the recipients"))
    phases = list(campaign.phases.all())
    if phase_errors(campaign, phases):
        missing.append(_("valid phases"))
    if missing:
        raise ValidationError(
            _("The plan cannot be sent for signature yet. Missing: %(items)s.")
            % {"items": ", ".join(str(m) for m in missing)},
            code="incomplete",
        )


# --- Revisions ---------------------------------------------------------------------------

CHILD_RELATIONS = {
    "basis": BasisReference,
    "sections": PlanSection,
    "phases": Phase,
    "contents": ContentItem,
    "indicators": Indicator,
    "assignments": Assignment,
    "recipients": Recipient,
    "subjects": SubjectCategory,
}


def campaign_snapshot(campaign: Campaign) -> dict[str, Any]:
    """The plan's content as JSON-able data (for the frozen revision record)."""
    data: dict[str, Any] = {
        "campaign": model_to_dict(campaign, exclude=["search_key"]),
    }
    for name in CHILD_RELATIONS:
        data[name] = [model_to_dict(row) for row in getattr(campaign, name).all()]
    for row in data["assignments"]:
        row["cooperating"] = [o.pk for o in row.get("cooperating", [])]
    return _jsonable(data)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, (date, Decimal)):
        return str(value)
    return value


@transaction.atomic
def campaign_start_revision(campaign: Campaign, *, user: Any) -> Campaign:
    """Freeze the issued content as a revision record and reopen the plan as a draft."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if not campaign.is_frozen:
        raise ValidationError(_("Only an issued plan gets a new revision."), code="not_issued")
    if not user.has_role(RoleCode.ADMIN, RoleCode.PROVINCE_STAFF, RoleCode.COMMUNE_OFFICER):
        raise PermissionDenied
    PlanRevision.objects.create(
        campaign=campaign,
        revision=campaign.revision,
        reference=campaign.reference,
        issued_on=campaign.issued_on,
        content=campaign_snapshot(campaign),
    )
    campaign.revision += 1
    campaign.status = CampaignStatus.DRAFT
    campaign.number = None
    campaign.number_year = None
    campaign.issued_on = None
    campaign.save()
    campaign_deadlines_sync(campaign)  # a draft binds nobody: its reminders stop
    return campaign


# --- Cascade -----------------------------------------------------------------------------


@transaction.atomic
def campaign_create_child(parent: Campaign, *, issuer: Organisation, user: Any) -> Campaign:
    """Create the implementing plan of ``issuer`` from the issued ``parent``.

    The child is prefilled: basis pointing at the parent, the same period, phases,
    content items and indicators (each linked to the parent's, so a weaker target
    is refused later), and an empty recipients list for the issuer to fill.
    """
    if parent.status not in (CampaignStatus.ISSUED, CampaignStatus.RUNNING):
        raise ValidationError(
            _("Implementing plans are made from an issued plan."), code="parent_not_issued"
        )
    if not (issuer.unit.path.startswith(parent.unit.path) and issuer.unit_id != parent.unit_id):
        raise ValidationError(
            _("The implementing unit must be below the unit of the parent plan."),
            code="not_below",
        )
    child = Campaign(
        issuer=issuer,
        parent=parent,
        kind=parent.kind,
        type_code=parent.type_code,
        place=issuer.unit.name,
        title=_("Implementing %(title)s") % {"title": parent.title},
        theme=parent.theme,
        start_date=parent.start_date,
        end_date=parent.end_date,
        awards_per_phase=parent.awards_per_phase,
        closing="",
    )
    child.full_clean(exclude=["unit"])
    child.save()
    BasisReference.objects.create(
        campaign=child,
        order=1,
        ref_campaign=parent,
        text=_("Pursuant to Plan No. %(ref)s dated %(date)s of %(issuer)s;")
        % {
            "ref": parent.reference,
            "date": parent.issued_on.strftime("%d/%m/%Y") if parent.issued_on else "",
            "issuer": parent.issuer.name,
        },
    )
    for phase in parent.phases.all():
        Phase.objects.create(
            campaign=child,
            order=phase.order,
            name=phase.name,
            start_date=phase.start_date,
            end_date=phase.end_date,
            dedication=phase.dedication,
        )
    item_map: dict[int, ContentItem] = {}
    for item in parent.contents.all():
        item_map[item.pk] = ContentItem.objects.create(
            campaign=child, order=item.order, number=item.number, title=item.title, text=item.text
        )
    for ind in parent.indicators.all():
        Indicator.objects.create(
            campaign=child,
            content_item=item_map.get(ind.content_item_id) if ind.content_item_id else None,
            parent_indicator=ind,
            order=ind.order,
            code=ind.code,
            name=ind.name,
            kind=ind.kind,
            comparator=ind.comparator,
            target_value=ind.target_value,
            unit_label=ind.unit_label,
            numerator_label=ind.numerator_label,
            denominator_label=ind.denominator_label,
            applies_to=ind.applies_to,
            frequency=ind.frequency,
            aggregation=ind.aggregation,
        )
    return child


def missing_child_units(parent: Campaign) -> list[Any]:
    """Units at the parent's cascade level that have no implementing plan yet."""
    from orgunits.models import AdminUnit

    if not parent.cascade_level:
        return []
    day = parent.issued_on or parent.start_date
    units = (
        AdminUnit.objects.filter(path__startswith=parent.unit.path, level=parent.cascade_level)
        .active_on(day)
        .order_by("path")
    )
    covered = set(parent.children.values_list("unit_id", flat=True))
    return [u for u in units if u.pk not in covered]
