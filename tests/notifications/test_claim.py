"""Exactly once per (deadline, recipient, stage): claims, retries, concurrent sweeps."""

import smtplib
import threading
from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection

from notifications import services, tasks
from notifications.models import Notification, OutboxMessage, Reminder, ReminderStatus

from .conftest import add_deadline, at


@pytest.fixture
def due_reminders(tree, people):  # type: ignore[no-untyped-def]
    """Three deadlines of the commune police, their 7-days-before stage due on 3/5."""
    with time_machine.travel(at(2025, 5, 1), tick=False):
        return [add_deadline(tree, date(2025, 5, 10), title=f"Hạn {i}") for i in range(3)]


def test_two_sweeps_at_the_same_moment_send_once(due_reminders, django_capture_on_commit_callbacks):
    with time_machine.travel(at(2025, 5, 3, 8, 0), tick=False):
        with django_capture_on_commit_callbacks() as first:
            a = services.reminders_sweep(digest_min=10)
        with django_capture_on_commit_callbacks() as second:
            b = services.reminders_sweep(digest_min=10)
        assert len(a.singles) == 3 and b.queued == 0 and second == []
        # Even if the same task message arrives twice, the claim lets one through.
        for callback in first + first:
            callback()
    assert len(mail.outbox) == 3
    assert Notification.objects.count() == 3
    assert set(Reminder.objects.filter(stage=-7).values_list("status", flat=True)) == {"sent"}


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_concurrent_sweeps_on_postgresql_take_disjoint_rows(tree, people):
    if connection.vendor != "postgresql":
        pytest.skip("skip_locked needs PostgreSQL")
    with time_machine.travel(at(2025, 5, 1), tick=False):
        for i in range(60):
            add_deadline(tree, date(2025, 5, 10), title=f"Hạn {i}")
    barrier = threading.Barrier(4)
    results: list[services.SweepResult] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            with time_machine.travel(at(2025, 5, 3, 8, 0), tick=False):
                barrier.wait()
                results.append(services.reminders_sweep(batch_size=7, digest_min=1000))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    queued = [pk for r in results for pk in r.singles]
    assert len(queued) == len(set(queued)) == 60
    assert len(mail.outbox) == 60
    assert Reminder.objects.filter(stage=-7, status=ReminderStatus.SENT).count() == 60
    assert Notification.objects.count() == 60


def test_a_second_send_of_the_same_reminder_does_nothing(due_reminders):
    reminder = Reminder.objects.filter(stage=-7).first()
    with time_machine.travel(at(2025, 5, 3, 8, 0), tick=False):
        assert services.reminder_send(reminder.pk) == "sent"
        assert services.reminder_send(reminder.pk) == "skipped"
        assert tasks.reminder_send_task.apply(args=[reminder.pk]).get() == "skipped"
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(reminder=reminder).count() == 1


def test_a_retry_while_another_worker_holds_the_claim_does_not_send(due_reminders):
    reminder = Reminder.objects.filter(stage=-7).first()
    Reminder.objects.filter(pk=reminder.pk).update(
        status=ReminderStatus.SENDING, claimed_at=at(2025, 5, 3, 8, 0)
    )
    with time_machine.travel(at(2025, 5, 3, 8, 1), tick=False):
        assert services.reminder_send(reminder.pk) == "skipped"
    assert mail.outbox == []


def test_smtp_error_releases_the_row_and_the_retry_keeps_the_message_id(due_reminders, monkeypatch):
    reminder = Reminder.objects.filter(stage=-7).first()
    calls = {"n": 0}
    real_send = EmailBackend.send_messages

    def flaky(self, messages):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 1:
            raise smtplib.SMTPServerDisconnected("connection lost")
        return real_send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", flaky)
    with time_machine.travel(at(2025, 5, 3, 8, 0), tick=False):
        with pytest.raises(services.DeliveryError):
            services.reminder_send(reminder.pk)
        reminder.refresh_from_db()
        assert reminder.status == ReminderStatus.PENDING
        assert reminder.attempts == 1
        assert "SMTPServerDisconnected" in reminder.error
        # The sweep leaves it to Celery's retry with backoff for a while.
        assert reminder.pk not in services.reminders_sweep(digest_min=10).singles
        assert services.reminder_send(reminder.pk) == "sent"
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.SENT and reminder.attempts == 2
    (message,) = mail.outbox
    assert message.extra_headers["Message-ID"] == f"<reminder-{reminder.pk}@thidua.notifications>"
    assert OutboxMessage.objects.filter(key=f"reminder-{reminder.pk}").count() == 1
    assert Notification.objects.filter(reminder=reminder).count() == 1


def test_the_last_failed_attempt_marks_the_row_failed(due_reminders, monkeypatch):
    reminder = Reminder.objects.filter(stage=-7).first()

    def down(self, messages):  # type: ignore[no-untyped-def]
        raise smtplib.SMTPConnectError(421, "down")

    monkeypatch.setattr(EmailBackend, "send_messages", down)
    with time_machine.travel(at(2025, 5, 3, 8, 0), tick=False):
        assert services.reminder_send(reminder.pk, final_attempt=True) == "failed"
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.FAILED
    # The in-app notification was written with the claim and stays.
    assert Notification.objects.filter(reminder=reminder).count() == 1


def test_a_row_stuck_in_sending_is_released_after_the_timeout(due_reminders):
    reminder = Reminder.objects.filter(stage=-7).first()
    Reminder.objects.filter(pk=reminder.pk).update(
        status=ReminderStatus.SENDING, claimed_at=at(2025, 5, 3, 8, 0), enqueued_at=None
    )
    others = Reminder.objects.filter(stage=-7).exclude(pk=reminder.pk)
    others.update(status=ReminderStatus.SENT)
    with time_machine.travel(at(2025, 5, 3, 8, 5), tick=False):
        result = services.reminders_sweep(digest_min=10)
    assert result.released == 0 and result.queued == 0
    with time_machine.travel(at(2025, 5, 3, 8, 11), tick=False):
        result = services.reminders_sweep(digest_min=10)
    assert result.released == 1 and result.singles == [reminder.pk]
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.PENDING and reminder.enqueued_at is not None
    with time_machine.travel(at(2025, 5, 3, 8, 11), tick=False):
        assert services.reminder_send(reminder.pk) == "sent"
    assert len(mail.outbox) == 1


def test_a_digest_is_claimed_once(tree, people, django_capture_on_commit_callbacks):
    with time_machine.travel(at(2025, 5, 1), tick=False):
        for i in range(3):
            add_deadline(tree, date(2025, 5, 10), title=f"Hạn {i}")
    with time_machine.travel(at(2025, 5, 3, 8, 0), tick=False):
        with django_capture_on_commit_callbacks() as callbacks:
            result = services.reminders_sweep()
        (outbox_id,) = result.digests
        assert services.digest_send(outbox_id) == "sent"
        assert services.digest_send(outbox_id) == "skipped"
    assert len(mail.outbox) == 1
    assert len(callbacks) == 1


def test_tasks_are_late_acked_take_ids_and_the_sweep_is_on_beat():
    from django.conf import settings

    from thidua.celery import app

    assert tasks.reminder_send_task.acks_late is True
    assert tasks.reminder_send_task.max_retries == 5
    assert smtplib.SMTPException in tasks.reminder_send_task.autoretry_for
    entry = app.conf.beat_schedule["notifications-reminders-sweep"]
    assert entry["task"] == "notifications.tasks.reminders_sweep_task"
    assert entry["schedule"] <= timedelta(minutes=5).total_seconds()
    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST
