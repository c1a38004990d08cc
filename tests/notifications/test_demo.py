"""load_demo shows reminders in every state for tinh and xa, and seed 002's dated
deadlines (register by 15/5, results by 20/8/2024) as per-commune deadlines."""

from django.core.management import call_command
from django.utils import timezone

from events.models import Registration, RolloutPlan
from notifications.models import Deadline, DeadlineKind, Notification, Reminder, ReminderStatus


def test_demo_reminders_for_tinh_and_xa(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo", verbosity=0)
    now = timezone.now()
    for username in ("tinh", "xa"):
        mine = Reminder.objects.filter(recipient__username=username)
        assert mine.filter(status=ReminderStatus.SENT).exists(), username
        assert mine.filter(status=ReminderStatus.PENDING, send_at__gt=now).exists(), username
        overdue = mine.filter(deadline__active=True, deadline__due_at__lt=now, stage__gt=0)
        assert overdue.filter(status=ReminderStatus.SENT).exists(), username
        assert Notification.objects.filter(user__username=username, reminder__isnull=False).exists()
        # Never outside the user's own hierarchy.
        user = mine.first().recipient
        for deadline in Deadline.objects.filter(reminders__recipient=user).distinct():
            assert deadline.unit.path.startswith(user.organisation.unit.path)

    rollout = RolloutPlan.objects.get(campaign__issuer__code="BCD138-24")
    assert rollout.published_at is not None
    regs = Registration.objects.filter(rollout=rollout)
    registration = Deadline.objects.filter(
        kind=DeadlineKind.EVENT_REGISTRATION, object_id__in=regs.values("pk")
    )
    results = Deadline.objects.filter(
        kind=DeadlineKind.EVENT_REPORT, object_id__in=regs.values("pk")
    )
    # Every unit not registered owes its registration by 15/5, every unit not reported
    # its results by 20/8 (dates of seed 002), each for its own organisation.
    assert registration.filter(active=True).count() == regs.filter(registered_at=None).count()
    assert results.filter(active=True).count() == regs.filter(reported_at=None).count() > 0
    assert {timezone.localtime(d.due_at).date().isoformat() for d in registration} == {"2024-05-15"}
    assert {timezone.localtime(d.due_at).date().isoformat() for d in results} == {"2024-08-20"}
