"""Public posting of the list before the decision (DOMAIN.md section 5, "configurable").

After the council's vote, staff post the list of nominees it passed; anyone may read it
and object without an account. The decision waits until the posting period (working days,
from the council or the form) has ended and every objection is resolved.
"""

import uuid
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.scope import unit_in_scope

from ..models import (
    AppraisalStatus,
    CouncilResult,
    Nomination,
    NominationBatch,
    Objection,
    ObjectionStatus,
)
from .common import IN_PLAY, A, S, _log

DEFAULT_POSTING_DAYS = 5
POSTING_ROLES = (A.ADMIN, A.PROVINCE_STAFF, A.CLERK)
# Posted lists stay open to objections until the decision is issued.
POSTABLE = (S.LEADER_APPROVAL, S.APPROVED)


def posting_days_for(batch: NominationBatch) -> int:
    """Working days of posting: the form's own setting, else the council's, else 5."""
    if batch.form.posting_days is not None:
        return batch.form.posting_days
    if batch.council_id is not None:
        return batch.council.posting_days
    return DEFAULT_POSTING_DAYS


def last_posting_day(start: date, working_days: int) -> date:
    """The ``working_days``-th working day (Monday to Friday) counted from ``start``."""
    day = start
    while day.weekday() >= 5:
        day += timedelta(days=1)
    counted = 1
    while counted < working_days:
        day += timedelta(days=1)
        if day.weekday() < 5:
            counted += 1
    return day


def can_post_batch(user: Any, batch: NominationBatch) -> bool:
    return (
        bool(user.is_authenticated)
        and user.has_role(*POSTING_ROLES)
        and unit_in_scope(user, batch.unit)
        and batch.status in POSTABLE
        and batch.voting_closed
        and batch.posted_on is None
        and posting_days_for(batch) > 0
    )


def can_resolve_objection(user: Any, batch: NominationBatch) -> bool:
    return (
        bool(user.is_authenticated)
        and user.has_role(*POSTING_ROLES)
        and unit_in_scope(user, batch.unit)
    )


def posted_nominations(batch: NominationBatch) -> QuerySet[Nomination]:
    """What the public sees: the nominees still in play that the council passed."""
    return (
        batch.nominations.filter(IN_PLAY)
        .filter(appraisal_status=AppraisalStatus.ACCEPTED, council_result=CouncilResult.PASSED)
        .select_related("person__organisation", "person__unit", "organisation__unit", "admin_unit")
        .order_by("kind", "order", "pk")
    )


def public_batch_qs() -> QuerySet[NominationBatch]:
    """Lists on public posting now: posted, started, no decision yet."""
    return NominationBatch.objects.filter(
        status__in=POSTABLE,
        posted_on__isnull=False,
        posted_on__lte=timezone.localdate(),
        public_token__isnull=False,
    ).select_related("form", "proposer", "campaign")


@transaction.atomic
def batch_post(batch: NominationBatch, *, user: Any, start_on: date | None) -> NominationBatch:
    """Post the list passed by the council from ``start_on``; the period ends N working days on."""
    batch = (
        NominationBatch.objects.select_for_update(of=("self",))
        .select_related("unit", "form", "council")
        .get(pk=batch.pk)
    )
    if not (
        user.is_authenticated and user.has_role(*POSTING_ROLES) and unit_in_scope(user, batch.unit)
    ):
        raise PermissionDenied(_("You may not do this at this stage."))
    if batch.status not in POSTABLE or not batch.voting_closed:
        raise ValidationError(
            _("The list can be posted only after the council's vote."), code="not_voted"
        )
    if batch.posted_on is not None:
        raise ValidationError(_("The list is already posted."), code="already_posted")
    days = posting_days_for(batch)
    if days <= 0:
        raise ValidationError(
            _("No public posting is required for this proposal."), code="no_posting"
        )
    if start_on is None:
        raise ValidationError(
            {"start_on": _("Give the first day of the posting.")}, code="start_required"
        )
    if start_on < timezone.localdate():
        raise ValidationError(
            {"start_on": _("The posting cannot start in the past.")}, code="start_in_past"
        )
    if not posted_nominations(batch).exists():
        raise ValidationError(_("No nominee passed the council's vote."), code="none_passed")
    batch.posted_on = start_on
    batch.posting_ends_on = last_posting_day(start_on, days)
    batch.public_token = uuid.uuid4()
    batch.save(update_fields=["posted_on", "posting_ends_on", "public_token", "updated_at"])
    _log(
        batch,
        "posted",
        user,
        reason=_("%(start)s – %(end)s")
        % {
            "start": start_on.strftime("%d/%m/%Y"),
            "end": batch.posting_ends_on.strftime("%d/%m/%Y"),
        },
    )
    return batch


