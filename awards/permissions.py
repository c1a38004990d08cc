"""Who may do what in the awards path (role + org-unit scope).

Transition rights are data: ``awards.services.TRANSITIONS`` and ``NOMINEE_ACTIONS``.
These predicates answer the questions views and templates ask.
"""

from typing import Any

from accounts.models import RoleCode
from accounts.scope import unit_in_scope

from .models import BatchStatus

CATALOGUE_ROLES = (RoleCode.ADMIN, RoleCode.PROVINCE_STAFF)
PROPOSER_ROLES = (RoleCode.ADMIN, RoleCode.PROVINCE_STAFF, RoleCode.COMMUNE_OFFICER)


def can_view_batch(user: Any, batch: Any) -> bool:
    return bool(user.is_authenticated) and unit_in_scope(user, batch.unit)


def can_manage_catalogue(user: Any) -> bool:
    """Award forms and councils: administrators and province staff."""
    return user.is_authenticated and user.has_role(*CATALOGUE_ROLES)


def can_manage_council(user: Any, council: Any) -> bool:
    """A council of the user's area: its name, members and pass rule."""
    return can_manage_catalogue(user) and unit_in_scope(user, council.unit)


def can_create_award_form(user: Any) -> bool:
    """National administrators add to the national catalogue, province staff to their own."""
    if not user.is_authenticated:
        return False
    if user.is_national and user.has_role(RoleCode.ADMIN):
        return True
    unit = user.scope_unit
    return can_manage_catalogue(user) and unit is not None and unit.province_id is not None


def can_edit_award_form(user: Any, form: Any) -> bool:
    """National forms (Minister's Bằng khen, the KNC medal): national administrators only.
    A province's own forms: staff whose area holds that province."""
    if not user.is_authenticated:
        return False
    if form.owner_unit_id is None:
        return user.is_national and user.has_role(RoleCode.ADMIN)
    return can_manage_catalogue(user) and unit_in_scope(user, form.owner_unit)


def can_manage_campaign_rules(user: Any, campaign: Any) -> bool:
    """Criteria, quotas and allocations of a campaign issued in the user's subtree."""
    return can_manage_catalogue(user) and unit_in_scope(user, campaign.unit)


def can_create_batch(user: Any) -> bool:
    return (
        user.is_authenticated
        and user.has_role(*PROPOSER_ROLES)
        and user.organisation_id is not None
    ) or user.is_superuser


def can_edit_batch(user: Any, batch: Any) -> bool:
    return (
        batch.status == BatchStatus.DRAFT
        and user.has_role(*PROPOSER_ROLES)
        and can_view_batch(user, batch)
    )


def can_vote_in_batch(user: Any, batch: Any) -> bool:
    return (
        batch.status == BatchStatus.COUNCIL_VOTE
        and not batch.voting_closed
        and batch.council_id is not None
        and user.has_role(RoleCode.COUNCIL_MEMBER)
        and can_view_batch(user, batch)
        and batch.council.members.filter(pk=user.pk).exists()
    )


def can_see_vote_tally(user: Any, batch: Any) -> bool:
    """Tallies stay secret from everyone until the vote is closed."""
    return batch.voting_closed and can_view_batch(user, batch)
