from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.selectors import campaign_qs_for

from . import services
from .models import CONTENT_TYPES, DocumentFormat
from .permissions import can_create_batch
from .registry import UnknownKind, get_kind
from .selectors import batch_qs_for

# Kinds whose source is a campaign and that the campaign page offers.
CAMPAIGN_KINDS = ("plan", "list")


@login_required
def campaign_document(request: HttpRequest, pk: int, kind: str, fmt: str) -> FileResponse:
    """Download a campaign's document; the campaign comes from the user's scoped selector."""
    if kind not in CAMPAIGN_KINDS or fmt not in DocumentFormat.values:
        raise Http404
    try:
        document_kind = get_kind(kind)
    except UnknownKind:
        raise Http404 from None
    campaign = get_object_or_404(document_kind.queryset_for(request.user), pk=pk)
    generated = services.document_generate(kind_name=kind, obj=campaign, fmt=fmt, user=request.user)
    filename = f"{document_kind.build(campaign).filename}.{fmt}"
    return FileResponse(
        generated.file.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type=CONTENT_TYPES[DocumentFormat(fmt)],
    )


def _time_text(value: str) -> str:
    """ "2024-09-20T07:30" → "07 giờ 30 phút, ngày 20/9/2024"."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value.strip()[:200]
    month = f"{moment.month:02d}" if moment.month < 3 else str(moment.month)
    day = f"{moment.day:02d}" if moment.day < 10 else str(moment.day)
    return f"{moment:%H} giờ {moment:%M} phút, ngày {day}/{month}/{moment.year}"


@login_required
@require_POST
def campaign_letters(request: HttpRequest, pk: int) -> HttpResponse:
    """Start a batch of invitation letters, one per recipient of the plan."""
    campaign = get_object_or_404(campaign_qs_for(request.user), pk=pk)
    if not can_create_batch(request.user):
        raise PermissionDenied
    kind = get_kind("letter")
    recipients = list(
        kind.queryset_for(request.user).filter(campaign=campaign).order_by("order", "pk")
    )
    options = {
        "time": _time_text(request.POST.get("time", "")),
        "venue": request.POST.get("venue", "").strip()[:300],
    }
    try:
        batch = services.batch_create(
            kind_name="letter",
            objects=recipients,
            title=_("Invitation letters for %(reference)s") % {"reference": campaign.reference},
            user=request.user,
            options=options,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("campaigns:campaign_detail", pk=campaign.pk)
    return redirect("documents:batch_detail", pk=batch.pk)


@login_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(batch_qs_for(request.user), pk=pk)
    if request.htmx:
        return render(request, "documents/partials/_batch_progress.html", {"batch": batch})
    # The way back to where the batch was started (its event…), through the kind's own
    # scoped queryset: a source the user no longer sees gives no link.
    back = None
    kind = get_kind(batch.kind)
    if batch.object_ids:
        first = kind.queryset_for(request.user).filter(pk=batch.object_ids[0]).first()
        back = kind.back_link(first) if first is not None else None
    return render(request, "documents/batch_detail.html", {"batch": batch, "back": back})


@login_required
def batch_download(request: HttpRequest, pk: int, what: str) -> FileResponse:
    batch = get_object_or_404(batch_qs_for(request.user), pk=pk)
    field = {"zip": batch.file, "pdf": batch.merged_file}.get(what)
    if not field:
        raise Http404
    content_type = "application/zip" if what == "zip" else "application/pdf"
    return FileResponse(
        field.open("rb"),
        as_attachment=True,
        filename=f"{batch.kind}-{batch.pk}.{what}",
        content_type=content_type,
    )
