"""Report pages: a commune's own reports, the form, review, dashboards and exports.

Every object is fetched through a scoped selector, so another unit's report is a 404.
"""

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.scope import get_scoped_or_404
from campaigns.models import Campaign, Frequency, IndicatorKind, Phase
from core.pagecache import cached_page
from core.text import fold
from orgunits.models import AdminLevel, AdminUnit

from . import cache as dashboard_cache
from . import selectors, services
from .exports import xlsx_response
from .forms import AssessmentForm, ReportForm, ReviewForm
from .models import ExpectedReport, Report, ReportStatus
from .pagination import SlicePage
from .permissions import can_assess, can_fill_report, can_view_dashboard

PAGE_SIZE = 30


def _pct(value: Any) -> str:
    return "" if value is None else f"{value}%"


# --- Commune officer ------------------------------------------------------------------


@login_required
def my_reports(request: HttpRequest) -> HttpResponse:
    """What the user's unit has to report, what came back, and its own results."""
    overview = selectors.commune_overview(request.user, timezone.localdate())
    return render(
        request,
        "reports/my_reports.html",
        {"overview": overview, "today": timezone.localdate(), "unit": request.user.scope_unit},
    )


def _values_for(report: Report | None) -> dict[int, Any]:
    return selectors.report_values_by_indicator(report) if report else {}


