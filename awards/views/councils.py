"""Emulation councils (Hội đồng Thi đua - Khen thưởng): list, create, edit.

Administrators and province staff manage the councils of their area (the predicate of the
award forms); another area's council is a 404, choices come from the user's area only.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from .. import services
from ..forms import CouncilForm
from ..models import BatchStatus, Council
from ..permissions import can_manage_catalogue, can_manage_council
from ..selectors import batch_qs_for, council_list_for, council_qs_for, council_voting_batches

HISTORY_ROWS = 10
ACTIONS = {
    "+": pgettext_lazy("council history", "created"),
    "~": pgettext_lazy("council history", "changed"),
    "-": pgettext_lazy("council history", "deleted"),
}


def _history_rows(council: Council) -> list[dict[str, Any]]:
    """The latest changes of ``council`` from its history, with the fields each changed."""
    records = list(council.history.select_related("history_user")[: HISTORY_ROWS + 1])
    rows = []
    for newer, older in zip(records[:HISTORY_ROWS], [*records[1:], None], strict=False):
        fields = []
        if older is not None:
            delta = newer.diff_against(older)
            fields = [
                capfirst(Council._meta.get_field(change.field).verbose_name)
                for change in delta.changes
            ]
        rows.append(
            {
                "at": newer.history_date,
                "user": newer.history_user,
                "action": ACTIONS.get(newer.history_type, newer.history_type),
                "fields": fields,
            }
        )
    return rows


@login_required
def council_list(request: HttpRequest) -> HttpResponse:
    if not can_manage_catalogue(request.user):
        raise PermissionDenied
    councils = council_list_for(request.user).order_by("unit__path", "name")
    return render(request, "awards/council_list.html", {"councils": councils})


@login_required
def council_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Another area's council is a 404; a council the user sees but may not manage, a 403."""
    user = request.user
    if pk is None:
        if not can_manage_catalogue(user):
            raise PermissionDenied
        council = Council()
    else:
        council = get_object_or_404(council_qs_for(user), pk=pk)
        if not can_manage_council(user, council):
            raise PermissionDenied
    title = council.name
    form = CouncilForm(request.POST or None, instance=council, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            council = services.council_save(
                form.save(commit=False), user=user, members=form.cleaned_data["members"]
            )
        except ValidationError as exc:
            # On the field it concerns; the form is drawn again with everything typed.
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("awards:council_list")
    voting = []
    history = []
    if pk is not None:
        # The proposals at the vote that the user may open (the council may serve others).
        voting = list(batch_qs_for(user).filter(council=council, status=BatchStatus.COUNCIL_VOTE))
        voting_total = council_voting_batches(council).count()
        history = _history_rows(council)
    else:
        voting_total = 0
    return render(
        request,
        "awards/council_form.html",
        {
            "form": form,
            "council": council if pk is not None else None,
            "title": title,
            "voting": voting,
            "voting_total": voting_total,
            "history": history,
        },
    )
