from typing import Any

from django import template

from ..permissions import can_create_batch

register = template.Library()


@register.inclusion_tag("documents/partials/_print_menu.html", takes_context=True)
def print_menu(context: Any, campaign: Any) -> dict[str, Any]:
    """The "Print" menu of a campaign page (the page already checked the campaign's scope)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "campaign": campaign,
        "can_batch": can_create_batch(user),
        # The detail page prefetched the recipients: counting them costs no query.
        "recipient_count": len(campaign.recipients.all()),
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }
