"""Menu entries of the reports app (collected by core.context_processors)."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import RoleCode

from .permissions import REVIEWERS, can_view_dashboard


def items(user: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if RoleCode.COMMUNE_OFFICER in user.role_codes:
        out.append({"url": reverse("reports:my_reports"), "label": _("My reports")})
    if user.has_role(*REVIEWERS):
        out.append({"url": reverse("reports:review_queue"), "label": _("Review reports")})
    if can_view_dashboard(user):
        out.append({"url": reverse("reports:dashboard"), "label": _("Reporting dashboard")})
    return out
