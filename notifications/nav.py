"""Menu entries of the notifications app (collected by core.context_processors)."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .permissions import can_manage_reminders


def items(user: Any) -> list[dict[str, Any]]:
    if can_manage_reminders(user):
        return [{"url": reverse("notifications:reminder_admin"), "label": _("Reminders")}]
    return []
