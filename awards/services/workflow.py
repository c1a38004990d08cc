"""The status path of a proposal, declared as data (``TRANSITIONS``), and each step."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.scope import unit_in_scope
from orgunits.models import AdminLevel, Organisation, OrganisationKind
from orgunits.services import document_number_allocate
from people.services import hold_problem

from ..models import (
    AppraisalStatus,
    AwardRecord,
    Council,
    CouncilResult,
    CouncilVote,
    Decision,
    Nomination,
    NominationBatch,
)
from ..notify import batch_notify
from .common import IN_PLAY, A, S, _duplicate_message, _log
from .deadlines import batch_deadline_sync
from .duplicates import is_flagged
from .posting import posting_problems
from .rules import _check_quota, held_problems, submission_problems

# (from, to) -> roles allowed. Scope (the batch's unit lies in the user's subtree) is
# checked for every one of them; the services below add each step's own checks.
TRANSITIONS: dict[tuple[str, str], tuple[str, ...]] = {
    (S.DRAFT, S.SUBMITTED): (A.ADMIN, A.COMMUNE_OFFICER, A.PROVINCE_STAFF),
    (S.SUBMITTED, S.DRAFT): (A.ADMIN, A.PROVINCE_STAFF),
    (S.SUBMITTED, S.UNDER_APPRAISAL): (A.ADMIN, A.PROVINCE_STAFF),
    (S.UNDER_APPRAISAL, S.DRAFT): (A.ADMIN, A.PROVINCE_STAFF, A.APPRAISER),
    (S.UNDER_APPRAISAL, S.COUNCIL_VOTE): (A.ADMIN, A.PROVINCE_STAFF, A.APPRAISER),
    (S.COUNCIL_VOTE, S.LEADER_APPROVAL): (A.ADMIN, A.COUNCIL_MEMBER),
    (S.LEADER_APPROVAL, S.APPROVED): (A.ADMIN, A.LEADER),
    (S.APPROVED, S.DECISION_ISSUED): (A.ADMIN, A.CLERK, A.LEADER),
    (S.DECISION_ISSUED, S.CERTIFICATES_PRINTED): (A.ADMIN, A.CLERK, A.PROVINCE_STAFF),
    (S.CERTIFICATES_PRINTED, S.AWARDED): (A.ADMIN, A.PROVINCE_STAFF, A.CLERK),
}


# Going back needs a reason the proposing unit can act on.
REASON_REQUIRED = {(S.SUBMITTED, S.DRAFT), (S.UNDER_APPRAISAL, S.DRAFT)}


TRANSITION_LABELS = {
    (S.DRAFT, S.SUBMITTED): gettext_lazy("Submit the proposal"),
    (S.SUBMITTED, S.DRAFT): gettext_lazy("Return to the proposing unit"),
    (S.SUBMITTED, S.UNDER_APPRAISAL): gettext_lazy("Accept for appraisal"),
    (S.UNDER_APPRAISAL, S.DRAFT): gettext_lazy("Return to the proposing unit"),
    (S.UNDER_APPRAISAL, S.COUNCIL_VOTE): gettext_lazy("Send to the council vote"),
    (S.COUNCIL_VOTE, S.LEADER_APPROVAL): gettext_lazy("Close the vote"),
    (S.LEADER_APPROVAL, S.APPROVED): gettext_lazy("Approve the list"),
    (S.APPROVED, S.DECISION_ISSUED): gettext_lazy("Issue the decision"),
    (S.DECISION_ISSUED, S.CERTIFICATES_PRINTED): gettext_lazy("Certificates printed"),
    (S.CERTIFICATES_PRINTED, S.AWARDED): gettext_lazy("Awarded"),
}


# Per-nominee actions: action -> (status the batch must be in, roles allowed).
NOMINEE_ACTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "appraise": (S.UNDER_APPRAISAL, (A.ADMIN, A.PROVINCE_STAFF, A.APPRAISER)),
    "vote": (S.COUNCIL_VOTE, (A.COUNCIL_MEMBER,)),
    "strike": (S.LEADER_APPROVAL, (A.ADMIN, A.LEADER)),
}


def can_transition(user: Any, batch: NominationBatch, target: str) -> bool:
    roles = TRANSITIONS.get((batch.status, target))
    if roles is None or not user.is_authenticated or not user.has_role(*roles):
        return False
    if not unit_in_scope(user, batch.unit):
        return False
    if (batch.status, target) == (S.COUNCIL_VOTE, S.LEADER_APPROVAL) and not user.is_superuser:
        return batch.council_id is not None and batch.council.members.filter(pk=user.pk).exists()
    return True


def allowed_transitions(user: Any, batch: NominationBatch) -> list[dict[str, Any]]:
    return [
        {
            "target": target,
            "label": TRANSITION_LABELS[(source, target)],
            "needs_reason": (source, target) in REASON_REQUIRED,
            "backwards": target == S.DRAFT,
        }
        for (source, target) in TRANSITIONS
        if source == batch.status and can_transition(user, batch, target)
    ]


def can_act_on_nominee(user: Any, batch: NominationBatch, action: str) -> bool:
    status, roles = NOMINEE_ACTIONS[action]
    return (
        batch.status == status
        and user.is_authenticated
        and user.has_role(*roles)
        and unit_in_scope(user, batch.unit)
    )


def _council_for(batch: NominationBatch) -> Council | None:
    """The council of the form's level above the proposer: the nearest one otherwise."""
    paths = [batch.unit.path[:i] for i in range(4, len(batch.unit.path) + 1, 4)]
    councils = list(
        Council.objects.filter(unit__path__in=paths).select_related("unit").order_by("unit__path")
    )
    wanted = {
        "province": AdminLevel.PROVINCE,
        "provincial_police": AdminLevel.PROVINCE,
        "district": AdminLevel.DISTRICT,
        "commune": AdminLevel.COMMUNE,
        "ministry": AdminLevel.NATION,
    }.get(batch.form.level)
    for council in councils:
        if council.unit.level == wanted:
            return council
    return councils[-1] if councils else None


