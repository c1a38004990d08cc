"""Reminders of expected reports: which organisation reports for a unit, and the
deadline each expected report feeds to ``notifications`` (open while the report is
owed, closed once it is submitted or accepted).
"""

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from notifications.models import DeadlineKind
from notifications.services import deadline_close, deadline_upsert
from orgunits.models import AdminLevel, AdminUnit, Organisation, OrganisationKind

from ..models import ExpectedReport, Report, ReportStatus

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


def _unit_row_candidates(expected: ExpectedReport) -> list[Organisation]:
    """The organisations that may owe a unit's own row: the unit's, but for a village the
    commune's above it (its police report for their villages; the village's security team
    seldom has accounts), the village's own only when the commune has none (one query)."""
    if expected.level == AdminLevel.VILLAGE:
        parent_path = expected.unit_path[: -AdminUnit.steplen]
        rows = list(
            Organisation.objects.filter(
                Q(unit__path=parent_path) | Q(unit_id=expected.unit_id)
            ).select_related("unit")
        )
        above = [o for o in rows if o.unit_id != expected.unit_id]
        return above or rows
    return list(Organisation.objects.filter(unit_id=expected.unit_id))


def expected_report_title(expected: ExpectedReport) -> str:
    return f"{expected.label} ({expected.campaign.reference})"[:300]


def expected_report_organisation(
    expected: ExpectedReport, organisations: dict[int, list[Organisation]] | None = None
) -> Organisation | None:
    """The organisation whose staff fill ``expected``: the organisation it names (a
    security team's police body, when it has one), else the one reporting for the unit.

    ``organisations`` caches each unit's candidates by unit id in bulk runs.
    """
    organisation = expected.organisation
    if organisation is not None and organisation.kind == OrganisationKind.SECURITY_TEAM:
        # A team's reports are filled by the police body managing it, when there is one.
        organisation = organisation.parent or organisation
    if organisation is not None:
        return organisation
    if organisations is None:
        candidates = _unit_row_candidates(expected)
    else:
        if expected.unit_id not in organisations:
            organisations[expected.unit_id] = _unit_row_candidates(expected)
        candidates = organisations[expected.unit_id]
    return reporting_organisation(expected.unit_id, expected.period_end, candidates)


# "Look the report up": ``None`` already means "there is no report yet".
_FETCH: Any = object()


@transaction.atomic
def expected_report_deadline_sync(
    expected: ExpectedReport,
    report: Report | None = _FETCH,
    *,
    organisations: dict[int, list[Organisation]] | None = None,
) -> None:
    """Upsert the deadline of one expected report, open while its report is owed:
    closed once submitted or accepted, open again when returned or reopened.

    ``report`` (its report or ``None``, when already known) and ``organisations`` (a
    cache of each unit's organisations by unit id) spare queries in bulk runs. The
    schedule's bulk creation gets its deadlines from the beat
    (``notifications.tasks.deadlines_missing_task``).
    """
    if report is _FETCH:
        report = Report.objects.filter(expected_id=expected.pk).only("pk", "status").first()
    organisation = expected_report_organisation(expected, organisations)
    if organisation is None:
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
