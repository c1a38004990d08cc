"""Menu entries of the awards app (collected by core.context_processors)."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import RoleCode

from .permissions import can_manage_catalogue


def items(user: Any) -> list[dict[str, Any]]:
    entries = [{"url": reverse("awards:batch_list"), "label": _("Awards")}]
    if user.has_role(RoleCode.PROVINCE_STAFF, RoleCode.APPRAISER) and not user.is_superuser:
        entries.append(
            {"url": reverse("awards:queue", args=["appraisal"]), "label": _("Appraisal")}
        )
    if user.has_role(RoleCode.COUNCIL_MEMBER) and not user.is_superuser:
        entries.append(
            {"url": reverse("awards:queue", args=["council"]), "label": _("Council vote")}
        )
    if user.has_role(RoleCode.LEADER) and not user.is_superuser:
        entries.append(
            {"url": reverse("awards:queue", args=["approval"]), "label": _("Leader approval")}
        )
    if user.has_role(RoleCode.CLERK) and not user.is_superuser:
        entries.append({"url": reverse("awards:queue", args=["decision"]), "label": _("Decisions")})
    entries.append({"url": reverse("awards:history"), "label": _("Award history")})
    if can_manage_catalogue(user):
        entries.append({"url": reverse("awards:council_list"), "label": _("Emulation councils")})
    if user.has_role(RoleCode.ADMIN, RoleCode.PROVINCE_STAFF):
        # Holds live in the person registry; they matter when proposing and approving.
        entries.append({"url": reverse("people:hold_list"), "label": _("Award holds")})
    return entries
