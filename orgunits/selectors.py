"""Scoped reads of units and organisations."""

from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from accounts.scope import scoped

from .models import AdminLevel, AdminUnit, Organisation, Succession


def unit_qs_for(user: Any) -> QuerySet[AdminUnit]:
    return scoped(AdminUnit.objects.all(), user, "path")


def organisation_qs_for(user: Any) -> QuerySet[Organisation]:
    return scoped(Organisation.objects.select_related("unit", "parent"), user)


def unit_counts_for(user: Any, on: date) -> dict[str, int]:
    """Units valid on ``on`` in the user's subtree, by level, in one query."""
    qs = unit_qs_for(user).active_on(on).order_by()
    agg = qs.aggregate(
        **{level.value: Count("pk", filter=Q(level=level.value)) for level in AdminLevel}
    )
    return {k: v or 0 for k, v in agg.items()}


def successors_of(unit: AdminUnit, on: date) -> list[AdminUnit]:
    """The units that carry ``unit`` on ``on``, following successions transitively.

    Reports from 2024 can be rolled up "as mapped to today's units" with this.
    """
    frontier = [unit]
    result: list[AdminUnit] = []
    seen: set[int] = set()
    while frontier:
        current = frontier.pop()
        if current.pk in seen:
            continue
        seen.add(current.pk)
        nexts = [
            s.to_unit
            for s in Succession.objects.filter(
                from_unit=current, effective_date__lte=on
            ).select_related("to_unit")
        ]
        if not nexts:
            result.append(current)
        frontier.extend(nexts)
    return sorted(result, key=lambda u: u.path)
