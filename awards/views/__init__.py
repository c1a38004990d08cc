"""Awards pages: catalogue and campaign rules, the batch builder, each stage's page.

Every object is fetched through a scoped selector: another unit's batch is a 404.
"""

from types import SimpleNamespace
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.models import RoleCode
from accounts.scope import scoped
from campaigns.selectors import campaign_qs_for
from core.net import client_ip
from core.text import fold
from orgunits.models import AdminUnit, Organisation
from people.models import Person, PersonHold

from .. import services
from ..forms import (
    AllocationForm,
    AwardFormForm,
    BatchCreateForm,
    CriterionFormSet,
    DecisionForm,
    HistorySearchForm,
    NominationForm,
    NomineeAddForm,
    ObjectionForm,
    PostingForm,
    QuotaForm,
    ReasonForm,
    ResolveForm,
    TransitionForm,
    UploadForm,
)
from ..models import (
    AppraisalStatus,
    AwardForm,
    BatchStatus,
    CouncilVote,
    NominationBatch,
    NomineeKind,
    Objection,
    ObjectionStatus,
    Quota,
)
from ..permissions import (
    can_create_award_form,
    can_create_batch,
    can_edit_award_form,
    can_edit_batch,
    can_manage_campaign_rules,
    can_manage_catalogue,
    can_manage_council,
    can_see_vote_tally,
    can_vote_in_batch,
)
from ..selectors import (
    QUEUES,
    award_form_qs_for,
    award_record_qs_for,
    batch_detail,
    batch_qs_for,
    batch_queue_for,
    document_qs_for,
    nomination_qs_for,
    quota_qs_for,
)

PAGE_SIZE = 25
NOMINEE_PAGE_SIZE = 50


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# --- Batches --------------------------------------------------------------------------


