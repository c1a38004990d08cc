"""Event pages. Every object is fetched through a scoped selector: outside the user's
subtree it does not exist (404). The RSVP page is the only one without a login: the
unguessable token is the key.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import modelformset_factory
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from documents import services as document_services
from documents.models import CONTENT_TYPES, DocumentFormat

from . import services
from .exports import coverage_xlsx
from .forms import (
    CheckInForm,
    EventForm,
    EventTaskForm,
    ImportForm,
    InvitationForm,
    InviteeGroupForm,
    ProgrammeItemForm,
    RegistrationForm,
    ReportForm,
    RolloutPublishForm,
    RsvpForm,
    TransitionForm,
)
from .models import (
    Event,
    EventStatus,
    EventTask,
    Invitation,
    InviteeGroup,
    ProgrammeItem,
    Registration,
)
from .permissions import (
    can_check_in_event,
    can_create_event,
    can_edit_event,
    can_manage_rollout,
    can_print_invitations,
    can_register_for_rollout,
)
from .qr import qr_svg
from .selectors import (
    event_counts,
    event_qs_for,
    invitation_qs_for,
    registration_qs_for,
    rollout_qs_for,
)

PAGE_SIZE = 25


def _add_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errs in exc.error_dict.items():
            for err in errs:
                form.add_error(name if name in form.fields else None, err)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def _event(request: HttpRequest, pk: int) -> Event:
    return get_object_or_404(event_qs_for(request.user), pk=pk)


def _editable(request: HttpRequest, pk: int) -> Event:
    event = _event(request, pk)
    if not can_edit_event(request.user, event):
        raise PermissionDenied
    return event


# --- Events --------------------------------------------------------------------------


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


# --- Programme -----------------------------------------------------------------------


@login_required
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = _editable(request, pk)
    form = ProgrammeItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.programme_item_add(event, **form.cleaned_data)
        messages.success(request, _("The item was added."))
        return redirect("events:programme_edit", pk=pk)
    return render(
        request,
        "events/programme_edit.html",
        {"event": event, "items": list(event.programme.all()), "form": form},
    )


@login_required
def programme_item_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    event = _editable(request, pk)
    item = get_object_or_404(ProgrammeItem, pk=item_pk, event=event)
    form = ProgrammeItemForm(request.POST or None, instance=item)
    if request.method == "POST":
        if request.POST.get("delete"):
            item.delete()
            messages.success(request, _("The item was removed."))
            return redirect("events:programme_edit", pk=pk)
        if form.is_valid():
            form.save()
            messages.success(request, _("Saved."))
            return redirect("events:programme_edit", pk=pk)
    return render(
        request, "events/programme_item_form.html", {"event": event, "item": item, "form": form}
    )


@login_required
@require_POST
def programme_move(request: HttpRequest, pk: int, item_pk: int, direction: str) -> HttpResponse:
    event = _editable(request, pk)
    item = get_object_or_404(ProgrammeItem, pk=item_pk, event=event)
    if direction not in ("up", "down"):
        raise Http404
    services.programme_move(item, direction)
    return redirect("events:programme_edit", pk=pk)


@login_required
@require_POST
def programme_reorder(request: HttpRequest, pk: int) -> HttpResponse:
    """Drag and drop (SortableJS) posts the ids in their new order."""
    event = _editable(request, pk)
    try:
        ids = [int(x) for x in request.POST.getlist("item")]
        services.programme_reorder(event, ids)
    except (ValueError, ValidationError) as exc:
        message = exc.messages[0] if isinstance(exc, ValidationError) else _("Bad order.")
        return HttpResponse(message, status=400)
    return HttpResponse(status=204)


# --- Invitees ------------------------------------------------------------------------


@login_required
@require_POST
def group_create(request: HttpRequest, pk: int) -> HttpResponse:
    event = _editable(request, pk)
    form = InviteeGroupForm(request.POST, user=request.user)
    if form.is_valid():
        form.instance.event = event
        form.instance.order = event.groups.count() + 1
        form.save()
        messages.success(request, _("The invitee group was added."))
    else:
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
    return redirect(reverse("events:event_detail", args=[pk]) + "#groups")


@login_required
def group_detail(request: HttpRequest, pk: int, group_pk: int) -> HttpResponse:
    event = _event(request, pk)
    group = get_object_or_404(InviteeGroup, pk=group_pk, event=event)
    can_edit = can_edit_event(request.user, event)
    form = InviteeGroupForm(request.POST or None, instance=group, user=request.user)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            form.save()
            messages.success(request, _("Saved."))
            return redirect("events:group_detail", pk=pk, group_pk=group_pk)
    invitations = list(invitation_qs_for(event).filter(group=group))
    return render(
        request,
        "events/group_detail.html",
        {
            "event": event,
            "group": group,
            "form": form,
            "invitations": invitations,
            "can_edit": can_edit,
            "add_form": InvitationForm(),
            "import_form": ImportForm(),
        },
    )


@login_required
@require_POST
def group_expand(request: HttpRequest, pk: int, group_pk: int) -> HttpResponse:
    event = _editable(request, pk)
    group = get_object_or_404(InviteeGroup, pk=group_pk, event=event)
    try:
        n = services.group_expand(group)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(n)s invitations were added from the registry.") % {"n": n})
    return redirect("events:group_detail", pk=pk, group_pk=group_pk)


@login_required
@require_POST
def group_delete(request: HttpRequest, pk: int, group_pk: int) -> HttpResponse:
    event = _editable(request, pk)
    group = get_object_or_404(InviteeGroup, pk=group_pk, event=event)
    services.group_delete(group)
    messages.success(request, _("The invitee group was removed."))
    return redirect("events:event_detail", pk=pk)


@login_required
@require_POST
def invitation_add(request: HttpRequest, pk: int, group_pk: int) -> HttpResponse:
    event = _editable(request, pk)
    group = get_object_or_404(InviteeGroup, pk=group_pk, event=event)
    form = InvitationForm(request.POST)
    if form.is_valid():
        services.invitation_add(group, **form.cleaned_data)
        messages.success(request, _("The invitation was added."))
    else:
        messages.error(request, _("Enter the full name."))
    return redirect("events:group_detail", pk=pk, group_pk=group_pk)


@login_required
@require_POST
def invitation_delete(request: HttpRequest, pk: int, inv_pk: int) -> HttpResponse:
    event = _editable(request, pk)
    inv = get_object_or_404(Invitation, pk=inv_pk, event=event)
    group_pk = inv.group_id
    services.invitation_delete(inv)
    messages.success(request, _("The invitation was removed."))
    return redirect("events:group_detail", pk=pk, group_pk=group_pk)


def _import_key(group: InviteeGroup) -> str:
    return f"events_import_{group.pk}"


@login_required
def group_import(request: HttpRequest, pk: int, group_pk: int) -> HttpResponse:
    """Upload (dry run, nothing written) then confirm the previewed rows."""
    event = _editable(request, pk)
    group = get_object_or_404(InviteeGroup, pk=group_pk, event=event)
    key = _import_key(group)
    form = ImportForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and request.POST.get("confirm"):
        rows = request.session.pop(key, None)
        if not rows:
            messages.error(request, _("Nothing to import: upload the file again."))
            return redirect("events:group_import", pk=pk, group_pk=group_pk)
        n = services.invitees_import(group, rows)
        messages.success(request, _("%(n)s invitations were imported.") % {"n": n})
        return redirect("events:group_detail", pk=pk, group_pk=group_pk)
    if request.method == "POST" and form.is_valid():
        preview = services.invitees_parse_xlsx(form.cleaned_data["file"], group)
        if preview.errors:
            request.session.pop(key, None)
        else:
            request.session[key] = preview.rows
    return render(
        request,
        "events/group_import.html",
        {"event": event, "group": group, "form": form, "preview": preview},
    )


@login_required
def invitation_list(request: HttpRequest, pk: int) -> HttpResponse:
    """All invitations in protocol order, with answers and check-in."""
    event = _event(request, pk)
    return render(
        request,
        "events/invitation_list.html",
        {
            "event": event,
            "invitations": invitation_qs_for(event),
            "counts": event_counts(event),
            "can_edit": can_edit_event(request.user, event),
        },
    )


@login_required
def invitation_card(request: HttpRequest, pk: int, inv_pk: int) -> HttpResponse:
    """One invitation with its RSVP link and check-in QR code (to send or print)."""
    event = _event(request, pk)
    inv = get_object_or_404(Invitation, pk=inv_pk, event=event)
    rsvp_url = request.build_absolute_uri(reverse("events:rsvp", args=[inv.rsvp_token]))
    checkin_url = request.build_absolute_uri(
        reverse("events:checkin", args=[event.pk]) + f"?t={inv.checkin_token}"
    )
    return render(
        request,
        "events/invitation_card.html",
        {
            "event": event,
            "inv": inv,
            "rsvp_url": rsvp_url,
            "checkin_url": checkin_url,
            "qr": qr_svg(checkin_url),
        },
    )


# --- Printed documents ---------------------------------------------------------------

# Kinds whose source is the event, offered on its page.
EVENT_DOCUMENT_KINDS = ("event-plan", "event-programme", "event-attendees")


@login_required
def event_document(request: HttpRequest, pk: int, kind: str, fmt: str) -> FileResponse:
    """The event's plan, programme or attendee list as PDF or DOCX (scoped: 404 outside)."""
    if kind not in EVENT_DOCUMENT_KINDS or fmt not in DocumentFormat.values:
        raise Http404
    event = _event(request, pk)
    generated = document_services.document_generate(
        kind_name=kind, obj=event, fmt=fmt, user=request.user
    )
    return FileResponse(
        generated.file.open("rb"),
        as_attachment=True,
        filename=generated.file.name.rsplit("/", 1)[-1],
        content_type=CONTENT_TYPES[DocumentFormat(fmt)],
    )


