"""Scoped reads of the awards app: everything goes through ``accounts.scope.scoped``."""

from typing import Any

from django.db.models import Count, Q, QuerySet

from accounts.scope import scoped
from campaigns.selectors import campaign_qs_for
from core.text import fold

from .models import (
    AwardForm,
    AwardRecord,
    BatchStatus,
    Council,
    DossierDocument,
    Nomination,
    NominationBatch,
    Quota,
)


def award_form_qs_for(user: Any) -> QuerySet[AwardForm]:
    """The national catalogue and the forms of the provinces above or within the user's area."""
    qs = AwardForm.objects.select_related("owner_unit")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    path = user.scope_path
    if path is None:
        return qs
    # Materialised paths: every ancestor's path is a prefix of 4-character steps.
    ancestors = [path[:i] for i in range(4, len(path) + 1, 4)]
    return qs.filter(
        Q(owner_unit__isnull=True)
        | Q(owner_unit__path__in=ancestors)
        | Q(owner_unit__path__startswith=path)
    )


def batch_qs_for(user: Any) -> QuerySet[NominationBatch]:
    qs = NominationBatch.objects.select_related(
        "campaign", "form", "proposer", "unit", "council"
    ).annotate(
        n_collectives=Count("nominations", filter=Q(nominations__kind="collective")),
        n_individuals=Count("nominations", filter=Q(nominations__kind="individual")),
    )
    return scoped(qs, user)


def batch_queue_for(user: Any, statuses: list[str]) -> QuerySet[NominationBatch]:
    qs = batch_qs_for(user).filter(status__in=statuses)
    if BatchStatus.COUNCIL_VOTE in statuses and not user.is_superuser:
        # Council members see the ballots of their own councils only.
        qs = qs.filter(~Q(status=BatchStatus.COUNCIL_VOTE) | Q(council__members=user)).distinct()
    return qs


def nomination_qs_for(user: Any) -> QuerySet[Nomination]:
    qs = Nomination.objects.select_related(
        "batch__unit", "batch__form", "person", "organisation", "admin_unit"
    )
    return scoped(qs, user, "batch__unit__path")


def document_qs_for(user: Any) -> QuerySet[DossierDocument]:
    return scoped(DossierDocument.objects.select_related("batch"), user, "batch__unit__path")


def quota_qs_for(user: Any) -> QuerySet[Quota]:
    """Quotas of the campaigns the user sees (their own and those issued above them)."""
    return Quota.objects.filter(campaign__in=campaign_qs_for(user).values("pk")).select_related(
        "campaign__unit", "form"
    )


def council_qs_for(user: Any) -> QuerySet[Council]:
    return scoped(Council.objects.select_related("organisation", "unit"), user)


def award_record_qs_for(user: Any, text: str = "") -> QuerySet[AwardRecord]:
    qs = scoped(
        AwardRecord.objects.select_related("form", "decision", "person", "organisation"), user
    )
    if text.strip():
        qs = qs.filter(search_key__contains=fold(text))
    return qs


def batch_detail(user: Any, pk: int) -> NominationBatch:
    """One batch with what its page shows, or 404."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        batch_qs_for(user).prefetch_related(
            "nominations__person",
            "nominations__organisation__unit",
            "nominations__admin_unit",
            "nominations__answers",
            "nominations__category",
            "documents",
        ),
        pk=pk,
    )
