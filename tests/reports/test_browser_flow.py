"""Browser: on a phone-sized screen, a commune officer fills and submits a monthly report
with one evidence file; province staff return it; the officer fixes and resubmits; the
staff accept it; the dashboard shows it."""

import re

import pytest

from reports.models import Report, ReportStatus
from tests.conftest import PASSWORD

from .helpers import SEPT, expected_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(browser, base, username):  # type: ignore[no-untyped-def]
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    page.goto(base + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page


def test_report_round_trip_on_a_phone(
    browser, live_server, tree, plan, commune_officer, province_staff, tmp_path
):
    expected = expected_for(plan, tree.commune)
    evidence = tmp_path / "bien-ban.pdf"
    evidence.write_bytes(b"%PDF-1.4\n%%EOF\n")
    xa = login(browser, live_server.url, commune_officer.username)
    xa.goto(live_server.url + "/reports/")
    xa.click(f"a[href='/reports/due/{expected.pk}/']")
    xa.fill(f"input[name='{plan.ratio.pk}-numerator']", "7")
    xa.fill(f"input[name='{plan.ratio.pk}-denominator']", "10")
    xa.fill(f"input[name='{plan.count.pk}-count']", "1")
    xa.select_option(f"select[name='{plan.yes.pk}-boolean']", "1")
    xa.set_input_files("input[name=evidence]", str(evidence))
    assert xa.evaluate("document.documentElement.scrollWidth") <= 390
    xa.click("[data-testid=submit]")
    xa.wait_for_load_state()
    assert "Đã gửi báo cáo" in xa.content()
    report = Report.objects.get(expected=expected)
    assert report.status == ReportStatus.SUBMITTED and report.evidence.count() == 1

    tinh = login(browser, live_server.url, province_staff.username)
    tinh.goto(live_server.url + "/reports/review/")
    tinh.click("[data-testid=queue-item]")
    tinh.fill("textarea[name=reason]", "Tỷ lệ nguồn tin chưa đạt, kiểm tra lại")
    tinh.click("button[value=returned]")
    tinh.wait_for_load_state()
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED

    xa.goto(live_server.url + "/reports/")
    assert "kiểm tra lại" in xa.content()
    xa.click("[data-testid=returned-item]")
    xa.fill(f"input[name='{plan.ratio.pk}-numerator']", "9")
    xa.click("[data-testid=submit]")
    xa.wait_for_load_state()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    tinh.goto(live_server.url + f"/reports/{report.pk}/")
    tinh.click("button[value=accepted]")
    tinh.wait_for_load_state()
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    tinh.goto(live_server.url + f"/reports/dashboard/?campaign={plan.campaign.pk}")
    table = tinh.inner_text("[data-testid=indicators]")
    assert re.search(r"90,0\s*%", table) and "9/10" in table


def test_school_reports_for_itself_on_a_phone(
    browser, live_server, tree, plan, province_staff, commune_officer
):
    """A school's reporting officer sees only the school's reports, fills and submits its
    own on a phone; the province staff accept it; the agencies' ranking shows the school."""
    from decimal import Decimal

    from accounts.models import RoleCode
    from orgunits.models import OrganisationKind
    from reports import services
    from tests.conftest import make_org, make_user
    from tests.factories import IndicatorFactory

    school = make_org("T-THPT1", "Trường THPT Lê Quý Đôn", OrganisationKind.SCHOOL, tree.commune)
    taught = IndicatorFactory(
        campaign=plan.campaign,
        code="A1",
        order=4,
        name="Học sinh, giáo viên được tuyên truyền",
        comparator="gte",
        target_value=Decimal(90),
        applies_to=["agency"],
    )
    services.expected_reports_generate(plan.campaign)
    own = plan.campaign.expected_reports.get(
        organisation=school, period_start=SEPT, frequency=taught.frequency
    )
    officer = make_user("truong", school, RoleCode.COMMUNE_OFFICER)

    page = login(browser, live_server.url, officer.username)
    page.goto(live_server.url + "/reports/")
    body = page.content()
    assert "Trường THPT Lê Quý Đôn" in body
    # The commune's own rows are not the school's to fill, nor to see.
    commune_row = expected_for(plan, tree.commune)
    assert f"/reports/due/{commune_row.pk}/" not in body
    assert page.goto(live_server.url + f"/reports/due/{commune_row.pk}/").status == 404
    page.goto(live_server.url + f"/reports/due/{own.pk}/")
    # Only the agencies' indicator: the commune's are not in the school's form.
    assert page.locator(f"input[name='{plan.ratio.pk}-numerator']").count() == 0
    page.fill(f"input[name='{taught.pk}-numerator']", "950")
    page.fill(f"input[name='{taught.pk}-denominator']", "1000")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.click("[data-testid=submit]")
    page.wait_for_load_state()
    assert "Đã gửi báo cáo" in page.content()
    report = Report.objects.get(expected=own)
    assert report.status == ReportStatus.SUBMITTED

    # The commune officer of the same ward does not get the school's report to fill.
    xa = login(browser, live_server.url, commune_officer.username)
    xa.goto(live_server.url + "/reports/")
    assert "Trường THPT Lê Quý Đôn" not in xa.content()

    tinh = login(browser, live_server.url, province_staff.username)
    tinh.goto(live_server.url + "/reports/review/")
    assert "Trường THPT Lê Quý Đôn" in tinh.inner_text("body")
    tinh.goto(live_server.url + f"/reports/{report.pk}/")
    tinh.click("button[value=accepted]")
    tinh.wait_for_load_state()
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    tinh.goto(
        live_server.url + f"/reports/dashboard/ranking/?campaign={plan.campaign.pk}&level=agency"
    )
    ranking = tinh.inner_text("[data-testid=ranking-table]")
    assert "Trường THPT Lê Quý Đôn" in ranking and "100,0%" in ranking
