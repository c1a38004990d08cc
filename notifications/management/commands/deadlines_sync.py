"""Bring every campaign assignment's deadline in step (idempotent)."""

from typing import Any

from django.core.management.base import BaseCommand

from notifications.sources import all_deadlines_sync


class Command(BaseCommand):
    help = "Create or update the deadlines (and their reminders) of all campaign assignments."

    def handle(self, *args: Any, **options: Any) -> None:
        total = all_deadlines_sync()
        self.stdout.write(self.style.SUCCESS(f"{total} assignments synced."))
