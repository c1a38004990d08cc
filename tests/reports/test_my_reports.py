"""The commune officer's "my reports" page: its own results in full, and the security
teams' accepted reports grouped by period instead of one flat, cut-off list."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from orgunits.models import OrganisationKind
from reports import selectors, services
from reports.models import ExpectedReport, ReportStatus
from tests.conftest import make_org

from .helpers import SEPT, accept, submit
from .test_organisation_reporters import OCT, agencies, org_expected, save  # noqa: F401

LATE = date(2024, 11, 20)  # after the deadlines of September and October


def _accept_team_rows(plan, teams, months, officer, reviewer, late_team=None):  # type: ignore[no-untyped-def]
    for start in months:
        for team in teams:
            day = LATE if team == late_team else date(start.year, start.month, 2)
            with time_machine.travel(day):
                report = save(
                    org_expected(plan, team, start), officer, {plan_patrol(plan): {"boolean": True}}
                )
            accept(report, reviewer)


def plan_patrol(plan):  # type: ignore[no-untyped-def]
    return plan.campaign.indicators.get(code="T").pk


@pytest.mark.usefixtures("agencies")
def test_team_reports_are_grouped_by_period(
    tree, plan, commune_officer, province_staff, client_for
):
    second = make_org(
        "T-TBV2",
        "Tổ bảo vệ ANTT tổ dân phố 2",
        OrganisationKind.SECURITY_TEAM,
        tree.village,
        parent=tree.police,
    )
    services.expected_reports_generate(plan.campaign)
    _accept_team_rows(
        plan, [tree.team, second], [SEPT, OCT], commune_officer, province_staff, second
    )
    overview = selectors.commune_overview(commune_officer, date(2024, 12, 1))
    groups = overview["teams_by_period"]
    assert [(g["label"], len(g["rows"]), g["late"]) for g in groups] == [
        ("Tháng 10/2024", 2, 1),
        ("Tháng 9/2024", 2, 1),
    ]
    with time_machine.travel(date(2024, 12, 1)):
        body = client_for(commune_officer).get(reverse("reports:my_reports")).content.decode()
    section = body[body.index('data-testid="teams-by-period"') :]
    assert section.index("Tháng 10/2024") < section.index("Tháng 9/2024")
    assert "2 tổ" in section and "1 trễ hạn" in section
    for exp in ExpectedReport.objects.filter(
        organisation__in=[tree.team, second], report__isnull=False
    ):
        assert exp.report.status == ReportStatus.ACCEPTED
        assert reverse("reports:report_detail", args=[exp.report.pk]) in section


def test_every_own_result_is_listed_beyond_the_first_twelve(
    tree, plan, commune_officer, province_staff, client_for
):
    rows = list(
        ExpectedReport.objects.filter(
            campaign=plan.campaign, unit=tree.commune, organisation__isnull=True
        ).order_by("period_start")
    )
    assert len(rows) == 13
    for exp in rows:
        accept(submit(plan, tree.commune, commune_officer, exp.period_start), province_staff)
    with time_machine.travel(date(2025, 9, 1)):
        body = client_for(commune_officer).get(reverse("reports:my_reports")).content.decode()
    older = body[body.index('data-testid="older-results"') :]
    assert "1 kết quả trước đó" in older
    oldest = rows[0].report
    assert reverse("reports:report_detail", args=[oldest.pk]) in older
    for exp in rows:
        assert reverse("reports:report_detail", args=[exp.report.pk]) in body
