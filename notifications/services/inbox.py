"""In-app notifications of events that have no deadline (a report returned, accepted or
sent again): one row per person, shown by the bell and the notification centre. No
email: what is owed by a date reaches people through the deadlines and their reminders.
"""

from collections.abc import Iterable

from django.contrib.auth import get_user_model

from ..models import Notification


def notify(user_ids: Iterable[int | None], *, title: str, body: str = "", url: str = "") -> int:
    """Write one notification for each active user among ``user_ids`` (duplicates and
    ``None`` ignored), inside the caller's transaction; the number written.

    ``title`` and ``body`` are final text (the caller writes them in the portal's
    language); ``url`` a path on this site.
    """
    wanted = {pk for pk in user_ids if pk is not None}
    if not wanted:
        return 0
    active = (
        get_user_model()
        .objects.filter(pk__in=wanted, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    rows = [Notification(user_id=pk, title=title[:300], body=body[:500], url=url) for pk in active]
    Notification.objects.bulk_create(rows)
    return len(rows)


def notify_each(notices: Iterable[tuple[int, str, str, str]]) -> int:
    """Write notices that differ per person, ``(user id, title, body, url)`` each, for
    the active users among them, in one query and one insert; the number written."""
    rows = list(notices)
    if not rows:
        return 0
    active = set(
        get_user_model()
        .objects.filter(pk__in={r[0] for r in rows}, is_active=True)
        .values_list("pk", flat=True)
    )
    objs = [
        Notification(user_id=uid, title=title[:300], body=body[:500], url=url)
        for uid, title, body, url in rows
        if uid in active
    ]
    Notification.objects.bulk_create(objs)
    return len(objs)
