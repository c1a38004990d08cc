from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

SWEEP_EVERY_SECONDS = 120.0
# Expected reports are created in bulk (no signal): their deadlines are picked up this often.
MISSING_EVERY_SECONDS = 600.0


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from django.conf import settings
        from django.db.models.signals import post_delete, post_save

        from campaigns.models import Assignment, Campaign
        from events.models import EventTask, Registration, RolloutPlan
        from reports.models import ExpectedReport, Report

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
        settings.CELERY_BEAT_SCHEDULE.setdefault(
            "notifications-deadlines-missing",
            {
                "task": "notifications.tasks.deadlines_missing_task",
                "schedule": MISSING_EVERY_SECONDS,
                "options": {"expires": MISSING_EVERY_SECONDS},
            },
        )
        receivers = [
            (ExpectedReport, signals.on_expected_report_saved, signals.on_expected_report_deleted),
            (Report, signals.on_report_saved, signals.on_report_deleted),
            (EventTask, signals.on_event_task_saved, signals.on_event_task_deleted),
            (Registration, signals.on_registration_saved, signals.on_registration_deleted),
        ]
        for model, saved, deleted in receivers:
            label = model._meta.label_lower
            post_save.connect(saved, sender=model, dispatch_uid=f"notif_{label}")
            post_delete.connect(deleted, sender=model, dispatch_uid=f"notif_{label}_d")
        post_save.connect(signals.on_rollout_saved, sender=RolloutPlan, dispatch_uid="notif_ro")
