from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.scope import get_scoped_or_404

from .filters import OrganisationFilter, UnitFilter
from .models import AdminUnit, Organisation, Succession
from .selectors import organisation_qs_for, unit_qs_for

PAGE_SIZE = 50


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    filterset = UnitFilter(
        request.GET, queryset=unit_qs_for(request.user).select_related("province")
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "orgunits/partials/_unit_rows.html" if request.htmx else "orgunits/unit_list.html"
    return render(request, template, {"filter": filterset, "page": page})


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_scoped_or_404(AdminUnit.objects.all(), request.user, "path", pk=pk)
    children = AdminUnit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1).order_by(
        "valid_to", "name"
    )
    organisations = Organisation.objects.filter(unit=unit).order_by("name")
    successions = Succession.objects.filter(from_unit=unit).select_related(
        "to_unit"
    ) | Succession.objects.filter(to_unit=unit).select_related("from_unit")
    # Ancestors the user may see (breadcrumb stops at the user's own scope).
    scope = request.user.scope_path or ""
    steps = range(AdminUnit.steplen, len(unit.path), AdminUnit.steplen)
    ancestors = AdminUnit.objects.filter(
        path__in=[unit.path[:i] for i in steps if unit.path[:i].startswith(scope)]
    )
    return render(
        request,
        "orgunits/unit_detail.html",
        {
            "unit": unit,
            "children": children,
            "organisations": organisations,
            "successions": successions.select_related("from_unit", "to_unit"),
            "ancestors": ancestors,
        },
    )


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    filterset = OrganisationFilter(request.GET, queryset=organisation_qs_for(request.user))
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "orgunits/organisation_list.html", {"filter": filterset, "page": page})


@login_required
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_scoped_or_404(
        Organisation.objects.select_related("unit", "parent"), request.user, pk=pk
    )
    return render(
        request,
        "orgunits/organisation_detail.html",
        {
            "organisation": organisation,
            "children": organisation.children.select_related("unit").order_by("name"),
            "people": organisation.people.order_by("-position_rank", "full_name")[:100],
        },
    )


@login_required
def unit_import(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError  # replaced by the import/export work


@login_required
def unit_export(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError  # replaced by the import/export work
