"""The report services keep the expected report's deadline in step themselves, in their
own transaction (no signal receivers): submitting closes it, returning reopens it,
accepting closes it again."""

from notifications.models import Deadline, DeadlineKind, ReminderRule, ReminderStatus
from notifications.tasks import deadlines_missing_task
from reports import services
from reports.models import ReportStatus

from .helpers import expected_for, submit


def report_deadline(expected) -> Deadline:  # type: ignore[no-untyped-def]
    return Deadline.objects.get(kind=DeadlineKind.EXPECTED_REPORT, object_id=expected.pk)


def test_submit_return_and_accept_move_the_deadline(tree, plan, commune_officer, province_staff):
    ReminderRule.objects.bulk_create(
        [ReminderRule(kind=k) for k in DeadlineKind.values], ignore_conflicts=True
    )
    expected = expected_for(plan, tree.commune)
    # The schedule is created in bulk: the beat gives the rows their deadlines.
    assert not Deadline.objects.filter(kind=DeadlineKind.EXPECTED_REPORT).exists()
    deadlines_missing_task()
    assert report_deadline(expected).active
    assert report_deadline(expected).organisation == tree.police

    report = submit(plan, tree.commune, commune_officer)
    deadline = report_deadline(expected)
    assert not deadline.active
    assert not deadline.reminders.filter(status=ReminderStatus.PENDING).exists()

    report = services.report_transition(
        report, ReportStatus.RETURNED, user=province_staff, version=report.version, reason="Sai"
    )
    assert report_deadline(expected).active

    report = submit(plan, tree.commune, commune_officer)
    services.report_transition(
        report, ReportStatus.ACCEPTED, user=province_staff, version=report.version
    )
    assert not report_deadline(expected).active


def test_agency_and_team_rows_are_owed_by_who_fills_them(tree, plan, commune_officer):
    """A school owes its own reports; a security team's are owed by the police body that
    manages it and fills them (the team itself has no accounts)."""
    from datetime import date

    from orgunits.models import OrganisationKind
    from reports.models import ExpectedReport
    from tests.conftest import make_org
    from tests.factories import IndicatorFactory

    school = make_org("T-THPT5", "Trường THPT An Bình", OrganisationKind.SCHOOL, tree.commune)
    IndicatorFactory(campaign=plan.campaign, code="A5", order=5, applies_to=["agency"])
    IndicatorFactory(campaign=plan.campaign, code="T5", order=6, applies_to=["security_team"])
    services.expected_reports_generate(plan.campaign)
    deadlines_missing_task()
    sept = date(2024, 9, 1)
    school_row = ExpectedReport.objects.get(organisation=school, period_start=sept)
    team_row = ExpectedReport.objects.get(organisation=tree.team, period_start=sept)
    assert report_deadline(school_row).organisation == school
    assert report_deadline(team_row).organisation == tree.police
    # The commune police's own row is still theirs, apart from the team's.
    assert report_deadline(expected_for(plan, tree.commune)).organisation == tree.police
    assert report_deadline(team_row).url.endswith(f"/reports/due/{team_row.pk}/")