def _close_vote(batch: NominationBatch) -> None:
    council = batch.council
    assert council is not None  # noqa: S101  (set when the vote opened)
    members = council.members.count()
    tallies = dict(
        CouncilVote.objects.filter(nomination__batch=batch, approve=True)
        .values_list("nomination")
        .annotate(n=Count("pk"))
    )
    for nomination in batch.nominations.filter(IN_PLAY, appraisal_status=AppraisalStatus.ACCEPTED):
        yes = tallies.get(nomination.pk, 0)
        nomination.votes_yes = yes
        nomination.council_result = (
            CouncilResult.PASSED if council.passes(yes, members) else CouncilResult.FAILED
        )
        nomination.save(update_fields=["votes_yes", "council_result"])
    batch.voting_closed = True


def _default_issuer(batch: NominationBatch, user: Any) -> Organisation:
    if user.organisation_id and user.has_role(A.CLERK, A.LEADER):
        return user.organisation
    province = batch.unit.province or batch.unit
    issuer = Organisation.objects.filter(
        unit=province, kind=OrganisationKind.PEOPLES_COMMITTEE
    ).first()
    if issuer is None:
        raise ValidationError(_("No organisation can issue this decision."), code="no_issuer")
    return issuer


def _issue_decision(
    batch: NominationBatch,
    user: Any,
    *,
    issued_on: date | None,
    signer_name: str,
    signer_authority: str,
) -> Decision:
    if not signer_name.strip():
        raise ValidationError(
            {"signer_name": _("Give the name of the signer.")}, code="signer_required"
        )
    day = issued_on or timezone.localdate()
    issuer = _default_issuer(batch, user)
    decision = Decision(
        batch=batch,
        issuer=issuer,
        number=document_number_allocate(issuer, "QĐ", day.year),
        number_year=day.year,
        symbol=f"QĐ-{issuer.doc_code}".rstrip("-"),
        issued_on=day,
        signer_name=signer_name.strip(),
        signer_authority=signer_authority.strip(),
    )
    decision.save()
    for nomination in batch.nominations.filter(IN_PLAY, appraisal_status=AppraisalStatus.ACCEPTED):
        try:
            with transaction.atomic():
                AwardRecord.objects.create(
                    form=batch.form,
                    year=batch.year,
                    person=nomination.person,
                    organisation=nomination.organisation,
                    admin_unit=nomination.admin_unit,
                    nominee_name=nomination.nominee_name,
                    campaign=batch.campaign,
                    decision=decision,
                    nomination=nomination,
                    reference=_("Decision %(ref)s of %(date)s")
                    % {"ref": decision.reference, "date": day.strftime("%d/%m/%Y")},
                )
        except IntegrityError as exc:
            raise ValidationError(
                _duplicate_message(nomination.nominee_name, batch.form, batch.year),
                code="duplicate_award",
            ) from exc
    return decision


