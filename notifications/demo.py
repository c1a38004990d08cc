"""Demo data: deadlines of the seed plans' assignments, expected reports and events (the
demo loaders write rows directly, past the owners' services), and a few in-app
notifications.

Idempotent: deadlines go through ``deadline_upsert`` (same values change nothing) and the
notifications are looked up by (user, title) before being created.
"""

from typing import Any

from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from core.demo import upsert
from reports.models import ExpectedReport

from . import services
from .models import Notification, Reminder, ReminderStatus
from .sources import (
    campaign_deadlines_sync,
    events_deadlines_sync,
    expected_reports_deadlines_sync,
)


def load(ctx: dict[str, Any]) -> None:
    campaigns = list((ctx.get("campaigns") or {}).values())
    for campaign in campaigns:
        campaign_deadlines_sync(campaign)
    # The schedule creates expected reports in bulk (no signal).
    expected_reports_deadlines_sync(ExpectedReport.objects.filter(campaign__in=campaigns))
    events_deadlines_sync()
    users = ctx.get("users") or {}
    _send_due(users)
    campaigns_url = reverse("campaigns:campaign_list")
    samples = [
        ("xa", "Báo cáo kết quả phong trào tháng 11/2024", campaigns_url, False),
        ("xa", "Đăng ký tổ chức Ngày hội toàn dân bảo vệ ANTQ", campaigns_url, True),
        ("tinh", "Tổng hợp báo cáo các phường, xã (hạn 20/11)", campaigns_url, False),
    ]
    read_at = timezone.make_aware(timezone.datetime(2024, 11, 1, 8, 0))
    for username, title, url, read in samples:
        user = users.get(username)
        if user is None:
            continue
        upsert(
            Notification,
            {"user": user, "title": title},
            {"url": url, "read_at": read_at if read else None},
            clean=False,
        )


def _send_due(users: dict[str, Any]) -> None:
    """Send the reminders of tinh and xa that are due now, so the demo shows sent ones
    next to the scheduled ones (the beat sends the rest, and these again never).

    Emails go to an in-memory backend: loading the demo never mails anybody.
    """
    people = [u for name, u in users.items() if name in ("tinh", "xa")]
    due = Reminder.objects.filter(
        recipient__in=people, status=ReminderStatus.PENDING, send_at__lte=timezone.now()
    ).values_list("pk", flat=True)
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        for pk in list(due):
            services.reminder_send(pk)
