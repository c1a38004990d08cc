"""Deadlines of the apps that exist: kept in step from here until they call us directly.

``campaigns``, ``reports`` and ``events`` have no call to
:func:`notifications.services.deadline_upsert` yet (their services are being edited by
others), so :mod:`notifications.signals` calls these after each save or delete of:

- a campaign or an assignment (``campaign_assignment``, due on the assignment's
  deadline, for its lead organisation, while the plan is issued or running);
- an expected report or its report (``expected_report``, due at the end of the stored
  ``due_date``, for the reporting organisation; closed once the report is submitted or
  accepted, open again when it is returned or reopened);
- an event task (``event_task``, due on its deadline, for the assignee organisation,
  closed when done or cancelled);
- a roll-out registration or its plan (``event_report``: a registered unit owes its
  results by the plan's results deadline; closed once they are reported).

Invitations (RSVPs) carry no deadline of their own, so they have none here; a
roll-out's registration deadline has no row per commune until the commune registers
(which is the end of that deadline), so it has none either.

``manage.py deadlines_sync`` runs them over everything (after bulk creations such as
``expected_reports_generate``, imports or updates, which send no signals), and the
beat task ``deadlines_missing_task`` picks up expected reports that have no deadline yet.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse

from campaigns.models import Assignment, Campaign, CampaignStatus
from events.models import EventTask, Registration, RolloutPlan, TaskStatus
from orgunits.models import AdminUnit, Organisation, OrganisationKind
from reports.models import ExpectedReport, Report, ReportStatus

from .models import Deadline, DeadlineKind
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


def campaigns_deadlines_sync() -> int:
    """Every campaign's assignments."""
    total = 0
    for campaign in Campaign.objects.select_related("issuer"):
        total += campaign_deadlines_sync(campaign)
    return total


# --- reports: expected reports --------------------------------------------------------------

# Who reports for a unit when the expected row names no organisation: its police first
# (the portal's reporting line), then its People's Committee, then any organisation.
REPORTING_KINDS = [
    OrganisationKind.COMMUNE_POLICE,
    OrganisationKind.DISTRICT_POLICE,
    OrganisationKind.PROVINCIAL_POLICE,
    OrganisationKind.SECURITY_TEAM,
    OrganisationKind.PEOPLES_COMMITTEE,
]
# A report in these states has been handed in: nothing more is owed.
REPORT_DONE = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


def reporting_organisation(
    unit: AdminUnit | int, day: date, organisations: list[Organisation] | None = None
) -> Organisation | None:
    """The organisation that reports for ``unit`` about ``day`` (see :data:`REPORTING_KINDS`).

    One in existence that day first (a commune police dissolved by a merger still owes
    the reports of the periods it existed in); ``organisations`` are the unit's own,
    when already fetched.
    """
    if organisations is None:
        unit_id = unit if isinstance(unit, int) else unit.pk
        organisations = list(Organisation.objects.filter(unit_id=unit_id))
    pks = {o.pk for o in organisations}

    def rank(org: Organisation) -> tuple[int, int, int, int]:
        kind = REPORTING_KINDS.index(org.kind) if org.kind in REPORTING_KINDS else 99
        # The head organisation of the unit before its divisions (Công an tỉnh, not PV05).
        division = 1 if org.parent_id in pks else 0
        return (0 if org.is_active_on(day) else 1, kind, division, org.pk)

    return min(organisations, key=rank, default=None)


def expected_report_title(expected: ExpectedReport) -> str:
    return f"{expected.label} ({expected.campaign.reference})"[:300]


# "Look the report up": ``None`` already means "there is no report yet".
_FETCH: Any = object()


@transaction.atomic
def expected_report_deadline_sync(
    expected: ExpectedReport,
    report: Report | None = _FETCH,
    *,
    organisations: dict[int, list[Organisation]] | None = None,
) -> None:
    """Upsert the deadline of one expected report, open while its report is owed.

    ``report`` (its report or ``None``, when already known) and ``organisations`` (a
    cache of each unit's organisations by unit id) spare queries in bulk runs.
    """
    if report is _FETCH:
        report = Report.objects.filter(expected_id=expected.pk).only("pk", "status").first()
    organisation = expected.organisation
    if organisation is None:
        own = None
        if organisations is not None:
            if expected.unit_id not in organisations:
                organisations[expected.unit_id] = list(
                    Organisation.objects.filter(unit_id=expected.unit_id)
                )
            own = organisations[expected.unit_id]
        organisation = reporting_organisation(expected.unit_id, expected.period_end, own)
    if organisation is None:
        logger.warning("expected report %s: no reporting organisation", expected.pk)
        deadline_close(expected, DeadlineKind.EXPECTED_REPORT)
        return
    deadline_upsert(
        expected,
        DeadlineKind.EXPECTED_REPORT,
        due_at=expected.due_date,
        organisation=organisation,
        title=expected_report_title(expected),
        url=reverse("reports:report_edit", args=[expected.pk]),
        active=report is None or report.status not in REPORT_DONE,
    )


def expected_reports_deadlines_sync(queryset: Any = None) -> int:
    """Sync expected reports (all, or ``queryset``); returns how many were looked at."""
    rows = (queryset if queryset is not None else ExpectedReport.objects.all()).select_related(
        "campaign", "organisation", "report"
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
    sends no signal); run by the beat. Returns how many were created."""
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


# --- events: tasks and roll-out results -------------------------------------------------------

TASK_DONE = (TaskStatus.DONE, TaskStatus.CANCELLED)


@transaction.atomic
def event_task_deadline_sync(task: EventTask) -> None:
    """Upsert (or close) the deadline of one event task."""
    if task.deadline is None or task.assignee_id is None or task.status in TASK_DONE:
        deadline_close(task, DeadlineKind.EVENT_TASK)
        return
    event = task.event
    text = (task.text or "").strip().splitlines()[0] if (task.text or "").strip() else ""
    deadline_upsert(
        task,
        DeadlineKind.EVENT_TASK,
        due_at=task.deadline,
        organisation=task.assignee,
        title=f"{text[:200]} ({event.title[:90]})",
        url=reverse("events:event_detail", args=[event.pk]),
    )


@transaction.atomic
def registration_deadline_sync(reg: Registration, rollout: RolloutPlan | None = None) -> None:
    """A registered unit owes its results by the roll-out's results deadline."""
    rollout = rollout or reg.rollout
    if reg.registered_at is None or reg.reported_at is not None:
        deadline_close(reg, DeadlineKind.EVENT_REPORT)
        return
    deadline_upsert(
        reg,
        DeadlineKind.EVENT_REPORT,
        due_at=rollout.report_deadline,
        organisation=reg.host,
        title=f"{rollout.title[:280]}",
        url=reverse("events:registration_report", args=[rollout.pk, reg.pk]),
    )


def rollout_deadlines_sync(rollout: RolloutPlan) -> int:
    regs = list(rollout.registrations.select_related("host"))
    for reg in regs:
        registration_deadline_sync(reg, rollout)
    return len(regs)


def events_deadlines_sync() -> int:
    total = 0
    for task in EventTask.objects.select_related("event", "assignee"):
        event_task_deadline_sync(task)
        total += 1
    for rollout in RolloutPlan.objects.all():
        total += rollout_deadlines_sync(rollout)
    return total


def all_deadlines_sync() -> dict[str, int]:
    """Every source (the ``deadlines_sync`` command); idempotent. Counts per source."""
    return {
        "assignments": campaigns_deadlines_sync(),
        "expected_reports": expected_reports_deadlines_sync(),
        "events": events_deadlines_sync(),
    }
