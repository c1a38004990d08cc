from importlib import import_module
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.permissions import can_manage_units

# Apps that add their own menu entries through ``<app>/nav.py: items(user) -> list[dict]``.
# Each app owns its entries, so adding a module never touches this file. The menu shows
# each app as one group: a plain link when it has one entry, a dropdown when it has more.
NAV_APPS = (
    ("reports", _("Reports")),
    ("events", _("Events")),
    ("awards", _("Awards")),
)


def _app_items(app: str, user: Any) -> list[dict[str, Any]]:
    try:
        module = import_module(f"{app}.nav")
    except ModuleNotFoundError as exc:
        if exc.name != f"{app}.nav":
            raise
        return []
    return list(module.items(user))


def _group(label: Any, items: list[dict[str, Any]], path: str) -> dict[str, Any] | None:
    if not items:
        return None
    for item in items:
        item["active"] = path.startswith(item["url"])
    return {"label": label, "items": items, "active": any(i["active"] for i in items)}


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The menu for the signed-in user: roles decide which entries appear."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"nav": {}}
    path = request.path
    groups = [
        _group(
            _("Campaigns"),
            [{"url": reverse("campaigns:campaign_list"), "label": _("Campaigns")}],
            path,
        ),
        *(_group(label, _app_items(app, user), path) for app, label in NAV_APPS),
    ]
    catalogue = [
        {"url": reverse("orgunits:unit_list"), "label": _("Units")},
        {"url": reverse("orgunits:organisation_list"), "label": _("Organisations")},
        {"url": reverse("people:person_list"), "label": _("People")},
    ]
    if can_manage_units(user):
        catalogue.append({"url": reverse("orgunits:unit_import"), "label": _("Import units")})
    catalogue.extend(_app_items("notifications", user))
    catalogue.extend(_app_items("documents", user))
    groups.append(_group(_("Catalogues"), catalogue, path))
    return {"nav": {"groups": [g for g in groups if g], "admin": user.is_staff}}


def pinned_csrf_token(request: HttpRequest) -> dict[str, Any]:
    """While a cached page renders, the CSRF token is a placeholder (``core.pagecache``)."""
    from .pagecache import PLACEHOLDER, RENDERING

    if getattr(request, RENDERING, False):
        return {"csrf_token": PLACEHOLDER}
    return {}
