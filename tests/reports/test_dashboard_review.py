"""The province dashboard and its drill-downs after the user review: periods that never
mix frequencies, ranks that survive a search and skip units with nothing judged, headings
that say what they count, breakdown rows that add up, count indicators shown as counts,
a readable phone layout, the distribution against its targets, days overdue of ended
units, the trend with one period, and the missing-reports page.

The ``plan`` (tests/reports/conftest.py) runs 19/8/2024–19/8/2025 with phases Đợt 1
(19/8/2024–3/2/2025) and Đợt 2 (4/2/2025–19/8/2025) and three monthly commune
indicators R (ratio ≥ 80%), C (count ≥ 1, share of units) and B (yes/no, all units), for
phường An Bình and xã Hòa Lạc (huyện Sông Lam).
"""

import json
import re
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lxml import html as lxml_html
from openpyxl import load_workbook

from campaigns.models import Classification, Comparator, DistributionTarget, Frequency
from orgunits.models import AdminLevel, AdminUnit, OrganisationKind
from reports import cache as dashboard_cache
from reports import selectors, services
from reports.models import ExpectedReport
from reports.views import dashboards
from tests.conftest import make_org, make_unit
from tests.factories import IndicatorFactory

from .helpers import SEPT, accept, submit

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DASHBOARD = "reports:dashboard"


