"""Printed documents of an event: its plan, programme or attendee list as PDF or DOCX,
and the batch of invitation letters rendered by a Celery task.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from documents import services as document_services
from documents.models import CONTENT_TYPES, DocumentFormat

from ..permissions import can_print_invitations
from ..selectors import invitation_qs_for
from .common import _event

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
