"""Scoped reads for the notification pages."""

from typing import Any

from django.db.models import QuerySet

from accounts.scope import scoped

from .models import Deadline, Notification, Reminder, ReminderRule


def notification_qs_for(user: Any) -> QuerySet[Notification]:
    """A person's own notifications: nobody else's exist for them."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(user=user)


def unread_count(user: Any) -> int:
    return notification_qs_for(user).filter(read_at__isnull=True).count()


def reminder_qs_for(user: Any) -> QuerySet[Reminder]:
    """Reminders of the deadlines in the user's subtree."""
    qs = Reminder.objects.select_related(
        "deadline", "deadline__organisation", "recipient", "outbox"
    )
    return scoped(qs, user, "deadline__unit__path")


def deadline_qs_for(user: Any) -> QuerySet[Deadline]:
    return scoped(Deadline.objects.select_related("organisation"), user)


def user_province_id(user: Any) -> int | None:
    unit = getattr(user, "scope_unit", None)
    return unit.province_id if unit is not None else None


def rules_for(user: Any) -> dict[str, ReminderRule]:
    """The rule in force for each kind in the user's province (its own, else the default)."""
    province_id = user_province_id(user)
    rules: dict[str, ReminderRule] = {}
    for rule in ReminderRule.objects.filter(province__isnull=True):
        rules[rule.kind] = rule
    if province_id:
        for rule in ReminderRule.objects.filter(province_id=province_id):
            rules[rule.kind] = rule
    return rules
