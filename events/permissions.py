"""Who may do what with an event (role + org-unit scope)."""

from typing import Any

from accounts.models import RoleCode
from accounts.scope import unit_in_scope

EDITORS = (RoleCode.ADMIN, RoleCode.PROVINCE_STAFF, RoleCode.COMMUNE_OFFICER)
# The clerk (văn thư) dispatches invitations and helps at the door.
DOOR_ROLES = (*EDITORS, RoleCode.CLERK)


def can_view_event(user: Any, event: Any) -> bool:
    return user.is_authenticated and unit_in_scope(user, event.unit)


def can_create_event(user: Any) -> bool:
    return user.is_authenticated and user.has_role(*EDITORS) and user.organisation_id is not None


def can_edit_event(user: Any, event: Any) -> bool:
    return can_view_event(user, event) and user.has_role(*EDITORS)


def can_check_in_event(user: Any, event: Any) -> bool:
    return can_view_event(user, event) and user.has_role(*DOOR_ROLES)


def can_manage_rollout(user: Any, rollout: Any) -> bool:
    return (
        user.is_authenticated
        and user.has_role(RoleCode.ADMIN, RoleCode.PROVINCE_STAFF)
        and unit_in_scope(user, rollout.unit)
    )


def can_register_for_rollout(user: Any, registration: Any) -> bool:
    """The host's own officers (or staff above them) register and report its event."""
    return (
        user.is_authenticated and user.has_role(*EDITORS) and unit_in_scope(user, registration.unit)
    )


def can_print_invitations(user: Any, event: Any) -> bool:
    """Print the invitation letters (a batch): editors and the clerk who dispatches them."""
    return can_view_event(user, event) and user.has_role(*DOOR_ROLES, RoleCode.LEADER)
