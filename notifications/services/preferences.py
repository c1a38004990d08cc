"""In-app notifications read marks, each user's choice of which kinds also go by email,
and saving a province's reminder rule.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from ..models import DeadlineKind, Notification, NotificationPreference, ReminderRule


def notifications_mark_read(user: Any, ids: list[int] | None = None) -> int:
    """Mark the user's notifications read: the given ones, or all when ``ids`` is None."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


@transaction.atomic
def preferences_save(user: Any, by_email: dict[str, bool]) -> None:
    """Store which kinds go by email; unchanged rows are not saved (no history noise)."""
    current = {p.kind: p for p in NotificationPreference.objects.filter(user=user)}
    for kind, wanted in by_email.items():
        if kind not in DeadlineKind.values:
            continue
        pref = current.get(kind)
        if pref is None:
            if not wanted:
                NotificationPreference.objects.create(user=user, kind=kind, by_email=False)
        elif pref.by_email != wanted:
            pref.by_email = wanted
            pref.save()


@transaction.atomic
def rule_save(rule: ReminderRule, *, user: Any) -> ReminderRule:
    """Validate and save a rule; pending reminders of its kind keep their times
    (rules apply to deadlines scheduled or moved from now on)."""
    rule.full_clean()
    rule.save()
    return rule
