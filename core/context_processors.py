from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.permissions import can_manage_units


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The menu for the signed-in user: roles decide which entries appear."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"nav": {}}
    items = [
        {"url": reverse("campaigns:campaign_list"), "label": _("Campaigns")},
        {"url": reverse("orgunits:unit_list"), "label": _("Units")},
        {"url": reverse("orgunits:organisation_list"), "label": _("Organisations")},
        {"url": reverse("people:person_list"), "label": _("People")},
    ]
    if can_manage_units(user):
        items.append({"url": reverse("orgunits:unit_import"), "label": _("Import units")})
    return {"nav": {"items": items, "admin": user.is_staff}}