def posting_problems(batch: NominationBatch, issued_on: date) -> list[ValidationError]:
    """Why the decision cannot be issued yet: posting missing or running, open objections."""
    if posting_days_for(batch) <= 0:
        return []
    if batch.posted_on is None:
        return [
            ValidationError(
                _("Post the list publicly before issuing the decision."), code="not_posted"
            )
        ]
    problems = []
    assert batch.posting_ends_on is not None  # noqa: S101  (set with posted_on)
    if max(issued_on, timezone.localdate()) <= batch.posting_ends_on:
        first = batch.posting_ends_on + timedelta(days=1)
        problems.append(
            ValidationError(
                _(
                    "The list is posted publicly until %(end)s: the decision can be issued "
                    "from %(first)s."
                )
                % {
                    "end": batch.posting_ends_on.strftime("%d/%m/%Y"),
                    "first": first.strftime("%d/%m/%Y"),
                },
                code="posting_running",
            )
        )
    if issued_on <= batch.posting_ends_on and timezone.localdate() > batch.posting_ends_on:
        problems.append(
            ValidationError(
                _("The date of the decision must be after the posting period."),
                code="decision_date_in_posting",
            )
        )
    count = batch.objections.filter(status=ObjectionStatus.OPEN).count()
    if count:
        problems.append(
            ValidationError(
                ngettext(
                    "%(count)d objection to the posted list is unresolved.",
                    "%(count)d objections to the posted list are unresolved.",
                    count,
                )
                % {"count": count},
                code="objection_open",
            )
        )
    return problems


@transaction.atomic
def objection_submit(
    batch: NominationBatch,
    *,
    name: str,
    contact: str,
    text: str,
    nomination: Nomination | None = None,
) -> Objection:
    """An objection from the public to a list on posting (no account needed)."""
    batch = NominationBatch.objects.select_for_update(of=("self",)).get(pk=batch.pk)
    if not public_batch_qs().filter(pk=batch.pk).exists():
        raise ValidationError(_("This list no longer takes objections."), code="posting_closed")
    if nomination is not None and not posted_nominations(batch).filter(pk=nomination.pk).exists():
        nomination = None
    objection = Objection(
        batch=batch,
        nomination=nomination,
        name=name.strip(),
        contact=contact.strip(),
        text=text.strip(),
    )
    objection.full_clean()
    objection.save()
    return objection


@transaction.atomic
def objection_resolve(objection: Objection, *, user: Any, note: str) -> Objection:
    """Staff close an objection with a note saying how it was resolved."""
    objection = (
        Objection.objects.select_for_update().select_related("batch__unit").get(pk=objection.pk)
    )
    if not can_resolve_objection(user, objection.batch):
        raise PermissionDenied(_("You may not do this at this stage."))
    note = note.strip()
    if not note:
        raise ValidationError(
            {"note": _("Say how the objection was resolved.")}, code="note_required"
        )
    if objection.status == ObjectionStatus.RESOLVED:
        raise ValidationError(_("This objection is already resolved."), code="already_resolved")
    objection.status = ObjectionStatus.RESOLVED
    objection.resolution = note
    objection.resolved_by = user
    objection.resolved_at = timezone.now()
    objection.save()
    _log(objection.batch, "objection_resolved", user, nomination=objection.nomination, reason=note)
    return objection
