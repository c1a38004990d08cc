"""Scoped reads and rollups of reports.

Rollups run in the database, grouped by the keys copied onto the rows (the unit's
path prefix, level, period start), so a dashboard costs a fixed number of queries
whatever the number of communes, months or indicators.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Substr

from accounts.scope import scoped
from campaigns.models import (
    CLASSIFICATION_RANK,
    Aggregation,
    Campaign,
    Classification,
    Indicator,
    IndicatorKind,
)
from orgunits.models import AdminUnit

from .models import (
    Assessment,
    Evidence,
    ExpectedReport,
    IndicatorValue,
    Report,
    ReportStatus,
)
from .services import reporting_level

STEP = AdminUnit.steplen
RECEIVED = Q(report__first_submitted_at__isnull=False)


# --- Scoped querysets -----------------------------------------------------------------


def expected_qs_for(user: Any) -> QuerySet[ExpectedReport]:
    return scoped(
        ExpectedReport.objects.select_related("campaign", "unit"), user, path_field="unit_path"
    )


def report_qs_for(user: Any) -> QuerySet[Report]:
    return scoped(
        Report.objects.select_related("expected", "expected__campaign", "unit"),
        user,
        path_field="unit_path",
    )


def evidence_qs_for(user: Any) -> QuerySet[Evidence]:
    return scoped(Evidence.objects.select_related("report"), user, path_field="report__unit_path")


def assessment_qs_for(user: Any) -> QuerySet[Assessment]:
    return scoped(Assessment.objects.select_related("unit"), user, path_field="unit_path")


def review_queue_qs_for(user: Any) -> QuerySet[Report]:
    """Submitted reports of the units below the user, oldest first."""
    qs = report_qs_for(user).filter(status=ReportStatus.SUBMITTED)
    if user.scope_path is not None:
        qs = qs.exclude(unit_path=user.scope_path)
    return qs.order_by("submitted_at", "pk")


def campaigns_with_reports_for(user: Any) -> list[Campaign]:
    """Campaigns that have a reporting schedule in the user's subtree, newest first."""
    ids = expected_qs_for(user).values("campaign_id")
    return list(Campaign.objects.filter(pk__in=ids).order_by("-start_date", "-pk"))


def commune_overview(
    user: Any, today: date, *, with_scores: bool = False
) -> dict[str, list[ExpectedReport]]:
    """The user's own unit: what is due (not yet submitted), returned, and accepted.

    ``with_scores`` annotates each row with ``n_met`` and ``n_judged`` (its values meeting
    the target, and judged against one), in the same single query.
    """
    out: dict[str, list[ExpectedReport]] = {
        "due": [],
        "returned": [],
        "accepted": [],
        "waiting": [],
    }
    unit = user.scope_unit
    if unit is None:
        return out
    qs = ExpectedReport.objects.filter(unit=unit, period_start__lte=today).select_related(
        "campaign", "report"
    )
    if with_scores:
        qs = qs.annotate(
            n_met=Count("report__values", filter=Q(report__values__met=True)),
            n_judged=Count("report__values", filter=Q(report__values__met__isnull=False)),
        )
    for exp in qs.order_by("due_date", "pk"):
        report = getattr(exp, "report", None)
        status = report.status if report else None
        if status in (ReportStatus.RETURNED, ReportStatus.REOPENED):
            out["returned"].append(exp)
        elif status is None or status == ReportStatus.DRAFT:
            out["due"].append(exp)
        elif status == ReportStatus.SUBMITTED:
            out["waiting"].append(exp)
        else:
            out["accepted"].append(exp)
    out["accepted"].reverse()
    return out


# --- Completeness and timeliness -----------------------------------------------------


@dataclass
class CompletenessRow:
    key: str
    label: str
    expected: int
    received: int
    on_time: int
    unit: AdminUnit | None = None

    @property
    def missing(self) -> int:
        return self.expected - self.received

    @property
    def completeness(self) -> Decimal | None:
        return _pct(self.received, self.expected)

    @property
    def timeliness(self) -> Decimal | None:
        return _pct(self.on_time, self.expected)


