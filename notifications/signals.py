"""Receivers connected in :meth:`NotificationsConfig.ready` (see :mod:`.sources`).

A failure here is logged and never breaks the owner's save: the sync runs inside a
savepoint, and ``manage.py deadlines_sync`` repairs whatever was missed.
"""

import logging
from typing import Any

from campaigns.models import Assignment, Campaign
from events.models import EventTask, Registration, RolloutPlan
from reports.models import ExpectedReport, Report

from .models import DeadlineKind
from .services import deadline_close
from .sources import (
    assignment_deadline_sync,
    campaign_deadlines_sync,
    event_task_deadline_sync,
    expected_report_deadline_sync,
    registration_deadline_sync,
    rollout_deadlines_sync,
)

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


# --- reports ----------------------------------------------------------------------------------


def on_expected_report_saved(
    sender: Any, instance: ExpectedReport, raw: bool = False, **kw: Any
) -> None:
    if raw:
        return
    try:
        expected_report_deadline_sync(instance)
    except Exception:
        logger.exception("deadline sync failed for expected report %s", instance.pk)


def on_expected_report_deleted(sender: Any, instance: ExpectedReport, **kw: Any) -> None:
    try:
        deadline_close(instance, DeadlineKind.EXPECTED_REPORT)
    except Exception:
        logger.exception("deadline close failed for expected report %s", instance.pk)


def on_report_saved(sender: Any, instance: Report, raw: bool = False, **kw: Any) -> None:
    if raw:
        return
    try:
        expected_report_deadline_sync(instance.expected, instance)
    except Exception:
        logger.exception("deadline sync failed for report %s", instance.pk)


def on_report_deleted(sender: Any, instance: Report, **kw: Any) -> None:
    # The report is gone (not its expected row, else that receiver closes it): owed again.
    try:
        expected = ExpectedReport.objects.filter(pk=instance.expected_id).first()
        if expected is not None:
            expected_report_deadline_sync(expected, None)
    except Exception:
        logger.exception("deadline sync failed after deleting report %s", instance.pk)


# --- events -----------------------------------------------------------------------------------


def on_event_task_saved(sender: Any, instance: EventTask, raw: bool = False, **kw: Any) -> None:
    if raw:
        return
    try:
        event_task_deadline_sync(instance)
    except Exception:
        logger.exception("deadline sync failed for event task %s", instance.pk)


def on_event_task_deleted(sender: Any, instance: EventTask, **kw: Any) -> None:
    try:
        deadline_close(instance, DeadlineKind.EVENT_TASK)
    except Exception:
        logger.exception("deadline close failed for event task %s", instance.pk)


def on_registration_saved(
    sender: Any, instance: Registration, raw: bool = False, **kw: Any
) -> None:
    if raw:
        return
    try:
        registration_deadline_sync(instance)
    except Exception:
        logger.exception("deadline sync failed for registration %s", instance.pk)


def on_registration_deleted(sender: Any, instance: Registration, **kw: Any) -> None:
    try:
        deadline_close(instance, DeadlineKind.EVENT_REPORT)
    except Exception:
        logger.exception("deadline close failed for registration %s", instance.pk)


def on_rollout_saved(sender: Any, instance: RolloutPlan, raw: bool = False, **kw: Any) -> None:
    # A new plan has no registrations yet; a saved one may have moved its results deadline.
    if raw or kw.get("created"):
        return
    try:
        rollout_deadlines_sync(instance)
    except Exception:
        logger.exception("deadline sync failed for roll-out %s", instance.pk)
