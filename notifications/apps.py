from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

SWEEP_EVERY_SECONDS = 120.0


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from django.conf import settings
        from django.db.models.signals import post_delete, post_save

        from campaigns.models import Assignment, Campaign

        from . import signals

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
        post_save.connect(signals.on_assignment_saved, sender=Assignment, dispatch_uid="notif_a")
        post_delete.connect(
            signals.on_assignment_deleted, sender=Assignment, dispatch_uid="notif_ad"
        )
        post_save.connect(signals.on_campaign_saved, sender=Campaign, dispatch_uid="notif_c")
