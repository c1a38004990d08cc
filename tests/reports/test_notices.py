"""In-app notices of a review: the unit's officers hear that their report was returned
(with the reason), reopened or accepted; the reviewer who returned it hears when it is
sent again; a first submission notifies nobody; nobody outside the unit hears anything.
"""

import pytest
from django.urls import reverse

from accounts.models import RoleCode
from notifications.models import Notification
from notifications.services import notify
from reports import services
from reports.models import ReportStatus
from tests.conftest import make_user

from .helpers import accept, expected_for, submit, values

pytestmark = pytest.mark.django_db

RETURN_REASON = "Tỷ lệ nguồn tin chưa khớp với sổ theo dõi"


def inbox(user):  # type: ignore[no-untyped-def]
    return list(Notification.objects.filter(user=user).order_by("pk"))


def transition(report, target, user, reason=""):  # type: ignore[no-untyped-def]
    return services.report_transition(
        report, target, user=user, version=report.version, reason=reason
    )


def test_a_return_reaches_the_units_officers_with_the_reason(
    tree, plan, commune_officer, other_commune, province_staff
):
    colleague = make_user("xa-b", tree.police, RoleCode.COMMUNE_OFFICER)
    gone = make_user("xa-c", tree.police, RoleCode.COMMUNE_OFFICER, is_active=False)
    report = submit(plan, tree.commune, commune_officer)
    assert Notification.objects.count() == 0  # a first submission notifies nobody
    transition(report, ReportStatus.RETURNED, province_staff, RETURN_REASON)

    expected = expected_for(plan, tree.commune)
    for officer in (commune_officer, colleague):
        [n] = inbox(officer)
        assert n.title == (
            f"Báo cáo bị trả lại: Phường An Bình – {expected.label} ({plan.campaign.reference})"
        )
        assert n.body == f"Lý do: {RETURN_REASON}"
        assert n.url == reverse("reports:report_edit", args=[expected.pk])
        assert n.read_at is None
    assert inbox(gone) == [] and inbox(other_commune) == [] and inbox(province_staff) == []


def test_sent_again_reaches_the_reviewer_then_acceptance_reaches_the_unit(
    tree, plan, commune_officer, province_staff
):
    report = submit(plan, tree.commune, commune_officer)
    report = transition(report, ReportStatus.RETURNED, province_staff, RETURN_REASON)
    report = services.report_save(
        report.expected,
        user=commune_officer,
        version=report.version,
        narrative="Đã đối chiếu sổ theo dõi",
        values=values(plan, num=9),
        submit=True,
    )
    [back] = inbox(province_staff)
    assert back.title.startswith("Báo cáo được gửi lại: Phường An Bình")
    assert back.url == reverse("reports:report_detail", args=[report.pk])
    # A draft saved in between tells nobody; only the sending does.
    accept(report, province_staff)
    accepted = inbox(commune_officer)[-1]
    assert accepted.title.startswith("Báo cáo đã được duyệt: Phường An Bình")
    assert accepted.body == "Đơn vị duyệt: Công an tỉnh Thử Nghiệm."
    assert accepted.url == reverse("reports:report_detail", args=[report.pk])
    assert len(inbox(province_staff)) == 1


def test_a_reopening_reaches_the_unit_and_a_draft_save_notifies_nobody(
    tree, plan, commune_officer, province_staff
):
    report = accept(submit(plan, tree.commune, commune_officer), province_staff)
    Notification.objects.all().delete()
    report = transition(report, ReportStatus.REOPENED, province_staff, "Bổ sung số liệu tháng 9")
    [n] = inbox(commune_officer)
    assert n.title.startswith("Báo cáo được mở lại: Phường An Bình")
    assert n.body == "Lý do: Bổ sung số liệu tháng 9"
    services.report_save(
        report.expected,
        user=commune_officer,
        version=report.version,
        narrative="",
        values=values(plan),
        submit=False,
    )
    assert Notification.objects.count() == 1


def test_notify_writes_one_row_per_active_user(tree, commune_officer, province_staff):
    gone = make_user("old", tree.police, RoleCode.COMMUNE_OFFICER, is_active=False)
    ids = [commune_officer.pk, commune_officer.pk, None, gone.pk, province_staff.pk]
    assert notify(ids, title="T" * 400, body="B", url="/reports/") == 2
    assert {n.user_id for n in Notification.objects.all()} == {
        commune_officer.pk,
        province_staff.pk,
    }
    assert all(len(n.title) == 300 for n in Notification.objects.all())
    assert notify([], title="x") == 0
