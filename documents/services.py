"""Writes: generate and store documents, create and run batches."""

import hashlib
import io
import json
import logging
import zipfile
from functools import lru_cache
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.template.loader import get_template
from django.utils import timezone
from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter

from .blocks import Document
from .models import BatchStatus, DocumentBatch, DocumentFormat, GeneratedDocument
from .registry import DocumentKind, get_kind
from .render import render

logger = logging.getLogger(__name__)

# Bump when the renderers change in a way the template sources do not show.
RENDERER_VERSION = "2"
_TEMPLATES = (
    "documents/base_document.html",
    "documents/partials/_blocks.html",
    "documents/partials/_runs.html",
)


@lru_cache(maxsize=64)
def _templates_digest(kind_template: str) -> str:
    h = hashlib.sha256(RENDERER_VERSION.encode())
    for name in (*_TEMPLATES, kind_template):
        h.update(get_template(name).template.source.encode())
    return h.hexdigest()


def input_checksum(kind: DocumentKind, doc: Document, fmt: str) -> str:
    """SHA-256 of what the renderer receives: same input, same file."""
    payload = json.dumps(doc.as_data(), sort_keys=True, ensure_ascii=False, default=str)
    h = hashlib.sha256(payload.encode())
    h.update(fmt.encode())
    h.update(_templates_digest(kind.get_template()).encode())
    return h.hexdigest()


def document_render(kind_name: str, obj: Model, fmt: str, **options: Any) -> bytes:
    """Render without storing (print_document, previews)."""
    kind = get_kind(kind_name)
    return render(kind, kind.build(obj, **options), fmt)


@transaction.atomic
def document_generate(
    *, kind_name: str, obj: Model, fmt: str, user: Any = None
) -> GeneratedDocument:
    """The stored file of ``obj`` in ``fmt``, rendering only when the content changed.

    An issued source keeps the first file made for its revision (immutable); a draft's
    superseded file of the same revision is replaced.
    """
    if fmt not in DocumentFormat.values:
        raise ValidationError(_("Unknown document format."), code="bad_format")
    kind = get_kind(kind_name)
    ct = ContentType.objects.get_for_model(obj)
    revision = kind.revision(obj)
    final = kind.is_final(obj)
    rows = GeneratedDocument.objects.filter(
        kind=kind.name, content_type=ct, object_id=obj.pk, format=fmt
    )
    if final:
        issued = rows.filter(revision=revision, final=True).order_by("created_at").first()
        if issued:
            return issued
    doc = kind.build(obj)
    checksum = input_checksum(kind, doc, fmt)
    existing = rows.filter(checksum=checksum).first()
    if existing:
        if final and not existing.final:
            existing.final = True
            existing.save(update_fields=["final"])
        return existing
    data = render(kind, doc, fmt)
    generated = GeneratedDocument(
        kind=kind.name,
        content_type=ct,
        object_id=obj.pk,
        revision=revision,
        format=fmt,
        checksum=checksum,
        file_sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        final=final,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    generated.file.save(
        f"{doc.filename}-r{revision}-{checksum[:12]}.{fmt}", ContentFile(data), save=False
    )
    try:
        with transaction.atomic():
            generated.save()
    except IntegrityError:
        # Someone rendered the same content at the same moment: keep theirs.
        generated.file.delete(save=False)
        return rows.get(checksum=checksum)
    for old in rows.filter(revision=revision, final=False).exclude(pk=generated.pk):
        old.file.delete(save=False)
        old.delete()
    return generated


@transaction.atomic
def batch_create(
    *, kind_name: str, objects: list[Model], title: str, user: Any, options: dict | None = None
) -> DocumentBatch:
    """A batch row for ``objects`` (already scoped by the caller); the task runs on commit."""
    from .tasks import document_batch_render_task

    if not objects:
        raise ValidationError(_("There is nothing to print."), code="empty_batch")
    kind = get_kind(kind_name)
    unit_id = kind.unit_id(objects[0])
    if not unit_id:
        raise ValidationError(_("The document has no administrative unit."), code="no_unit")
    batch = DocumentBatch.objects.create(
        kind=kind.name,
        title=title,
        object_ids=[o.pk for o in objects],
        options=options or {},
        unit_id=unit_id,
        total=len(objects),
        created_by=user,
    )
    transaction.on_commit(lambda: document_batch_render_task.delay(batch.pk))
    return batch


def batch_run(batch_id: int) -> None:
    """Render every document of a batch; progress is saved after each one.

    Claims the row first (pending → running); a row left ``running`` by a killed
    worker is taken again when the task is redelivered (acks_late), and restarts.
    """
    claimed = DocumentBatch.objects.filter(
        pk=batch_id, status__in=[BatchStatus.PENDING, BatchStatus.RUNNING]
    ).update(status=BatchStatus.RUNNING, done=0)
    if not claimed:
        return
    batch = DocumentBatch.objects.get(pk=batch_id)
    kind = get_kind(batch.kind)
    try:
        by_pk = {
            o.pk: o
            for o in kind.prepare(kind.model._default_manager.filter(pk__in=batch.object_ids))
        }
        archive = io.BytesIO()
        merged = PdfWriter()
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
            for i, pk in enumerate(batch.object_ids, start=1):
                obj = by_pk.get(pk)
                if obj is not None:
                    doc = kind.build(obj, **batch.options)
                    pdf = render(kind, doc, "pdf")
                    zf.writestr(f"{i:03d}-{doc.filename}.pdf", pdf)
                    merged.append(PdfReader(io.BytesIO(pdf)))
                DocumentBatch.objects.filter(pk=batch_id).update(done=i)
        out = io.BytesIO()
        merged.write(out)
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        batch.refresh_from_db()
        batch.file.save(
            f"{batch.kind}-{batch.pk}-{stamp}.zip", ContentFile(archive.getvalue()), save=False
        )
        batch.merged_file.save(
            f"{batch.kind}-{batch.pk}-{stamp}.pdf", ContentFile(out.getvalue()), save=False
        )
        batch.status = BatchStatus.DONE
        batch.finished_at = timezone.now()
        batch.save(update_fields=["file", "merged_file", "status", "finished_at"])
    except Exception as exc:
        logger.exception("document batch %s failed", batch_id)
        DocumentBatch.objects.filter(pk=batch_id).update(
            status=BatchStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        raise
