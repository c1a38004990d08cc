"""What the home dashboard shows, per role, in a fixed number of queries."""

from datetime import date
from typing import Any

from orgunits.selectors import organisation_qs_for, unit_counts_for
from people.selectors import person_qs_for


def dashboard_for(user: Any, today: date) -> dict[str, Any]:
    return {
        "unit_counts": unit_counts_for(user, today),
        "organisation_count": organisation_qs_for(user).active_on(today).count(),
        "person_count": person_qs_for(user).count(),
    }
