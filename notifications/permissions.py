"""Who may see the reminder administration and edit reminder rules."""

from typing import Any

from accounts.models import RoleCode

from .models import ReminderRule


def can_manage_reminders(user: Any) -> bool:
    """Province staff (and administrators) watch what was scheduled, sent or failed."""
    return bool(user.is_authenticated and user.has_role(RoleCode.ADMIN, RoleCode.PROVINCE_STAFF))


def can_edit_rule(user: Any, rule: ReminderRule) -> bool:
    """Province staff edit their province's rules; the national default needs a national admin."""
    if not can_manage_reminders(user):
        return False
    if rule.province_id is None:
        return user.is_national
    unit = user.scope_unit
    return user.is_national or (unit is not None and unit.province_id == rule.province_id)
