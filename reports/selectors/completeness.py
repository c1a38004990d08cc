"""Completeness and timeliness: received and on-time reports against the expected ones,
per administrative level or per unit directly below the root, and the list of who has
not reported (or reported late).
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr

from campaigns.models import Campaign
from orgunits.models import AdminUnit

from ..models import ExpectedReport, ReportingLevel
from .common import RECEIVED, STEP, Rates, _expected_in


@dataclass
class CompletenessRow(Rates):
    key: str
    label: str
    expected: int
    received: int
    on_time: int
    unit: AdminUnit | None = None


def completeness_by_level(
    campaign: Campaign, root: AdminUnit, start: date | None = None, end: date | None = None
) -> list[CompletenessRow]:
    """Received / expected and on time / expected, per reporting level: the administrative
    levels, then agencies and security teams (one query)."""
    rows = (
        _expected_in(campaign, root.path, start, end)
        .values("level")
        .annotate(
            n=Count("pk"),
            received=Count("pk", filter=RECEIVED),
            on_time=Count("pk", filter=Q(report__on_time=True)),
        )
        .order_by("level")
    )
    labels = dict(ReportingLevel.choices)
    order = {lv: i for i, lv in enumerate(ReportingLevel.values)}
    out = [
        CompletenessRow(
            r["level"], str(labels.get(r["level"], r["level"])), r["n"], r["received"], r["on_time"]
        )
        for r in rows
    ]
    return sorted(out, key=lambda r: order.get(r.key, 99))


def levels_in(
    campaign: Campaign, root: AdminUnit, start: date | None = None, end: date | None = None
) -> list[str]:
    """The reporting levels with expected reports under ``root`` (one query)."""
    return list(
        _expected_in(campaign, root.path, start, end)
        .values_list("level", flat=True)
        .distinct()
        .order_by()
    )


def completeness_by_child(
    campaign: Campaign, root: AdminUnit, start: date | None = None, end: date | None = None
) -> list[CompletenessRow]:
    """The same figures per unit directly below ``root`` (two queries), for drilling down."""
    width = len(root.path) + STEP
    rows = (
        _expected_in(campaign, root.path, start, end)
        .exclude(unit_path=root.path)
        .annotate(child=Substr("unit_path", 1, width))
        .values("child")
        .annotate(
            n=Count("pk"),
            received=Count("pk", filter=RECEIVED),
            on_time=Count("pk", filter=Q(report__on_time=True)),
        )
        .order_by("child")
    )
    rows = list(rows)
    units = {u.path: u for u in AdminUnit.objects.filter(path__in=[r["child"] for r in rows])}
    out = []
    for r in rows:
        unit = units.get(r["child"])
        out.append(
            CompletenessRow(
                r["child"],
                unit.full_name if unit else r["child"],
                r["n"],
                r["received"],
                r["on_time"],
                unit=unit,
            )
        )
    return out


def missing_reports(
    campaign: Campaign,
    root: AdminUnit,
    *,
    level: str = "",
    start: date | None = None,
    end: date | None = None,
    search: str = "",
    late_only: bool = False,
) -> QuerySet[ExpectedReport]:
    """Who has not reported (or reported late), diacritics-insensitive unit search."""
    from core.text import fold

    qs = _expected_in(campaign, root.path, start, end).select_related(
        "unit", "organisation", "report"
    )
    if level:
        qs = qs.filter(level=level)
    qs = qs.filter(Q(report__on_time=False)) if late_only else qs.exclude(RECEIVED)
    if search:
        key = fold(search)
        qs = qs.filter(
            Q(unit__search_key__contains=key) | Q(organisation__search_key__contains=key)
        )
    return qs.order_by("period_start", "unit_path")