@transaction.atomic
def batch_transition(
    batch: NominationBatch,
    target: str,
    *,
    user: Any,
    reason: str = "",
    issued_on: date | None = None,
    signer_name: str = "",
    signer_authority: str = "",
) -> NominationBatch:
    """Move ``batch`` to ``target`` if ``user`` may, running that step's rules."""
    batch = (
        NominationBatch.objects.select_for_update(of=("self",))
        .select_related("unit", "form", "proposer", "campaign")
        .get(pk=batch.pk)
    )
    source = batch.status
    if not can_transition(user, batch, target):
        raise PermissionDenied(_("You may not move this proposal to that status."))
    step = (source, target)
    reason = reason.strip()
    if step in REASON_REQUIRED and not reason:
        raise ValidationError(
            {"reason": _("Give the reason for returning the proposal.")}, code="reason_required"
        )
    if step == (S.DRAFT, S.SUBMITTED):
        problems = submission_problems(batch)
        if problems:
            raise ValidationError(problems)
        _check_quota(batch)
        batch.submitted_at = timezone.now()
        batch.return_reason = ""
    elif target == S.DRAFT:
        batch.return_reason = reason
        batch.nominations.update(appraisal_status=AppraisalStatus.PENDING, appraisal_reason="")
    elif step == (S.UNDER_APPRAISAL, S.COUNCIL_VOTE):
        live = batch.nominations.filter(IN_PLAY)
        if live.filter(appraisal_status=AppraisalStatus.PENDING).exists():
            raise ValidationError(
                _("Appraise every nominee (accept or return) first."), code="appraisal_pending"
            )
        if not live.filter(appraisal_status=AppraisalStatus.ACCEPTED).exists():
            raise ValidationError(
                _("No nominee was accepted: return the proposal instead."), code="none_accepted"
            )
        council = _council_for(batch)
        if council is not None:
            # Locked as council_save locks it: its members cannot change under this check.
            council = Council.objects.select_for_update().get(pk=council.pk)
        if council is None or not council.members.exists():
            raise ValidationError(
                _("No emulation council with members is set up for this proposal."),
                code="no_council",
            )
        batch.council = council
        batch.voting_closed = False
    elif step == (S.COUNCIL_VOTE, S.LEADER_APPROVAL):
        _close_vote(batch)
    elif step == (S.LEADER_APPROVAL, S.APPROVED):
        approved = batch.nominations.filter(
            IN_PLAY, appraisal_status=AppraisalStatus.ACCEPTED
        ).select_related("person")
        if not approved.exists():
            raise ValidationError(_("No nominee is left to approve."), code="none_left")
        # A person put under a hold since the vote: strike them off first.
        if held := held_problems(approved):
            raise ValidationError(held)
    elif step == (S.APPROVED, S.DECISION_ISSUED):
        approved = batch.nominations.filter(
            IN_PLAY, appraisal_status=AppraisalStatus.ACCEPTED
        ).select_related("person")
        problems = held_problems(approved) + posting_problems(
            batch, issued_on or timezone.localdate()
        )
        if problems:
            raise ValidationError(problems)
        _issue_decision(
            batch,
            user,
            issued_on=issued_on,
            signer_name=signer_name,
            signer_authority=signer_authority,
        )
    elif step == (S.CERTIFICATES_PRINTED, S.AWARDED):
        AwardRecord.objects.filter(decision__batch=batch, awarded_on__isnull=True).update(
            awarded_on=timezone.localdate()
        )
    batch.status = target
    batch.save()
    if S.DRAFT in step:
        # Submitted: the dossier is in, its reminders stop. Returned: they start again.
        batch_deadline_sync(batch)
    _log(batch, "transition", user, from_status=source, to_status=target, reason=reason)
    batch_notify(batch, target, actor=user)
    return batch


