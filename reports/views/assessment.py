"""Year-end assessments: the units' classifications and their distribution against the
target, computing them from the accepted reports, and entering a decided classification
that overrides the computed one.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from orgunits.models import AdminUnit

from .. import selectors, services
from ..exports import xlsx_response
from ..forms import AssessmentForm
from ..models import ExpectedReport
from ..permissions import can_assess
from .common import _dashboard_params, _query, _ranking_level, _yes_no


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
    rows = selectors.assessments_in(request.user, campaign, root, year)
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
