"""Receivers connected in :meth:`NotificationsConfig.ready` (see :mod:`.sources`).

A failure here is logged and never breaks the owner's save: the sync runs inside a
savepoint, and ``manage.py deadlines_sync`` repairs whatever was missed.
"""

import logging
from typing import Any

from campaigns.models import Assignment, Campaign

from .models import DeadlineKind
from .services import deadline_close
from .sources import assignment_deadline_sync, campaign_deadlines_sync

logger = logging.getLogger(__name__)


def on_assignment_saved(sender: Any, instance: Assignment, raw: bool = False, **kw: Any) -> None:
    if raw:
        return
    try:
        assignment_deadline_sync(instance)
    except Exception:
        logger.exception("deadline sync failed for assignment %s", instance.pk)


def on_assignment_deleted(sender: Any, instance: Assignment, **kw: Any) -> None:
    try:
        deadline_close(instance, DeadlineKind.CAMPAIGN_ASSIGNMENT)
    except Exception:
        logger.exception("deadline close failed for assignment %s", instance.pk)


def on_campaign_saved(sender: Any, instance: Campaign, raw: bool = False, **kw: Any) -> None:
    if raw or kw.get("created"):
        return
    try:
        campaign_deadlines_sync(instance)
    except Exception:
        logger.exception("deadline sync failed for campaign %s", instance.pk)
