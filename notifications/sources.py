"""Catch-up runs over the deadline sources, for rows that bypass the owners' services.

The owning apps keep their deadlines in step themselves, inside their own
transactions (:func:`notifications.services.deadline_upsert`):

- ``campaigns.services.campaign_deadlines_sync`` on every status change of a plan
  (``campaign_assignment``);
- ``reports.services.expected_report_deadline_sync`` when a report is saved, submitted,
  returned, accepted or reopened (``expected_report``);
- ``events.deadlines``: event tasks (``event_task``), the organiser's unanswered
  invitations (``event_rsvp``), and per unit of a roll-out its registration
  (``event_registration``) and results (``event_report``);
- ``awards.services.deadlines``: dossiers (``award_dossier``).

What they cannot see is handled here: rows created in bulk (the reporting schedule's
``expected_reports_generate``, imports, demo loaders), communes added to a published
roll-out's area later, answer dates that pass, and objects deleted by a cascade or an
admin bulk action (their deadlines are closed). ``manage.py deadlines_sync`` runs
every source over everything; the beat task ``deadlines_missing_task`` runs
:func:`deadlines_catch_up`. Both are idempotent.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef

from campaigns.models import Campaign
from campaigns.services import campaign_deadlines_sync
from events.deadlines import (
    event_rsvp_deadline_sync,
    event_task_deadline_sync,
    rollouts_deadlines_sync,
    rsvp_deadlines_expire,
)
from events.models import Event, EventTask
from orgunits.models import Organisation
from reports.models import ExpectedReport, Report
from reports.services import expected_report_deadline_sync

from .models import Deadline, DeadlineKind
from .services import deadlines_orphans_close

logger = logging.getLogger(__name__)


def campaigns_deadlines_sync() -> int:
    """Every campaign's assignments."""
    total = 0
    for campaign in Campaign.objects.select_related("issuer"):
        total += campaign_deadlines_sync(campaign)
    return total


def expected_reports_deadlines_sync(queryset: Any = None) -> int:
    """Sync expected reports (all, or ``queryset``); returns how many were looked at."""
    rows = (queryset if queryset is not None else ExpectedReport.objects.all()).select_related(
        "campaign", "organisation__parent", "report"
    )
    organisations: dict[int, list[Organisation]] = {}
    total = 0
    for expected in rows.iterator(chunk_size=500):
        try:
            report: Report | None = expected.report
        except Report.DoesNotExist:
            report = None
        expected_report_deadline_sync(expected, report, organisations=organisations)
        total += 1
    return total


def expected_reports_missing_sync(limit: int = 2000) -> int:
    """Expected reports with no deadline yet (rows bulk-created by the schedule, which
    calls no service per row). Returns how many were created."""
    ct = ContentType.objects.get_for_model(ExpectedReport)
    known = Deadline.objects.filter(
        content_type=ct, kind=DeadlineKind.EXPECTED_REPORT, object_id=OuterRef("pk")
    )
    pks = list(
        ExpectedReport.objects.filter(~Exists(known))
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    if not pks:
        return 0
    return expected_reports_deadlines_sync(ExpectedReport.objects.filter(pk__in=pks))


def events_deadlines_sync() -> int:
    """Every event task, every event's answer deadline and every roll-out."""
    total = 0
    for task in EventTask.objects.select_related("event", "assignee"):
        event_task_deadline_sync(task)
        total += 1
    for event in Event.objects.select_related("organiser"):
        event_rsvp_deadline_sync(event)
        total += 1
    return total + rollouts_deadlines_sync()


def deadlines_catch_up() -> int:
    """The beat's run: expected reports without a deadline, communes added to published
    roll-outs, answer dates that passed, deadlines of deleted objects. Returns how many
    rows it created or changed."""
    total = expected_reports_missing_sync() + deadlines_orphans_close()
    try:
        total += rollouts_deadlines_sync(live_only=True)
        total += rsvp_deadlines_expire()
    except Exception:
        # One broken roll-out must not stop the expected reports of the next run.
        logger.exception("deadline catch-up failed for events")
    return total


def all_deadlines_sync() -> dict[str, int]:
    """Every source (the ``deadlines_sync`` command); idempotent. Counts per source."""
    return {
        "assignments": campaigns_deadlines_sync(),
        "expected_reports": expected_reports_deadlines_sync(),
        "events": events_deadlines_sync(),
    }
