from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

SWEEP_EVERY_SECONDS = 120.0
# Rows created in bulk (expected reports, communes of a roll-out) get their deadlines
# this often; passed answer dates close as often.
MISSING_EVERY_SECONDS = 600.0


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from django.conf import settings

        # The beat entry lives with the app that owns the task; settings keep an empty
        # dict that each app fills. Celery reads this same dict object lazily.
        settings.CELERY_BEAT_SCHEDULE.setdefault(
            "notifications-reminders-sweep",
            {
                "task": "notifications.tasks.reminders_sweep_task",
                "schedule": SWEEP_EVERY_SECONDS,
                "options": {"expires": SWEEP_EVERY_SECONDS},
            },
        )
        settings.CELERY_BEAT_SCHEDULE.setdefault(
            "notifications-deadlines-missing",
            {
                "task": "notifications.tasks.deadlines_missing_task",
                "schedule": MISSING_EVERY_SECONDS,
                "options": {"expires": MISSING_EVERY_SECONDS},
            },
        )
