"""Reminding the units whose reports are overdue, from the missing-reports page: what
province staff did by phone. Only the officers who fill an overdue report hear it, once
a day per report; a unit that reported, or is not yet due, hears nothing.
"""

from datetime import date

import pytest
from django.urls import reverse
from lxml import html as lxml_html

from notifications.models import Notification
from reports import services

from .helpers import SEPT, expected_for, submit

pytestmark = pytest.mark.django_db

MISSING = reverse("reports:missing")
NUDGE = reverse("reports:missing_nudge")


def said(response):  # type: ignore[no-untyped-def]
    return [str(m) for m in response.context["messages"]]


def test_overdue_units_are_reminded_once_a_day(
    tree, plan, commune_officer, other_commune, province_staff, client_for
):
    submit(plan, tree.commune, commune_officer)  # An Bình sent September
    client = client_for(province_staff)
    params = {"campaign": plan.campaign.pk, "period": SEPT.isoformat()}
    page = lxml_html.fromstring(client.get(MISSING, params).content.decode())
    [form] = page.xpath("//form[@data-testid='nudge']")
    assert "Nhắc các đơn vị chưa gửi báo cáo quá hạn" in form.text_content()
    response = client.post(form.get("action"), follow=True)
    assert said(response) == ["Đã nhắc cán bộ của 1 báo cáo quá hạn (1 thông báo)."]
    assert response.redirect_chain[-1][0].startswith(MISSING + "?")
    [notice] = Notification.objects.all()
    expected = expected_for(plan, tree.other_commune)
    assert notice.user_id == other_commune.pk
    assert notice.title == (
        f"Đề nghị gửi báo cáo: Xã Hòa Lạc – Tháng 9/2024 ({plan.campaign.reference})"
    )
    assert notice.body == (
        f"Đã quá hạn từ ngày {expected.last_on_time:%d/%m/%Y}. "
        "Công an tỉnh Thử Nghiệm đề nghị đơn vị gửi báo cáo ngay."
    )
    assert notice.url == reverse("reports:report_edit", args=[expected.pk])
    # The same day again: nobody is reminded twice.
    response = client.post(form.get("action"), follow=True)
    assert said(response) == [
        "Không có ai cần nhắc: không có báo cáo quá hạn, hoặc đã nhắc trong hôm nay."
    ]
    assert Notification.objects.count() == 1
    assert not Notification.objects.filter(user=commune_officer).exists()


def test_a_report_not_yet_due_is_not_nudged(tree, plan, province_staff, other_commune):
    expected = expected_for(plan, tree.other_commune)
    expected.last_on_time = date(2999, 1, 1)
    assert services.missing_nudge([expected], province_staff) == (0, 0)
    assert not Notification.objects.exists()


def test_only_reviewers_remind_and_only_in_their_area(
    tree, plan, commune_officer, leader, client_for
):
    params = f"?campaign={plan.campaign.pk}"
    # A leader sees the list but does not chase (no button, 403 on the post).
    page = client_for(leader).get(MISSING + params).content.decode()
    assert 'data-testid="nudge"' not in page
    assert client_for(leader).post(NUDGE + params).status_code == 403
    assert client_for(commune_officer).post(NUDGE + params).status_code == 403
    assert client_for(leader).get(NUDGE + params).status_code == 405
    assert not Notification.objects.exists()


def test_another_provinces_staff_cannot_remind_this_area(tree, plan, client_for):
    from accounts.models import RoleCode
    from tests.conftest import make_user

    far = make_user("far-staff", tree.far_org, RoleCode.PROVINCE_STAFF)
    response = client_for(far).post(NUDGE + f"?campaign={plan.campaign.pk}&unit={tree.province.pk}")
    assert response.status_code == 404
    assert not Notification.objects.exists()
