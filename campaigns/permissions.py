"""Who may do what with a campaign (role + org-unit scope)."""

from typing import Any

from accounts.models import RoleCode
from accounts.scope import unit_in_scope

EDITORS = (RoleCode.ADMIN, RoleCode.PROVINCE_STAFF, RoleCode.COMMUNE_OFFICER)


def can_act_on_campaign(user: Any, campaign: Any) -> bool:
    """The plan was issued inside the user's own subtree."""
    return user.is_authenticated and unit_in_scope(user, campaign.unit)


def can_edit_campaign(user: Any, campaign: Any) -> bool:
    return (
        user.has_role(*EDITORS) and can_act_on_campaign(user, campaign) and not campaign.is_frozen
    )


def can_create_campaign(user: Any) -> bool:
    return user.is_authenticated and user.has_role(*EDITORS) and user.organisation_id is not None


def can_create_child_campaign(user: Any, parent: Any) -> bool:
    """An editor below the parent's unit may make the implementing plan of their unit."""
    from .models import CampaignStatus

    if not (user.is_authenticated and user.has_role(*EDITORS) and user.organisation_id):
        return False
    if parent.status not in (CampaignStatus.ISSUED, CampaignStatus.RUNNING):
        return False
    unit = user.scope_unit
    return unit is not None and unit.path.startswith(parent.unit.path) and unit.pk != parent.unit_id
