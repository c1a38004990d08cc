from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Units, schools and teams registered after a campaign was issued get their reports of the
# periods still to come this often (the schedule is otherwise made when a campaign is issued).
REFRESH_EVERY_SECONDS = 6 * 3600.0


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reporting")

    def ready(self) -> None:
        from django.conf import settings

        # The beat entry lives with the app that owns the task (see notifications.apps).
        settings.CELERY_BEAT_SCHEDULE.setdefault(
            "reports-schedules-refresh",
            {
                "task": "reports.tasks.expected_reports_refresh_task",
                "schedule": REFRESH_EVERY_SECONDS,
                "options": {"expires": REFRESH_EVERY_SECONDS},
            },
        )
