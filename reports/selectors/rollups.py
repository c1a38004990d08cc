"""Indicator rollups computed in the database: the :class:`Cell` aggregate of an
indicator, the :class:`Rollup` of a root and its children, the trend per period and
the ranking of the units of one level, each in a fixed number of queries.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Substr

from campaigns.models import Aggregation, Campaign, Indicator, IndicatorKind
from core.text import fold
from orgunits.models import AdminLevel, AdminUnit
from orgunits.selectors import successors_by_unit

from ..models import ORGANISATION_LEVELS, IndicatorValue, ReportStatus
from ..services import rollup_levels
from .common import RECEIVED, STEP, Rates, Window, _expected_in, _pct


@dataclass
class Cell:
    """An indicator's aggregate over some units and periods."""

    indicator: Indicator
    numerator: int = 0
    denominator: int = 0
    count: int = 0
    yes: int = 0
    met: int = 0
    judged: int = 0
    values: int = 0

    def add(self, other: "Cell") -> None:
        for name in ("numerator", "denominator", "count", "yes", "met", "judged", "values"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def ratio(self) -> Decimal | None:
        return _pct(self.numerator, self.denominator)

    @property
    def share_met(self) -> Decimal | None:
        return _pct(self.met, self.judged)

    @property
    def value(self) -> Decimal | None:
        """The figure compared with the target, by the indicator's aggregation."""
        ind = self.indicator
        if not self.values:
            return None
        if ind.aggregation in (Aggregation.SHARE_MEETING, Aggregation.ALL):
            return self.share_met
        if ind.kind == IndicatorKind.RATIO:
            return self.ratio
        if ind.kind == IndicatorKind.COUNT:
            return Decimal(self.count)
        return _pct(self.yes, self.values)

    @property
    def met_target(self) -> bool | None:
        ind = self.indicator
        if not self.values:
            return None
        if ind.aggregation == Aggregation.ALL:
            return self.judged > 0 and self.met == self.judged
        if ind.aggregation == Aggregation.SHARE_MEETING:
            # The share of units meeting the target is compared with the target only
            # for ratios (a percentage); for counts and yes/no every unit must meet it.
            if ind.kind == IndicatorKind.RATIO:
                return ind.is_met(self.share_met)
            return self.judged > 0 and self.met == self.judged
        if ind.kind == IndicatorKind.BOOLEAN:
            return self.judged > 0 and self.met == self.judged
        return ind.is_met(self.value)

    @property
    def colour(self) -> str:
        met = self.met_target
        if met is None:
            return "secondary"
        if met:
            return "success"
        share = self.share_met
        return "warning" if share is not None and share >= 50 else "danger"


def _values_in(
    campaign: Campaign,
    root_path: str,
    indicators: list[Indicator],
    start: date | None,
    end: date | None,
    statuses: tuple[str, ...],
    window: Window | None = None,
) -> QuerySet[IndicatorValue]:
    """Values of each indicator at its rollup levels (:func:`rollup_levels`), inside the
    subtree and ``window`` (else the period starts in [start, end])."""
    by_levels: dict[frozenset[str], list[int]] = {}
    for ind in indicators:
        levels = frozenset(rollup_levels(ind))
        if levels:
            by_levels.setdefault(levels, []).append(ind.pk)
    cond = Q(pk__in=[])
    for levels, ids in by_levels.items():
        if len(levels) == 1:
            cond |= Q(level=next(iter(levels)), indicator_id__in=ids)
        else:
            cond |= Q(level__in=sorted(levels), indicator_id__in=ids)
    # Campaign and status are copied onto the values: one index range, no join.
    qs = IndicatorValue.objects.filter(
        cond, campaign=campaign, status__in=statuses, unit_path__startswith=root_path
    )
    if window is not None:
        return qs.filter(window.values_q(indicators))
    if start:
        qs = qs.filter(period_start__gte=start)
    if end:
        qs = qs.filter(period_start__lte=end)
    return qs


_SUMS = {
    "s_num": Sum("numerator"),
    "s_den": Sum("denominator"),
    "s_count": Sum("count"),
    "s_yes": Count("pk", filter=Q(boolean=True)),
    "s_met": Count("pk", filter=Q(met=True)),
    "s_judged": Count("pk", filter=Q(met__isnull=False)),
    "s_values": Count("pk"),
}


def _cell(ind: Indicator, r: dict[str, Any]) -> Cell:
    return Cell(
        ind,
        numerator=r["s_num"] or 0,
        denominator=r["s_den"] or 0,
        count=r["s_count"] or 0,
        yes=r["s_yes"],
        met=r["s_met"],
        judged=r["s_judged"],
        values=r["s_values"],
    )


@dataclass
class Rollup:
    """Per indicator: the total for the root and one cell per unit directly below it."""

    indicators: list[Indicator]
    children: list[AdminUnit]
    totals: dict[int, Cell] = field(default_factory=dict)
    by_child: dict[int, dict[str, Cell]] = field(default_factory=dict)

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "indicator": ind,
                "total": self.totals[ind.pk],
                "children": [self.by_child[ind.pk].get(c.path, Cell(ind)) for c in self.children],
            }
            for ind in self.indicators
        ]


