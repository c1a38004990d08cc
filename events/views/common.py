"""What every event page shares: fetching the event through the user's scoped selector
(404 outside the subtree), the same for editing (403 without the right), and putting a
service's ``ValidationError`` on the form.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from ..models import Event
from ..permissions import can_edit_event
from ..selectors import event_qs_for


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
