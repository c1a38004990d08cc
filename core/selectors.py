"""What the home dashboard shows, per role, in a fixed number of queries."""

from datetime import date
from typing import Any

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
