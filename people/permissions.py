"""Who may do what with the person registry's sensitive records."""

from typing import Any

from accounts.models import RoleCode
from accounts.scope import unit_in_scope

HOLD_ROLES = (RoleCode.ADMIN, RoleCode.PROVINCE_STAFF)


def can_manage_holds(user: Any) -> bool:
    """Award holds (discipline, investigation, complaint): administrators and province staff."""
    return bool(user.is_authenticated) and user.has_role(*HOLD_ROLES)


def can_manage_hold_of(user: Any, person: Any) -> bool:
    return can_manage_holds(user) and unit_in_scope(user, person.unit)
