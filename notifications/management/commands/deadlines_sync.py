"""Bring every deadline the portal knows about in step (idempotent)."""

from typing import Any

from django.core.management.base import BaseCommand

from notifications.sources import all_deadlines_sync


class Command(BaseCommand):
    help = (
        "Create or update the deadlines (and their reminders) of campaign assignments, "
        "expected reports, event tasks and roll-out results."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = all_deadlines_sync()
        summary = ", ".join(f"{name}: {count}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Synced ({summary})."))
