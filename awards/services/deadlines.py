"""Dossier deadlines (hạn nộp hồ sơ) fed to the reminders of ``notifications``.

The deadline is set on the :class:`~awards.models.Quota` (every proposing unit) and may
be moved for one unit on its :class:`~awards.models.QuotaAllocation`. Exactly one
reminder source is live per unit and quota, so nobody is reminded twice:

- before the unit has started a proposal, the allocation carries the deadline (the
  unit was given places and has not proposed yet);
- once it has a proposal, the draft :class:`~awards.models.NominationBatch` carries it;
  submitting closes it, and a proposal returned to draft opens it again.

Every function here runs inside the caller's transaction (``deadline_upsert`` is
idempotent: the same values write nothing; a moved date re-schedules the reminders).
"""

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from notifications.models import DeadlineKind
from notifications.services import deadline_close, deadline_upsert

from ..models import BatchStatus, NominationBatch, Quota, QuotaAllocation

KIND = DeadlineKind.AWARD_DOSSIER


def _title(quota: Quota) -> str:
    # Stored on the deadline and shown to the unit: always in the portal's language.
    with translation.override(settings.LANGUAGE_CODE):
        return _("Award dossier: %(form)s (%(campaign)s)") % {
            "form": quota.form.name,
            "campaign": quota.campaign.title,
        }


def _quota_of(batch: NominationBatch) -> Quota | None:
    return (
        Quota.objects.select_related("form", "campaign")
        .filter(campaign=batch.campaign_id, form=batch.form_id)
        .first()
    )


def batch_deadline(batch: NominationBatch, quota: Quota | None = None) -> date | None:
    """The day ``batch`` is due: its unit's allocation's deadline, else the quota's."""
    quota = quota or _quota_of(batch)
    if quota is None:
        return None
    allocation = quota.allocations.filter(organisation=batch.proposer_id).first()
    if allocation is not None and allocation.submission_deadline:
        return allocation.submission_deadline
    return quota.submission_deadline


def batch_deadline_sync(batch: NominationBatch, quota: Quota | None = None) -> None:
    """A draft with a due day is reminded; anything else (submitted onwards) is closed."""
    quota = quota or _quota_of(batch)
    due = batch_deadline(batch, quota) if quota is not None else None
    if quota is None or due is None or batch.status != BatchStatus.DRAFT:
        deadline_close(batch, KIND)
        return
    deadline_upsert(
        batch,
        KIND,
        due_at=due,
        organisation=batch.proposer,
        title=_title(quota),
        url=batch.get_absolute_url(),
    )


def allocation_deadline_sync(allocation: QuotaAllocation) -> None:
    """Remind a unit given places until it starts a proposal (the batch takes over then)."""
    quota = allocation.quota
    due = allocation.effective_deadline
    started = NominationBatch.objects.filter(
        campaign=quota.campaign_id, form=quota.form_id, proposer=allocation.organisation_id
    ).exists()
    if due is None or started:
        deadline_close(allocation, KIND)
        return
    deadline_upsert(
        allocation,
        KIND,
        due_at=due,
        organisation=allocation.organisation,
        title=_title(quota),
        url=f"{reverse('awards:batch_create')}?campaign={quota.campaign_id}&form={quota.form_id}",
    )


@transaction.atomic
def quota_deadlines_sync(quota: Quota) -> None:
    """After the quota's deadline is set or moved: every allocation and draft follows."""
    quota = Quota.objects.select_related("form", "campaign").get(pk=quota.pk)
    for allocation in quota.allocations.select_related("organisation__unit"):
        allocation.quota = quota
        allocation_deadline_sync(allocation)
    drafts = NominationBatch.objects.filter(
        campaign=quota.campaign_id, form=quota.form_id, status=BatchStatus.DRAFT
    ).select_related("proposer__unit")
    for batch in drafts:
        batch_deadline_sync(batch, quota)


def proposer_deadlines_sync(batch: NominationBatch) -> None:
    """After a batch is created or changes status: its own deadline and its allocation's."""
    quota = _quota_of(batch)
    batch_deadline_sync(batch, quota)
    if quota is not None:
        allocation = quota.allocations.filter(organisation=batch.proposer_id).first()
        if allocation is not None:
            allocation.quota = quota
            allocation_deadline_sync(allocation)


@transaction.atomic
def quota_save(quota: Quota, *, user: Any) -> Quota:
    """Save a quota (from its form) and keep the dossier deadlines in step with it."""
    from ..permissions import can_manage_campaign_rules

    if not can_manage_campaign_rules(user, quota.campaign):
        raise PermissionDenied
    quota.full_clean()
    quota.save()
    quota_deadlines_sync(quota)
    return quota
