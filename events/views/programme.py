"""The programme editor: adding, editing and removing items, and reordering them with
the buttons or by drag and drop.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..forms import ProgrammeItemForm
from ..models import ProgrammeItem
from .common import _editable


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