ACCEPTED_ONLY = (ReportStatus.ACCEPTED,)
RECEIVED_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


def indicator_rollup(
    campaign: Campaign,
    root: AdminUnit,
    start: date | None = None,
    end: date | None = None,
    *,
    statuses: tuple[str, ...] = ACCEPTED_ONLY,
    indicators: list[Indicator] | None = None,
    window: Window | None = None,
) -> Rollup:
    """Sum numerators and denominators (then the ratio), counts, yes and met per indicator.

    Computed for ``root`` and each unit directly below it, from the values of accepted
    reports (by default) of ``window`` (else whose period starts in [start, end]); with a
    window, only the indicators of its frequencies. Three queries.
    """
    if indicators is None:
        indicators = list(campaign.indicators.order_by("order", "pk"))
    if window is not None:
        indicators = [i for i in indicators if i.frequency in window.frequencies]
    width = len(root.path) + STEP
    children = list(AdminUnit.objects.filter(path__startswith=root.path, depth=root.depth + 1))
    rollup = Rollup(indicators, children)
    for ind in indicators:
        rollup.totals[ind.pk] = Cell(ind)
        rollup.by_child[ind.pk] = {}
    by_id = {ind.pk: ind for ind in indicators}
    rows = (
        _values_in(campaign, root.path, indicators, start, end, statuses, window)
        .annotate(child=Substr("unit_path", 1, width))
        .values("indicator_id", "child")
        .annotate(**_SUMS)
        .order_by()
    )
    for r in rows:
        ind = by_id[r["indicator_id"]]
        cell = _cell(ind, r)
        rollup.totals[ind.pk].add(cell)
        if len(r["child"]) == width:
            rollup.by_child[ind.pk][r["child"]] = cell
    return rollup


def indicator_trend(
    campaign: Campaign,
    root: AdminUnit,
    indicators: list[Indicator],
    *,
    statuses: tuple[str, ...] = ACCEPTED_ONLY,
) -> dict[int, dict[date, Cell]]:
    """Per indicator and period start, the rolled-up cell for ``root`` (one query)."""
    by_id = {ind.pk: ind for ind in indicators}
    rows = (
        _values_in(campaign, root.path, indicators, None, None, statuses)
        .values("indicator_id", "period_start")
        .annotate(**_SUMS)
        .order_by("period_start")
    )
    out: dict[int, dict[date, Cell]] = {ind.pk: {} for ind in indicators}
    for r in rows:
        ind = by_id[r["indicator_id"]]
        out[ind.pk][r["period_start"]] = _cell(ind, r)
    return out


@dataclass(eq=False)
class RankRow(Rates):
    """A ranked unit (or organisation): its values meeting the target, and its own
    reports' completeness and timeliness (not those of the teams or agencies in its
    area, which are ranked on their own)."""

    unit_id: int
    name: str
    met: int
    judged: int
    on_time: int
    expected: int
    received: int = 0
    # 1 for the best; equal figures share a rank. None: nothing of it was judged yet
    # (no accepted value compared with a target), so it is listed after the ranked.
    rank: int | None = None
    search_key: str = ""
    # Mapped to today's units: the names of the former units whose figures this row
    # adds up, or, for a unit split into several, the names of those it went into
    # (its figures cannot be shared out, so it stays a row of its own).
    formerly: tuple[str, ...] = ()
    split_into: tuple[str, ...] = ()

    @property
    def share_met(self) -> Decimal | None:
        return _pct(self.met, self.judged)


def _ranked(rows: list[RankRow]) -> list[RankRow]:
    """Sort best first and number the units with something judged (competition ranking:
    1, 2, 2, 4); the others follow, unranked, by timeliness then name."""

    def figures(x: RankRow) -> tuple[Decimal, Decimal]:
        return (x.share_met or Decimal(0), x.timeliness or Decimal(0))

    judged = sorted(
        (r for r in rows if r.judged), key=lambda x: (*(-v for v in figures(x)), x.name)
    )
    rest = sorted((r for r in rows if not r.judged), key=lambda x: (-(x.timeliness or 0), x.name))
    for i, row in enumerate(judged):
        before = judged[i - 1] if i else None
        row.rank = before.rank if before and figures(before) == figures(row) else i + 1
    for row in rest:
        row.rank = None
    return [*judged, *rest]


