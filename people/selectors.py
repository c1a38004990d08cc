from datetime import date
from typing import Any

from django.db.models import QuerySet

from accounts.scope import scoped

from .models import Person, PersonHold


def person_qs_for(user: Any) -> QuerySet[Person]:
    return scoped(Person.objects.select_related("organisation", "unit"), user)


def hold_qs_for(user: Any) -> QuerySet[PersonHold]:
    return scoped(
        PersonHold.objects.select_related("person__organisation", "person__unit"),
        user,
        "person__unit__path",
    )


def security_service_days(person: Person, on: date) -> int:
    """Days served in grassroots security teams up to ``on``, overlaps counted once."""
    periods = sorted(
        (m.started_on, min(m.ended_on or on, on))
        for m in person.memberships.all()
        if m.started_on <= on
    )
    total = 0
    current_start: date | None = None
    current_end: date | None = None
    for start, end in periods:
        if current_end is None or start > current_end:
            if current_start is not None and current_end is not None:
                total += (current_end - current_start).days
            current_start, current_end = start, end
        elif end > current_end:
            current_end = end
    if current_start is not None and current_end is not None:
        total += (current_end - current_start).days
    return total
