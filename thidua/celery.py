"""Celery application.

Without ``REDIS_URL`` the settings make every task run in-process (eager), so the
portal works with no broker; with it, a real worker and beat take the tasks.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")

app = Celery("thidua")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
