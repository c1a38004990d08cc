"""The commune officer's side: what the user's unit has to report and what came back,
and the report form (save a draft or submit, with evidence files). The expected row is
fetched through the user's scoped selector: another unit's is a 404.
"""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.translation import gettext as _

from .. import selectors, services
from ..forms import ReportForm
from ..models import Report
from ..permissions import can_fill_report, own_reporting_level


@login_required
def my_reports(request: HttpRequest) -> HttpResponse:
    """What the user's unit has to report, what came back, and its own results."""
    overview = selectors.commune_overview(request.user, timezone.localdate())
    return render(
        request,
        "reports/my_reports.html",
        {
            "overview": overview,
            "today": timezone.localdate(),
            "unit": request.user.scope_unit,
            # An agency or team reporting for itself: its name heads the page.
            "reporter": request.user.organisation if own_reporting_level(request.user) else None,
        },
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
    if request.method == "POST":
        submit = request.POST.get("action") == "submit"
        files = request.FILES.getlist("evidence")
        if form.is_valid():
            try:
                report = services.report_save(
                    expected,
                    user=request.user,
                    version=form.cleaned_data["version"],
                    narrative=form.cleaned_data["narrative"],
                    values=form.values_data(),
                    files=files,
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
        else:
            # The service's rules run on what the form could read, so a typing error does
            # not hide the other problems until the next round.
            problems = services.report_input_errors(
                indicators, form.values_data(), submit=submit, unreadable=form.unreadable()
            )
            file_errors = services.evidence_errors(files)[1]
            if file_errors:
                problems["evidence"] = file_errors
            if problems:
                form.add_service_errors(ValidationError(problems))
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
            # For the live rate next to each ratio pair (report_form.js).
            "decimal_separator": get_format("DECIMAL_SEPARATOR"),
        },
    )
