"""The province dashboard (completeness, timeliness, achievement, trend, ranking, with
its figures cached until a report of the campaign changes) and its drill-downs: who has
not reported (or reported late), and the ranking of units; each with its Excel export.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from campaigns.models import Campaign, IndicatorKind
from core.pagecache import cached_page
from documents.registry import get_kind
from documents.render import render as render_document
from orgunits.models import AdminUnit
from orgunits.selectors import successions_under

from .. import cache as dashboard_cache
from .. import selectors, services
from ..document_kinds import MISSING_READ
from ..exports import xlsx_response
from ..models import ORGANISATION_LEVELS, ReportingLevel
from ..pagination import SlicePage
from ..permissions import can_nudge
from .common import (
    PAGE_SIZE,
    _dashboard_params,
    _query,
    _ranking_levels,
    _yes_no,
)

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# The missing-reports list counts its rows up to this many ("Trang 1/5"); past it, it
# says "more than 1,000" instead of counting the whole table.
MISSING_COUNT_UP_TO = 1000


@cached_page(apps=("campaigns", "reports"))
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Province dashboard: completeness, timeliness, achievement, trend, ranking."""
    p = _dashboard_params(request)
    campaign, root = p["campaign"], p["root"]
    ctx: dict[str, Any] = {**p, "query": _query(p) if campaign else ""}
    if campaign is None:
        return render(request, "reports/dashboard.html", ctx)
    # The figures depend only on the campaign, the root unit and the periods counted
    # (scope is already checked on the root): cached until a report of the campaign in
    # the root's province changes (reports/cache.py). The rendered fragment is cached on
    # its own: the page needs only it, and loading the figures themselves (model
    # instances, hundreds of rows) costs more than the render of the rest of the page;
    # exports load the figures. Each key holds everything the fragment shows or links to.
    parts = (
        "dashboard",
        root.pk,
        p["window_key"],
        p["frequency"],
        translation.get_language(),
        ctx["query"],
    )

    def figures() -> dict[str, Any]:
        return dashboard_cache.cached(
            campaign,
            (*parts, "data"),
            lambda: _dashboard_data(campaign, root, {**ctx}),
            province_id=root.province_id,
        )

    export = request.GET.get("export", "")
    if export == "completeness":
        return _completeness_export(root, p, figures())
    if export == "indicators":
        return _indicators_export(root, p, figures())
    if export in ("report-pdf", "report-docx"):
        return _results_report(request, p, figures(), export.removeprefix("report-"))
    html = dashboard_cache.cached(
        campaign,
        (*parts, "html"),
        lambda: render_to_string("reports/partials/_dashboard_figures.html", {**ctx, **figures()}),
        province_id=root.province_id,
    )
    ctx["figures_html"] = mark_safe(html)  # noqa: S308 - our own rendered template
    return render(request, "reports/dashboard.html", ctx)


def _results_report(
    request: HttpRequest, p: dict[str, Any], data: dict[str, Any], fmt: str
) -> HttpResponse:
    """The BÁO CÁO kết quả drafted from the dashboard's figures (reports/document_kinds.py):
    a PDF to read, a Word file to finish, sign and number."""
    campaign, root = p["campaign"], p["root"]
    missing = selectors.missing_reports(campaign, root, window=p["window"])
    kind = get_kind("results-report")
    doc = kind.build(
        campaign,
        organisation=request.user.organisation,
        root=root,
        range_label=p["range_label"],
        year=timezone.localdate().year,
        by_level=data["by_level"],
        rollup_rows=data["rollup_rows"],
        ranking=data["ranking"],
        missing=list(missing[:MISSING_READ]),
        missing_total=missing.count(),
    )
    content = render_document(kind, doc, fmt)
    types = {"pdf": "application/pdf", "docx": DOCX_TYPE}
    response = HttpResponse(content, content_type=types[fmt])
    response["Content-Disposition"] = f'attachment; filename="{doc.filename}.{fmt}"'
    return response


def _completeness_export(root: AdminUnit, p: dict[str, Any], data: dict[str, Any]) -> HttpResponse:
    all_levels = ", ".join(r.label for r in data["by_level"])
    return xlsx_response(
        "ty-le-bao-cao",
        _("Completeness and timeliness") + f" – {root.full_name} – {p['range_label']}",
        [
            _("Level or unit"),
            _("Reports counted"),
            _("Expected"),
            _("Received"),
            _("On time"),
            _("Received late"),
            _("Missing"),
            _("Completeness (%)"),
            _("Timeliness (%)"),
        ],
        (
            [
                r.label,
                r.label
                if i < len(data["by_level"])
                else (_("Owed at this unit itself") if r.direct else all_levels),
                r.expected,
                r.received,
                r.on_time,
                r.late,
                r.missing,
                r.completeness,
                r.timeliness,
            ]
            for i, r in enumerate([*data["by_level"], *data["by_child"]])
        ),
    )


