"""The award rules: dossier, criteria, duplicates, leader cap, quotas and allocations.

The quota row is locked (``select_for_update``) before the places already taken are
counted, so units submitting at the same moment are serialised and a quota is never
exceeded.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from orgunits.models import Organisation
from people.models import Gender
from people.selectors import security_service_days
from people.services import hold_problem

from .. import prerequisites
from ..models import (
    GENERATED_KINDS,
    OPTIONAL_KINDS,
    PER_NOMINEE_KINDS,
    QUOTA_HOLDING,
    AutoCheck,
    AwardRecord,
    BatchStatus,
    Criterion,
    CriterionAnswer,
    DossierKind,
    Nomination,
    NominationBatch,
    NomineeKind,
    Quota,
    QuotaAllocation,
)
from .common import IN_PLAY, _duplicate_message, _nominee_filter
from .deadlines import allocation_deadline_sync, batch_deadline_sync


def dossier_checklist(batch: NominationBatch) -> list[dict[str, Any]]:
    """The form's checklist with what the batch holds: one row per item (per nominee)."""
    documents = list(batch.documents.all())
    nominations = [n for n in batch.nominations.all() if n.is_in_play]
    rows: list[dict[str, Any]] = []
    for kind in batch.form.dossier_items:
        if kind not in DossierKind.values:
            continue
        label = DossierKind(kind).label
        if kind in GENERATED_KINDS:
            rows.append({"kind": kind, "label": label, "generated": True, "ok": True, "docs": []})
        elif kind in PER_NOMINEE_KINDS:
            for nomination in nominations:
                docs = [d for d in documents if d.kind == kind and d.nomination_id == nomination.pk]
                rows.append(
                    {
                        "kind": kind,
                        "label": label,
                        "nomination": nomination,
                        "docs": docs,
                        "ok": bool(docs),
                    }
                )
        else:
            docs = [d for d in documents if d.kind == kind]
            rows.append(
                {
                    "kind": kind,
                    "label": label,
                    "docs": docs,
                    "ok": bool(docs) or kind in OPTIONAL_KINDS,
                    "optional": kind in OPTIONAL_KINDS,
                }
            )
    return rows


def dossier_missing(batch: NominationBatch) -> list[str]:
    missing = []
    for row in dossier_checklist(batch):
        if row["ok"]:
            continue
        if row.get("nomination") is not None:
            missing.append(
                _("Achievement report of %(nominee)s") % {"nominee": row["nomination"].nominee_name}
            )
        else:
            missing.append(str(row["label"]))
    return missing


def criteria_for(nomination: Nomination) -> list[Criterion]:
    return list(
        Criterion.objects.filter(
            campaign=nomination.batch.campaign_id,
            subject=nomination.kind,
            category_code=nomination.category_code,
        ).order_by("order", "pk")
    )


def _has_duplicate(nomination: Nomination) -> bool:
    return _already_awarded(nomination) or _proposed_elsewhere(nomination)


def _already_awarded(nomination: Nomination) -> bool:
    batch = nomination.batch
    match = _nominee_filter(nomination.person, nomination.organisation, nomination.admin_unit)
    # The record this very nomination produced is its result, not a duplicate.
    return (
        AwardRecord.objects.filter(match, form=batch.form_id, year=batch.year)
        .exclude(nomination=nomination.pk)
        .exists()
    )


def _proposed_elsewhere(nomination: Nomination) -> bool:
    """The same nominee for the same form and year in another submitted proposal."""
    batch = nomination.batch
    match = _nominee_filter(nomination.person, nomination.organisation, nomination.admin_unit)
    return (
        Nomination.objects.filter(match, IN_PLAY)
        .filter(
            batch__form=batch.form_id,
            batch__year=batch.year,
            batch__status__in=QUOTA_HOLDING,
        )
        .exclude(batch=batch)
        .exists()
    )


@dataclass
class ServiceCheck:
    """Years in grassroots security teams against the form's minimum for the gender."""

    years: Decimal
    required: int
    ok: bool

    @property
    def years_label(self) -> str:
        return formats.number_format(self.years, 1)


