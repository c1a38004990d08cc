"""Dashboards: content, roles, drill-down scope, Excel exports, constant query counts."""

import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from orgunits.models import AdminLevel
from tests.conftest import make_unit

from .helpers import accept, submit


def add_communes(tree, plan, admin_user, n, start=0):  # type: ignore[no-untyped-def]
    from reports import services

    units = [
        make_unit(tree.district, f"T-X{start + i}", f"Xã {start + i}", "xã", AdminLevel.COMMUNE)
        for i in range(n)
    ]
    services.expected_reports_generate(plan.campaign)
    for unit in units:
        for month in (9, 10):
            accept(submit(plan, unit, admin_user, start=date(2024, month, 1)), admin_user)
    return units


def count_queries(client, url, params=None):  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "name", ["reports:dashboard", "reports:missing", "reports:ranking", "reports:assessments"]
)
def test_dashboard_pages_have_constant_query_counts(
    tree, plan, admin_user, province_staff, client_for, django_assert_num_queries, name, settings
):
    # Every figure computed on each request: the cache would hide the count.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    add_communes(tree, plan, admin_user, 2)
    client = client_for(province_staff)
    url = reverse(name)
    params = {"campaign": plan.campaign.pk}
    count_queries(client, url, params)  # warm caches (sessions, content types)
    small = count_queries(client, url, params)
    add_communes(tree, plan, admin_user, 8, start=10)
    with django_assert_num_queries(small):
        client.get(url, params)
    with django_assert_num_queries(small):
        client.get(url, {**params, "period": "2024-09-01"})


def test_commune_pages_have_constant_query_counts(
    tree, plan, commune_officer, province_staff, client_for, django_assert_num_queries
):
    client = client_for(commune_officer)
    count_queries(client, reverse("reports:my_reports"))
    small = count_queries(client, reverse("reports:my_reports"))
    for month in (9, 10, 11):
        r = submit(plan, tree.commune, commune_officer, start=date(2024, month, 1))
        accept(r, province_staff)
    with django_assert_num_queries(small):
        client.get(reverse("reports:my_reports"))
    staff = client_for(province_staff)
    submit(plan, tree.commune, commune_officer, start=date(2025, 1, 1))
    other_officer = tree_officer(tree)  # before counting: a new user reloads the cached ones
    count_queries(staff, reverse("reports:review_queue"))
    small = count_queries(staff, reverse("reports:review_queue"))
    for month in (12,):
        submit(plan, tree.commune, commune_officer, start=date(2024, month, 1))
        submit(plan, tree.other_commune, other_officer, start=date(2024, month, 1))
    with django_assert_num_queries(small):
        staff.get(reverse("reports:review_queue"))


def tree_officer(tree):  # type: ignore[no-untyped-def]
    from accounts.models import RoleCode
    from tests.conftest import make_user

    return make_user("hoalac", tree.other_police, RoleCode.COMMUNE_OFFICER)


def test_dashboard_shows_figures_and_drills_down(
    tree, plan, admin_user, province_staff, client_for
):
    accept(submit(plan, tree.commune, admin_user, num=9, den=10), admin_user)
    client = client_for(province_staff)
    body = client.get(reverse("reports:dashboard"), {"campaign": plan.campaign.pk}).content.decode()
    assert "Tỷ lệ báo cáo và đúng hạn" in body
    assert "Huyện Sông Lam" in body
    assert "Tỷ lệ nguồn tin do Nhân dân cung cấp" in body
    assert "9/10" in body
    assert "chartjs/chart.umd.min.js" in body
    assert 'id="trend-data"' in body
    # Drill into the district.
    body = client.get(
        reverse("reports:dashboard"), {"campaign": plan.campaign.pk, "unit": tree.district.pk}
    ).content.decode()
    assert "Phường An Bình" in body


def test_dashboard_scope_and_roles(tree, plan, province_staff, commune_officer, client_for):
    client = client_for(province_staff)
    response = client.get(
        reverse("reports:dashboard"),
        {"campaign": plan.campaign.pk, "unit": tree.other_province.pk},
    )
    assert response.status_code == 404
    assert client_for(commune_officer).get(reverse("reports:dashboard")).status_code == 403


@pytest.mark.parametrize(
    ("name", "export", "header"),
    [
        ("reports:dashboard", "completeness", "Cấp hoặc đơn vị"),
        ("reports:dashboard", "indicators", "Chỉ tiêu"),
        ("reports:missing", "xlsx", "Đơn vị"),
        ("reports:ranking", "xlsx", "Hạng"),
        ("reports:assessments", "xlsx", "Đơn vị"),
        ("reports:review_queue", "xlsx", "Đơn vị"),
    ],
)
def test_every_table_exports_to_excel(
    tree, plan, admin_user, province_staff, client_for, name, export, header
):
    from campaigns.models import Classification
    from reports import services

    submit(plan, tree.other_commune, admin_user)
    accept(submit(plan, tree.commune, admin_user), admin_user)
    services.assessment_enter(
        plan.campaign,
        tree.commune,
        2025,
        user=admin_user,
        classification=Classification.GOOD,
        safe_recognised=True,
    )
    response = client_for(province_staff).get(
        reverse(name), {"campaign": plan.campaign.pk, "export": export}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws.cell(row=3, column=1).value == header or header in [c.value for c in ws[3]]
    assert ws.max_row >= 4
