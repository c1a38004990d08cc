from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.permissions import can_edit_people
from accounts.scope import get_scoped_or_404

from .filters import PersonFilter
from .forms import PersonForm
from .models import Person
from .selectors import person_qs_for


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    filterset = PersonFilter(request.GET, queryset=person_qs_for(request.user))
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "people/person_list.html",
        {"filter": filterset, "page": page, "can_edit": can_edit_people(request.user)},
    )


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_scoped_or_404(person_qs_for(request.user), request.user, pk=pk)
    memberships = person.memberships.select_related("team")
    return render(
        request,
        "people/person_detail.html",
        {"person": person, "memberships": memberships, "can_edit": can_edit_people(request.user)},
    )


def _edit(request: HttpRequest, person: Person | None) -> HttpResponse:
    if not can_edit_people(request.user):
        raise PermissionDenied
    form = PersonForm(request.POST or None, instance=person, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, _("Saved %(name)s.") % {"name": saved.full_name})
        return redirect("people:person_detail", pk=saved.pk)
    return render(request, "people/person_form.html", {"form": form, "person": person})


@login_required
def person_create(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@login_required
def person_update(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_scoped_or_404(person_qs_for(request.user), request.user, pk=pk)
    return _edit(request, person)
