"""Who may do what with reports (role + org-unit scope).

Scope itself (a report outside the user's subtree is a 404) is decided by the
selectors; these predicates add the role and the level: a unit fills its own reports,
the levels above it review them, and a level at or above the reviewer's reopens them.

A village's own rows are filled by its security team's staff or by the commune-level
staff above it. Agencies, enterprises, schools and security teams report for themselves
(``ExpectedReport.organisation``): their own staff fill their rows (a security team's
also the police body that manages it, ``Organisation.parent``), the reviewers whose area
holds them review, even at the same unit (the provincial police review the Sở of the
province), and the staff of such an organisation who only report see only its own rows.
"""

from typing import Any

from accounts.models import RoleCode
from orgunits.models import AdminLevel

from .models import ReportingLevel, organisation_level

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


def own_reporting_level(user: Any) -> str | None:
    """The reporting level of the organisation ``user`` acts for when it reports for
    itself (an agency or a security team); ``None`` for the staff of units' bodies."""
    if not getattr(user, "organisation_id", None):
        return None
    return organisation_level(user.organisation.kind)


def can_fill_report(user: Any, expected: Any) -> bool:
    """The reporting unit's or organisation's own staff (or a national administrator);
    a security team's rows also the police body that manages the team."""
    if not (user.is_authenticated and user.has_role(*FILLERS)):
        return False
    if user.is_national:
        return True
    if expected.organisation_id is None:
        # A unit's own rows: its bodies' staff (a village's body is its security team), not
        # a school located in it; a village's also the commune-level staff above it (teams
        # seldom have accounts, and the commune police report for their villages).
        unit = user.scope_unit
        if unit is None:
            return False
        own_level = own_reporting_level(user)
        if unit.pk == expected.unit_id:
            return own_level is None or (
                own_level == ReportingLevel.TEAM and expected.level == AdminLevel.VILLAGE
            )
        return (
            expected.level == AdminLevel.VILLAGE
            and own_level is None
            and unit.level == AdminLevel.COMMUNE
            and expected.unit_path.startswith(unit.path)
        )
    if user.organisation_id == expected.organisation_id:
        return True
    return (
        expected.level == ReportingLevel.TEAM
        and own_reporting_level(user) is None
        and expected.organisation.parent_id is not None
        and expected.organisation.parent_id == user.organisation_id
    )


def can_review_report(user: Any, report: Any) -> bool:
    """Staff of a unit above the reporting unit accept or return its reports; an
    organisation's reports, the staff whose area holds it (its own unit included)."""
    if not (user.is_authenticated and user.has_role(*REVIEWERS)):
        return False
    expected = report.expected
    if expected.organisation_id is None:
        return _strictly_above(user, report.unit_path)
    if user.organisation_id == expected.organisation_id:
        return False
    if expected.level == ReportingLevel.TEAM and (
        expected.organisation.parent_id == user.organisation_id
    ):
        return False  # the team's police fill its reports; the level above reviews them
    path = user.scope_path
    return path is None or report.unit_path.startswith(path)


def can_reopen_report(user: Any, report: Any) -> bool:
    """A level above the reporting unit whose subtree covers the unit that accepted."""
    if not can_review_report(user, report):
        return False
    path = user.scope_path
    return path is None or report.reviewer_unit_path.startswith(path)


def can_view_dashboard(user: Any) -> bool:
    return user.is_authenticated and user.has_role(*DASHBOARD_ROLES)


def sees_own_rows_only(user: Any) -> bool:
    """The staff of an agency or a security team who only report (no dashboard role) see
    their organisation's reports, not the rest of their unit's subtree. A Sở's appraisers
    and leaders keep the area view their roles give them."""
    return own_reporting_level(user) is not None and not can_view_dashboard(user)


def can_assess(user: Any) -> bool:
    return user.is_authenticated and user.has_role(*ASSESSORS)


def can_nudge(user: Any) -> bool:
    """Who chases the units whose reports are overdue: the reviewers."""
    return user.is_authenticated and user.has_role(*REVIEWERS)
