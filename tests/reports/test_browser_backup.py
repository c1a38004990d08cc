"""Browser: what a commune officer types into a report survives a lost connection.

On a slow link a "Lưu nháp" may never reach the portal; the values typed are kept on the
device (static/js/report_backup.js) and offered back the next time the form opens, until
the portal holds them, the report is sent, or the user signs out.
"""

from datetime import date

import pytest

from reports.models import Report, ReportStatus
from tests.conftest import PASSWORD

from .helpers import expected_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BANNER = "[data-testid=restore-banner]"


def phone_login(browser, base, username):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto(base + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return context, page


def kept(page, key):  # type: ignore[no-untyped-def]
    return page.evaluate("k => localStorage.getItem(k)", key)


def test_values_typed_while_offline_come_back_and_are_saved(
    browser, live_server, tree, plan, commune_officer
):
    expected = expected_for(plan, tree.commune)
    url = live_server.url + f"/reports/due/{expected.pk}/"
    key = f"thidua.report.{commune_officer.pk}.{expected.pk}"
    num, den = (
        f"input[name='{plan.ratio.pk}-numerator']",
        f"input[name='{plan.ratio.pk}-denominator']",
    )
    context, xa = phone_login(browser, live_server.url, commune_officer.username)
    xa.goto(url)
    assert not xa.is_visible(BANNER)
    xa.fill(num, "7")
    xa.fill(den, "10")
    xa.fill("textarea[name=narrative]", "Đã rà soát nguồn tin tại 8 tổ dân phố")
    # The link drops as the officer saves: the draft never reaches the portal.
    context.set_offline(True)
    xa.click("button[value=save]", no_wait_after=True)
    xa.wait_for_timeout(500)
    context.set_offline(False)
    assert not Report.objects.filter(expected=expected).exists()

    xa.goto(url)
    assert xa.input_value(num) == ""
    banner = xa.locator(BANNER)
    banner.wait_for(state="visible")
    assert "chưa được lưu lên hệ thống" in banner.inner_text()
    xa.click("[data-testid=restore]")
    assert (xa.input_value(num), xa.input_value(den)) == ("7", "10")
    assert xa.input_value("textarea[name=narrative]") == "Đã rà soát nguồn tin tại 8 tổ dân phố"
    # The live rate follows the restored values, and the banner says what to do next.
    live = xa.locator(f"#indicator-{plan.ratio.pk} [data-live-result]")
    assert live.inner_text().split() == ["=", "70,0", "%", "Chưa", "đạt"]
    assert xa.is_visible("[data-testid=restored]")
    xa.click("button[value=save]")
    xa.wait_for_load_state()
    assert "Đã lưu bản nháp" in xa.content()
    report = Report.objects.get(expected=expected)
    value = report.values.get(indicator=plan.ratio)
    assert (value.numerator, value.denominator) == (7, 10)
    assert report.narrative == "Đã rà soát nguồn tin tại 8 tổ dân phố"
    # The portal holds the same values now: no banner, and the device's copy is gone.
    assert not xa.is_visible(BANNER)
    assert kept(xa, key) is None
    context.close()


def test_a_copy_can_be_discarded_and_goes_when_sent_or_on_sign_out(
    browser, live_server, tree, plan, commune_officer
):
    expected = expected_for(plan, tree.commune)
    url = live_server.url + f"/reports/due/{expected.pk}/"
    key = f"thidua.report.{commune_officer.pk}.{expected.pk}"
    num = f"input[name='{plan.ratio.pk}-numerator']"
    context, xa = phone_login(browser, live_server.url, commune_officer.username)

    # Discarded: gone from the device, the form stays as the portal has it.
    xa.goto(url)
    xa.fill(num, "3")
    xa.wait_for_function("k => localStorage.getItem(k) !== null", arg=key)
    xa.goto(url)
    xa.locator(BANNER).wait_for(state="visible")
    xa.click("[data-restore-discard]")
    assert not xa.is_visible(BANNER)
    assert kept(xa, key) is None
    xa.reload()
    assert not xa.is_visible(BANNER) and xa.input_value(num) == ""

    # Sent: the report's page drops the copy.
    xa.fill(num, "8")
    xa.fill(f"input[name='{plan.ratio.pk}-denominator']", "10")
    xa.fill(f"input[name='{plan.count.pk}-count']", "1")
    xa.select_option(f"select[name='{plan.yes.pk}-boolean']", "1")
    xa.click("[data-testid=submit]")
    xa.wait_for_load_state()
    assert Report.objects.get(expected=expected).status == ReportStatus.SUBMITTED
    assert kept(xa, key) is None

    # Signing out on purpose clears this user's copies (a shared office computer).
    other = expected_for(plan, tree.commune, date(2024, 10, 1))
    xa.goto(live_server.url + f"/reports/due/{other.pk}/")
    xa.fill(num, "5")
    other_key = f"thidua.report.{commune_officer.pk}.{other.pk}"
    xa.wait_for_function("k => localStorage.getItem(k) !== null", arg=other_key)
    with xa.expect_navigation():
        xa.evaluate("document.querySelector('form[data-logout]').requestSubmit()")
    assert kept(xa, other_key) is None
    context.close()
