"""Notification centre, badge, settings, reminder administration, rules: scope and CSRF."""

from datetime import date

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import RoleCode
from notifications.models import (
    DeadlineKind,
    Notification,
    NotificationPreference,
    Reminder,
    ReminderRule,
    ReminderStatus,
)

from .conftest import add_deadline, at, make_user


def login(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user, backend="accounts.backends.ScopedModelBackend")
    return client


def csrf_client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client(enforce_csrf_checks=True)
    client.force_login(user, backend="accounts.backends.ScopedModelBackend")
    return client


def notify(user, n: int = 1, url: str = "/campaigns/"):  # type: ignore[no-untyped-def]
    return [Notification.objects.create(user=user, title=f"Việc số {i}", url=url) for i in range(n)]


@pytest.fixture
def far_staff(tree):  # type: ignore[no-untyped-def]
    return make_user("farstaff", tree.far_org, RoleCode.PROVINCE_STAFF)


@pytest.fixture
def reminders(tree, people):  # type: ignore[no-untyped-def]
    with time_machine.travel(at(2025, 5, 1), tick=False):
        ours = add_deadline(tree, date(2025, 5, 10), title="Báo cáo của phường")
        theirs = add_deadline(tree, date(2025, 5, 10), org=tree.far_org, title="Việc tỉnh khác")
    return ours, theirs


def test_the_centre_lists_only_my_notifications_and_marks_them_read(people):
    mine = notify(people.reporter, 2)
    notify(people.outsider, 1)
    client = login(people.reporter)
    page = client.get(reverse("notifications:notification_list")).content.decode()
    assert "Việc số 0" in page and "Việc số 1" in page
    assert page.count("notif-") >= 2
    assert "Đánh dấu tất cả đã đọc" in page
    response = client.post(reverse("notifications:notification_open", args=[mine[0].pk]))
    assert response.status_code == 302 and response["Location"] == "/campaigns/"
    mine[0].refresh_from_db()
    assert mine[0].read_at is not None
    response = client.post(reverse("notifications:mark_all_read"), follow=True)
    assert "Đã đánh dấu 1 thông báo là đã đọc." in response.content.decode()
    assert not Notification.objects.filter(user=people.reporter, read_at__isnull=True).exists()


def test_an_external_link_is_not_followed(people):
    (n,) = notify(people.reporter, url="https://evil.example/")
    response = login(people.reporter).post(reverse("notifications:notification_open", args=[n.pk]))
    assert response["Location"] == reverse("notifications:notification_list")