def _indicators_export(root: AdminUnit, p: dict[str, Any], data: dict[str, Any]) -> HttpResponse:
    def row(r: dict[str, Any]) -> list[Any]:
        ind, total = r["indicator"], r["total"]
        ratio = ind.kind == IndicatorKind.RATIO
        return [
            f"{ind.code} {ind.name}",
            ind.target_display,
            total.numerator if ratio and total.values else "",
            total.denominator if ratio and total.values else "",
            total.ratio if ratio else "",
            total.count if ind.kind == IndicatorKind.COUNT and total.values else "",
            ind.unit_label if ind.kind == IndicatorKind.COUNT else "",
            total.yes if ind.kind == IndicatorKind.BOOLEAN and total.values else "",
            total.values,
            total.met if total.judged else "",
            total.share_met,
            _yes_no(total.met_target),
        ]

    return xlsx_response(
        "chi-tieu",
        _("Indicator achievement") + f" – {root.full_name} – {p['range_label']}",
        [
            _("Indicator"),
            _("Target"),
            _("Numerator"),
            _("Denominator"),
            _("Ratio (%)"),
            _("Total count"),
            _("Unit of measure"),
            _("Reports answering yes"),
            _("Reports with a value"),
            _("Reports meeting the target"),
            _("Reports meeting the target (%)"),
            _("Target met overall"),
        ],
        (row(r) for r in data["rollup_rows"]),
    )


def _dashboard_data(campaign: Campaign, root: AdminUnit, p: dict[str, Any]) -> dict[str, Any]:
    """Every figure of the dashboard (a fixed number of queries)."""
    indicators, window = p["indicators"], p["window"]
    by_level = selectors.completeness_by_level(campaign, root, window=window)
    by_child = selectors.completeness_by_child(campaign, root, window=window)
    rollup = selectors.indicator_rollup(campaign, root, indicators=indicators, window=window)
    reporting_level = _ranking_levels(indicators, {r.key for r in by_level})[0][0]
    ranking = selectors.unit_ranking(
        campaign, root, reporting_level, window=window, indicators=indicators
    )
    ranked = [r for r in ranking if r.rank is not None]
    trend_inds = [
        i for i in indicators if i.frequency == p["frequency"] and i.kind == IndicatorKind.RATIO
    ]
    trend = selectors.indicator_trend(campaign, root, trend_inds)
    datasets = [
        {
            "label": ind.code,
            "data": [
                _float(trend[ind.pk][m.start].value) if m.start in trend[ind.pk] else None
                for m in p["months"]
            ],
        }
        for ind in trend_inds
    ]
    chart = {
        "labels": [m.label for m in p["months"]],
        # One period is no line: bars, one per indicator.
        "type": "line" if len(p["months"]) > 1 else "bar",
        "datasets": datasets,
    }
    year = (p["end"] or campaign.end_date).year
    distribution, assessed, safe = selectors.classification_distribution(campaign, root, year)
    return {
        "by_level": by_level,
        "by_child": by_child,
        # Each unit's row below counts every level of its area (its teams, agencies):
        # named in the headings, as the ranking counts a unit's own reports only.
        "child_levels": [r.label for r in by_level],
        "rollup_rows": rollup.rows(),
        "children": rollup.children,
        "ranking": ranked[:10],
        "ranking_total": len(ranking),
        # Units of the area that ended in a reorganisation (cached with the figures:
        # successions are added once, on the day of a reorganisation).
        "mappable": reporting_level not in ORGANISATION_LEVELS
        and successions_under(root, timezone.localdate()),
        "unranked": len(ranking) - len(ranked),
        "reporting_level": reporting_level,
        "chart": chart,
        "chart_has_data": any(v is not None for d in datasets for v in d["data"]),
        "distribution": distribution,
        "assessed": assessed,
        "safe": safe,
        "year": year,
    }


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


@login_required
def missing(request: HttpRequest) -> HttpResponse:
    """Drill-down: who has not reported (or reported late, with when and how late),
    with accent-blind search."""
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
        campaign, root, level=level, window=p["window"], search=q, late_only=late
    )
    today = timezone.localdate()
    if request.GET.get("export") == "xlsx":
        return _missing_export(root, p, qs, late, today)
    page = SlicePage(qs, request.GET.get("page"), PAGE_SIZE, count_up_to=MISSING_COUNT_UP_TO)
    for e in page:
        e.days_overdue = selectors.days_overdue(e, today)
        e.days_late = selectors.days_late(e)
    ctx = {
        **p,
        "page": page,
        "level": level,
        "level_label": dict(ReportingLevel.choices).get(level, ""),
        "q": q,
        "late": late,
        "today": today,
        "query": _query(p, level=level, q=q, late="1" if late else ""),
        "nudge_query": _query(p, level=level, q=q),
        "can_nudge": can_nudge(request.user) and not late,
        "dashboard_query": _query(p),
    }
    template = "reports/partials/_missing_rows.html" if request.htmx else "reports/missing.html"
    return render(request, template, ctx)