@login_required
def batch_list(request: HttpRequest, stage: str = "") -> HttpResponse:
    if stage:
        if stage not in QUEUES:
            raise Http404
        title, statuses = QUEUES[stage]
        qs = batch_queue_for(request.user, statuses)
    else:
        qs = batch_qs_for(request.user)
        title = _("Award proposals")
        status = request.GET.get("status", "")
        if status in BatchStatus.values:
            qs = qs.filter(status=status)
    page = Paginator(qs.order_by("-updated_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "title": title,
        "stage": stage,
        "statuses": BatchStatus.choices,
        "can_create": can_create_batch(request.user),
        "queues": [(slug, t) for slug, (t, _s) in QUEUES.items()],
    }
    if stage == "appraisal":
        context.update(_appraisal_queue(request))
    return render(request, "awards/batch_list.html", context)


def _can_appraise_any(user: Any) -> bool:
    return bool(user.is_authenticated) and user.has_role(*services.NOMINEE_ACTIONS["appraise"][1])


def _appraisal_queue(request: HttpRequest) -> dict[str, Any]:
    """The nominees of every proposal under appraisal in the user's area, to act on at once."""
    show_all = request.GET.get("nominees") == "all"
    qs = (
        nomination_qs_for(request.user)
        .filter(batch__status=BatchStatus.UNDER_APPRAISAL)
        .select_related("batch__proposer", "category")
        .order_by("batch__proposer__name", "batch_id", "kind", "order", "pk")
    )
    if not show_all:
        qs = qs.filter(appraisal_status=AppraisalStatus.PENDING)
    nominees = Paginator(qs, NOMINEE_PAGE_SIZE).get_page(request.GET.get("npage"))
    nominees.object_list = list(nominees.object_list)
    flags = services.nomination_duplicates(nominees.object_list, request.user)
    for nomination in nominees.object_list:
        nomination.duplicates = flags[nomination.pk]
    return {
        "nominees": nominees,
        "show_all_nominees": show_all,
        "can_appraise_queue": _can_appraise_any(request.user),
    }


@login_required
def batch_create(request: HttpRequest) -> HttpResponse:
    if not can_create_batch(request.user):
        raise PermissionDenied
    form = BatchCreateForm(
        request.POST or None,
        user=request.user,
        # The dossier reminder links here with the quota's campaign and form.
        initial={
            "proposer": request.user.organisation_id,
            "campaign": request.GET.get("campaign"),
            "form": request.GET.get("form"),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.batch_create(
                campaign=form.cleaned_data["campaign"],
                form=form.cleaned_data["form"],
                proposer=form.cleaned_data["proposer"],
                title=form.cleaned_data["title"],
                user=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The proposal was created as a draft."))
            return redirect("awards:batch_detail", pk=batch.pk)
    return render(request, "awards/batch_form.html", {"form": form})


def _batch_context(request: HttpRequest, batch: NominationBatch) -> dict[str, Any]:
    user = request.user
    nominations = list(batch.nominations.all())
    checks = {n.pk: services.criteria_status(n) for n in nominations}
    my_votes = {}
    if batch.status == BatchStatus.COUNCIL_VOTE:
        my_votes = dict(
            CouncilVote.objects.filter(nomination__batch=batch, member=user).values_list(
                "nomination", "approve"
            )
        )
    service = {n.pk: services.service_check(n) for n in nominations}
    duplicates = services.nomination_duplicates(nominations, user)
    # Who is under an award hold today: the leader strikes them before approving.
    held = set(
        PersonHold.objects.active()
        .filter(person_id__in=[n.person_id for n in nominations if n.person_id])
        .values_list("person_id", flat=True)
    )
    rows = [
        {
            "n": n,
            "checks": checks[n.pk],
            "service": service[n.pk],
            "duplicates": duplicates[n.pk],
            "held": n.person_id in held,
            "criteria_ok": all(c.met for c in checks[n.pk])
            and (service[n.pk] is None or service[n.pk].ok),
            "my_vote": my_votes.get(n.pk),
        }
        for n in nominations
    ]
    return {
        "batch": batch,
        "rows": rows,
        "counters": services.live_counters(batch),
        "checklist": services.dossier_checklist(batch),
        "deadline": services.batch_deadline(batch) if batch.status == BatchStatus.DRAFT else None,
        "can_edit": can_edit_batch(user, batch),
        "transitions": services.allowed_transitions(user, batch),
        "can_appraise": services.can_act_on_nominee(user, batch, "appraise"),
        "can_vote": can_vote_in_batch(user, batch),
        "can_strike": services.can_act_on_nominee(user, batch, "strike"),
        "show_tally": can_see_vote_tally(user, batch),
        "members_count": batch.council.members.count() if batch.council_id else 0,
        "can_manage_council": batch.council_id is not None
        and can_manage_council(user, batch.council),
        "upload_form": UploadForm(batch=batch),
        "add_form": NomineeAddForm(campaign=batch.campaign),
        "decision_form": DecisionForm(),
        **_posting_context(request, batch),
        "events": batch.events.select_related("actor", "nomination")[:50],
        "statuses": BatchStatus,
        "kinds": NomineeKind,
        "appraisal": AppraisalStatus,
    }


@login_required
def batch_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    batch = batch_detail(request.user, pk)
    return render(request, "awards/batch_detail.html", _batch_context(request, batch))


@login_required
def batch_counters(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: the live counters of quota use and leader share."""
    batch = batch_detail(request.user, pk)
    return render(
        request,
        "awards/partials/_counters.html",
        {"batch": batch, "counters": services.live_counters(batch)},
    )


def _editable(request: HttpRequest, pk: int) -> NominationBatch:
    batch = get_object_or_404(batch_qs_for(request.user), pk=pk)
    if not can_edit_batch(request.user, batch):
        raise PermissionDenied
    return batch


@login_required
def nominee_search(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: collectives from the org tree and individuals from the registry, accent-blind."""
    batch = _editable(request, pk)
    text = fold(request.GET.get("q", ""))
    kind = request.GET.get("kind", NomineeKind.INDIVIDUAL)
    results: list[dict[str, Any]] = []
    if len(text) >= 2:
        area = batch.unit.path
        if kind == NomineeKind.COLLECTIVE:
            orgs = scoped(Organisation.objects.select_related("unit"), request.user).filter(
                unit__path__startswith=area, search_key__contains=text
            )[:15]
            units = scoped(AdminUnit.objects.all(), request.user, "path").filter(
                path__startswith=area, search_key__contains=text
            )[:10]
            results = [
                {"value": f"org:{o.pk}", "name": o.name, "where": o.unit.full_name} for o in orgs
            ] + [{"value": f"unit:{u.pk}", "name": u.full_name, "where": ""} for u in units]
        else:
            people = scoped(
                Person.objects.select_related("organisation", "unit"), request.user
            ).filter(unit__path__startswith=area, search_key__contains=text)[:20]
            results = [
                {
                    "value": f"person:{p.pk}",
                    "name": p.full_name,
                    "where": ", ".join(x for x in (p.position, str(p.organisation or "")) if x),
                }
                for p in people
            ]
    return render(
        request,
        "awards/partials/_search_results.html",
        {"batch": batch, "results": results, "searched": len(text) >= 2, "kind": kind},
    )


@login_required
@require_POST
def nominee_add(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _editable(request, pk)
    form = NomineeAddForm(request.POST, campaign=batch.campaign)
    if not form.is_valid():
        messages.error(request, _("Choose a nominee from the search results."))
        return redirect("awards:batch_detail", pk=pk)
    prefix, _sep, raw_id = form.cleaned_data["nominee"].partition(":")
    target: dict[str, Any] = {}
    if prefix == "person":
        target["person"] = get_object_or_404(
            scoped(Person.objects.select_related("unit"), request.user), pk=raw_id
        )
    elif prefix == "org":
        target["organisation"] = get_object_or_404(
            scoped(Organisation.objects.select_related("unit"), request.user), pk=raw_id
        )
    else:
        target["admin_unit"] = get_object_or_404(
            scoped(AdminUnit.objects.all(), request.user, "path"), pk=raw_id
        )
    try:
        nomination = services.nomination_add(
            batch, user=request.user, category=form.cleaned_data["category"], **target
        )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(
            request, _("%(name)s was added to the proposal.") % {"name": nomination.nominee_name}
        )
    return redirect("awards:batch_detail", pk=pk)


@login_required
def nomination_edit(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = get_object_or_404(nomination_qs_for(request.user), pk=pk)
    batch = nomination.batch
    if not can_edit_batch(request.user, batch):
        raise PermissionDenied
    criteria = services.criteria_for(nomination)
    form = NominationForm(
        request.POST or None,
        nomination=nomination,
        criteria=criteria,
        initial={
            "category": nomination.category_id,
            "achievement": nomination.achievement,
            "is_leader": nomination.is_leader,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.nomination_update(
                nomination,
                user=request.user,
                category=form.cleaned_data["category"],
                achievement=form.cleaned_data["achievement"],
                is_leader=form.cleaned_data["is_leader"],
                answers=form.answers(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("awards:batch_detail", pk=batch.pk)
    checks = {c.criterion.pk: c for c in services.criteria_status(nomination)}
    criteria_rows = [
        {
            "criterion": c,
            "met": form[f"met_{c.pk}"],
            "note": form[f"note_{c.pk}"],
            "check": checks.get(c.pk),
        }
        for c in criteria
    ]
    return render(
        request,
        "awards/nomination_form.html",
        {
            "form": form,
            "nomination": nomination,
            "batch": batch,
            "criteria_rows": criteria_rows,
            "service": services.service_check(nomination),
            "duplicates": services.nomination_duplicates([nomination], request.user)[nomination.pk],
        },
    )


@login_required
@require_POST
def nomination_remove(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = get_object_or_404(nomination_qs_for(request.user), pk=pk)
    try:
        services.nomination_remove(nomination, user=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("awards:batch_detail", pk=nomination.batch_id)


@login_required
@require_POST
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _editable(request, pk)
    form = UploadForm(request.POST, request.FILES, batch=batch)
    if form.is_valid():
        nomination = None
        if form.cleaned_data["nomination"]:
            nomination = batch.nominations.filter(pk=form.cleaned_data["nomination"]).first()
        try:
            services.dossier_upload(
                batch,
                user=request.user,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                nomination=nomination,
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("The document was uploaded."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(f"{batch.get_absolute_url()}#dossier")


@login_required
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    document = get_object_or_404(document_qs_for(request.user), pk=pk)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )


@login_required
@require_POST
def document_delete(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(document_qs_for(request.user), pk=pk)
    try:
        services.dossier_delete(document, user=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    return redirect(f"{document.batch.get_absolute_url()}#dossier")


@login_required
@require_POST
def batch_transition(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(batch_qs_for(request.user), pk=pk)
    form = TransitionForm(request.POST)
    if not form.is_valid() or form.cleaned_data["target"] not in BatchStatus.values:
        messages.error(request, _("Unknown status."))
        return redirect("awards:batch_detail", pk=pk)
    target = form.cleaned_data["target"]
    extra: dict[str, Any] = {}
    if target == BatchStatus.DECISION_ISSUED:
        decision_form = DecisionForm(request.POST)
        if not decision_form.is_valid():
            for errors in decision_form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect("awards:batch_detail", pk=pk)
        extra = decision_form.cleaned_data
    try:
        services.batch_transition(
            batch, target, user=request.user, reason=form.cleaned_data["reason"], **extra
        )
    except PermissionDenied:
        raise
    except ValidationError as exc:
        _errors(request, exc)
    else:
        batch.refresh_from_db()
        messages.success(
            request, _("The proposal is now: %(status)s.") % {"status": batch.get_status_display()}
        )
    return redirect("awards:batch_detail", pk=pk)


@login_required
@require_POST
def nominations_appraise(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept or return one or several nominees (each through the single service)."""
    batch = get_object_or_404(batch_qs_for(request.user), pk=pk)
    ids = [int(x) for x in request.POST.getlist("ids") if x.isdigit()]
    decision = request.POST.get("decision")
    if decision not in ("accept", "return") or not ids:
        messages.error(request, _("Choose the nominees and accept or return them."))
        return redirect("awards:batch_detail", pk=pk)
    nominations = list(batch.nominations.filter(pk__in=ids))
    _appraise(request, nominations, decision)
    return redirect("awards:batch_detail", pk=pk)


def _appraise(request: HttpRequest, nominations: list[Any], decision: str) -> None:
    """Each nominee through the single-nominee service; one message per distinct problem."""
    errors = services.nominations_appraise(
        nominations,
        user=request.user,
        accept=decision == "accept",
        reason=request.POST.get("reason", ""),
    )
    if len(errors) == len(nominations) and all(
        e == _("You may not do this at this stage.") for e in errors.values()
    ):
        raise PermissionDenied
    # The same refusal for several nominees (no reason given, say) is said once.
    names_by_error: dict[str, list[str]] = {}
    for nomination in nominations:
        if nomination.pk in errors:
            names_by_error.setdefault(errors[nomination.pk], []).append(nomination.nominee_name)
    for error, names in names_by_error.items():
        messages.error(request, f"{', '.join(names)}: {error}")
    done = len(nominations) - len(errors)
    if done:
        messages.success(
            request,
            ngettext(
                "Appraisal saved for %(count)d nominee.",
                "Appraisal saved for %(count)d nominees.",
                done,
            )
            % {"count": done},
        )


@login_required
@require_POST
def queue_appraise(request: HttpRequest) -> HttpResponse:
    """Bulk appraisal from the queue: nominees of several proposals, one decision, one reason.

    Each nominee runs every check of a single appraisal (role, scope, the proposal's
    status, the reason to return); nominees outside the user's area are not found.
    """
    if not _can_appraise_any(request.user):
        raise PermissionDenied
    back = reverse("awards:queue", args=["appraisal"])
    if request.POST.get("nominees") == "all":
        back += "?nominees=all"
    ids = [int(x) for x in request.POST.getlist("ids") if x.isdigit()]
    decision = request.POST.get("decision")
    if decision not in ("accept", "return") or not ids:
        messages.error(request, _("Choose the nominees and accept or return them."))
        return redirect(back)
    nominations = list(
        nomination_qs_for(request.user)
        .filter(pk__in=ids)
        .order_by("batch__proposer__name", "batch_id", "kind", "order", "pk")
    )
    if not nominations:
        raise Http404
    _appraise(request, nominations, decision)
    return redirect(back)


@login_required
@require_POST
def nomination_strike(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = get_object_or_404(nomination_qs_for(request.user), pk=pk)
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        services.nomination_strike(
            nomination, user=request.user, reason=form.cleaned_data.get("reason", "")
        )
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("awards:batch_detail", pk=nomination.batch_id)


@login_required
def batch_vote(request: HttpRequest, pk: int) -> HttpResponse:
    """The council member's ballot: yes or no per nominee, secret until the vote closes."""
    batch = batch_detail(request.user, pk)
    if not can_vote_in_batch(request.user, batch):
        raise PermissionDenied
    ballot = [
        n
        for n in batch.nominations.all()
        if n.is_in_play and n.appraisal_status == AppraisalStatus.ACCEPTED
    ]
    if request.method == "POST":
        try:
            with transaction.atomic():
                for nomination in ballot:
                    choice = request.POST.get(f"vote_{nomination.pk}")
                    if choice in ("yes", "no"):
                        services.council_vote_cast(
                            nomination, user=request.user, approve=choice == "yes"
                        )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Your votes were recorded."))
            return redirect("awards:batch_detail", pk=pk)
    mine = dict(
        CouncilVote.objects.filter(nomination__batch=batch, member=request.user).values_list(
            "nomination", "approve"
        )
    )
    return render(
        request,
        "awards/batch_vote.html",
        {"batch": batch, "ballot": [(n, mine.get(n.pk)) for n in ballot]},
    )


@login_required
def batch_print(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """A batch's document as PDF, rendered by the documents framework."""
    from documents.registry import get_kind
    from documents.services import document_render

    from ..document_kinds import PRINT_KINDS

    if kind not in PRINT_KINDS:
        raise Http404
    document_kind = get_kind(PRINT_KINDS[kind])
    batch = get_object_or_404(document_kind.queryset_for(request.user), pk=pk)
    if kind in ("decision", "certificates") and not hasattr(batch, "decision"):
        raise Http404
    doc = document_kind.build(batch)
    pdf = document_render(document_kind.name, batch, "pdf")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{doc.filename}.pdf"'
    return response


@login_required
def nomination_report(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """Draft achievement report (báo cáo thành tích) of one nominee, PDF or DOCX."""
    from documents.models import CONTENT_TYPES
    from documents.registry import get_kind
    from documents.services import document_render

    if fmt not in CONTENT_TYPES:
        raise Http404
    kind = get_kind("award_achievement_report")
    nomination = get_object_or_404(kind.queryset_for(request.user), pk=pk)
    doc = kind.build(nomination)
    data = document_render(kind.name, nomination, fmt)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{doc.filename}.{fmt}"'
    return response


# --- Public posting before the decision -----------------------------------------------


def _posting_context(request: HttpRequest, batch: NominationBatch) -> dict[str, Any]:
    days = services.posting_days_for(batch) if batch.council_id else None
    can_resolve = services.can_resolve_objection(request.user, batch)
    objections = []
    if batch.posted_on and can_resolve:
        objections = list(batch.objections.select_related("nomination", "resolved_by"))
    public_url = ""
    if batch.public_token:
        public_url = request.build_absolute_uri(
            reverse("awards:public_batch", args=[batch.public_token])
        )
    return {
        "posting_days": days,
        "can_post": services.can_post_batch(request.user, batch),
        "posting_form": PostingForm(initial={"start_on": timezone.localdate()}),
        "can_resolve": can_resolve,
        "objections": objections,
        "open_objections": sum(1 for o in objections if o.status == ObjectionStatus.OPEN),
        "public_url": public_url,
    }


@login_required
@require_POST
def batch_post(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff post the list passed by the council, from a start date."""
    batch = get_object_or_404(batch_qs_for(request.user), pk=pk)
    form = PostingForm(request.POST)
    start_on = form.cleaned_data["start_on"] if form.is_valid() else None
    try:
        batch = services.batch_post(batch, user=request.user, start_on=start_on)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(
            request,
            _("The list is posted publicly from %(start)s to %(end)s.")
            % {
                "start": batch.posted_on.strftime("%d/%m/%Y"),
                "end": batch.posting_ends_on.strftime("%d/%m/%Y"),
            },
        )
    return redirect(f"{reverse('awards:batch_detail', args=[pk])}#posting")


@login_required
@require_POST
def objection_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    objection = get_object_or_404(
        Objection.objects.filter(batch__in=batch_qs_for(request.user).values("pk")), pk=pk
    )
    form = ResolveForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.objection_resolve(objection, user=request.user, note=note)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("The objection is resolved."))
    return redirect(f"{reverse('awards:batch_detail', args=[objection.batch_id])}#posting")


# At most this many objections per client address per hour: the form takes no account.
OBJECTION_LIMIT = 5
OBJECTION_WINDOW = 3600


def _objection_rate_limited(request: HttpRequest) -> bool:
    key = f"awards:objection:{client_ip(request)}"
    if cache.add(key, 1, timeout=OBJECTION_WINDOW):
        return False
    try:
        return cache.incr(key) > OBJECTION_LIMIT
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=OBJECTION_WINDOW)
        return False


@never_cache
def public_list(request: HttpRequest) -> HttpResponse:
    """Without login: the lists of nominees on public posting now."""
    batches = services.public_batch_qs().order_by("posting_ends_on", "pk")
    page = Paginator(batches, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "awards/public_list.html", {"page": page})


@never_cache
def public_batch(request: HttpRequest, token: str) -> HttpResponse:
    """Without login: one posted list (name, unit, form only) and the objection form."""
    batch = services.public_batch_qs().filter(public_token=token).first()
    if batch is None:
        raise Http404
    nominations = list(services.posted_nominations(batch))
    form = ObjectionForm(request.POST or None, nominations=nominations)
    status = 200
    if request.method == "POST":
        if _objection_rate_limited(request):
            messages.error(
                request, _("Too many objections were sent from this address. Try again later.")
            )
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            chosen = next((n for n in nominations if n.pk == data["nomination"]), None)
            try:
                services.objection_submit(
                    batch,
                    name=data["name"],
                    contact=data["contact"],
                    text=data["text"],
                    nomination=chosen,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request, _("Thank you. Your objection was received and will be answered.")
                )
                return redirect("awards:public_batch", token=token)
    rows = [
        {
            "n": n,
            "unit": (
                n.person.organisation or n.person.unit.full_name
                if n.person_id
                else (n.organisation.unit.full_name if n.organisation_id else "")
            ),
        }
        for n in nominations
    ]
    return render(
        request,
        "awards/public_batch.html",
        {"batch": batch, "rows": rows, "form": form},
        status=status,
    )


# --- Catalogue and campaign rules -----------------------------------------------------


@login_required
def form_list(request: HttpRequest) -> HttpResponse:
    forms_qs = list(award_form_qs_for(request.user))
    for award_form in forms_qs:
        award_form.can_edit = can_edit_award_form(request.user, award_form)
    quotas = quota_qs_for(request.user).order_by("campaign__title", "form__order")
    return render(
        request,
        "awards/form_list.html",
        {
            "forms": forms_qs,
            "quotas": quotas,
            "can_manage": can_create_award_form(request.user),
            "can_manage_councils": can_manage_catalogue(request.user),
            "campaigns": [
                c
                for c in campaign_qs_for(request.user).order_by("-start_date")[:50]
                if can_manage_campaign_rules(request.user, c)
            ],
        },
    )


@login_required
def form_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Another province's form is a 404; a form the user sees but may not edit, a 403."""
    user = request.user
    if pk:
        instance = get_object_or_404(award_form_qs_for(user), pk=pk)
        if not can_edit_award_form(user, instance):
            raise PermissionDenied
    else:
        if not can_create_award_form(user):
            raise PermissionDenied
        owner = None
        if not (user.is_national and user.has_role(RoleCode.ADMIN)):
            owner = user.scope_unit.province
        instance = AwardForm(owner_unit=owner)
    form = AwardFormForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("awards:form_list")
    return render(
        request, "awards/form_edit.html", {"form": form, "instance": instance if pk else None}
    )


def _rules_campaign(request: HttpRequest, pk: int) -> Any:
    campaign = get_object_or_404(campaign_qs_for(request.user), pk=pk)
    if not can_manage_campaign_rules(request.user, campaign):
        raise Http404
    return campaign


@login_required
def campaign_rules(request: HttpRequest, pk: int) -> HttpResponse:
    """Criteria and quotas of one campaign (province staff of the issuing area)."""
    campaign = _rules_campaign(request, pk)
    formset = CriterionFormSet(
        request.POST or None,
        instance=campaign,
        prefix="criteria",
        form_kwargs={"campaign": campaign},
    )
    if request.method == "POST" and formset.is_valid():
        formset.save()
        messages.success(request, _("Saved."))
        return redirect("awards:campaign_rules", pk=pk)
    return render(
        request,
        "awards/campaign_rules.html",
        {
            "campaign": campaign,
            "formset": formset,
            "quotas": Quota.objects.filter(campaign=campaign).select_related("form"),
        },
    )


@login_required
def quota_edit(request: HttpRequest, pk: int, quota_pk: int | None = None) -> HttpResponse:
    campaign = _rules_campaign(request, pk)
    instance = get_object_or_404(Quota, pk=quota_pk, campaign=campaign) if quota_pk else None
    form = QuotaForm(request.POST or None, instance=instance, campaign=campaign, user=request.user)
    if request.method == "POST" and form.is_valid():
        quota = form.save(commit=False)
        quota.campaign = campaign
        try:
            services.quota_save(quota, user=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("awards:quota_detail", pk=quota.pk)
    return render(
        request, "awards/quota_form.html", {"form": form, "campaign": campaign, "quota": instance}
    )


@login_required
def quota_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The quota, its use, and the allocation to proposing units."""
    quota = get_object_or_404(quota_qs_for(request.user), pk=pk)
    can_manage = can_manage_campaign_rules(request.user, quota.campaign)
    form = AllocationForm(request.POST or None, user=request.user, campaign=quota.campaign)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.allocation_set(quota, user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("awards:quota_detail", pk=pk)
    allocations = list(quota.allocations.select_related("organisation"))
    usage = services.quota_usage(quota)
    for allocation in allocations:
        allocation.usage = services.quota_usage(quota, proposer=allocation.organisation)
    return render(
        request,
        "awards/quota_detail.html",
        {
            "quota": quota,
            "form": form,
            "allocations": allocations,
            "usage": usage,
            "allocated_collectives": sum(a.collectives for a in allocations),
            "allocated_individuals": sum(a.individuals for a in allocations),
            "can_manage": can_manage,
        },
    )


# --- History ----------------------------------------------------------------------------


@login_required
def history(request: HttpRequest) -> HttpResponse:
    """All awards in the user's area; accent-blind search on the nominee's name."""
    form = HistorySearchForm(request.GET or None)
    qs = award_record_qs_for(request.user)
    if form.is_valid():
        qs = award_record_qs_for(request.user, form.cleaned_data.get("q") or "")
        if form.cleaned_data.get("year"):
            qs = qs.filter(year=form.cleaned_data["year"])
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    _flag_records(page, request.user)
    return render(request, "awards/history.html", {"form": form, "page": page})


def _flag_records(page: Any, user: Any) -> None:
    """One achievement, one award: mark records whose nominee has another award that year."""
    page.object_list = list(page.object_list)
    flags = services.record_duplicates(page.object_list, user)
    for record in page.object_list:
        record.duplicates = flags[record.pk]


@login_required
def person_history(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(
        scoped(Person.objects.select_related("organisation", "unit"), request.user), pk=pk
    )
    records = list(award_record_qs_for(request.user).filter(person=person))
    _flag_records(SimpleNamespace(object_list=records), request.user)
    return render(
        request,
        "awards/nominee_history.html",
        {"name": person.full_name, "subtitle": person.organisation, "records": records},
    )


@login_required
def organisation_history(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(
        scoped(Organisation.objects.select_related("unit"), request.user), pk=pk
    )
    records = list(award_record_qs_for(request.user).filter(organisation=organisation))
    _flag_records(SimpleNamespace(object_list=records), request.user)
    return render(
        request,
        "awards/nominee_history.html",
        {"name": organisation.name, "subtitle": organisation.unit, "records": records},
    )