def test_someone_elses_notification_is_404(people):
    (theirs,) = notify(people.outsider)
    client = login(people.reporter)
    for name in ("notification_open", "notification_read"):
        assert client.post(reverse(f"notifications:{name}", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_read_with_htmx_returns_the_row(people):
    (n,) = notify(people.reporter)
    response = login(people.reporter).post(
        reverse("notifications:notification_read", args=[n.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert f'id="notif-{n.pk}"' in response.content.decode()
    assert response["HX-Trigger"] == "notifications-changed"


def test_the_badge_counts_unread(people):
    notify(people.reporter, 3)
    client = login(people.reporter)
    body = client.get(reverse("notifications:badge")).content.decode()
    assert ">3<" in body and "chưa đọc" in body
    Notification.objects.update(read_at="2025-01-01T00:00:00Z")
    assert "badge" not in client.get(reverse("notifications:badge")).content.decode()
    assert Client().get(reverse("notifications:badge")).status_code == 204


def test_the_navbar_polls_the_badge(people):
    body = login(people.reporter).get(reverse("notifications:notification_list")).content
    assert reverse("notifications:badge").encode() in body
    assert b'hx-trigger="load, every 60s' in body


def test_list_query_count_does_not_grow(people, django_assert_max_num_queries):
    client = login(people.reporter)
    notify(people.reporter, 2)
    with django_assert_max_num_queries(8) as small:
        client.get(reverse("notifications:notification_list"))
    notify(people.reporter, 28)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("notifications:notification_list"))


def test_email_settings_are_saved(people):
    client = login(people.reporter)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "Hồ sơ khen thưởng" in page
    data = {k: "on" for k in DeadlineKind.values if k != DeadlineKind.EVENT_RSVP}
    response = client.post(reverse("notifications:preferences"), data, follow=True)
    assert "Đã lưu thiết lập thông báo." in response.content.decode()
    prefs = dict(
        NotificationPreference.objects.filter(user=people.reporter).values_list("kind", "by_email")
    )
    assert prefs == {DeadlineKind.EVENT_RSVP: False}


def test_state_changing_posts_need_csrf(people, reminders, province_staff):
    (n,) = notify(people.reporter)
    client = csrf_client(people.reporter)
    for url in (
        reverse("notifications:notification_open", args=[n.pk]),
        reverse("notifications:notification_read", args=[n.pk]),
        reverse("notifications:mark_all_read"),
        reverse("notifications:preferences"),
    ):
        assert client.post(url).status_code == 403
    staff = csrf_client(province_staff)
    reminder = Reminder.objects.filter(deadline=reminders[0]).first()
    for url in (
        reverse("notifications:reminder_resend", args=[reminder.pk]),
        reverse("notifications:rule_edit", args=[DeadlineKind.EXPECTED_REPORT]),
    ):
        assert staff.post(url).status_code == 403


def test_reminder_admin_is_for_province_staff_and_scoped(
    tree, people, reminders, province_staff, django_assert_max_num_queries
):
    assert login(people.reporter).get(reverse("notifications:reminder_admin")).status_code == 403
    client = login(province_staff)
    with django_assert_max_num_queries(10) as few:
        page = client.get(reverse("notifications:reminder_admin")).content.decode()
    assert "Báo cáo của phường" in page
    assert "Việc tỉnh khác" not in page
    with time_machine.travel(at(2025, 5, 1), tick=False):
        for i in range(5):
            add_deadline(tree, date(2025, 5, 10), title=f"Thêm {i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("notifications:reminder_admin"))


def test_resend_a_failed_reminder(people, reminders, province_staff, far_staff):
    reminder = Reminder.objects.filter(deadline=reminders[0]).first()
    client = login(province_staff)
    url = reverse("notifications:reminder_resend", args=[reminder.pk])
    response = client.post(url, follow=True)
    assert "Chỉ gửi lại được lời nhắc đã gửi lỗi." in response.content.decode()
    Reminder.objects.filter(pk=reminder.pk).update(status=ReminderStatus.FAILED, error="421")
    page = client.get(reverse("notifications:reminder_admin") + "?tab=failed").content.decode()
    assert "Gửi lại" in page and "421" in page
    # Another province's staff: the reminder does not exist for them.
    assert login(far_staff).post(url).status_code == 404
    # A user of the subtree without the role: found, then refused.
    assert login(people.reporter).post(url).status_code == 403
    response = client.post(url, follow=True)
    assert "Lời nhắc đã được đưa vào hàng đợi để gửi lại." in response.content.decode()
    reminder.refresh_from_db()
    assert reminder.status in (ReminderStatus.PENDING, ReminderStatus.SENT)


def test_province_staff_edit_their_provinces_rule(tree, province_staff):
    client = login(province_staff)
    url = reverse("notifications:rule_edit", args=[DeadlineKind.AWARD_DOSSIER])
    page = client.get(url).content.decode()
    assert "-7, -3, -1, 0" in page
    data = {
        "offsets": "-10, -5, ba",
        "overdue_every_days": "2",
        "overdue_repeats": "3",
        "send_time": "08:00",
        "audience_roles": ["commune_officer"],
        "escalation": ["reporter", "head"],
        "head_min_rank": "40",
        "parent_staff_roles": ["province_staff"],
        "active": "on",
    }
    response = client.post(url, data)
    body = response.content.decode()
    assert "Nhập các số nguyên cách nhau bởi dấu phẩy" in body
    assert "-10, -5, ba" in body  # the input is kept
    data["offsets"] = "-10, -5"
    response = client.post(url, data)
    assert response.status_code == 302
    rule = ReminderRule.objects.get(kind=DeadlineKind.AWARD_DOSSIER, province=tree.province)
    assert rule.stages == [-10, -5, 2, 4, 6]
    # The default for other provinces is untouched.
    default = ReminderRule.objects.get(kind=DeadlineKind.AWARD_DOSSIER, province__isnull=True)
    assert default.offsets == [-7, -3, -1, 0]
    assert "Tỉnh này" in client.get(reverse("notifications:rule_list")).content.decode()


def test_rule_offsets_after_the_due_date_are_refused(province_staff):
    url = reverse("notifications:rule_edit", args=[DeadlineKind.EVENT_TASK])
    data = {
        "offsets": "-3, 2",
        "overdue_every_days": "3",
        "overdue_repeats": "4",
        "send_time": "07:30",
        "audience_roles": ["commune_officer"],
        "escalation": ["reporter"],
        "head_min_rank": "30",
        "active": "on",
    }
    body = login(province_staff).post(url, data).content.decode()
    assert "Số ngày trước hạn phải là số nguyên từ -365 đến 0." in body


def test_commune_officers_cannot_edit_rules(people):
    client = login(people.reporter)
    assert client.get(reverse("notifications:rule_list")).status_code == 403
    url = reverse("notifications:rule_edit", args=[DeadlineKind.EVENT_TASK])
    assert client.get(url).status_code == 403


def test_the_menu_entry_is_for_staff(people, province_staff):
    from notifications.nav import items

    assert items(people.reporter) == []
    assert items(province_staff)[0]["url"] == reverse("notifications:reminder_admin")
