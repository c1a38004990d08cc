"""Who may do what with reports (role + org-unit scope).

Scope itself (a report outside the user's subtree is a 404) is decided by the
selectors; these predicates add the role and the level: a unit fills its own reports,
the levels above it review them, and a level at or above the reviewer's reopens them.
"""

from typing import Any

from accounts.models import RoleCode

FILLERS = (RoleCode.ADMIN, RoleCode.PROVINCE_STAFF, RoleCode.COMMUNE_OFFICER)
REVIEWERS = (RoleCode.ADMIN, RoleCode.PROVINCE_STAFF)
DASHBOARD_ROLES = (
    RoleCode.ADMIN,
    RoleCode.PROVINCE_STAFF,
    RoleCode.LEADER,
    RoleCode.APPRAISER,
    RoleCode.COUNCIL_MEMBER,
    RoleCode.VIEWER,
)
ASSESSORS = (RoleCode.ADMIN, RoleCode.PROVINCE_STAFF)


def _strictly_above(user: Any, unit_path: str) -> bool:
    path = user.scope_path
    if path is None:
        return True
    return unit_path.startswith(path) and unit_path != path


def can_fill_report(user: Any, expected: Any) -> bool:
    """The reporting unit's own staff (or a national administrator)."""
    if not (user.is_authenticated and user.has_role(*FILLERS)):
        return False
    if user.is_national:
        return True
    unit = user.scope_unit
    return unit is not None and unit.pk == expected.unit_id


def can_review_report(user: Any, report: Any) -> bool:
    """Staff of a unit above the reporting unit accept or return its reports."""
    return (
        user.is_authenticated
        and user.has_role(*REVIEWERS)
        and _strictly_above(user, report.unit_path)
    )


def can_reopen_report(user: Any, report: Any) -> bool:
    """A level above the reporting unit whose subtree covers the unit that accepted."""
    if not can_review_report(user, report):
        return False
    path = user.scope_path
    return path is None or report.reviewer_unit_path.startswith(path)


def can_view_dashboard(user: Any) -> bool:
    return user.is_authenticated and user.has_role(*DASHBOARD_ROLES)


def can_assess(user: Any) -> bool:
    return user.is_authenticated and user.has_role(*ASSESSORS)
