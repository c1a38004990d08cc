from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import can_edit_people
from accounts.scope import get_scoped_or_404

from . import services
from .filters import PersonFilter
from .forms import HoldForm, PersonForm
from .models import Person, PersonHold
from .permissions import can_manage_hold_of, can_manage_holds
from .selectors import hold_qs_for, person_qs_for


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
    # Holds are sensitive: only those who manage them see them.
    can_hold = can_manage_holds(request.user)
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "memberships": memberships,
            "can_edit": can_edit_people(request.user),
            "can_hold": can_hold,
            "holds": list(person.holds.all()) if can_hold else [],
            "today": timezone.localdate(),
        },
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


# --- Award holds ------------------------------------------------------------------------


@login_required
def hold_list(request: HttpRequest) -> HttpResponse:
    """Award holds in the user's area; in force first."""
    if not can_manage_holds(request.user):
        raise PermissionDenied
    qs = hold_qs_for(request.user).order_by("person__full_name", "-started_on", "pk")
    if request.GET.get("all") != "1":
        qs = qs.active()
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "people/hold_list.html",
        {"page": page, "show_all": request.GET.get("all") == "1", "today": timezone.localdate()},
    )


def _hold_edit(request: HttpRequest, hold: PersonHold) -> HttpResponse:
    if not can_manage_hold_of(request.user, hold.person):
        raise PermissionDenied
    form = HoldForm(request.POST or None, instance=hold)
    if request.method == "POST" and form.is_valid():
        try:
            services.hold_save(form.save(commit=False), user=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("people:person_detail", pk=hold.person_id)
    return render(request, "people/hold_form.html", {"form": form, "hold": hold})


@login_required
def hold_create(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_scoped_or_404(person_qs_for(request.user), request.user, pk=pk)
    return _hold_edit(request, PersonHold(person=person))


@login_required
def hold_update(request: HttpRequest, pk: int) -> HttpResponse:
    hold = get_object_or_404(hold_qs_for(request.user), pk=pk)
    return _hold_edit(request, hold)
