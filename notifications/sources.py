"""Deadlines of the apps that exist: kept in step from here until they call us directly.

``campaigns`` has no call to :func:`notifications.services.deadline_upsert` yet (its
services are being edited by others), so :mod:`notifications.signals` calls these
after each save of a campaign or an assignment, and ``manage.py deadlines_sync``
runs them over everything (after bulk updates or imports, which send no signals).
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.urls import reverse

from campaigns.models import Assignment, Campaign, CampaignStatus

from .models import DeadlineKind
from .services import deadline_close, deadline_upsert

logger = logging.getLogger(__name__)

# Only a plan in force binds the units it assigns tasks to.
LIVE_CAMPAIGN = (CampaignStatus.ISSUED, CampaignStatus.RUNNING)


def assignment_title(assignment: Assignment, campaign: Campaign) -> str:
    task = (
        (assignment.title or assignment.text).strip().splitlines()[0]
        if (assignment.title or assignment.text)
        else ""
    )
    return f"{task[:200]} ({campaign.reference})"


@transaction.atomic
def assignment_deadline_sync(assignment: Assignment, campaign: Campaign | None = None) -> None:
    """Upsert (or close) the deadline of one assignment of a plan."""
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


def campaign_deadlines_sync(campaign: Campaign) -> int:
    """Sync every assignment of a campaign; returns how many were looked at."""
    assignments = list(campaign.assignments.select_related("lead", "lead__unit"))
    for assignment in assignments:
        assignment_deadline_sync(assignment, campaign)
    return len(assignments)


def all_deadlines_sync() -> int:
    """Every campaign (the ``deadlines_sync`` command)."""
    total = 0
    for campaign in Campaign.objects.select_related("issuer"):
        total += campaign_deadlines_sync(campaign)
    return total