def _missing_export(
    root: AdminUnit, p: dict[str, Any], qs: Any, late: bool, today: Any
) -> HttpResponse:
    title = (_("Late reports") if late else _("Reports not received")) + f" – {root.full_name}"
    title += f" – {p['range_label']}"
    if late:
        return xlsx_response(
            "tre-han",
            title,
            [_("Unit"), _("Period"), _("Due date"), _("First sent"), _("Days late"), _("Status")],
            (
                [
                    e.reporter_name,
                    e.label,
                    e.due_date.strftime("%d/%m/%Y"),
                    timezone.localtime(e.report.first_submitted_at).strftime("%d/%m/%Y %H:%M"),
                    selectors.days_late(e),
                    e.report.get_status_display(),
                ]
                for e in qs
            ),
        )
    return xlsx_response(
        "chua-bao-cao",
        title,
        [_("Unit"), _("Period"), _("Due date"), _("Days overdue"), _("Counted to")],
        (
            [
                e.reporter_name,
                e.label,
                e.due_date.strftime("%d/%m/%Y"),
                selectors.days_overdue(e, today),
                selectors.counted_to(e, today).strftime("%d/%m/%Y"),
            ]
            for e in qs
        ),
    )


@login_required
@require_POST
def missing_nudge(request: HttpRequest) -> HttpResponse:
    """Remind, in the app, the units whose reports in the missing list (its campaign,
    area, period, level and search, from the query string) are overdue."""
    p = _dashboard_params(request)
    campaign, root = p["campaign"], p["root"]
    if campaign is None:
        raise Http404
    if not can_nudge(request.user):
        raise PermissionDenied
    level = request.GET.get("level", "")
    if level and level not in ReportingLevel.values:
        raise Http404
    q = request.GET.get("q", "").strip()
    rows = selectors.missing_reports(campaign, root, level=level, window=p["window"], search=q)
    nudged, written = services.missing_nudge(list(rows[: services.NUDGE_MAX]), request.user)
    if written:
        messages.success(
            request,
            ngettext(
                "Reminded the officers of %(n)d overdue report (%(people)d notices).",
                "Reminded the officers of %(n)d overdue reports (%(people)d notices).",
                nudged,
            )
            % {"n": nudged, "people": written},
        )
    else:
        messages.info(
            request,
            _("Nobody to remind: no overdue report here, or each was reminded today."),
        )
    return redirect(reverse("reports:missing") + "?" + _query(p, level=level, q=q))


@login_required
def ranking(request: HttpRequest) -> HttpResponse:
    p = _dashboard_params(request)
    campaign, root = p["campaign"], p["root"]
    if campaign is None:
        raise Http404
    q = request.GET.get("q", "").strip()
    present = set(selectors.levels_in(campaign, root, window=p["window"]))
    levels = _ranking_levels(p["indicators"], present)
    level = request.GET.get("level", "") or levels[0][0]
    if level not in dict(levels):
        raise Http404
    # Units that ended in a reorganisation can be ranked as the units that carry them
    # today: the wards merged into one new ward make one row.
    today = timezone.localdate()
    mappable = level not in ORGANISATION_LEVELS and successions_under(root, today)
    as_today = mappable and request.GET.get("map") == "today"
    rows = selectors.unit_ranking(
        campaign,
        root,
        level,
        window=p["window"],
        indicators=p["indicators"],
        search=q,
        as_of=today if as_today else None,
    )
    if request.GET.get("export") == "xlsx":
        title = _("Ranking of units") + f" – {root.full_name} – {p['range_label']}"
        if as_today:
            title += " – " + _("as mapped to today's units (%(day)s)") % {
                "day": today.strftime("%d/%m/%Y")
            }
        return xlsx_response(
            "xep-hang",
            title,
            [
                _("Rank"),
                _("Unit"),
                *([_("Former units")] if as_today else []),
                _("Values meeting the target"),
                _("Values judged"),
                _("Values meeting the target (%)"),
                _("Own reports expected"),
                _("Own reports received"),
                _("Own reports on time"),
                _("Timeliness of own reports (%)"),
            ],
            (
                [
                    r.rank or "",
                    r.name,
                    *([_former_units(r)] if as_today else []),
                    r.met,
                    r.judged,
                    r.share_met,
                    r.expected,
                    r.received,
                    r.on_time,
                    r.timeliness,
                ]
                for r in rows
            ),
        )
    map_value = "today" if as_today else ""
    ctx = {
        **p,
        "rows": rows,
        "q": q,
        "level": level,
        "levels": levels,
        "mappable": mappable,
        "as_today": as_today,
        "today": today,
        "map": map_value,
        "query": _query(p, q=q, level=level, map=map_value),
        "dashboard_query": _query(p),
    }
    template = "reports/partials/_ranking_rows.html" if request.htmx else "reports/ranking.html"
    return render(request, template, ctx)


def _former_units(row: selectors.RankRow) -> str:
    if row.split_into:
        return _("Split into %(units)s; its figures stay with it") % {
            "units": ", ".join(row.split_into)
        }
    return ", ".join(row.formerly)
