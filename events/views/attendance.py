"""RSVP and check-in: the invitee's answer page (no login: the unguessable token is the
key) and the check-in desk that scans or types the invitation's code.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .. import services
from ..forms import CheckInForm, RsvpForm
from ..models import Invitation
from ..permissions import can_check_in_event
from ..qr import qr_svg
from ..selectors import event_counts
from .common import _add_errors, _event


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