def unit_ranking(
    campaign: Campaign,
    root: AdminUnit,
    level: str,
    start: date | None = None,
    end: date | None = None,
    *,
    window: Window | None = None,
    indicators: list[Indicator] | None = None,
    search: str = "",
    statuses: tuple[str, ...] = ACCEPTED_ONLY,
    as_of: date | None = None,
) -> list[RankRow]:
    """Units of ``level`` ranked by the share of their values meeting the target, then by
    timeliness (two queries, three with a window and no ``indicators``). For the agencies
    or security teams (``level`` one of :data:`~reports.models.ORGANISATION_LEVELS`) the
    rows are the organisations.

    With ``as_of`` (administrative levels only), the units are first mapped to those
    that carry them on that day (:func:`~orgunits.selectors.successors_by_unit`): the
    wards merged into one new ward make one row, their figures added up (a few more
    queries, one per step of the successions).

    The ranks are those in the whole area: ``search`` (accent-blind) only picks rows
    from it afterwards, so a unit found keeps its rank.
    """
    by_org = level in ORGANISATION_LEVELS
    values = IndicatorValue.objects.filter(
        campaign=campaign, status__in=statuses, level=level, unit_path__startswith=root.path
    )
    if window is not None:
        if indicators is None:
            indicators = list(campaign.indicators.all())
        values = values.filter(window.values_q(indicators))
    else:
        if start:
            values = values.filter(period_start__gte=start)
        if end:
            values = values.filter(period_start__lte=end)
    exp = _expected_in(campaign, root.path, start, end, window).filter(level=level)
    # Values are keyed by the unit's path, or by the organisation for agencies and teams.
    value_key = "report__expected__organisation_id" if by_org else "unit_path"
    met = {
        r[value_key]: r
        for r in values.values(value_key)
        .annotate(
            n_met=Count("pk", filter=Q(met=True)),
            n_judged=Count("pk", filter=Q(met__isnull=False)),
        )
        .order_by()
    }
    fields = (
        ("organisation_id", "organisation__name", "organisation__search_key")
        if by_org
        else ("unit_id", "unit_path", "unit__name", "unit__type_name", "unit__search_key")
    )
    rows = []
    paths: dict[RankRow, str] = {}
    for r in (
        exp.values(*fields)
        .annotate(
            n=Count("pk"),
            received=Count("pk", filter=RECEIVED),
            on_time=Count("pk", filter=Q(report__on_time=True)),
        )
        .order_by()
    ):
        if by_org:
            key, row_id, name = r["organisation_id"], r["organisation_id"], r["organisation__name"]
            search_key = r["organisation__search_key"]
        else:
            type_name = r["unit__type_name"] or ""
            key, row_id = r["unit_path"], r["unit_id"]
            name = f"{type_name[:1].upper()}{type_name[1:]} {r['unit__name']}".strip()
            search_key = r["unit__search_key"]
        m = met.get(key, {"n_met": 0, "n_judged": 0})
        rows.append(
            RankRow(
                row_id,
                name,
                m["n_met"],
                m["n_judged"],
                r["on_time"],
                r["n"],
                r["received"],
                search_key=search_key or "",
            )
        )
        if not by_org:
            paths[rows[-1]] = r["unit_path"]
    if level == AdminLevel.VILLAGE:
        _name_villages(paths)
    if as_of is not None and not by_org:
        rows, new_paths = _mapped_to(rows, as_of)
        if level == AdminLevel.VILLAGE:
            _name_villages(new_paths)
    rows = _ranked(rows)
    if search:
        key = fold(search)
        rows = [r for r in rows if key in r.search_key]
    return rows


def _name_villages(paths: dict[RankRow, str]) -> None:
    """ "Khu phố 1" is in every ward: name the commune too (one query)."""
    parents = AdminUnit.objects.filter(path__in={p[:-STEP] for p in paths.values()}).only(
        "path", "name", "type_name"
    )
    by_path = {u.path: u for u in parents}
    for row, path in paths.items():
        if path[:-STEP] in by_path:
            row.name = f"{row.name}, {by_path[path[:-STEP]].name_in_text}"


def _mapped_to(rows: list[RankRow], on: date) -> tuple[list[RankRow], dict[RankRow, str]]:
    """The rows of former units added up under the units that carry them on ``on``;
    with the unit path of each row made here (to name villages). A unit split into
    several stays the row it was, naming where it went."""
    units = list(AdminUnit.objects.filter(pk__in=[r.unit_id for r in rows]))
    successors = successors_by_unit(units, on)
    merged: dict[int, RankRow] = {}
    paths: dict[RankRow, str] = {}
    out: list[RankRow] = []
    for row in rows:
        targets = successors[row.unit_id]
        if len(targets) > 1:
            row.split_into = tuple(t.full_name for t in targets)
            out.append(row)
            continue
        target = targets[0]
        into = merged.get(target.pk)
        if into is None:
            into = merged[target.pk] = RankRow(
                target.pk, target.full_name, 0, 0, 0, 0, 0, search_key=target.search_key or ""
            )
            out.append(into)
            paths[into] = target.path
        into.met += row.met
        into.judged += row.judged
        into.on_time += row.on_time
        into.expected += row.expected
        into.received += row.received
        if row.unit_id != target.pk:
            into.formerly = (*into.formerly, row.name)
            # A former name finds the row too ("Nghĩa Đức" finds Bắc Gia Nghĩa).
            into.search_key = f"{into.search_key} {row.search_key}".strip()
    for row in out:
        row.formerly = tuple(sorted(row.formerly))
    return out, paths
