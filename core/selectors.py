"""What the home dashboard shows, per role, in a fixed number of queries: the area's
counts and what waits for the user's action."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from awards.selectors import queue_counts_for
from campaigns.models import CampaignStatus
from campaigns.selectors import campaigns_to_sign_for
from orgunits.selectors import organisation_qs_for, unit_counts_for
from people.selectors import person_qs_for

from . import cachegen

COUNTS_TIMEOUT = 60 * 60


def dashboard_for(user: Any, today: date) -> dict[str, Any]:
    """The area's counts of units by level, organisations and people.

    They depend only on the user's subtree and the day, and change only with units,
    organisations or people: cached under those apps' generations, so the home page
    re-rendered after a report is submitted does not count 100,000 villages again.
    """
    path = user.scope_path  # None: everything; "\x00" (no organisation): nothing
    area = "*" if path is None else (path if path.isalnum() else "none")
    key = f"home:counts:{area}:{today.isoformat()}"
    gens, counts = cachegen.read_current(key, ("orgunits", "people"))
    if counts is None:
        counts = {
            "unit_counts": unit_counts_for(user, today),
            "organisation_count": organisation_qs_for(user).active_on(today).count(),
            "person_count": person_qs_for(user).count(),
        }
        cachegen.write_current(key, gens, counts, COUNTS_TIMEOUT)
    return dict(counts)


@dataclass(frozen=True)
class TodoItem:
    """One line of "waiting for you" on the home page: what, how many, where."""

    title: str
    count: int
    url: str
    icon: str


def todo_for(user: Any) -> list[TodoItem]:
    """What waits for the user's own action outside reporting (the report panels list
    the reports to review): plans to sign and issue, award proposals at a stage the
    user's roles move on. A few queries, only for the roles concerned."""
    items = []
    to_sign = campaigns_to_sign_for(user)
    if to_sign:
        url = reverse("campaigns:campaign_list") + "?status=" + CampaignStatus.AWAITING_SIGNATURE
        if len(to_sign) == 1:
            url = reverse("campaigns:campaign_detail", args=[to_sign[0].pk])
        items.append(TodoItem(_("Plans waiting for signature"), len(to_sign), url, "pen"))
    icons = {"appraisal": "clipboard-check", "council": "people", "approval": "award"}
    for slug, title, n in queue_counts_for(user):
        url = reverse("awards:queue", args=[slug])
        items.append(TodoItem(title, n, url, icons.get(slug, "file-earmark-text")))
    return items