@login_required
@require_POST
def invitations_print(request: HttpRequest, pk: int) -> HttpResponse:
    """Start the batch of invitation letters: one PDF per invitee, merged PDF and ZIP.

    The letters render in a Celery task; the batch page shows the progress (htmx)
    and the downloads when it is done.
    """
    event = _event(request, pk)
    if not can_print_invitations(request.user, event):
        raise PermissionDenied
    invitations = list(invitation_qs_for(event))
    try:
        batch = document_services.batch_create(
            kind_name="event-invitation",
            objects=invitations,
            title=_("Invitation letters: %(title)s") % {"title": event.title},
            user=request.user,
            options={},
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("events:event_detail", pk=event.pk)
    return redirect("documents:batch_detail", pk=batch.pk)


# --- RSVP (no login) and check-in -----------------------------------------------------


@never_cache
def rsvp(request: HttpRequest, token: str) -> HttpResponse:
    inv = (
        Invitation.objects.select_related("event", "event__organiser", "group")
        .filter(rsvp_token=token)
        .first()
    )
    if inv is None:
        raise Http404
    is_open = services.rsvp_open(inv)
    form = RsvpForm(request.POST or None, initial={"answer": inv.rsvp_status})
    if request.method == "POST" and form.is_valid():
        try:
            inv = services.rsvp_answer(
                token, form.cleaned_data["answer"], form.cleaned_data["note"]
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            if inv.answered_late:
                messages.warning(
                    request, _("Thank you, your answer was recorded (after the date to answer).")
                )
            else:
                messages.success(request, _("Thank you, your answer was recorded."))
            return redirect("events:rsvp", token=token)
    checkin_url = request.build_absolute_uri(
        reverse("events:checkin", args=[inv.event_id]) + f"?t={inv.checkin_token}"
    )
    status = 200 if is_open or request.method == "GET" else 410
    return render(
        request,
        "events/rsvp.html",
        {
            "inv": inv,
            "event": inv.event,
            "form": form,
            "is_open": is_open,
            "rsvp_deadline": inv.event.rsvp_deadline,
            "rsvp_late": timezone.localdate() > inv.event.rsvp_deadline,
            "qr": qr_svg(checkin_url) if inv.rsvp_status == "accepted" else "",
        },
        status=status,
    )


@login_required
def checkin(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    if not can_check_in_event(request.user, event):
        raise PermissionDenied
    result = None
    scanned = request.GET.get("t", "")
    form = CheckInForm(request.POST or None, initial={"token": scanned})
    if request.method == "POST" and form.is_valid():
        try:
            inv, first = services.check_in(event, form.cleaned_data["token"])
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            result = {"inv": inv, "first": first}
            form = CheckInForm()
    pending = None
    if scanned and request.method == "GET":
        pending = Invitation.objects.filter(event=event, checkin_token=scanned).first()
    return render(
        request,
        "events/checkin.html",
        {
            "event": event,
            "form": form,
            "result": result,
            "pending": pending,
            "counts": event_counts(event),
        },
    )


# --- Tasks ---------------------------------------------------------------------------


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


# --- Roll-out ------------------------------------------------------------------------


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
