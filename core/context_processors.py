from importlib import import_module
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.permissions import can_manage_units

# Apps that add their own menu entries through ``<app>/nav.py: items(user) -> list[dict]``.
# Each app owns its entries, so adding a module never touches this file.
NAV_APPS = ("reports", "events", "awards", "documents", "notifications")


def _app_items(user: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for app in NAV_APPS:
        try:
            module = import_module(f"{app}.nav")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.nav":
                raise
            continue
        items.extend(module.items(user))
    return items


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The menu for the signed-in user: roles decide which entries appear."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"nav": {}}
    items = [
        {"url": reverse("campaigns:campaign_list"), "label": _("Campaigns")},
        *_app_items(user),
        {"url": reverse("orgunits:unit_list"), "label": _("Units")},
        {"url": reverse("orgunits:organisation_list"), "label": _("Organisations")},
        {"url": reverse("people:person_list"), "label": _("People")},
    ]
    if can_manage_units(user):
        items.append({"url": reverse("orgunits:unit_import"), "label": _("Import units")})
    return {"nav": {"items": items, "admin": user.is_staff}}
