"""Who may print what (seeing the source is checked by the kind's scoped queryset)."""

from typing import Any

from accounts.models import RoleCode

PRINT_BATCH_ROLES = (
    RoleCode.ADMIN,
    RoleCode.PROVINCE_STAFF,
    RoleCode.COMMUNE_OFFICER,
    RoleCode.CLERK,
    RoleCode.LEADER,
)


def can_create_batch(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_role(*PRINT_BATCH_ROLES))
