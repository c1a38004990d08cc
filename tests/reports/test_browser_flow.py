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
    # The rate and the verdict against ≥ 80 % while typing (static/js/report_form.js).
    live = xa.locator(f"#indicator-{plan.ratio.pk} [data-live-result]")
    assert live.inner_text().split() == ["=", "70,0", "%", "Chưa", "đạt"]
    xa.fill(f"input[name='{plan.count.pk}-count']", "1")
    assert xa.inner_text(f"#indicator-{plan.count.pk} [data-live-result]") == "Đạt"
    xa.select_option(f"select[name='{plan.yes.pk}-boolean']", "1")
    # The file picker speaks Vietnamese and names the chosen file.
    picker = xa.locator("[data-file-picker]")
    assert "Chọn tệp…" in picker.inner_text() and "Chưa chọn tệp nào" in picker.inner_text()
    xa.set_input_files("input[name=evidence]", str(evidence))
    assert xa.inner_text("[data-picker-names]") == "bien-ban.pdf"
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
    assert live.inner_text().split() == ["=", "90,0", "%", "Đạt"]
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


def test_every_error_in_one_round_and_readable_values_on_a_phone(
    browser, live_server, tree, plan, commune_officer
):
    """A typing error, a negative count and an empty yes/no come back together, counted and
    linked at the top; after the fix, the values read as cards on a phone, a table on a
    desktop."""
    expected = expected_for(plan, tree.commune)
    xa = login(browser, live_server.url, commune_officer.username)
    xa.goto(live_server.url + f"/reports/due/{expected.pk}/")
    numerator = f"input[name='{plan.ratio.pk}-numerator']"
    xa.fill(numerator, "1.5")
    xa.fill(f"input[name='{plan.ratio.pk}-denominator']", "10")
    xa.fill(f"input[name='{plan.count.pk}-count']", "-1")
    xa.click("[data-testid=submit]")
    xa.wait_for_load_state()
    summary = xa.locator("[data-testid=form-errors]")
    assert xa.inner_text("[data-testid=error-count]") == "Có 3 lỗi cần sửa"
    assert summary.locator("a").count() == 3
    assert xa.evaluate("document.activeElement.id") == "form-errors"
    assert xa.locator(".invalid-feedback").count() >= 3
    assert xa.input_value(numerator) == "1.5"
    summary.locator("a").first.click()
    assert xa.evaluate("document.activeElement.name") == f"{plan.ratio.pk}-numerator"
    assert xa.evaluate("document.documentElement.scrollWidth") <= 390

    xa.fill(numerator, "8")
    xa.fill(f"input[name='{plan.count.pk}-count']", "1")
    xa.select_option(f"select[name='{plan.yes.pk}-boolean']", "1")
    xa.click("[data-testid=submit]")
    xa.wait_for_load_state()
    assert "Đã gửi báo cáo" in xa.content()
    cards = xa.locator("[data-testid=values-cards]")
    assert cards.is_visible() and not xa.locator("[data-testid=values]").is_visible()
    assert "80,0 %" in cards.inner_text().replace("\xa0", " ")
    # An indicator name gets the card's width, not a squeezed table column.
    width = xa.evaluate(
        "document.querySelector('[data-testid=values-cards] li div').getBoundingClientRect().width"
    )
    assert width > 300
    assert xa.evaluate("document.documentElement.scrollWidth") <= 390
    xa.set_viewport_size({"width": 1366, "height": 900})
    assert xa.locator("[data-testid=values]").is_visible() and not cards.is_visible()