@login_required
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Fill the report of an expected row: save a draft or submit."""
    expected = get_object_or_404(selectors.expected_qs_for(request.user), pk=pk)
    report = Report.objects.filter(expected=expected).first()
    if not can_fill_report(request.user, expected):
        if report is not None:
            return redirect("reports:report_detail", pk=report.pk)
        raise PermissionDenied
    if report is not None and not report.is_editable:
        return redirect("reports:report_detail", pk=report.pk)
    indicators = services.indicators_for(expected)
    values = _values_for(report)
    version = report.version if report else 0
    form = ReportForm(
        request.POST or None,
        request.FILES or None,
        indicators=indicators,
        values=values,
        initial={"version": version, "narrative": report.narrative if report else ""},
    )
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == "submit"
        try:
            report = services.report_save(
                expected,
                user=request.user,
                version=form.cleaned_data["version"],
                narrative=form.cleaned_data["narrative"],
                values=form.values_data(),
                files=request.FILES.getlist("evidence"),
                submit=submit,
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            if submit:
                messages.success(request, _("The report was submitted for review."))
                return redirect("reports:report_detail", pk=report.pk)
            messages.success(request, _("The draft was saved."))
            return redirect("reports:report_edit", pk=expected.pk)
    if request.method == "POST" and request.FILES:
        messages.warning(request, _("Choose the evidence files again: a browser cannot keep them."))
    return render(
        request,
        "reports/report_form.html",
        {
            "expected": expected,
            "report": report,
            "form": form,
            "evidence": list(report.evidence.all()) if report else [],
            "max_bytes": settings.UPLOAD_MAX_BYTES,
        },
    )


# --- Report detail and review ---------------------------------------------------------


def _detail_context(request: HttpRequest, report: Report, review_form: Any = None) -> dict:
    indicators = services.indicators_for(report.expected)
    values = selectors.report_values_by_indicator(report)
    rows = [{"indicator": ind, "value": values.get(ind.pk)} for ind in indicators]
    user = request.user
    return {
        "report": report,
        "expected": report.expected,
        "rows": rows,
        "evidence": list(report.evidence.all()),
        "transitions": services.allowed_transitions(user, report),
        "can_edit": report.is_editable and can_fill_report(user, report.expected),
        "review_form": review_form or ReviewForm(initial={"version": report.version}),
        "history": list(
            report.history.select_related("history_user").order_by("-history_date")[:20]
        ),
        "statuses": ReportStatus,
    }


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(selectors.report_qs_for(request.user), pk=pk)
    return render(request, "reports/report_detail.html", _detail_context(request, report))


@login_required
@require_POST
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept, return or reopen (with a reason): the form stays filled on an error."""
    report = get_object_or_404(selectors.report_qs_for(request.user), pk=pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        target = form.cleaned_data["target"]
        try:
            services.report_transition(
                report,
                target,
                user=request.user,
                version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for key, errors in exc.error_dict.items():
                    for error in errors:
                        form.add_error(key if key in form.fields else None, error)
            else:
                for message in exc.messages:
                    form.add_error(None, message)
        else:
            done = {
                ReportStatus.ACCEPTED: _("The report was accepted."),
                ReportStatus.RETURNED: _("The report was returned to the unit."),
                ReportStatus.REOPENED: _("The report was reopened."),
            }
            messages.success(request, done[target])
            nxt = request.POST.get("next", "")
            if nxt == "queue":
                return redirect("reports:review_queue")
            return redirect("reports:report_detail", pk=report.pk)
    report.refresh_from_db()
    return render(
        request,
        "reports/report_detail.html",
        _detail_context(request, report, review_form=form),
        status=400,
    )


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    qs = selectors.review_queue_qs_for(request.user)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(unit__search_key__contains=fold(q))
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            "hang-doi-duyet",
            _("Reports waiting for review"),
            [_("Unit"), _("Campaign"), _("Period"), _("Submitted"), _("On time")],
            (
                [
                    r.unit.full_name,
                    r.expected.campaign.reference,
                    r.expected.label,
                    timezone.localtime(r.submitted_at).strftime("%d/%m/%Y %H:%M"),
                    _("Yes") if r.on_time else _("No"),
                ]
                for r in qs
            ),
        )
    page = SlicePage(qs, request.GET.get("page"), PAGE_SIZE)
    return render(
        request,
        "reports/review_queue.html",
        {"page": page, "q": q},
    )


# --- Evidence -------------------------------------------------------------------------


@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    evidence = get_object_or_404(selectors.evidence_qs_for(request.user), pk=pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def evidence_remove(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_object_or_404(selectors.evidence_qs_for(request.user), pk=pk)
    expected_id = evidence.report.expected_id
    try:
        services.evidence_delete(evidence, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The file was removed."))
    return redirect("reports:report_edit", pk=expected_id)


# --- Dashboards -----------------------------------------------------------------------


def _dashboard_params(request: HttpRequest) -> dict[str, Any]:
    """Campaign, root unit (drill-down) and date range of a dashboard request."""
    user = request.user
    if not can_view_dashboard(user):
        raise PermissionDenied
    campaigns = selectors.campaigns_with_reports_for(user)
    campaign: Campaign | None = None
    wanted = request.GET.get("campaign", "")
    for c in campaigns:
        if str(c.pk) == wanted:
            campaign = c
    if campaign is None and campaigns:
        if wanted:
            raise Http404
        campaign = campaigns[0]
    root: AdminUnit | None = None
    if campaign is not None:
        unit_id = request.GET.get("unit", "")
        if unit_id:
            if not unit_id.isdigit():
                raise Http404
            root = get_scoped_or_404(AdminUnit.objects.all(), user, path_field="path", pk=unit_id)
        else:
            scope = user.scope_unit if not user.is_national else None
            campaign_unit = AdminUnit.objects.get(pk=campaign.unit_id)
            root = scope if scope and scope.path.startswith(campaign_unit.path) else campaign_unit
    start = end = None
    period = request.GET.get("period", "")
    phase_id = request.GET.get("phase", "")
    phases: list[Phase] = list(campaign.phases.all()) if campaign else []
    # The periods offered (and charted) are those of the campaign's finest frequency.
    frequency = services.finest_frequency(campaign) if campaign else Frequency.MONTHLY
    months = services.periods_for(campaign, frequency, phases) if campaign else []
    label = _("Whole campaign")
    if period:
        try:
            start = end = date.fromisoformat(period)
        except ValueError as exc:
            raise Http404 from exc
        label = next((p.label for p in months if p.start == start), period)
    elif phase_id:
        phase = next((p for p in phases if str(p.pk) == phase_id), None)
        if phase is None:
            raise Http404
        start, end, label = phase.start_date, phase.end_date, phase.name
    ancestors = []
    if root is not None:
        scope_path = user.scope_path or ""
        step = AdminUnit.steplen
        paths = [root.path[:i] for i in range(step, len(root.path), step)]
        ancestors = [
            u for u in AdminUnit.objects.filter(path__in=paths) if u.path.startswith(scope_path)
        ]
    return {
        "campaigns": campaigns,
        "campaign": campaign,
        "root": root,
        "ancestors": ancestors,
        "start": start,
        "end": end,
        "period": period,
        "phase": phase_id,
        "phases": phases,
        "months": months,
        "frequency": frequency,
        "range_label": label,
    }


def _query(params: dict[str, Any], **extra: Any) -> str:
    from urllib.parse import urlencode

    base = {
        "campaign": params["campaign"].pk if params["campaign"] else "",
        "unit": params["root"].pk if params["root"] else "",
        "period": params["period"],
        "phase": params["phase"],
    }
    base.update(extra)
    return urlencode({k: v for k, v in base.items() if v not in ("", None)})


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
    # already checked on the root): cached until a report of the campaign changes.
    # The rendered figures are cached with them (rendering a hundred rows costs more than
    # reading the cache); the key holds everything the fragment shows or links to.
    cached = dashboard_cache.cached(
        campaign,
        (
            "dashboard",
            root.pk,
            start,
            end,
            p["frequency"],
            translation.get_language(),
            ctx["query"],
        ),
        lambda: _dashboard_figures(campaign, root, start, end, {**ctx}),
    )
    data = cached["data"]
    export = request.GET.get("export", "")
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
    ctx.update(data)
    ctx["figures_html"] = mark_safe(cached["html"])  # noqa: S308 - our own rendered template
    return render(request, "reports/dashboard.html", ctx)


def _dashboard_figures(
    campaign: Campaign, root: AdminUnit, start: date | None, end: date | None, ctx: dict[str, Any]
) -> dict[str, Any]:
    data = _dashboard_data(campaign, root, start, end, ctx)
    html = render_to_string("reports/partials/_dashboard_figures.html", {**ctx, **data})
    return {"data": data, "html": html}


def _dashboard_data(
    campaign: Campaign, root: AdminUnit, start: date | None, end: date | None, p: dict[str, Any]
) -> dict[str, Any]:
    """Every figure of the dashboard (a fixed number of queries)."""
    indicators = list(campaign.indicators.order_by("order", "pk"))
    by_level = selectors.completeness_by_level(campaign, root, start, end)
    by_child = selectors.completeness_by_child(campaign, root, start, end)
    rollup = selectors.indicator_rollup(campaign, root, start, end, indicators=indicators)
    reporting_level = _ranking_level(indicators)
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


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return _("Yes") if value else _("No")


def _ranking_level(indicators: list[Any]) -> str:
    levels = [services.reporting_level(i) for i in indicators]
    levels = [lv for lv in levels if lv]
    return max(levels, key=lambda lv: services.LEVEL_DEPTH[lv]) if levels else AdminLevel.COMMUNE


@login_required
def missing(request: HttpRequest) -> HttpResponse:
    """Drill-down: who has not reported (or reported late), with accent-blind search."""
    p = _dashboard_params(request)
    campaign, root = p["campaign"], p["root"]
    if campaign is None:
        raise Http404
    level = request.GET.get("level", "")
    if level and level not in AdminLevel.values:
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
                    e.unit.full_name,
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
    level = _ranking_level(list(campaign.indicators.all()))
    rows = selectors.unit_ranking(campaign, root, level, p["start"], p["end"], search=q)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            "xep-hang",
            _("Ranking of units") + f" – {root.full_name} – {p['range_label']}",
            [_("Rank"), _("Unit"), _("Values meeting the target (%)"), _("Timeliness (%)")],
            ([i, r.name, r.share_met, r.timeliness] for i, r in enumerate(rows, start=1)),
        )
    ctx = {**p, "rows": rows, "q": q, "query": _query(p, q=q)}
    template = "reports/partials/_ranking_rows.html" if request.htmx else "reports/ranking.html"
    return render(request, template, ctx)


# --- Assessments ----------------------------------------------------------------------


@login_required
def assessments(request: HttpRequest) -> HttpResponse:
    """Year-end classifications of the units and the distribution against the target."""
    p = _dashboard_params(request)
    campaign, root = p["campaign"], p["root"]
    if campaign is None:
        raise Http404
    try:
        year = int(request.GET.get("year") or campaign.end_date.year)
    except ValueError as exc:
        raise Http404 from exc
    level = _ranking_level(list(campaign.indicators.all()))
    if request.method == "POST":
        if not can_assess(request.user):
            raise PermissionDenied
        units = AdminUnit.objects.filter(path__startswith=root.path, level=level).filter(
            pk__in=ExpectedReport.objects.filter(campaign=campaign).values("unit_id")
        )
        for unit in units:
            services.assessment_compute(campaign, unit, year, user=request.user)
        messages.success(request, _("The assessments were computed from the accepted reports."))
        return redirect(f"{request.path}?{_query(p, year=year)}")
    rows = list(
        selectors.assessment_qs_for(request.user).filter(
            campaign=campaign, unit_path__startswith=root.path, year=year
        )
    )
    distribution, assessed, safe = selectors.classification_distribution(campaign, root, year)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            "xep-loai",
            _("Year-end assessment") + f" {year} – {root.full_name}",
            [
                _("Unit"),
                _("Score"),
                _("Classification"),
                _("Safe in security and order"),
                _("Source"),
            ],
            (
                [
                    a.unit.full_name,
                    a.score,
                    a.get_classification_display(),
                    _yes_no(a.safe_recognised),
                    a.get_source_display(),
                ]
                for a in rows
            ),
        )
    ctx = {
        **p,
        "rows": rows,
        "year": year,
        "distribution": distribution,
        "assessed": assessed,
        "safe": safe,
        "can_assess": can_assess(request.user),
        "query": _query(p, year=year),
    }
    return render(request, "reports/assessments.html", ctx)


@login_required
def assessment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Enter a unit's decided classification (overrides the computed one)."""
    assessment = get_object_or_404(selectors.assessment_qs_for(request.user), pk=pk)
    if not can_assess(request.user):
        raise PermissionDenied
    form = AssessmentForm(
        request.POST or None,
        initial={
            "classification": assessment.classification,
            "safe_recognised": assessment.safe_recognised,
            "score": assessment.score,
            "note": assessment.note,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_enter(
                assessment.campaign,
                assessment.unit,
                assessment.year,
                user=request.user,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            for key, errors in exc.error_dict.items():
                for error in errors:
                    form.add_error(key, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(
                f"{_reverse('reports:assessments')}?campaign={assessment.campaign_id}"
                f"&year={assessment.year}"
            )
    return render(request, "reports/assessment_form.html", {"form": form, "assessment": assessment})


def _reverse(name: str) -> str:
    from django.urls import reverse

    return reverse(name)
