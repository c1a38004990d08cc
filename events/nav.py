from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def items(user: Any) -> list[dict[str, Any]]:
    """Events are visible to every signed-in role (scoped to their subtree)."""
    if not user.is_authenticated:
        return []
    return [{"url": reverse("events:event_list"), "label": _("Events")}]