def sheet(client, name, params):  # type: ignore[no-untyped-def]
    """(header, rows) of an Excel export."""
    response = client.get(reverse(name), params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    return list(rows[2]), [list(r) for r in rows[3:]]


def cell(header, row, heading):  # type: ignore[no-untyped-def]
    return row[header.index(heading)]


def row_of(rows, first):  # type: ignore[no-untyped-def]
    [row] = [r for r in rows if r[0] == first]
    return row


def page(client, name, params):  # type: ignore[no-untyped-def]
    response = client.get(reverse(name), params)
    assert response.status_code == 200
    return lxml_html.fromstring(response.content.decode())


def texts(doc, xpath):  # type: ignore[no-untyped-def]
    return [" ".join(e.text_content().split()) for e in doc.xpath(xpath)]


def third_commune(tree, plan, name="Phú Mỹ", code="T-C3"):  # type: ignore[no-untyped-def]
    unit = make_unit(tree.district, code, name, "xã", AdminLevel.COMMUNE)
    services.expected_reports_generate(plan.campaign)
    return unit


# 1. A month never mixes in a per-phase report starting the same day --------------------


def test_a_month_counts_its_monthly_reports_and_a_phase_says_what_it_counts(
    tree, plan, admin_user, province_staff, client_for
):
    IndicatorFactory(
        campaign=plan.campaign,
        code="P",
        order=4,
        name="Mô hình được biểu dương trong đợt",
        kind="count",
        comparator=Comparator.GTE,
        target_value=Decimal(1),
        aggregation="share_meeting",
        applies_to=["commune"],
        frequency=Frequency.PHASE,
    )
    services.expected_reports_generate(plan.campaign)
    # February 2025 starts in phase 1 (ends 3/2) but ends in phase 2: it counts there.
    accept(submit(plan, tree.commune, admin_user, start=date(2025, 2, 1), num=5), admin_user)
    client = client_for(province_staff)
    pk = plan.campaign.pk
    august = {"campaign": pk, "period": "2024-08-19"}  # phase 1 starts the same day

    header, rows = sheet(client, DASHBOARD, {**august, "export": "completeness"})
    assert cell(header, row_of(rows, "Xã"), "Phải nộp") == 2  # two communes, one month
    _h, rows = sheet(client, DASHBOARD, {**august, "export": "indicators"})
    assert [r[0].split()[0] for r in rows] == ["R", "C", "B"]  # no per-phase indicator
    doc = page(client, DASHBOARD, august)
    assert "Chỉ tính báo cáo hằng tháng của kỳ này." in doc.text_content()

    phase1 = plan.campaign.phases.get(name="Đợt 1")
    phase2 = plan.campaign.phases.get(name="Đợt 2")
    p1 = {"campaign": pk, "phase": phase1.pk}
    header, rows = sheet(client, DASHBOARD, {**p1, "export": "completeness"})
    # Months ending in phase 1 (August 2024 – January 2025) and the phase's own report.
    assert cell(header, row_of(rows, "Xã"), "Phải nộp") == 2 * (6 + 1)
    doc = page(client, DASHBOARD, p1)
    assert (
        "Gồm: báo cáo hằng tháng từ Tháng 8/2024 đến Tháng 1/2025; báo cáo theo đợt."
        in " ".join(doc.text_content().split())
    )
    header, rows = sheet(client, DASHBOARD, {**p1, "export": "indicators"})
    assert cell(header, rows[0], "Tử số") in ("", None)  # February is not in phase 1
    p2 = {"campaign": pk, "phase": phase2.pk}
    header, rows = sheet(client, DASHBOARD, {**p2, "export": "completeness"})
    assert cell(header, row_of(rows, "Xã"), "Phải nộp") == 2 * (7 + 1)
    header, rows = sheet(client, DASHBOARD, {**p2, "export": "indicators"})
    assert (cell(header, rows[0], "Tử số"), cell(header, rows[0], "Mẫu số")) == (5, 10)
    # A date that starts no period of the campaign is not a period.
    assert (
        client.get(reverse(DASHBOARD), {"campaign": pk, "period": "2024-09-02"}).status_code == 404
    )


# 2 and 3. Ranks: computed over the whole area, only for units with something judged ----


def test_a_search_keeps_the_rank_in_the_whole_list(
    tree, plan, admin_user, province_staff, client_for
):
    phu_my = third_commune(tree, plan)
    for unit, kw in (
        (tree.commune, {"num": 9, "den": 10, "count": 1, "yes": True}),  # 3 of 3 met
        (tree.other_commune, {"num": 5, "den": 10, "count": 1, "yes": True}),  # 2 of 3
        (phu_my, {"num": 5, "den": 10, "count": 0, "yes": False}),  # 0 of 3
    ):
        accept(submit(plan, unit, admin_user, **kw), admin_user)
    client = client_for(province_staff)
    params = {"campaign": plan.campaign.pk, "q": "phu my"}
    doc = page(client, "reports:ranking", params)
    assert texts(doc, "//*[@data-testid='ranking-table']//tbody/tr/td[1]") == ["3"]
    header, rows = sheet(client, "reports:ranking", {**params, "export": "xlsx"})
    assert [(cell(header, r, "Hạng"), cell(header, r, "Đơn vị")) for r in rows] == [
        (3, "Xã Phú Mỹ")
    ]
    # Accent-blind, and the htmx fragment too.
    response = client.get(
        reverse("reports:ranking"), {**params, "q": "Phú Mỹ"}, HTTP_HX_REQUEST="true"
    )
    assert re.search(r'data-testid="rank">3<', response.content.decode())


def test_units_with_nothing_judged_are_listed_last_without_a_rank(
    tree, plan, admin_user, province_staff, client_for
):
    third_commune(tree, plan)
    with time_machine.travel(datetime(2024, 10, 3, 9, 0, tzinfo=VN)):
        accept(submit(plan, tree.commune, admin_user), admin_user)
    with time_machine.travel(datetime(2024, 10, 9, 9, 0, tzinfo=VN)):
        submit(plan, tree.other_commune, admin_user)  # late, and not accepted yet
    client = client_for(province_staff)
    params = {"campaign": plan.campaign.pk, "period": SEPT.isoformat()}
    header, rows = sheet(client, "reports:ranking", {**params, "export": "xlsx"})
    got = [(cell(header, r, "Hạng"), cell(header, r, "Đơn vị")) for r in rows]
    assert got == [(1, "Phường An Bình"), (None, "Xã Hòa Lạc"), (None, "Xã Phú Mỹ")]
    doc = page(client, "reports:ranking", params)
    ranks = texts(doc, "//*[@data-testid='ranking-table']//tbody/tr/td[1]")
    shares = texts(doc, "//*[@data-testid='ranking-table']//tbody/tr/td[3]")
    timeliness = texts(doc, "//*[@data-testid='ranking-table']//tbody/tr/td[4]")
    assert ranks == ["1", "", ""]
    assert shares[1:] == ["—", "—"]
    # Sent late and sent nothing are both 0% on time, but say which.
    assert "1 trễ hạn" in timeliness[1] and "chưa nhận" not in timeliness[1]
    assert "1 báo cáo chưa nhận" in timeliness[2]
    # The dashboard's panel ranks the one unit and says why the others are not ranked.
    doc = page(client, DASHBOARD, params)
    assert texts(doc, "//*[@data-testid='ranking']//*[@data-testid='rank']") == ["1."]
    assert texts(doc, "//*[@data-testid='unranked']") == [
        "2 đơn vị chưa có số liệu được duyệt nên chưa xếp hạng."
    ]
    assert selectors.unit_ranking(plan.campaign, tree.district, "commune")[-1].rank is None


# 4. A heading says what it counts ----------------------------------------------------------


def test_a_units_timeliness_is_never_two_figures_under_one_heading(
    tree, plan, admin_user, province_staff, client_for
):
    IndicatorFactory(
        campaign=plan.campaign,
        code="T",
        order=5,
        kind="count",
        comparator=Comparator.GTE,
        target_value=Decimal(1),
        aggregation="share_meeting",
        applies_to=["security_team"],
    )
    services.expected_reports_generate(plan.campaign)
    with time_machine.travel(datetime(2024, 10, 3, 9, 0, tzinfo=VN)):
        accept(submit(plan, tree.commune, admin_user), admin_user)
    # The ward's security team has not reported: An Bình's area is 1 of 2 on time.
    client = client_for(province_staff)
    params = {"campaign": plan.campaign.pk, "unit": tree.district.pk, "period": SEPT.isoformat()}
    doc = page(client, DASHBOARD, params)
    by_child = doc.xpath("//*[@data-testid='by-child']")[0]
    dash_heading = texts(by_child, ".//thead//th[3]")[0]
    [dash_value] = [
        texts(tr, "./td[3]")[0]
        for tr in by_child.xpath(".//tbody/tr")
        if "Phường An Bình" in tr.text_content()
    ]
    doc = page(client, "reports:ranking", params)
    table = doc.xpath("//*[@data-testid='ranking-table']")[0]
    rank_heading = texts(table, ".//thead//th[4]")[0]
    [rank_value] = [
        texts(tr, "./td[4]")[0].split()[0]
        for tr in table.xpath(".//tbody/tr")
        if "Phường An Bình" in tr.text_content()
    ]
    assert (dash_value, rank_value) == ("50,0%", "100,0%")
    assert dash_heading == "Đúng hạn (tất cả các cấp)"
    assert rank_heading == "Đúng hạn (báo cáo của chính đơn vị)"
    # One level down, the ward's own row carries the ranking's figure.
    doc = page(client, DASHBOARD, {**params, "unit": tree.commune.pk})
    assert texts(doc, "//*[@data-testid='by-child-direct']/td[3]") == ["100,0%"]


# 5. The breakdown rows add up to the totals -------------------------------------------


def test_breakdown_rows_add_up_with_the_reports_owed_at_the_root(
    tree, plan, admin_user, province_staff, client_for
):
    agency_ind = IndicatorFactory(campaign=plan.campaign, code="A", order=6, applies_to=["agency"])
    department = make_org(
        "T-SNV", "Sở Nội vụ tỉnh Thử Nghiệm", OrganisationKind.DEPARTMENT, tree.province
    )
    services.expected_reports_generate(plan.campaign)
    expected = ExpectedReport.objects.get(
        campaign=plan.campaign, organisation=department, period_start=SEPT
    )
    services.report_save(
        expected,
        user=admin_user,
        version=0,
        narrative="",
        values={agency_ind.pk: {"numerator": 9, "denominator": 10}},
        submit=True,
    )
    submit(plan, tree.commune, admin_user)
    for start, end in ((SEPT, SEPT), (None, None)):
        levels = selectors.completeness_by_level(plan.campaign, tree.province, start, end)
        children = selectors.completeness_by_child(plan.campaign, tree.province, start, end)
        for figure in ("expected", "received", "on_time"):
            assert sum(getattr(r, figure) for r in children) == sum(
                getattr(r, figure) for r in levels
            ), figure
        assert [r.direct for r in children] == [False, True]
    client = client_for(province_staff)
    doc = page(client, DASHBOARD, {"campaign": plan.campaign.pk, "period": SEPT.isoformat()})
    direct = texts(doc, "//*[@data-testid='by-child-direct']/td[1]")[0]
    assert direct.startswith("Tỉnh Thử Nghiệm (trực tiếp)")
    header, rows = sheet(
        client,
        DASHBOARD,
        {"campaign": plan.campaign.pk, "period": SEPT.isoformat(), "export": "completeness"},
    )
    units = [r for r in rows if r[1] != r[0]]  # level rows name themselves
    levels = [r for r in rows if r[1] == r[0]]
    for heading in ("Phải nộp", "Đã nhận", "Đúng hạn"):
        assert sum(cell(header, r, heading) for r in units) == sum(
            cell(header, r, heading) for r in levels
        )


# 6. A count indicator shows its count; the headings say which figure is which -----------


def test_count_indicators_show_the_summed_count_beside_the_reports_meeting_it(
    tree, plan, admin_user, province_staff, client_for
):
    plan.count.unit_label = "mô hình"
    plan.count.save()
    accept(submit(plan, tree.commune, admin_user, count=2), admin_user)
    accept(submit(plan, tree.other_commune, admin_user, count=0, num=9), admin_user)
    client = client_for(province_staff)
    params = {"campaign": plan.campaign.pk, "period": SEPT.isoformat()}
    doc = page(client, DASHBOARD, params)
    table = doc.xpath("//*[@data-testid='indicators']")[0]
    headings = texts(table, ".//thead//th")
    assert len(set(headings)) == len(headings)
    [count_row] = [
        tr for tr in table.xpath(".//tbody/tr") if "Mô hình hiệu quả" in tr.text_content()
    ]
    cells = texts(count_row, "./td")
    assert cells[headings.index("Kết quả")] == "2 mô hình"  # 2 + 0 units' models
    assert cells[headings.index("Số báo cáo đạt chỉ tiêu")] == "1/2 (50,0%)"
    assert cells[headings.index("Đánh giá")] == "Chưa đạt"
    header, rows = sheet(client, DASHBOARD, {**params, "export": "indicators"})
    assert len(set(header)) == len(header)  # no two columns headed "Đạt"
    count = row_of(rows, "C Mô hình hiệu quả")
    assert cell(header, count, "Tổng số lượng") == 2
    assert cell(header, count, "Số báo cáo đạt chỉ tiêu") == 1
    assert cell(header, count, "Tỷ lệ báo cáo đạt chỉ tiêu (%)") == 50
    assert cell(header, count, "Đạt chỉ tiêu (toàn địa bàn)") == "Không"
    ratio = row_of(rows, f"R {plan.ratio.name}")
    assert (cell(header, ratio, "Tử số"), cell(header, ratio, "Tỷ lệ (%)")) == (17, 85)


# 7. Phone layout ------------------------------------------------------------------------

LONG_NAME = (
    "Vụ việc được huy động có lực lượng có mặt kịp thời tham gia phòng cháy, chữa cháy, "
    "cứu nạn, cứu hộ"
)


def test_indicator_names_are_never_cut(tree, plan, province_staff, client_for):
    plan.ratio.name = LONG_NAME
    plan.ratio.save()
    doc = page(client_for(province_staff), DASHBOARD, {"campaign": plan.campaign.pk})
    for testid in ("indicators", "indicators-stacked"):
        assert LONG_NAME in " ".join(
            doc.xpath(f"//*[@data-testid='{testid}']")[0].text_content().split()
        )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_indicators_are_readable_on_a_phone_and_a_table_on_a_desktop(
    browser, live_server, tree, plan, province_staff
):
    from tests.conftest import PASSWORD

    plan.ratio.name = LONG_NAME
    plan.ratio.save()
    url = live_server.url + f"/reports/dashboard/?campaign={plan.campaign.pk}"
    for width, height in ((390, 844), (1366, 900)):
        context = browser.new_context(viewport={"width": width, "height": height})
        tab = context.new_page()
        tab.goto(live_server.url + "/accounts/login/")
        tab.fill("input[name=username]", province_staff.username)
        tab.fill("input[name=password]", PASSWORD)
        tab.click("button[type=submit]")
        tab.wait_for_load_state()
        tab.goto(url)
        stacked = tab.locator("[data-testid=indicators-stacked]")
        table = tab.locator("[data-testid=indicators]")
        if width < 768:
            assert stacked.is_visible() and not table.is_visible()
            name = stacked.locator("li", has_text="cứu nạn, cứu hộ").first.locator("div").first
            box = name.bounding_box()
            assert box is not None and box["width"] >= 300  # the whole width, not ~100 px
            # No horizontal scrolling of the page.
            assert tab.evaluate("document.documentElement.scrollWidth") <= width
        else:
            assert table.is_visible() and not stacked.is_visible()
        context.close()


# 8. The distribution against its targets ----------------------------------------------


def test_distribution_hides_an_empty_target_column_and_never_fails_on_nothing(
    tree, plan, admin_user, province_staff, client_for
):
    client = client_for(province_staff)
    params = {"campaign": plan.campaign.pk}
    for name in (DASHBOARD, "reports:assessments"):
        doc = page(client, name, params)
        headings = texts(doc, "//*[@data-testid='distribution']//thead//th")
        assert "Chỉ tiêu đề ra" not in headings, name
    for order, (cls, or_better, share) in enumerate(
        ((Classification.AVERAGE, True, 80), (Classification.EXCELLENT, False, 30))
    ):
        DistributionTarget.objects.create(
            campaign=plan.campaign,
            order=order,
            classification=cls,
            or_better=or_better,
            min_share=Decimal(share),
        )
    dashboard_cache.bump(plan.campaign)
    for name in (DASHBOARD, "reports:assessments"):
        doc = page(client, name, params)
        table = doc.xpath("//*[@data-testid='distribution']")[0]
        assert "Chỉ tiêu đề ra" in texts(table, ".//thead//th")
        targets = texts(table, ".//*[@data-testid='distribution-target']")
        assert targets[0] == "≥ 30% Xuất sắc chưa có đánh giá"
        assert targets[2] == "≥ 80% Trung bình trở lên chưa có đánh giá"
        assert not table.xpath(".//*[contains(@class, 'text-bg-danger')]")
    services.assessment_enter(
        plan.campaign,
        tree.commune,
        2025,
        user=admin_user,
        classification=Classification.GOOD,
        safe_recognised=False,
    )
    doc = page(client, "reports:assessments", params)
    targets = texts(doc, "//*[@data-testid='distribution-target']")
    assert (targets[0], targets[2]) == (
        "≥ 30% Xuất sắc Chưa đạt",
        "≥ 80% Trung bình trở lên Đạt",
    )


# 9. Days overdue of a unit that ceased to exist ----------------------------------------


def test_days_overdue_stop_at_the_units_last_day(tree, plan, province_staff, client_for):
    AdminUnit.objects.filter(pk=tree.other_commune.pk).update(valid_to=date(2024, 12, 31))
    client = client_for(province_staff)
    params = {"campaign": plan.campaign.pk, "period": SEPT.isoformat(), "export": "xlsx"}
    with time_machine.travel(datetime(2025, 3, 1, 9, 0, tzinfo=VN)):
        header, rows = sheet(client, "reports:missing", params)
        page_doc = page(
            client, "reports:missing", {k: v for k, v in params.items() if k != "export"}
        )
    days = {r[0]: cell(header, r, "Số ngày quá hạn") for r in rows}
    # Due 5/10/2024: to 1/3/2025 for An Bình, to 31/12/2024 for the dissolved Hòa Lạc.
    assert days == {"Phường An Bình": 147, "Xã Hòa Lạc": 87}
    assert cell(header, row_of(rows, "Xã Hòa Lạc"), "Tính đến ngày") == "31/12/2024"
    assert texts(page_doc, "//*[@data-testid='days-overdue']") == ["147", "87"]


# 10. The trend with one period; only periods with expected reports are offered ---------


def _period_options(doc):  # type: ignore[no-untyped-def]
    return texts(doc, "//select[@id='f-period']/option")[1:]


def test_only_periods_with_expected_reports_are_offered(tree, plan, province_staff, client_for):
    client = client_for(province_staff)
    params = {"campaign": plan.campaign.pk}
    # The communes ended on 30/6/2025: nothing is due for July and August.
    ExpectedReport.objects.filter(
        campaign=plan.campaign, period_start__gte=date(2025, 7, 1)
    ).delete()
    dashboard_cache.bump(plan.campaign)
    options = _period_options(page(client, DASHBOARD, params))
    assert options[-1] == "Tháng 6/2025" and "Tháng 7/2025" not in options
    assert len(options) == 11


def test_a_single_period_is_charted_as_bars(tree, plan, admin_user, province_staff, client_for):
    # One period left (as in a yearly campaign): no line through a single point.
    client = client_for(province_staff)
    params = {"campaign": plan.campaign.pk}
    ExpectedReport.objects.filter(campaign=plan.campaign).exclude(period_start=SEPT).delete()
    accept(submit(plan, tree.commune, admin_user, num=9, den=10), admin_user)
    doc = page(client, DASHBOARD, params)
    assert _period_options(doc) == ["Tháng 9/2024"]
    assert texts(doc, "//select[@id='f-phase']/option")[1:] == ["Đợt 1"]
    chart = json.loads(doc.xpath("//script[@id='trend-data']")[0].text)
    assert chart["type"] == "bar" and chart["labels"] == ["Tháng 9/2024"]
    assert chart["datasets"][0]["data"] == [90.0]
    assert "Chỉ có một kỳ báo cáo (Tháng 9/2024)" in texts(doc, "//*[@data-testid='trend-note']")[0]


# 11. The missing-reports page ----------------------------------------------------------


def test_late_reports_show_when_they_were_sent(tree, plan, admin_user, province_staff, client_for):
    with time_machine.travel(datetime(2024, 10, 8, 10, 30, tzinfo=VN)):
        submit(plan, tree.other_commune, admin_user)
    client = client_for(province_staff)
    params = {"campaign": plan.campaign.pk, "period": SEPT.isoformat(), "late": "1"}
    doc = page(client, "reports:missing", params)
    assert texts(doc, "//h1") == ["Báo cáo trễ hạn"]
    assert texts(doc, "//*[@data-testid='sent']") == ["08/10/2024 10:30"]
    assert texts(doc, "//*[@data-testid='days-late']") == ["trễ 3 ngày"]
    header, rows = sheet(client, "reports:missing", {**params, "export": "xlsx"})
    assert (cell(header, rows[0], "Ngày gửi"), cell(header, rows[0], "Số ngày trễ")) == (
        "08/10/2024 10:30",
        3,
    )
    # Ticking the box through htmx swaps the heading and the export link too.
    response = client.get(reverse("reports:missing"), params, HTTP_HX_REQUEST="true")
    fragment = response.content.decode()
    assert re.search(r'id="missing-heading" hx-swap-oob="true">Báo cáo trễ hạn', fragment)
    assert re.search(r'id="missing-export" href="\?[^"]*late=1[^"]*&export=xlsx"', fragment)


@pytest.mark.parametrize("name", ["reports:missing", "reports:ranking"])
def test_the_back_button_names_the_page_it_returns_to(tree, plan, province_staff, client_for, name):
    doc = page(client_for(province_staff), name, {"campaign": plan.campaign.pk, "q": "x"})
    [back] = doc.xpath("//*[@data-testid='back']")
    assert " ".join(back.text_content().split()) == "← Tổng hợp báo cáo"
    assert "q=" not in back.get("href")


def test_missing_pages_say_how_many_with_a_bounded_count(
    tree, plan, province_staff, client_for, monkeypatch
):
    monkeypatch.setattr(dashboards, "PAGE_SIZE", 20)
    client = client_for(province_staff)
    with CaptureQueriesContext(connection) as ctx:
        doc = page(client, "reports:missing", {"campaign": plan.campaign.pk})
    assert texts(doc, "//*[@data-testid='page-number']") == ["Trang 1/2"]
    assert texts(doc, "//*[@data-testid='missing-count']") == ["26 báo cáo"]
    counts = [
        q["sql"]
        for q in ctx.captured_queries
        if "COUNT(" in q["sql"].upper() and "reports_expectedreport" in q["sql"]
    ]
    assert counts and all("LIMIT" in sql.upper() for sql in counts)
    monkeypatch.setattr(dashboards, "MISSING_COUNT_UP_TO", 25)
    doc = page(client, "reports:missing", {"campaign": plan.campaign.pk, "page": 2})
    assert texts(doc, "//*[@data-testid='page-number']") == ["Trang 2"]
    assert texts(doc, "//*[@data-testid='missing-count']") == ["Hơn 25 báo cáo"]


def test_search_ignores_accents_and_apostrophes(tree, plan, province_staff, client_for):
    third_commune(tree, plan, name="Đắk R'Moan", code="T-C4")
    client = client_for(province_staff)
    params = {"campaign": plan.campaign.pk, "period": SEPT.isoformat()}
    for q in ("dak rmoan", "Đắk R'Moan", "DAK R’MOAN", "rmoan"):
        doc = page(client, "reports:missing", {**params, "q": q})
        assert texts(doc, "//*[@data-testid='missing']//tbody/tr/td[1]") == ["Xã Đắk R'Moan"], q
        doc = page(client, "reports:ranking", {**params, "q": q})
        names = texts(doc, "//*[@data-testid='ranking-table']//tbody/tr/td[2]")
        assert names == ["Xã Đắk R'Moan"], q
