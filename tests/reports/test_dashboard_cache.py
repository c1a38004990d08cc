"""Dashboard speed-ups: cached figures that never go stale, values carrying the report's
status, pages without an exact count, and the bulk seeding command of the benchmark."""

from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports.models import ExpectedReport, IndicatorValue, Report, ReportStatus
from reports.views import dashboards, review

from .helpers import accept, submit

SEPT = date(2024, 9, 1)


def _sheet(client, url, params, export):  # type: ignore[no-untyped-def]
    """The rows of a dashboard export (it reads the same cached figures as the page)."""
    from io import BytesIO

    from openpyxl import load_workbook

    response = client.get(url, {**params, "export": export})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    return rows[3:]  # title, blank line, header


def _received(client, url, params):  # type: ignore[no-untyped-def]
    from io import BytesIO

    from openpyxl import load_workbook

    response = client.get(url, {**params, "export": "completeness"})
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    header = list(rows[2])
    [level] = [r for r in rows[3:] if r[0] == "Xã"]
    return level[header.index("Đã nhận")]


def _ratio(client, url, params):  # type: ignore[no-untyped-def]
    [row] = [r for r in _sheet(client, url, params, "indicators") if r[0].startswith("R ")]
    return row[2], row[3]  # numerator, denominator


def test_cached_figures_change_as_soon_as_a_report_does(
    tree, plan, admin_user, province_staff, client_for, settings
):
    settings.PAGE_CACHE = False  # the figures cache under the page cache, on its own
    client = client_for(province_staff)
    url = reverse("reports:dashboard")
    params = {"campaign": plan.campaign.pk, "period": SEPT.isoformat()}
    first = client.get(url, params)
    with CaptureQueriesContext(connection) as hit:
        again = client.get(url, params)
    n_hit = len(hit)  # now: the next request clears the log the context reads
    assert again.context["figures_html"] == first.context["figures_html"]
    assert _received(client, url, params) == 0
    report = submit(plan, tree.commune, admin_user)
    with CaptureQueriesContext(connection) as miss:
        after = client.get(url, params)
    n_miss = len(miss)
    assert after.context["figures_html"] != first.context["figures_html"]
    assert _received(client, url, params) == 1
    # Served from the cache, a request skips the rollup queries.
    assert n_hit < n_miss
    # Submitted, not yet accepted: no accepted value, so no parts (blank, as "—" on the page).
    assert _ratio(client, url, params) == (None, None)
    accept(report, province_staff)
    assert _ratio(client, url, params) == (8, 10)
    assert "80,0%" in client.get(url, params).content.decode()


def test_values_carry_their_campaign_and_the_report_status(tree, plan, admin_user, province_staff):
    from reports import services

    report = submit(plan, tree.commune, admin_user)
    values = IndicatorValue.objects.filter(report=report)
    assert values.count() == 3
    assert set(values.values_list("campaign_id", "status")) == {
        (plan.campaign.pk, ReportStatus.SUBMITTED)
    }
    services.report_transition(
        report, ReportStatus.RETURNED, user=province_staff, version=report.version, reason="Sai"
    )
    assert set(values.values_list("status", flat=True)) == {ReportStatus.RETURNED}
    report = submit(plan, tree.commune, admin_user)
    accept(report, province_staff)
    assert set(values.values_list("status", flat=True)) == {ReportStatus.ACCEPTED}


@pytest.mark.parametrize("name", ["reports:review_queue", "reports:missing"])
def test_long_lists_page_without_counting_the_table(
    tree, plan, admin_user, province_staff, client_for, monkeypatch, name
):
    # Each list reads the page size in its own module (review queue, missing reports).
    monkeypatch.setattr(review, "PAGE_SIZE", 2)
    monkeypatch.setattr(dashboards, "PAGE_SIZE", 2)
    for month in (9, 10, 11):
        submit(plan, tree.commune, admin_user, start=date(2024, month, 1))
    client = client_for(province_staff)
    url = reverse(name)
    params = {"campaign": plan.campaign.pk} if name == "reports:missing" else {}
    with CaptureQueriesContext(connection) as ctx:
        body = client.get(url, params).content.decode()
    # The missing reports count their rows, but only up to a bound (a LIMIT inside).
    counts = [q["sql"].upper() for q in ctx.captured_queries if "COUNT(*)" in q["sql"].upper()]
    assert all("LIMIT" in sql for sql in counts)
    assert len(counts) == (1 if name == "reports:missing" else 0)
    assert "page=2" in body and "Trang 1" in body
    second = client.get(url, {**params, "page": 2})
    page = second.context["page"]
    assert page.number == 2 and page.has_previous and len(page) >= 1
    # A page past the end shows the first one rather than an error.
    assert client.get(url, {**params, "page": 999}).context["page"].number == 1
    assert client.get(url, {**params, "page": "x"}).context["page"].number == 1


def test_seed_reports_fills_a_campaign_once(tree):
    call_command("seed_reports", root="T-VN", months=2, indicators=4, start="2025-07-01")
    expected = ExpectedReport.objects.filter(unit_path__startswith=tree.nation.path)
    # Two communes in the test tree, two months.
    assert expected.count() == 4
    reports = Report.objects.filter(expected__in=expected)
    values = IndicatorValue.objects.filter(report__in=reports)
    assert values.count() == 4 * reports.count()
    for value in values.select_related("report"):
        assert value.status == value.report.status
        assert value.unit_path == value.report.unit_path
    counts = (expected.count(), reports.count(), values.count())
    call_command("seed_reports", root="T-VN", months=2, indicators=4, start="2025-07-01")
    assert (expected.count(), reports.count(), values.count()) == counts


def test_a_lost_version_never_brings_back_old_figures(plan):
    from django.core.cache import cache

    from reports import cache as dashboard_cache

    campaign = plan.campaign
    assert dashboard_cache.cached(campaign, ("x",), lambda: "old") == "old"
    assert dashboard_cache.cached(campaign, ("x",), lambda: "again") == "old"
    cache.delete(dashboard_cache._version_key(campaign))  # evicted, or Redis restarted
    assert dashboard_cache.cached(campaign, ("x",), lambda: "new") == "new"
