"""The event's own pages: the list, creating (from a template) and editing an event, its
detail page, status transitions, the live counts polled by htmx, and the task list.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import modelformset_factory
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..forms import EventForm, EventTaskForm, InviteeGroupForm, TransitionForm
from ..models import EventStatus, EventTask
from ..permissions import (
    can_check_in_event,
    can_create_event,
    can_edit_event,
    can_print_invitations,
)
from ..selectors import event_counts, event_qs_for, rollout_qs_for
from .common import _add_errors, _editable, _event

PAGE_SIZE = 25


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    qs = event_qs_for(request.user)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.search(q)
    status = request.GET.get("status", "")
    if status in EventStatus.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "events/event_list.html",
        {
            "page": page,
            "q": q,
            "status": status,
            "statuses": EventStatus.choices,
            "can_create": can_create_event(request.user),
            "rollouts": rollout_qs_for(request.user)[:10],
        },
    )


@login_required
def event_create(request: HttpRequest) -> HttpResponse:
    if not can_create_event(request.user):
        raise PermissionDenied
    form = EventForm(
        request.POST or None,
        user=request.user,
        initial={
            "organiser": request.user.organisation_id,
            "template": request.GET.get("template", "launch"),
        },
    )
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "template"}
        try:
            event = services.event_create_from_template(
                form.cleaned_data.get("template") or "", user=request.user, **fields
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The event was created."))
            return redirect("events:event_detail", pk=event.pk)
    return render(request, "events/event_form.html", {"form": form, "event": None})


@login_required
def event_update(request: HttpRequest, pk: int) -> HttpResponse:
    event = _editable(request, pk)
    form = EventForm(request.POST or None, instance=event, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(form.instance, user=request.user)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("events:event_detail", pk=event.pk)
    return render(request, "events/event_form.html", {"form": form, "event": event})


@login_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    groups = list(event.groups.select_related("convening_organisation"))
    counts_by_group = {}
    for inv in event.invitations.values("group_id"):
        counts_by_group[inv["group_id"]] = counts_by_group.get(inv["group_id"], 0) + 1
    for g in groups:
        g.invited = counts_by_group.get(g.pk, 0)
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "programme": list(event.programme.all()),
            "groups": groups,
            "tasks": list(event.tasks.select_related("assignee")),
            "counts": event_counts(event),
            "can_edit": can_edit_event(request.user, event),
            "can_check_in": can_check_in_event(request.user, event),
            "can_print_invitations": can_print_invitations(request.user, event),
            "transitions": services.allowed_transitions(request.user, event),
            "group_form": InviteeGroupForm(user=request.user),
        },
    )


@login_required
@require_POST
def event_transition(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            event = services.event_transition(event, form.cleaned_data["target"], user=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, _("The event is now: %(status)s.") % {"status": event.get_status_display()}
            )
    return redirect("events:event_detail", pk=pk)


@login_required
def event_counts_partial(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx polling: the live counts."""
    event = _event(request, pk)
    return render(
        request, "events/partials/_counts.html", {"event": event, "counts": event_counts(event)}
    )


@login_required
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = _editable(request, pk)
    TaskFormSet = modelformset_factory(EventTask, form=EventTaskForm, extra=1, can_delete=True)
    formset = TaskFormSet(
        request.POST or None,
        queryset=event.tasks.all(),
        prefix="tasks",
        form_kwargs={"user": request.user},
    )
    if request.method == "POST" and formset.is_valid():
        formset.save(commit=False)
        kept = [f for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        services.event_tasks_save(
            event,
            [f.instance for f in kept],
            formset.deleted_objects,
            changed=[f.has_changed() for f in kept],
        )
        messages.success(request, _("Saved."))
        return redirect("events:event_detail", pk=pk)
    return render(request, "events/task_edit.html", {"event": event, "formset": formset})
