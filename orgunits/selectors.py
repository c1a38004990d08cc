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
    return successors_by_unit([unit], on)[unit.pk]


def successors_by_unit(units: list[AdminUnit], on: date) -> dict[int, list[AdminUnit]]:
    """For each unit, the units that carry it on ``on`` (successions followed
    transitively, sorted by path); a unit no succession ended maps to itself.

    One query per step of the chains (a 2024 ward merged in 2025 is one step),
    whatever the number of units.
    """
    # frontier: unit -> the starts whose chains are at it now; a unit with no succession
    # out of it (by ``on``) ends the chains there. ``visited`` stops a cycle in bad data.
    units_by_id: dict[int, AdminUnit] = {u.pk: u for u in units}
    frontier: dict[int, set[int]] = {u.pk: {u.pk} for u in units}
    final: dict[int, set[int]] = {u.pk: set() for u in units}
    visited: set[tuple[int, int]] = {(u.pk, u.pk) for u in units}
    while frontier:
        nexts: dict[int, set[int]] = {}
        stepped: set[int] = set()
        for s in Succession.objects.filter(
            from_unit_id__in=list(frontier), effective_date__lte=on
        ).select_related("to_unit"):
            stepped.add(s.from_unit_id)
            units_by_id.setdefault(s.to_unit_id, s.to_unit)
            for start in frontier[s.from_unit_id]:
                if (start, s.to_unit_id) not in visited:
                    visited.add((start, s.to_unit_id))
                    nexts.setdefault(s.to_unit_id, set()).add(start)
        for unit_id, starts in frontier.items():
            if unit_id not in stepped:
                for start in starts:
                    final[start].add(unit_id)
        frontier = nexts
    return {
        start: sorted((units_by_id[i] for i in ends), key=lambda u: u.path) or [units_by_id[start]]
        for start, ends in final.items()
    }


def successions_under(root: AdminUnit, on: date) -> bool:
    """Whether a unit of ``root``'s subtree (``root`` included) was succeeded by ``on``:
    its figures can then be shown as mapped to today's units (one query)."""
    return Succession.objects.filter(
        from_unit__path__startswith=root.path, effective_date__lte=on
    ).exists()
