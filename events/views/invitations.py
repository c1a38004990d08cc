"""Invitees: creating and editing invitee groups, filling them from the registry or an
Excel import (dry run, then confirm), adding or removing one invitation, the
invitation list and one invitation's card with its RSVP link and check-in QR code.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..forms import ImportForm, InvitationForm, InviteeGroupForm
from ..models import Invitation, InviteeGroup
from ..permissions import can_edit_event
from ..qr import qr_svg
from ..selectors import event_counts, invitation_qs_for
from .common import _editable, _event


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
