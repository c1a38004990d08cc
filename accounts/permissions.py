"""Role predicates shared by every app: ``can_<verb>_<noun>(user, obj) -> bool``."""

from typing import Any

from .models import RoleCode

STAFF_ROLES = (RoleCode.ADMIN, RoleCode.PROVINCE_STAFF)
EDITOR_ROLES = (RoleCode.ADMIN, RoleCode.PROVINCE_STAFF, RoleCode.COMMUNE_OFFICER)


def is_admin(user: Any) -> bool:
    return user.is_authenticated and user.has_role(RoleCode.ADMIN)


def can_manage_units(user: Any) -> bool:
    """Import, export and edit units: administrators and province staff."""
    return user.is_authenticated and user.has_role(*STAFF_ROLES)


def can_edit_people(user: Any) -> bool:
    return user.is_authenticated and user.has_role(*EDITOR_ROLES)