def _pct(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def _expected_in(
    campaign: Campaign, root_path: str, start: date | None, end: date | None
) -> QuerySet[ExpectedReport]:
    qs = ExpectedReport.objects.filter(campaign=campaign, unit_path__startswith=root_path)
    if start:
        qs = qs.filter(period_start__gte=start)
    if end:
        qs = qs.filter(period_start__lte=end)
    return qs


def completeness_by_level(
    campaign: Campaign, root: AdminUnit, start: date | None = None, end: date | None = None
) -> list[CompletenessRow]:
    """Received / expected and on time / expected, per administrative level (one query)."""
    from orgunits.models import AdminLevel

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
    labels = dict(AdminLevel.choices)
    order = {lv: i for i, lv in enumerate(AdminLevel.values)}
    out = [
        CompletenessRow(
            r["level"], str(labels.get(r["level"], r["level"])), r["n"], r["received"], r["on_time"]
        )
        for r in rows
    ]
    return sorted(out, key=lambda r: order.get(r.key, 99))


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

    qs = _expected_in(campaign, root.path, start, end).select_related("unit", "report")
    if level:
        qs = qs.filter(level=level)
    qs = qs.filter(Q(report__on_time=False)) if late_only else qs.exclude(RECEIVED)
    if search:
        qs = qs.filter(unit__search_key__contains=fold(search))
    return qs.order_by("period_start", "unit_path")


# --- Indicator rollups ---------------------------------------------------------------


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
) -> QuerySet[IndicatorValue]:
    """Values of each indicator at its reporting level, inside the subtree and dates."""
    by_level: dict[str, list[int]] = {}
    for ind in indicators:
        level = reporting_level(ind)
        if level:
            by_level.setdefault(level, []).append(ind.pk)
    cond = Q(pk__in=[])
    for level, ids in by_level.items():
        cond |= Q(level=level, indicator_id__in=ids)
    # Campaign and status are copied onto the values: one index range, no join.
    qs = IndicatorValue.objects.filter(
        cond, campaign=campaign, status__in=statuses, unit_path__startswith=root_path
    )
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
) -> Rollup:
    """Sum numerators and denominators (then the ratio), counts, yes and met per indicator.

    Computed for ``root`` and each unit directly below it, from the values of accepted
    reports (by default) whose period starts in [start, end]. Three queries.
    """
    if indicators is None:
        indicators = list(campaign.indicators.order_by("order", "pk"))
    width = len(root.path) + STEP
    children = list(AdminUnit.objects.filter(path__startswith=root.path, depth=root.depth + 1))
    rollup = Rollup(indicators, children)
    for ind in indicators:
        rollup.totals[ind.pk] = Cell(ind)
        rollup.by_child[ind.pk] = {}
    by_id = {ind.pk: ind for ind in indicators}
    rows = (
        _values_in(campaign, root.path, indicators, start, end, statuses)
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


@dataclass
class RankRow:
    unit_id: int
    name: str
    met: int
    judged: int
    on_time: int
    expected: int

    @property
    def share_met(self) -> Decimal | None:
        return _pct(self.met, self.judged)

    @property
    def timeliness(self) -> Decimal | None:
        return _pct(self.on_time, self.expected)


def unit_ranking(
    campaign: Campaign,
    root: AdminUnit,
    level: str,
    start: date | None = None,
    end: date | None = None,
    *,
    search: str = "",
    statuses: tuple[str, ...] = ACCEPTED_ONLY,
) -> list[RankRow]:
    """Units of ``level`` ranked by the share of their values meeting the target, then by
    timeliness (two queries)."""
    from core.text import fold

    values = IndicatorValue.objects.filter(
        campaign=campaign, status__in=statuses, level=level, unit_path__startswith=root.path
    )
    if start:
        values = values.filter(period_start__gte=start)
    if end:
        values = values.filter(period_start__lte=end)
    exp = _expected_in(campaign, root.path, start, end).filter(level=level)
    if search:
        key = fold(search)
        values = values.filter(report__unit__search_key__contains=key)
        exp = exp.filter(unit__search_key__contains=key)
    met = {
        r["unit_path"]: r
        for r in values.values("unit_path")
        .annotate(
            n_met=Count("pk", filter=Q(met=True)),
            n_judged=Count("pk", filter=Q(met__isnull=False)),
        )
        .order_by()
    }
    rows = []
    for r in (
        exp.values("unit_id", "unit_path", "unit__name", "unit__type_name")
        .annotate(n=Count("pk"), on_time=Count("pk", filter=Q(report__on_time=True)))
        .order_by()
    ):
        m = met.get(r["unit_path"], {"n_met": 0, "n_judged": 0})
        type_name = r["unit__type_name"] or ""
        name = f"{type_name[:1].upper()}{type_name[1:]} {r['unit__name']}".strip()
        rows.append(RankRow(r["unit_id"], name, m["n_met"], m["n_judged"], r["on_time"], r["n"]))
    rows.sort(
        key=lambda x: (
            -(x.share_met if x.share_met is not None else Decimal(-1)),
            -(x.timeliness or 0),
            x.name,
        )
    )
    return rows


# --- Assessments ----------------------------------------------------------------------


@dataclass
class DistributionRow:
    classification: str
    label: str
    count: int
    share: Decimal | None
    cumulative_share: Decimal | None
    target: Any = None

    @property
    def target_met(self) -> bool | None:
        if self.target is None:
            return None
        share = self.cumulative_share if self.target.or_better else self.share
        return share is not None and share >= self.target.min_share


def classification_distribution(
    campaign: Campaign, root: AdminUnit, year: int
) -> tuple[list[DistributionRow], int, int]:
    """Counts per class within ``root`` against the campaign's distribution targets.

    Returns (rows best class first, units assessed, units recognised "An toàn về ANTT").
    Two queries.
    """
    rows = (
        Assessment.objects.filter(campaign=campaign, unit_path__startswith=root.path, year=year)
        .exclude(classification="")
        .values("classification")
        .annotate(n=Count("pk"), safe=Count("pk", filter=Q(safe_recognised=True)))
        .order_by()
    )
    counts = {r["classification"]: r["n"] for r in rows}
    safe = sum(r["safe"] for r in rows)
    total = sum(counts.values())
    targets = {t.classification: t for t in campaign.distribution_targets.all()}
    out = []
    running = 0
    for cls in sorted(Classification.values, key=lambda c: -CLASSIFICATION_RANK[c]):
        n = counts.get(cls, 0)
        running += n
        out.append(
            DistributionRow(
                cls,
                str(Classification(cls).label),
                n,
                _pct(n, total),
                _pct(running, total),
                targets.get(cls),
            )
        )
    return out, total, safe


def report_values_by_indicator(report: Report) -> dict[int, IndicatorValue]:
    return {v.indicator_id: v for v in report.values.all()}


# --- Home page panels -----------------------------------------------------------------

HOME_CAMPAIGNS = 3
HOME_ITEMS = 5


@dataclass
class CampaignProgress:
    """A campaign's completeness and timeliness in the user's area, over what is overdue
    or received so far (periods whose last on-time day has passed)."""

    campaign: Campaign
    expected: int
    received: int
    on_time: int
    running: bool

    @property
    def missing(self) -> int:
        return self.expected - self.received

    @property
    def completeness(self) -> Decimal | None:
        return _pct(self.received, self.expected)

    @property
    def timeliness(self) -> Decimal | None:
        return _pct(self.on_time, self.expected)


@dataclass
class ReportResult:
    """One of a unit's last accepted reports, with how many of its values met the target."""

    expected: ExpectedReport
    met: int
    judged: int

    @property
    def share_met(self) -> Decimal | None:
        return _pct(self.met, self.judged)


def home_panels(user: Any, today: date) -> dict[str, Any]:
    """What the home page shows about reporting, by role, in at most four queries.

    A commune officer gets their own unit's reports: what is due, what came back, what
    waits for review and the last results. Users who see the reporting dashboards get,
    for the latest campaigns with a schedule in their area, completeness and timeliness
    of what is overdue so far, and reviewers how many reports wait for them.
    """
    from accounts.models import RoleCode
    from campaigns.models import CampaignStatus

    from .permissions import REVIEWERS, can_view_dashboard

    out: dict[str, Any] = {"commune": None, "campaigns": None, "review_waiting": None}
    if not user.is_authenticated:
        return out
    if RoleCode.COMMUNE_OFFICER in user.role_codes and user.scope_unit is not None:
        overview = commune_overview(user, today, with_scores=True)
        out["commune"] = {
            "unit": user.scope_unit,
            "due": overview["due"][:HOME_ITEMS],
            "due_count": len(overview["due"]),
            "overdue_count": sum(1 for e in overview["due"] if e.last_on_time < today),
            "returned": overview["returned"][:HOME_ITEMS],
            "returned_count": len(overview["returned"]),
            "waiting_count": len(overview["waiting"]),
            "results": [ReportResult(e, e.n_met, e.n_judged) for e in overview["accepted"][:3]],
        }
    if can_view_dashboard(user):
        in_area = expected_qs_for(user)
        campaigns = list(
            Campaign.objects.filter(pk__in=in_area.values("campaign_id"))
            .exclude(status=CampaignStatus.CLOSED)
            .order_by("-end_date", "-pk")[:HOME_CAMPAIGNS]
        )
        # ``or [0]``: an empty IN list skips the query, and the count must not vary.
        ids = [c.pk for c in campaigns] or [0]
        figures = {
            r["campaign_id"]: r
            for r in in_area.filter(campaign__in=ids, last_on_time__lt=today)
            .values("campaign_id")
            .annotate(
                n=Count("pk"),
                received=Count("pk", filter=RECEIVED),
                on_time=Count("pk", filter=Q(report__on_time=True)),
            )
            .order_by()
        }
        out["campaigns"] = [
            CampaignProgress(
                c,
                figures.get(c.pk, {}).get("n", 0),
                figures.get(c.pk, {}).get("received", 0),
                figures.get(c.pk, {}).get("on_time", 0),
                running=c.start_date <= today <= c.end_date,
            )
            for c in campaigns
        ]
        if user.has_role(*REVIEWERS):
            out["review_waiting"] = review_queue_qs_for(user).count()
    return out
