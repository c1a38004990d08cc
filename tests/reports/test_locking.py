"""Optimistic locking: a stale version gets a clear message and nothing is overwritten."""

from django.urls import reverse

from reports.models import Report

from .helpers import expected_for, form_data

CONFLICT = "Người khác đã lưu báo cáo này trong khi bạn đang sửa (hiện là phiên bản 2)."


def test_second_writer_with_a_stale_version_is_refused(
    tree, plan, commune_officer, client_for, django_user_model
):
    from accounts.models import RoleCode
    from tests.conftest import make_user

    colleague = make_user("colleague", tree.police, RoleCode.COMMUNE_OFFICER)
    expected = expected_for(plan, tree.commune)
    url = reverse("reports:report_edit", args=[expected.pk])
    first = client_for(commune_officer)
    assert first.post(url, form_data(plan, version=0, num="1", den="10")).status_code == 302
    # Both open the form at version 1.
    assert 'name="version" value="1"' in first.get(url).content.decode()
    first.post(url, form_data(plan, version=1, num="2", den="10"))
    from django.test import Client

    second = Client()
    second.force_login(colleague, backend="accounts.backends.ScopedModelBackend")
    response = second.post(url, form_data(plan, version=1, num="7", den="10", count="5"))
    assert response.status_code == 200
    body = response.content.decode()
    assert CONFLICT in body
    assert 'value="7"' in body  # what the second person typed is still on screen
    report = Report.objects.get(expected=expected)
    assert report.version == 2
    assert report.values.get(indicator=plan.ratio).numerator == 2
    assert report.values.get(indicator=plan.count).count == 1