def service_check(nomination: Nomination, *, always: bool = False) -> ServiceCheck | None:
    """The service rule of the form (or of a criterion, ``always``) for an individual."""
    form = nomination.batch.form
    if nomination.person_id is None or not (form.service_rule or always):
        return None
    person = nomination.person
    year_end = date(nomination.batch.year, 12, 31)
    on = min(timezone.localdate(), year_end)
    days = security_service_days(person, on)
    required = (
        form.min_service_years_female
        if person.gender == Gender.FEMALE
        else form.min_service_years_male
    )
    years = (Decimal(days) / Decimal("365.25")).quantize(Decimal("0.1"), rounding=ROUND_DOWN)
    return ServiceCheck(years=years, required=required, ok=days >= required * Decimal("365.25"))


def service_problem(nomination: Nomination) -> ValidationError | None:
    check = service_check(nomination)
    if check is None or check.ok:
        return None
    params = {
        "name": nomination.nominee_name,
        "years": check.years_label,
        "form": nomination.batch.form.name,
        "required": check.required,
    }
    if nomination.person.gender == Gender.FEMALE:
        message = _(
            "%(name)s has %(years)s years of service in grassroots security teams; "
            "%(form)s requires at least %(required)s years for women."
        )
    else:
        message = _(
            "%(name)s has %(years)s years of service in grassroots security teams; "
            "%(form)s requires at least %(required)s years for men."
        )
    return ValidationError(message % params, code="service_too_short")


@dataclass
class CriterionCheck:
    criterion: Criterion
    met: bool
    from_data: bool
    answer: CriterionAnswer | None


def criteria_status(nomination: Nomination) -> list[CriterionCheck]:
    """Each criterion of the nominee's category, checked from data where the portal can."""
    answers = {a.criterion_id: a for a in nomination.answers.all()}
    year = nomination.batch.year
    checks = []
    for criterion in criteria_for(nomination):
        answer = answers.get(criterion.pk)
        from_data: bool | None = None
        if criterion.auto_check == AutoCheck.SAFE_ANTT:
            from_data = prerequisites.safe_antt_recognised(nomination.nominee, year)
        elif criterion.auto_check == AutoCheck.CLASSIFIED_GOOD:
            from_data = prerequisites.classified_good_or_better(nomination.nominee, year)
        elif criterion.auto_check == AutoCheck.NO_DUPLICATE:
            from_data = not _has_duplicate(nomination)
        elif criterion.auto_check == AutoCheck.SECURITY_SERVICE:
            service = service_check(nomination, always=True)
            from_data = None if service is None else service.ok
        if from_data is not None:
            checks.append(CriterionCheck(criterion, from_data, True, answer))
        else:
            checks.append(CriterionCheck(criterion, bool(answer and answer.met), False, answer))
    return checks


def submission_problems(batch: NominationBatch) -> list[ValidationError]:
    """Everything that keeps the batch from being submitted, as a list to show at once."""
    problems: list[ValidationError] = []
    nominations = [n for n in batch.nominations.all() if n.is_in_play]
    if not nominations:
        problems.append(ValidationError(_("The proposal has no nominee."), code="empty"))
        return problems
    missing = dossier_missing(batch)
    if missing:
        problems.append(
            ValidationError(
                _("The dossier is incomplete. Missing: %(items)s.") % {"items": "; ".join(missing)},
                code="dossier_incomplete",
            )
        )
    for nomination in nominations:
        if nomination.person_id and (held := hold_problem(nomination.person)) is not None:
            problems.append(held)
        if (too_short := service_problem(nomination)) is not None:
            problems.append(too_short)
        if (
            not nomination.category_code
            and Criterion.objects.filter(
                campaign=batch.campaign_id, subject=nomination.kind
            ).exists()
        ):
            problems.append(
                ValidationError(
                    _("%(nominee)s: choose the subject category.")
                    % {"nominee": nomination.nominee_name},
                    code="category_missing",
                )
            )
            continue
        unmet = [c.criterion.text.rstrip(". ") for c in criteria_status(nomination) if not c.met]
        if unmet:
            problems.append(
                ValidationError(
                    _("%(nominee)s does not meet the criteria: %(items)s.")
                    % {"nominee": nomination.nominee_name, "items": "; ".join(unmet)},
                    code="criteria_not_met",
                )
            )
        if _already_awarded(nomination):
            problems.append(
                ValidationError(
                    _duplicate_message(nomination.nominee_name, batch.form, batch.year),
                    code="duplicate_award",
                )
            )
        elif _proposed_elsewhere(nomination):
            problems.append(
                ValidationError(
                    _(
                        "%(nominee)s is already proposed for %(form)s in %(year)s "
                        "by another proposal (one achievement, one award)."
                    )
                    % {
                        "nominee": nomination.nominee_name,
                        "form": batch.form.name,
                        "year": batch.year,
                    },
                    code="duplicate_award",
                )
            )
    leader_problem = leader_cap_problem(batch, nominations)
    if leader_problem:
        problems.append(leader_problem)
    return problems


