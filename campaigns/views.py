from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .exports import campaign_export_xlsx
from .filters import CampaignFilter
from .forms import RELATIONS, CampaignForm, ChildCampaignForm, TransitionForm
from .models import Campaign, CampaignStatus
from .permissions import (
    can_act_on_campaign,
    can_create_campaign,
    can_create_child_campaign,
    can_edit_campaign,
)
from .selectors import campaign_detail_qs_for, campaign_qs_for

PAGE_SIZE = 25


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    filterset = CampaignFilter(
        request.GET, queryset=campaign_qs_for(request.user), user=request.user
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    template = (
        "campaigns/partials/_campaign_rows.html" if request.htmx else "campaigns/campaign_list.html"
    )
    return render(
        request,
        template,
        {"filter": filterset, "page": page, "can_create": can_create_campaign(request.user)},
    )


def _outline(campaign: Campaign) -> list[dict[str, Any]]:
    """The plan's sections as a tree (from the prefetched flat list)."""
    nodes = {s.pk: {"section": s, "children": []} for s in campaign.sections.all()}
    roots = []
    for s in campaign.sections.all():
        node = nodes[s.pk]
        if s.parent_id and s.parent_id in nodes:
            nodes[s.parent_id]["children"].append(node)
        else:
            roots.append(node)
    return roots


@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(campaign_detail_qs_for(request.user), pk=pk)
    user = request.user
    in_scope = can_act_on_campaign(user, campaign)
    children = (
        campaign_qs_for(user).filter(parent=campaign).select_related("issuer", "unit")
        if in_scope or campaign.cascade_level
        else []
    )
    context = {
        "campaign": campaign,
        "outline": _outline(campaign),
        "can_edit": can_edit_campaign(user, campaign),
        "transitions": services.allowed_transitions(user, campaign),
        "can_revise": in_scope and campaign.is_frozen and can_create_campaign(user),
        "can_create_child": can_create_child_campaign(user, campaign),
        "child_form": ChildCampaignForm(user=user, parent=campaign),
        "children": children,
        "missing_units": services.missing_child_units(campaign) if in_scope else [],
        "relations": [(key, title) for key, (title, _f) in RELATIONS.items()],
        "statuses": CampaignStatus,
    }
    return render(request, "campaigns/campaign_detail.html", context)


@login_required
def campaign_create(request: HttpRequest) -> HttpResponse:
    if not can_create_campaign(request.user):
        raise PermissionDenied
    form = CampaignForm(
        request.POST or None, user=request.user, initial={"issuer": request.user.organisation_id}
    )
    if request.method == "POST" and form.is_valid():
        campaign = form.save()
        messages.success(request, _("The plan was created as a draft."))
        return redirect("campaigns:campaign_detail", pk=campaign.pk)
    return render(request, "campaigns/campaign_form.html", {"form": form, "campaign": None})


def _editable_campaign(request: HttpRequest, pk: int) -> Campaign:
    campaign = get_object_or_404(campaign_qs_for(request.user), pk=pk)
    if not can_act_on_campaign(request.user, campaign):
        raise Http404
    if not can_edit_campaign(request.user, campaign):
        raise PermissionDenied
    return campaign


@login_required
def campaign_update(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _editable_campaign(request, pk)
    form = CampaignForm(request.POST or None, instance=campaign, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("campaigns:campaign_detail", pk=campaign.pk)
    return render(request, "campaigns/campaign_form.html", {"form": form, "campaign": campaign})


@login_required
def campaign_children_edit(request: HttpRequest, pk: int, relation: str) -> HttpResponse:
    """Edit one kind of plan rows (phases, indicators, …) as an inline formset."""
    if relation not in RELATIONS:
        raise Http404
    campaign = _editable_campaign(request, pk)
    title, formset_class = RELATIONS[relation]
    formset = formset_class(
        request.POST or None,
        instance=campaign,
        prefix=relation,
        form_kwargs={"campaign": campaign},
    )
    if request.method == "POST" and formset.is_valid():
        with transaction.atomic():
            services.ensure_editable(Campaign.objects.select_for_update().get(pk=campaign.pk))
            formset.save(commit=False)
            for obj in formset.deleted_objects:
                obj.delete()
            # Rows are numbered in the order they stand on the page; unchanged rows are
            # not saved again (no audit-history noise).
            kept = [f for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
            for position, form in enumerate(kept, start=1):
                row = form.instance
                if row.pk is None or row.order != position or form.has_changed():
                    row.campaign = campaign
                    row.order = position
                    row.save()
            formset.save_m2m()
        messages.success(request, _("Saved %(what)s.") % {"what": title})
        return redirect("campaigns:campaign_detail", pk=campaign.pk)
    return render(
        request,
        "campaigns/campaign_children_form.html",
        {"campaign": campaign, "formset": formset, "title": title, "relation": relation},
    )


@login_required
def campaign_child_row(request: HttpRequest, pk: int, relation: str) -> HttpResponse:
    """htmx: an empty row for the formset, numbered by ``index``."""
    if relation not in RELATIONS:
        raise Http404
    campaign = _editable_campaign(request, pk)
    try:
        index = int(request.GET.get("index", "0"))
    except ValueError as exc:
        raise Http404 from exc
    if not 0 <= index < 1000:
        raise Http404
    _title, formset_class = RELATIONS[relation]
    formset = formset_class(instance=campaign, prefix=relation, form_kwargs={"campaign": campaign})
    form = formset._construct_form(index, **formset.get_form_kwargs(index))
    form.empty_permitted = False
    return render(
        request,
        "campaigns/partials/_child_row.html",
        {"form": form, "relation": relation, "formset": formset},
    )


@login_required
@require_POST
def campaign_transition(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(campaign_qs_for(request.user), pk=pk)
    if not can_act_on_campaign(request.user, campaign):
        raise Http404
    form = TransitionForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(request, _("Unknown status.") if field == "target" else error)
        return redirect("campaigns:campaign_detail", pk=pk)
    try:
        services.campaign_transition(
            campaign,
            form.cleaned_data["target"],
            user=request.user,
            reason=form.cleaned_data["reason"],
            issued_on=form.cleaned_data["issued_on"],
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        campaign.refresh_from_db()
        messages.success(
            request,
            _("The plan is now: %(status)s.") % {"status": campaign.get_status_display()},
        )
    return redirect("campaigns:campaign_detail", pk=pk)


@login_required
@require_POST
def campaign_revise(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(campaign_qs_for(request.user), pk=pk)
    if not can_act_on_campaign(request.user, campaign):
        raise Http404
    try:
        services.campaign_start_revision(campaign, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("A new revision was started as a draft."))
    return redirect("campaigns:campaign_detail", pk=pk)


@login_required
@require_POST
def campaign_create_child(request: HttpRequest, pk: int) -> HttpResponse:
    parent = get_object_or_404(campaign_qs_for(request.user), pk=pk)
    if not can_create_child_campaign(request.user, parent):
        raise PermissionDenied
    form = ChildCampaignForm(request.POST, user=request.user, parent=parent)
    if not form.is_valid():
        messages.error(request, _("Choose the issuing organisation."))
        return redirect("campaigns:campaign_detail", pk=pk)
    try:
        child = services.campaign_create_child(
            parent, issuer=form.cleaned_data["issuer"], user=request.user
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("campaigns:campaign_detail", pk=pk)
    messages.success(request, _("The implementing plan was created from the parent plan."))
    return redirect("campaigns:campaign_detail", pk=child.pk)


@login_required
def campaign_export(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(campaign_detail_qs_for(request.user), pk=pk)
    content = campaign_export_xlsx(campaign)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"chi-tieu-{campaign.pk}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
