"""The province dashboard (completeness, timeliness, achievement, trend, ranking, with
its figures cached until a report of the campaign changes) and its drill-downs: who has
not reported, and the ranking of units; each with its Excel export.
"""

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from campaigns.models import Campaign, IndicatorKind
from core.pagecache import cached_page
from orgunits.models import AdminUnit

from .. import cache as dashboard_cache
from .. import selectors
from ..exports import xlsx_response
from ..models import ReportingLevel
from ..pagination import SlicePage
from .common import (
    PAGE_SIZE,
    _dashboard_params,
    _query,
    _ranking_levels,
    _yes_no,
)


@cached_page(apps=("campaigns", "reports"))
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Province dashboard: completeness, timeliness, achievement, trend, ranking."""
    p = _dashboard_params(request)
    campaign, root = p["campaign"], p["root"]
    ctx: dict[str, Any] = {**p, "query": _query(p) if campaign else ""}
    if campaign is None:
        return render(request, "reports/dashboard.html", ctx)
    start, end = p["start"], p["end"]
    # The figures depend only on the campaign, the root unit and the dates (scope is
    # already checked on the root): cached until a report of the campaign changes. The
    # rendered fragment is cached on its own: the page needs only it, and loading the
    # figures themselves (model instances, hundreds of rows) costs more than the render
    # of the rest of the page; exports load the figures. Each key holds everything the
    # fragment shows or links to.
    parts = (
        "dashboard",
        root.pk,
        start,
        end,
        p["frequency"],
        translation.get_language(),
        ctx["query"],
    )

    def figures() -> dict[str, Any]:
        return dashboard_cache.cached(
            campaign,
            (*parts, "data"),
            lambda: _dashboard_data(campaign, root, start, end, {**ctx}),
        )

    export = request.GET.get("export", "")
    if export in ("completeness", "indicators"):
        data = figures()
    if export == "completeness":
        return xlsx_response(
            "ty-le-bao-cao",
            _("Completeness and timeliness") + f" – {root.full_name} – {p['range_label']}",
            [
                _("Level or unit"),
                _("Expected"),
                _("Received"),
                _("On time"),
                _("Missing"),
                _("Completeness (%)"),
                _("Timeliness (%)"),
            ],
            (
                [
                    r.label,
                    r.expected,
                    r.received,
                    r.on_time,
                    r.missing,
                    r.completeness,
                    r.timeliness,
                ]
                for r in [*data["by_level"], *data["by_child"]]
            ),
        )
    if export == "indicators":
        return xlsx_response(
            "chi-tieu",
            _("Indicator achievement") + f" – {root.full_name} – {p['range_label']}",
            [
                _("Indicator"),
                _("Target"),
                _("Numerator"),
                _("Denominator"),
                _("Count"),
                _("Achieved"),
                _("Units meeting the target (%)"),
                _("Met"),
            ],
            (
                [
                    f"{row['indicator'].code} {row['indicator'].name}",
                    row["indicator"].target_display,
                    row["total"].numerator if row["indicator"].kind == IndicatorKind.RATIO else "",
                    row["total"].denominator
                    if row["indicator"].kind == IndicatorKind.RATIO
                    else "",
                    row["total"].count if row["indicator"].kind == IndicatorKind.COUNT else "",
                    row["total"].value,
                    row["total"].share_met,
                    _yes_no(row["total"].met_target),
                ]
                for row in data["rollup_rows"]
            ),
        )
    html = dashboard_cache.cached(
        campaign,
        (*parts, "html"),
        lambda: render_to_string("reports/partials/_dashboard_figures.html", {**ctx, **figures()}),
    )
    ctx["figures_html"] = mark_safe(html)  # noqa: S308 - our own rendered template
    return render(request, "reports/dashboard.html", ctx)


def _dashboard_data(
    campaign: Campaign, root: AdminUnit, start: date | None, end: date | None, p: dict[str, Any]
) -> dict[str, Any]:
    """Every figure of the dashboard (a fixed number of queries)."""
    indicators = list(campaign.indicators.order_by("order", "pk"))
    by_level = selectors.completeness_by_level(campaign, root, start, end)
    by_child = selectors.completeness_by_child(campaign, root, start, end)
    rollup = selectors.indicator_rollup(campaign, root, start, end, indicators=indicators)
    reporting_level = _ranking_levels(indicators, {r.key for r in by_level})[0][0]
    ranking = selectors.unit_ranking(campaign, root, reporting_level, start, end)
    trend_inds = [i for i in indicators if i.frequency == p["frequency"]]
    trend = selectors.indicator_trend(campaign, root, trend_inds)
    chart = {
        "labels": [m.label for m in p["months"]],
        "datasets": [
            {
                "label": ind.code,
                "data": [
                    _float(trend[ind.pk].get(m.start).value)
                    if trend[ind.pk].get(m.start)
                    and (ind.kind == IndicatorKind.RATIO or trend[ind.pk][m.start].judged)
                    else None
                    for m in p["months"]
                ],
            }
            for ind in trend_inds
            if ind.kind == IndicatorKind.RATIO
        ],
    }
    year = (end or campaign.end_date).year
    distribution, assessed, safe = selectors.classification_distribution(campaign, root, year)
    return {
        "by_level": by_level,
        "by_child": by_child,
        "rollup_rows": rollup.rows(),
        "children": rollup.children,
        "ranking": ranking[:10],
        "ranking_total": len(ranking),
        "reporting_level": reporting_level,
        "chart": chart,
        "distribution": distribution,
        "assessed": assessed,
        "safe": safe,
        "year": year,
    }


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


@login_required
def missing(request: HttpRequest) -> HttpResponse:
    """Drill-down: who has not reported (or reported late), with accent-blind search."""
    p = _dashboard_params(request)
    campaign, root = p["campaign"], p["root"]
    if campaign is None:
        raise Http404
    level = request.GET.get("level", "")
    if level and level not in ReportingLevel.values:
        raise Http404
    q = request.GET.get("q", "").strip()
    late = request.GET.get("late") == "1"
    qs = selectors.missing_reports(
        campaign, root, level=level, start=p["start"], end=p["end"], search=q, late_only=late
    )
    today = timezone.localdate()
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            "chua-bao-cao",
            (_("Late reports") if late else _("Reports not received")) + f" – {root.full_name}",
            [_("Unit"), _("Period"), _("Due date"), _("Days overdue")],
            (
                [
                    e.reporter_name,
                    e.label,
                    e.due_date.strftime("%d/%m/%Y"),
                    max((today - e.due_date).days, 0),
                ]
                for e in qs
            ),
        )
    page = SlicePage(qs, request.GET.get("page"), PAGE_SIZE)
    ctx = {
        **p,
        "page": page,
        "level": level,
        "q": q,
        "late": late,
        "today": today,
        "query": _query(p, level=level, q=q, late="1" if late else ""),
    }
    template = "reports/partials/_missing_rows.html" if request.htmx else "reports/missing.html"
    return render(request, template, ctx)


@login_required
def ranking(request: HttpRequest) -> HttpResponse:
    p = _dashboard_params(request)
    campaign, root = p["campaign"], p["root"]
    if campaign is None:
        raise Http404
    q = request.GET.get("q", "").strip()
    present = set(selectors.levels_in(campaign, root, p["start"], p["end"]))
    levels = _ranking_levels(list(campaign.indicators.all()), present)
    level = request.GET.get("level", "") or levels[0][0]
    if level not in dict(levels):
        raise Http404
    rows = selectors.unit_ranking(campaign, root, level, p["start"], p["end"], search=q)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            "xep-hang",
            _("Ranking of units") + f" – {root.full_name} – {p['range_label']}",
            [_("Rank"), _("Unit"), _("Values meeting the target (%)"), _("Timeliness (%)")],
            ([i, r.name, r.share_met, r.timeliness] for i, r in enumerate(rows, start=1)),
        )
    ctx = {
        **p,
        "rows": rows,
        "q": q,
        "level": level,
        "levels": levels,
        "query": _query(p, q=q, level=level),
    }
    template = "reports/partials/_ranking_rows.html" if request.htmx else "reports/ranking.html"
    return render(request, template, ctx)
