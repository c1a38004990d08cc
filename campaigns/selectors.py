"""Scoped reads of campaigns.

A user sees the plans issued in their subtree and the plans issued *above* them
(a provincial plan applies to every commune in the province); a sibling commune's
plans do not exist for them.
"""

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from orgunits.models import AdminUnit

from .models import Campaign, CampaignStatus, ContentItem, Indicator, PlanSection
from .services import TRANSITIONS, can_transition


def _ancestor_paths(path: str) -> list[str]:
    step = AdminUnit.steplen
    return [path[:i] for i in range(step, len(path), step)]


def campaign_qs_for(user: Any) -> QuerySet[Campaign]:
    qs = Campaign.objects.select_related("issuer", "unit", "parent")
    if not user.is_authenticated:
        return qs.none()
    path = user.scope_path
    if path is None:
        return qs
    return qs.filter(Q(unit__path__startswith=path) | Q(unit__path__in=_ancestor_paths(path)))


def campaign_detail_qs_for(user: Any) -> QuerySet[Campaign]:
    """Everything the document-like detail page shows, in a fixed number of queries."""
    return campaign_qs_for(user).prefetch_related(
        "basis",
        Prefetch("sections", queryset=PlanSection.objects.order_by("order", "pk")),
        "phases",
        Prefetch(
            "contents",
            queryset=ContentItem.objects.prefetch_related(
                Prefetch("indicators", queryset=Indicator.objects.order_by("order", "pk"))
            ),
        ),
        Prefetch("indicators", queryset=Indicator.objects.select_related("parent_indicator")),
        "distribution_targets",
        "assignments__lead",
        "assignments__cooperating",
        "recipients",
        "subjects",
        "revisions",
    )


def campaigns_to_sign_for(user: Any) -> list[Campaign]:
    """Plans awaiting signature that ``user`` may sign and issue (the issuer's leaders
    and clerks), oldest first: the leader's to-do on the home page."""
    if not user.has_role(*TRANSITIONS[(CampaignStatus.AWAITING_SIGNATURE, CampaignStatus.ISSUED)]):
        return []  # no query for those who never sign
    qs = campaign_qs_for(user).filter(status=CampaignStatus.AWAITING_SIGNATURE)
    return [
        c
        for c in qs.select_related("issuer__parent__parent").order_by("updated_at", "pk")
        if can_transition(user, c, CampaignStatus.ISSUED)
    ]
