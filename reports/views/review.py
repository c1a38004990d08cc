"""A report's detail page and its review: accept, return or reopen with a reason (the
form stays filled on an error), and the queue of reports waiting for review with its
Excel export.
"""

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from campaigns.models import Indicator, IndicatorKind
from core.text import fold

from .. import selectors, services
from ..exports import xlsx_response
from ..forms import ReviewForm
from ..models import Report, ReportStatus
from ..pagination import SlicePage
from ..permissions import can_fill_report
from .common import PAGE_SIZE


def _rate(indicator: Indicator, value: Any) -> Decimal | None:
    """A ratio's percentage to one decimal (17/23 -> 73.9), shown beside the parts."""
    if value is None or indicator.kind != IndicatorKind.RATIO:
        return None
    rate = services.achieved_value(
        indicator, {"numerator": value.numerator, "denominator": value.denominator}
    )
    return None if rate is None else rate.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _detail_context(request: HttpRequest, report: Report, review_form: Any = None) -> dict:
    indicators = services.indicators_for(report.expected)
    values = selectors.report_values_by_indicator(report)
    rows = [
        {"indicator": ind, "value": value, "rate": _rate(ind, value)}
        for ind in indicators
        for value in [values.get(ind.pk)]
    ]
    user = request.user
    from_queue = _from_queue(request)
    return {
        "report": report,
        "expected": report.expected,
        "rows": rows,
        # The note column is shown only when a value has a note.
        "has_notes": any(row["value"] and row["value"].note for row in rows),
        "evidence": list(report.evidence.all()),
        "transitions": services.allowed_transitions(user, report),
        # Opened from the review queue: a review goes on to the next report waiting.
        "from_queue": from_queue,
        "queue_left": (
            selectors.review_queue_qs_for(user).exclude(pk=report.pk).count()
            if from_queue
            else None
        ),
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


def _from_queue(request: HttpRequest) -> bool:
    return "queue" in (request.GET.get("from"), request.POST.get("next"))


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
            if request.POST.get("next", "") == "queue":
                # Reviewing through the queue: straight on to the next report waiting.
                following = (
                    selectors.review_queue_qs_for(request.user).exclude(pk=report.pk).first()
                )
                if following is None:
                    return redirect("reports:review_queue")
                return redirect(
                    reverse("reports:report_detail", args=[following.pk]) + "?from=queue"
                )
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
        key = fold(q)
        qs = qs.filter(
            Q(unit__search_key__contains=key) | Q(expected__organisation__search_key__contains=key)
        )
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            "hang-doi-duyet",
            _("Reports waiting for review"),
            [_("Unit"), _("Campaign"), _("Period"), _("Submitted"), _("On time")],
            (
                [
                    r.reporter_name,
                    r.expected.campaign.reference,
                    r.expected.label,
                    timezone.localtime(r.submitted_at).strftime("%d/%m/%Y %H:%M"),
                    _("Yes") if r.on_time else _("No"),
                ]
                for r in qs
            ),
        )
    # Each row's values meeting the target, in the same query: what to look at first.
    qs = qs.annotate(
        n_met=Count("values", filter=Q(values__met=True)),
        n_judged=Count("values", filter=Q(values__met__isnull=False)),
    )
    page = SlicePage(qs, request.GET.get("page"), PAGE_SIZE)
    return render(
        request,
        "reports/review_queue.html",
        {"page": page, "q": q, "bulk_max": services.BULK_ACCEPT_MAX},
    )


@login_required
@require_POST
def review_accept_many(request: HttpRequest) -> HttpResponse:
    """Accept the reports picked in the queue, each at the version the reviewer saw;
    says which could not be accepted and why. Ids outside the user's queue are ignored."""
    picks: dict[int, int] = {}
    for raw in request.POST.getlist("report"):
        pk, _sep, version = raw.partition(":")
        if pk.isdigit() and version.isdigit():
            picks[int(pk)] = int(version)
    back = reverse("reports:review_queue")
    if request.POST.get("q"):
        back += "?" + urlencode({"q": request.POST["q"]})
    if not picks:
        messages.warning(request, _("Pick the reports to accept first."))
        return redirect(back)
    found = selectors.review_queue_qs_for(request.user).filter(pk__in=list(picks))
    reports = list(
        found.select_related("expected", "expected__campaign", "expected__organisation", "unit")
    )
    try:
        refused = services.reports_accept(request.user, [(r, picks[r.pk]) for r in reports])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    accepted = len(reports) - len(refused)
    if accepted:
        messages.success(
            request,
            ngettext("%(n)d report was accepted.", "%(n)d reports were accepted.", accepted)
            % {"n": accepted},
        )
    gone = len(picks) - len(reports)
    if gone:
        messages.warning(
            request,
            ngettext(
                "%(n)d report is no longer waiting for your review (reviewed meanwhile?).",
                "%(n)d reports are no longer waiting for your review (reviewed meanwhile?).",
                gone,
            )
            % {"n": gone},
        )
    for report, why in refused:
        messages.error(
            request,
            _("Not accepted: %(report)s – %(label)s: %(why)s")
            % {"report": report.reporter_name, "label": report.expected.label, "why": why},
        )
    return redirect(back)