def batches_transition(
    batches: list[NominationBatch], target: str, *, user: Any, reason: str = ""
) -> dict[int, str]:
    """The same transition on several batches; each one runs every check of a single one.

    Returns ``{batch id: error message}`` for the ones that did not move.
    """
    errors: dict[int, str] = {}
    for batch in batches:
        try:
            batch_transition(batch, target, user=user, reason=reason)
        except PermissionDenied:
            errors[batch.pk] = _("You may not move this proposal to that status.")
        except ValidationError as exc:
            errors[batch.pk] = " ".join(exc.messages)
    return errors


def _lock_for_action(nomination: Nomination, user: Any, action: str) -> Nomination:
    batch = (
        NominationBatch.objects.select_for_update(of=("self",))
        .select_related("unit")
        .get(pk=nomination.batch_id)
    )
    if not can_act_on_nominee(user, batch, action):
        raise PermissionDenied(_("You may not do this at this stage."))
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    nomination.batch = batch
    return nomination


@transaction.atomic
def nomination_appraise(
    nomination: Nomination, *, user: Any, accept: bool, reason: str = ""
) -> Nomination:
    """Appraisal (thẩm định) of one nominee: accept, or return with a reason."""
    nomination = _lock_for_action(nomination, user, "appraise")
    reason = reason.strip()
    if not accept and not reason:
        raise ValidationError(
            {"reason": _("Give the reason for returning this nominee.")}, code="reason_required"
        )
    if accept and nomination.person_id and (held := hold_problem(nomination.person)):
        raise held
    if accept and not reason and is_flagged(nomination):
        raise ValidationError(
            {
                "reason": _(
                    "%(nominee)s has another award or proposal in %(year)s (one achievement, "
                    "one award): give the reason for accepting."
                )
                % {"nominee": nomination.nominee_name, "year": nomination.batch.year}
            },
            code="duplicate_reason_required",
        )
    nomination.appraisal_status = AppraisalStatus.ACCEPTED if accept else AppraisalStatus.RETURNED
    nomination.appraisal_reason = reason
    nomination.save(update_fields=["appraisal_status", "appraisal_reason"])
    _log(
        nomination.batch,
        "accepted" if accept else "returned",
        user,
        nomination=nomination,
        reason=reason,
    )
    return nomination


def nominations_appraise(
    nominations: list[Nomination], *, user: Any, accept: bool, reason: str = ""
) -> dict[int, str]:
    """Batch appraisal: each nominee goes through the single-nominee service."""
    errors: dict[int, str] = {}
    for nomination in nominations:
        try:
            nomination_appraise(nomination, user=user, accept=accept, reason=reason)
        except PermissionDenied:
            errors[nomination.pk] = _("You may not do this at this stage.")
        except ValidationError as exc:
            errors[nomination.pk] = " ".join(exc.messages)
    return errors


@transaction.atomic
def council_vote_cast(nomination: Nomination, *, user: Any, approve: bool) -> CouncilVote:
    """A member's yes/no on a nominee; may be changed until the vote is closed."""
    nomination = _lock_for_action(nomination, user, "vote")
    batch = nomination.batch
    if batch.voting_closed or batch.council is None:
        raise ValidationError(_("The vote is closed."), code="vote_closed")
    if not batch.council.members.filter(pk=user.pk).exists():
        raise PermissionDenied(_("Only members of the council vote."))
    if not nomination.is_in_play or nomination.appraisal_status != AppraisalStatus.ACCEPTED:
        raise ValidationError(_("This nominee is not put to the vote."), code="not_on_ballot")
    vote = CouncilVote.objects.filter(nomination=nomination, member=user).first()
    if vote is None:
        vote = CouncilVote.objects.create(nomination=nomination, member=user, approve=approve)
    elif vote.approve != approve:
        vote.approve = approve
        vote.save()
    # The audit trail records that a member voted, never how (the ballot is secret).
    _log(batch, "voted", user, nomination=nomination)
    return vote


@transaction.atomic
def nomination_strike(nomination: Nomination, *, user: Any, reason: str) -> Nomination:
    """The leader strikes a nominee off the list before approving it, with a reason."""
    nomination = _lock_for_action(nomination, user, "strike")
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Give the reason for striking this nominee.")}, code="reason_required"
        )
    if not nomination.is_in_play:
        raise ValidationError(_("This nominee is no longer on the list."), code="not_in_play")
    nomination.struck = True
    nomination.strike_reason = reason
    nomination.save(update_fields=["struck", "strike_reason"])
    _log(nomination.batch, "struck", user, nomination=nomination, reason=reason)
    return nomination