def leader_cap_problem(
    batch: NominationBatch, nominations: list[Nomination]
) -> ValidationError | None:
    quota = Quota.objects.filter(campaign=batch.campaign_id, form=batch.form_id).first()
    if quota is None:
        return None
    individuals = [n for n in nominations if n.kind == NomineeKind.INDIVIDUAL]
    leaders = sum(1 for n in individuals if n.is_leader)
    cap = quota.leader_cap_percent
    if leaders * 100 <= cap * len(individuals):
        return None
    allowed = int(cap * len(individuals) / 100)
    return ValidationError(
        _(
            "Leaders may be at most %(cap)s%% of the individuals proposed: this proposal has "
            "%(leaders)s leaders among %(total)s individuals (at most %(allowed)s)."
        )
        % {"cap": _percent(cap), "leaders": leaders, "total": len(individuals), "allowed": allowed},
        code="leader_cap",
    )


def _percent(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _counts(nominations: Any) -> dict[str, int]:
    agg = nominations.aggregate(
        collectives=Count("pk", filter=Q(kind=NomineeKind.COLLECTIVE)),
        individuals=Count("pk", filter=Q(kind=NomineeKind.INDIVIDUAL)),
    )
    return {k: v or 0 for k, v in agg.items()}


def quota_usage(quota: Quota, *, proposer: Organisation | None = None, exclude: Any = None) -> dict:
    """Places taken in ``quota`` by submitted batches (optionally of one proposer)."""
    qs = Nomination.objects.filter(IN_PLAY).filter(
        batch__campaign=quota.campaign_id,
        batch__form=quota.form_id,
        batch__status__in=QUOTA_HOLDING,
    )
    if proposer is not None:
        qs = qs.filter(batch__proposer=proposer)
    if exclude is not None:
        qs = qs.exclude(batch=exclude)
    return _counts(qs)


def _check_quota(batch: NominationBatch) -> None:
    """Under the quota row's lock: the batch fits the campaign quota and its allocation."""
    quota = (
        Quota.objects.select_for_update()
        .filter(campaign=batch.campaign_id, form=batch.form_id)
        .first()
    )
    if quota is None:
        return
    mine = _counts(batch.nominations.filter(IN_PLAY))
    used = quota_usage(quota, exclude=batch)
    limits = {"collectives": quota.max_collectives, "individuals": quota.max_individuals}
    labels = {"collectives": _("collectives"), "individuals": _("individuals")}
    for key, limit in limits.items():
        if mine[key] and used[key] + mine[key] > limit:
            raise ValidationError(
                _(
                    "The quota for %(form)s is exceeded: at most %(max)s %(what)s, "
                    "%(used)s already proposed, this proposal adds %(new)s."
                )
                % {
                    "form": batch.form.name,
                    "max": limit,
                    "what": labels[key],
                    "used": used[key],
                    "new": mine[key],
                },
                code="quota_exceeded",
            )
    if not quota.allocations.exists():
        return
    allocation = (
        QuotaAllocation.objects.select_for_update()
        .filter(quota=quota, organisation=batch.proposer_id)
        .first()
    )
    if allocation is None:
        raise ValidationError(
            _("%(unit)s has no allocation of the quota for %(form)s.")
            % {"unit": batch.proposer.name, "form": batch.form.name},
            code="no_allocation",
        )
    used_here = quota_usage(quota, proposer=batch.proposer, exclude=batch)
    allowed = {"collectives": allocation.collectives, "individuals": allocation.individuals}
    for key, limit in allowed.items():
        if mine[key] and used_here[key] + mine[key] > limit:
            raise ValidationError(
                _(
                    "The allocation of %(unit)s is exceeded: at most %(max)s %(what)s, "
                    "%(used)s already proposed, this proposal adds %(new)s."
                )
                % {
                    "unit": batch.proposer.name,
                    "max": limit,
                    "what": labels[key],
                    "used": used_here[key],
                    "new": mine[key],
                },
                code="allocation_exceeded",
            )


def live_counters(batch: NominationBatch) -> dict[str, Any]:
    """Quota use and leader share for the batch page (counted, never cached)."""
    nominations = [n for n in batch.nominations.all() if n.is_in_play]
    individuals = [n for n in nominations if n.kind == NomineeKind.INDIVIDUAL]
    leaders = sum(1 for n in individuals if n.is_leader)
    out: dict[str, Any] = {
        "collectives": sum(1 for n in nominations if n.kind == NomineeKind.COLLECTIVE),
        "individuals": len(individuals),
        "leaders": leaders,
        "leader_share": round(leaders * 100 / len(individuals)) if individuals else 0,
        "quota": None,
    }
    quota = Quota.objects.filter(campaign=batch.campaign_id, form=batch.form_id).first()
    if quota is None:
        return out
    holding = batch.status in QUOTA_HOLDING
    used = quota_usage(quota, exclude=batch)
    out["quota"] = quota
    out["leader_cap"] = quota.leader_cap_percent
    out["leader_over"] = leaders * 100 > quota.leader_cap_percent * len(individuals)
    out["used_collectives"] = used["collectives"] + out["collectives"]
    out["used_individuals"] = used["individuals"] + out["individuals"]
    out["over_collectives"] = out["used_collectives"] > quota.max_collectives
    out["over_individuals"] = out["used_individuals"] > quota.max_individuals
    out["holding"] = holding
    allocation = quota.allocations.filter(organisation=batch.proposer_id).first()
    out["allocation"] = allocation
    if allocation is not None:
        mine = quota_usage(quota, proposer=batch.proposer, exclude=batch)
        out["alloc_collectives"] = mine["collectives"] + out["collectives"]
        out["alloc_individuals"] = mine["individuals"] + out["individuals"]
    return out


@transaction.atomic
def allocation_set(
    quota: Quota,
    *,
    organisation: Organisation,
    collectives: int,
    individuals: int,
    user: Any,
    submission_deadline: date | None = None,
) -> QuotaAllocation:
    """Give ``organisation`` a share of ``quota``; the shares never add up past the quota.

    ``submission_deadline`` moves the dossier deadline for this unit only (empty: the
    quota's); the unit's reminders follow it.
    """
    from ..permissions import can_manage_campaign_rules

    quota = Quota.objects.select_for_update().select_related("campaign__unit").get(pk=quota.pk)
    if not can_manage_campaign_rules(user, quota.campaign):
        raise PermissionDenied
    if not organisation.unit.path.startswith(quota.campaign.unit.path):
        raise ValidationError(
            _("The organisation must be in the campaign's area."), code="out_of_area"
        )
    others = quota.allocations.exclude(organisation=organisation)
    total_c = sum(a.collectives for a in others) + collectives
    total_i = sum(a.individuals for a in others) + individuals
    if total_c > quota.max_collectives or total_i > quota.max_individuals:
        raise ValidationError(
            _(
                "Allocations would exceed the quota: %(c)s of %(max_c)s collectives and "
                "%(i)s of %(max_i)s individuals."
            )
            % {
                "c": total_c,
                "max_c": quota.max_collectives,
                "i": total_i,
                "max_i": quota.max_individuals,
            },
            code="allocation_over_quota",
        )
    allocation = QuotaAllocation.objects.filter(quota=quota, organisation=organisation).first()
    values = (collectives, individuals, submission_deadline)
    if allocation is None:
        allocation = QuotaAllocation.objects.create(
            quota=quota,
            organisation=organisation,
            collectives=collectives,
            individuals=individuals,
            submission_deadline=submission_deadline,
        )
    elif (allocation.collectives, allocation.individuals, allocation.submission_deadline) != values:
        allocation.collectives, allocation.individuals, allocation.submission_deadline = values
        allocation.save()
    allocation.quota = quota
    allocation_deadline_sync(allocation)
    # A unit that has started a proposal is reminded through its draft.
    for batch in quota.campaign.nomination_batches.filter(
        form=quota.form_id, proposer=organisation, status=BatchStatus.DRAFT
    ):
        batch_deadline_sync(batch, quota)
    return allocation


def held_problems(nominations: Any) -> list[ValidationError]:
    """The refusals for the individuals among ``nominations`` who are under an award hold."""
    problems = []
    for nomination in nominations:
        if nomination.person_id and (held := hold_problem(nomination.person)) is not None:
            problems.append(held)
    return problems
