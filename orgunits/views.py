from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import can_manage_units
from accounts.scope import get_scoped_or_404, unit_in_scope
from people.selectors import person_qs_for

from . import imports
from .filters import OrganisationFilter, UnitFilter
from .forms import UnitImportForm
from .models import AdminUnit, Organisation, Succession
from .selectors import organisation_qs_for, unit_qs_for

PAGE_SIZE = 50
PREVIEW_LIMIT = 200
IMPORT_SESSION_KEY = "orgunits_import"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    filterset = UnitFilter(
        request.GET, queryset=unit_qs_for(request.user).select_related("province")
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    _attach_parents(request.user, page.object_list)
    template = "orgunits/partials/_unit_rows.html" if request.htmx else "orgunits/unit_list.html"
    return render(
        request,
        template,
        {"filter": filterset, "page": page, "can_manage": can_manage_units(request.user)},
    )


def _attach_parents(user: Any, units: Iterable[AdminUnit]) -> None:
    """Give each unit of a page its parent (when in scope), in one query.

    Many villages share a name ("Tổ dân phố 1"): the parent tells them apart.
    """
    units = list(units)
    paths = {u.path[: -AdminUnit.steplen] for u in units if u.depth > 1}
    parents = {p.path: p for p in unit_qs_for(user).filter(path__in=paths)} if paths else {}
    for unit in units:
        unit.parent_in_scope = parents.get(unit.path[: -AdminUnit.steplen])


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_scoped_or_404(AdminUnit.objects.all(), request.user, "path", pk=pk)
    children = AdminUnit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1).order_by(
        "valid_to", "name"
    )
    organisations = Organisation.objects.filter(unit=unit).order_by("name")
    successions = list(
        (Succession.objects.filter(from_unit=unit) | Succession.objects.filter(to_unit=unit))
        .select_related("from_unit", "to_unit")
        .order_by("effective_date", "pk")
    )
    for s in successions:
        # The unit across the reorganisation may lie outside the user's area (a ward
        # merged into another province): its name is history, its page is not theirs.
        other = s.to_unit if s.from_unit_id == unit.pk else s.from_unit
        s.other_visible = unit_in_scope(request.user, other)
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
            "successions": successions,
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
            # Related rows are scoped too: a child body or a person may sit outside the area.
            "children": organisation_qs_for(request.user)
            .filter(parent=organisation)
            .order_by("name"),
            "people": person_qs_for(request.user)
            .filter(organisation=organisation)
            .order_by("-position_rank", "full_name")[:100],
        },
    )


def _require_unit_manager(request: HttpRequest) -> None:
    if not can_manage_units(request.user):
        raise PermissionDenied


def _file_response(content: bytes, kind: str, stem: str) -> HttpResponse:
    content_type = XLSX_TYPE if kind == "xlsx" else "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{stem}.{kind}"'
    return response


def _import_page(
    request: HttpRequest,
    form: UnitImportForm,
    plan: imports.ImportPlan | None = None,
    token: str = "",
    filename: str = "",
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "orgunits/unit_import.html",
        {
            "form": form,
            "plan": plan,
            "token": token,
            "filename": filename,
            "columns": imports.column_help(),
            "limit_mb": imports.upload_limit_mb(),
            "preview_limit": PREVIEW_LIMIT,
        },
        status=status,
    )


def _forget_pending(request: HttpRequest) -> None:
    pending = request.session.pop(IMPORT_SESSION_KEY, None)
    if pending:
        imports.upload_discard(pending.get("token", ""))


@login_required
def unit_import(request: HttpRequest) -> HttpResponse:
    """Upload and preview (the dry run): validates every row and writes nothing."""
    _require_unit_manager(request)
    if request.method != "POST":
        return _import_page(request, UnitImportForm())
    form = UnitImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _import_page(request, form)
    upload = form.cleaned_data["file"]
    try:
        # Checked before parsing; never more than the limit is read.
        data = imports.check_file(upload).data
        plan = imports.unit_import_preview(request.user, data, upload.name)
    except ValidationError as exc:
        form.add_error("file", exc)
        return _import_page(request, form)
    _forget_pending(request)
    token = ""
    if not plan.has_errors and (plan.creates or plan.updates):
        token = imports.upload_store(data)
        request.session[IMPORT_SESSION_KEY] = {"token": token, "name": upload.name}
    return _import_page(request, UnitImportForm(), plan, token, upload.name)


@login_required
@require_POST
def unit_import_confirm(request: HttpRequest) -> HttpResponse:
    """Apply the previewed file: every row in one transaction, re-validated."""
    _require_unit_manager(request)
    pending = request.session.get(IMPORT_SESSION_KEY) or {}
    token = pending.get("token", "")
    data = None
    if token and constant_time_compare(request.POST.get("token", ""), token):
        data = imports.upload_load(token)
    if data is None:
        messages.error(
            request,
            _("This preview has expired or was already imported: upload the file again."),
        )
        return redirect("orgunits:unit_import")
    try:
        plan = imports.unit_import_apply(request.user, data, pending.get("name", ""))
    except imports.ImportRejected as exc:
        _forget_pending(request)
        messages.error(request, exc.messages[0])
        return _import_page(
            request, UnitImportForm(), exc.plan, filename=pending.get("name", ""), status=422
        )
    except ValidationError as exc:
        _forget_pending(request)
        messages.error(request, exc.messages[0])
        return redirect("orgunits:unit_import")
    _forget_pending(request)
    messages.success(
        request,
        _("Import done: %(created)s units created, %(updated)s updated.")
        % {"created": len(plan.creates), "updated": len(plan.updates)},
    )
    return redirect("orgunits:unit_list")


@login_required
def unit_import_template(request: HttpRequest) -> HttpResponse:
    """An empty file with the header row (and, for Excel, a sheet explaining it)."""
    _require_unit_manager(request)
    if request.GET.get("format") == "csv":
        return _file_response(imports.rows_to_csv([]), "csv", "mau-nhap-don-vi")
    return _file_response(imports.rows_to_xlsx([], with_help=True), "xlsx", "mau-nhap-don-vi")


@login_required
def unit_export(request: HttpRequest) -> HttpResponse:
    """The user's units (with the list's filters) in the import columns."""
    _require_unit_manager(request)
    filterset = UnitFilter(request.GET, queryset=unit_qs_for(request.user))
    rows = imports.unit_export_rows(filterset.qs.order_by("path"))
    stem = f"don-vi-hanh-chinh-{timezone.localdate():%Y%m%d}"
    if request.GET.get("format") == "csv":
        return _file_response(imports.rows_to_csv(rows), "csv", stem)
    return _file_response(imports.rows_to_xlsx(rows), "xlsx", stem)
