"""Stages on a fixed clock, re-scheduling, the digest and the recipients' hierarchy."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail

from accounts.models import RoleCode
from notifications import services
from notifications.models import (
    Deadline,
    DeadlineKind,
    Notification,
    NotificationPreference,
    Reminder,
    ReminderRule,
    ReminderStatus,
)
from orgunits.models import Organisation, OrganisationKind

from .conftest import add_deadline, at, make_user, target


@pytest.fixture
def sweep(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """Run the beat sweep at a moment; the queued tasks run in-process (eager)."""

    def _sweep(moment):  # type: ignore[no-untyped-def]
        with (
            time_machine.travel(moment, tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            return services.reminders_sweep()

    return _sweep


def sent(deadline: Deadline) -> set[tuple[int, str]]:
    return set(
        Reminder.objects.filter(deadline=deadline, status=ReminderStatus.SENT).values_list(
            "stage", "recipient__username"
        )
    )


def test_stages_fire_on_the_right_days(tree, people, sweep):
    with time_machine.travel(at(2025, 5, 1), tick=False):
        deadline = add_deadline(tree, date(2025, 5, 10))
    # 7, 3, 1 days before, on the day, then every 3 days overdue, 4 times.
    assert sorted(set(deadline.reminders.values_list("stage", flat=True))) == [
        -7,
        -3,
        -1,
        0,
        3,
        6,
        9,
        12,
    ]
    assert sweep(at(2025, 5, 3, 7, 29)).queued == 0
    sweep(at(2025, 5, 3, 7, 31))
    assert sent(deadline) == {(-7, "reporter")}
    sweep(at(2025, 5, 6, 23, 0))
    assert sent(deadline) == {(-7, "reporter")}
    sweep(at(2025, 5, 7, 7, 35))
    sweep(at(2025, 5, 9, 7, 35))
    sweep(at(2025, 5, 10, 7, 35))
    assert sent(deadline) == {(-7, "reporter"), (-3, "reporter"), (-1, "reporter"), (0, "reporter")}
    # Overdue: each stage climbs one more step of the ladder.
    sweep(at(2025, 5, 13, 7, 35))
    assert {r for r in sent(deadline) if r[0] == 3} == {(3, "reporter"), (3, "head")}
    sweep(at(2025, 5, 16, 7, 35))
    assert {r for r in sent(deadline) if r[0] == 6} == {(6, "reporter"), (6, "head"), (6, "pv05")}
    sweep(at(2025, 5, 19, 7, 35))
    assert {r for r in sent(deadline) if r[0] == 9} == {
        (9, "reporter"),
        (9, "head"),
        (9, "pv05"),
        (9, "chutich"),
    }
    sweep(at(2025, 5, 22, 7, 35))
    assert (
        Reminder.objects.filter(deadline=deadline).exclude(status=ReminderStatus.SENT).count() == 0
    )
    # Every reminder once, in the app and by email.
    total = Reminder.objects.filter(deadline=deadline).count()
    assert total == 4 + 2 + 3 + 4 + 4
    assert Notification.objects.filter(reminder__deadline=deadline).count() == total
    assert len(mail.outbox) == total
    # Nothing is left for later sweeps.
    assert sweep(at(2025, 6, 30)).queued == 0


def test_recipients_limited_to_the_responsible_units_hierarchy(tree, people):
    # Province staff usually act for a division of the parent (Phòng PV05 of Công an tỉnh).
    division = Organisation.objects.create(
        code="T-PV05",
        name="Phòng PV05",
        kind=OrganisationKind.POLICE_DIVISION,
        unit=tree.province,
        parent=tree.cat,
    )
    make_user("pv05b", division, RoleCode.PROVINCE_STAFF)
    with time_machine.travel(at(2025, 5, 1), tick=False):
        deadline = add_deadline(tree, date(2025, 5, 10))
    everyone = set(deadline.reminders.values_list("recipient__username", flat=True))
    assert everyone == {"reporter", "head", "pv05", "pv05b", "chutich"}
    assert set(
        deadline.reminders.filter(stage=6).values_list("recipient__username", flat=True)
    ) == {"reporter", "head", "pv05", "pv05b"}
    # Another commune's officer, another province's leader and the team below: never.
    assert not {"outsider", "farleader", "team"} & everyone
    # A deadline of the other commune reaches its own officer, not ours.
    with time_machine.travel(at(2025, 5, 1), tick=False):
        other = add_deadline(tree, date(2025, 5, 10), org=tree.other_police)
    others = set(other.reminders.values_list("recipient__username", flat=True))
    assert "outsider" in others
    assert not {"reporter", "head", "team"} & others


def test_moving_a_deadline_reschedules_pending_and_keeps_sent(tree, people, sweep):
    with time_machine.travel(at(2025, 5, 1), tick=False):
        deadline = add_deadline(tree, date(2025, 5, 10))
    sweep(at(2025, 5, 3, 8, 0))  # the 7-days-before reminder goes out
    first = Reminder.objects.get(deadline=deadline, stage=-7, recipient=people.reporter)
    assert first.status == ReminderStatus.SENT
    with time_machine.travel(at(2025, 5, 4), tick=False):
        services.deadline_upsert(
            deadline.target,
            DeadlineKind.EXPECTED_REPORT,
            due_at=date(2025, 5, 20),
            organisation=tree.police,
            title=deadline.title,
            url=deadline.url,
        )
    first.refresh_from_db()
    assert first.status == ReminderStatus.SENT and first.send_at == at(2025, 5, 3, 7, 30)
    pending = dict(
        Reminder.objects.filter(
            deadline=deadline, recipient=people.reporter, status=ReminderStatus.PENDING
        ).values_list("stage", "send_at")
    )
    # The new dates, from the stored due date (not from "today"); -7 was already sent.
    assert pending[-3] == at(2025, 5, 17, 7, 30)
    assert pending[0] == at(2025, 5, 20, 7, 30)
    assert -7 not in pending
    # On the old due day nothing fires any more.
    sweep(at(2025, 5, 10, 8, 0))
    assert sent(deadline) == {(-7, "reporter")}
    sweep(at(2025, 5, 17, 8, 0))
    assert (-3, "reporter") in sent(deadline)


def test_same_values_change_nothing(tree, people):
    with time_machine.travel(at(2025, 5, 1), tick=False):
        deadline = add_deadline(tree, date(2025, 5, 10))
        ids = set(deadline.reminders.values_list("pk", flat=True))
        history = deadline.history.count()
        services.deadline_upsert(
            deadline.target,
            DeadlineKind.EXPECTED_REPORT,
            due_at=date(2025, 5, 10),
            organisation=tree.police,
            title=deadline.title,
            url=deadline.url,
        )
    assert set(deadline.reminders.values_list("pk", flat=True)) == ids
    assert deadline.history.count() == history


def test_a_late_registration_sends_one_catch_up_reminder_not_three(tree, people):
    with time_machine.travel(at(2025, 5, 9, 10, 0), tick=False):
        deadline = add_deadline(tree, date(2025, 5, 10))
    stages = sorted(
        deadline.reminders.filter(recipient=people.reporter).values_list("stage", flat=True)
    )
    assert stages == [-1, 0, 3, 6, 9, 12]
    catch_up = deadline.reminders.get(recipient=people.reporter, stage=-1)
    assert catch_up.send_at == at(2025, 5, 9, 10, 0)
    # A deadline long over schedules nothing.
    with time_machine.travel(at(2026, 1, 1), tick=False):
        old = add_deadline(tree, date(2025, 5, 10), title="Cũ")
    assert old.reminders.count() == 0


def test_closing_a_deadline_drops_pending_reminders(tree, people, sweep):
    with time_machine.travel(at(2025, 5, 1), tick=False):
        deadline = add_deadline(tree, date(2025, 5, 10))
    sweep(at(2025, 5, 3, 8, 0))
    services.deadline_close(deadline.target, DeadlineKind.EXPECTED_REPORT)
    assert set(deadline.reminders.values_list("status", flat=True)) == {ReminderStatus.SENT}
    assert sweep(at(2025, 5, 10, 8, 0)).queued == 0


def test_province_rule_overrides_the_default(tree, people):
    ReminderRule.objects.create(
        kind=DeadlineKind.EXPECTED_REPORT,
        province=tree.province,
        offsets=[-2],
        overdue_every_days=0,
        overdue_repeats=0,
    )
    with time_machine.travel(at(2025, 5, 1), tick=False):
        deadline = add_deadline(tree, date(2025, 5, 10))
    assert set(deadline.reminders.values_list("stage", flat=True)) == {-2}


def test_the_digest_groups_a_persons_reminders_due_the_same_day(tree, people, sweep):
    with time_machine.travel(at(2025, 5, 1), tick=False):
        for i in range(4):
            add_deadline(tree, date(2025, 5, 10), title=f"Báo cáo {i}")
        # A deadline of the other commune: its officer gets a single email.
        add_deadline(tree, date(2025, 5, 10), org=tree.other_police, title="Khác")
    result = sweep(at(2025, 5, 3, 8, 0))
    assert len(result.digests) == 1
    assert len(result.singles) == 1
    to = sorted(m.to[0] for m in mail.outbox)
    assert to == ["outsider@example.org", "reporter@example.org"]
    digest = next(m for m in mail.outbox if m.to == ["reporter@example.org"])
    assert len(digest.extra_headers["X-Thidua-Reminders"].split(",")) == 4
    assert digest.body.count("/reports/1/") == 4
    # In the app, each reminder is its own notification.
    assert Notification.objects.filter(user=people.reporter).count() == 4
    assert (
        not Reminder.objects.filter(send_at__lte=at(2025, 5, 3, 8, 0))
        .exclude(status=ReminderStatus.SENT)
        .exists()
    )


def test_email_is_vietnamese_short_with_a_link_and_no_title(tree, people, sweep, settings):
    settings.SITE_URL = "https://thidua.example.vn"
    with time_machine.travel(at(2025, 5, 1), tick=False):
        add_deadline(tree, date(2025, 5, 10), title="Nội dung mật: danh sách đối tượng")
    sweep(at(2025, 5, 3, 8, 0))
    (message,) = mail.outbox
    assert "https://thidua.example.vn/reports/1/" in message.body
    assert "mật" not in message.body and "mật" not in message.subject
    assert "Báo cáo định kỳ" in message.body
    assert "còn 7 ngày" in message.subject
    assert "10/05/2025" in message.body
    assert message.extra_headers["Message-ID"].startswith("<reminder-")
    notification = Notification.objects.get(user=people.reporter)
    assert notification.title == "Nội dung mật: danh sách đối tượng"


def test_a_kind_turned_off_for_email_still_appears_in_the_app(tree, people, sweep):
    NotificationPreference.objects.create(
        user=people.reporter, kind=DeadlineKind.EXPECTED_REPORT, by_email=False
    )
    with time_machine.travel(at(2025, 5, 1), tick=False):
        deadline = add_deadline(tree, date(2025, 5, 10))
    sweep(at(2025, 5, 3, 8, 0))
    assert mail.outbox == []
    reminder = deadline.reminders.get(stage=-7)
    assert reminder.status == ReminderStatus.SENT
    assert Notification.objects.filter(reminder=reminder).count() == 1


def test_unknown_kind_and_naive_time_are_refused(tree):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        services.deadline_upsert(target(tree), "nope", date(2025, 5, 1), tree.police, "x", "/x/")
    assert exc.value.messages == ["Loại hạn không hợp lệ."]
    from datetime import datetime

    with pytest.raises(ValidationError) as exc:
        services.deadline_upsert(
            target(tree),
            DeadlineKind.EVENT_TASK,
            datetime(2025, 5, 1, 8, 0),
            tree.police,
            "x",
            "/x/",
        )
    assert exc.value.messages == ["Thời hạn phải kèm múi giờ."]


def test_stage_labels():
    from notifications.models import stage_label

    assert stage_label(-7) == "còn 7 ngày"
    assert stage_label(0) == "đến hạn hôm nay"
    assert stage_label(3) == "quá hạn 3 ngày"


def test_due_date_is_the_end_of_that_local_day():
    assert services.due_at_for_date(date(2025, 5, 10)) == at(2025, 5, 10, 23, 59)
    assert services.due_at_for_date(date(2025, 5, 10)) - at(2025, 5, 10) == timedelta(
        hours=15, minutes=59
    )
