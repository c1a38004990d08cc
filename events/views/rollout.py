"""Roll-out pages: coverage across communes and its Excel export, publishing the roll-out
with its deadlines, and a unit's registration, results report and uploaded plan.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..exports import coverage_xlsx
from ..forms import RegistrationForm, ReportForm, RolloutPublishForm
from ..models import Registration
from ..permissions import can_manage_rollout, can_register_for_rollout
from ..selectors import registration_qs_for, rollout_qs_for
from .common import _add_errors


@login_required
def rollout_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rollout = get_object_or_404(rollout_qs_for(request.user), pk=pk)
    districts, others = services.rollout_coverage(rollout, request.user)
    own = services.registration_for(rollout, request.user) if request.user.organisation_id else None
    totals = {
        key: sum(getattr(d, key) for d in districts)
        for key in ("total", "registered", "held", "reported", "late")
    }
    return render(
        request,
        "events/rollout_detail.html",
        {
            "rollout": rollout,
            "districts": districts,
            "others": others,
            "totals": totals,
            "own": own,
            "today": timezone.localdate(),
            "can_manage": can_manage_rollout(request.user, rollout),
            "publish_form": RolloutPublishForm(instance=rollout),
        },
    )


@login_required
@require_POST
def rollout_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish the roll-out with its two deadlines, or move them once published."""
    rollout = get_object_or_404(rollout_qs_for(request.user), pk=pk)
    if not can_manage_rollout(request.user, rollout):
        raise PermissionDenied
    was_published = rollout.published_at is not None
    form = RolloutPublishForm(request.POST, instance=rollout)
    if form.is_valid():
        try:
            services.rollout_publish(
                rollout,
                user=request.user,
                registration_deadline=form.cleaned_data["registration_deadline"],
                report_deadline=form.cleaned_data["report_deadline"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("The deadlines were moved.")
                if was_published
                else _("The roll-out was published: every commune owes its registration."),
            )
    else:
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
    return redirect("events:rollout_detail", pk=pk)


@login_required
def rollout_export(request: HttpRequest, pk: int) -> HttpResponse:
    rollout = get_object_or_404(rollout_qs_for(request.user), pk=pk)
    districts, others = services.rollout_coverage(rollout, request.user)
    response = HttpResponse(
        coverage_xlsx(rollout, districts, others),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="bao-phu-{rollout.pk}.xlsx"'
    return response


def _registration(request: HttpRequest, pk: int, reg_pk: int) -> Registration:
    rollout = get_object_or_404(rollout_qs_for(request.user), pk=pk)
    return get_object_or_404(registration_qs_for(request.user, rollout), pk=reg_pk)


@login_required
def registration_edit(request: HttpRequest, pk: int, reg_pk: int) -> HttpResponse:
    return _registration_page(request, _registration(request, pk, reg_pk))


@login_required
def registration_new(request: HttpRequest, pk: int) -> HttpResponse:
    """The user's commune registers without a row yet: shown unsaved, stored on POST."""
    rollout = get_object_or_404(rollout_qs_for(request.user), pk=pk)
    reg = services.registration_for(rollout, request.user)
    if reg is None:
        raise PermissionDenied
    if reg.pk is not None:
        return redirect("events:registration_edit", pk=pk, reg_pk=reg.pk)
    return _registration_page(request, reg)


def _registration_page(request: HttpRequest, reg: Registration) -> HttpResponse:
    pk = reg.rollout_id
    if not can_register_for_rollout(request.user, reg):
        raise PermissionDenied
    form = RegistrationForm(request.POST or None, request.FILES or None, instance=reg)
    report_form = ReportForm(None, instance=reg)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.registration_register(
                reg,
                user=request.user,
                planned_date=data["planned_date"],
                venue=data["venue"],
                plan_text=data["plan_text"],
                plan_file=request.FILES.get("plan_file"),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The event was registered."))
            return redirect("events:rollout_detail", pk=pk)
    return render(
        request,
        "events/registration_form.html",
        {"reg": reg, "rollout": reg.rollout, "form": form, "report_form": report_form},
    )


@login_required
@require_POST
def registration_report(request: HttpRequest, pk: int, reg_pk: int) -> HttpResponse:
    reg = _registration(request, pk, reg_pk)
    if not can_register_for_rollout(request.user, reg):
        raise PermissionDenied
    report_form = ReportForm(request.POST, instance=reg)
    if report_form.is_valid():
        data = report_form.cleaned_data
        try:
            services.registration_report(
                reg,
                user=request.user,
                held_on=data["held_on"],
                attendance=data["attendance"],
                result_text=data["result_text"],
            )
        except ValidationError as exc:
            _add_errors(report_form, exc)
        else:
            messages.success(request, _("The results were reported."))
            return redirect("events:rollout_detail", pk=pk)
    reg.refresh_from_db()
    return render(
        request,
        "events/registration_form.html",
        {
            "reg": reg,
            "rollout": reg.rollout,
            "form": RegistrationForm(instance=reg),
            "report_form": report_form,
        },
    )


@login_required
def registration_file(request: HttpRequest, pk: int, reg_pk: int) -> HttpResponse:
    """The uploaded plan, served only through the scoped lookup."""
    from django.http import FileResponse

    reg = _registration(request, pk, reg_pk)
    if not reg.plan_file:
        raise Http404
    return FileResponse(reg.plan_file.open("rb"), as_attachment=True)
