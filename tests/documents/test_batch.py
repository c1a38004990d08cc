"""The batch task: progress saved as it goes, a ZIP and a merged PDF at the end."""

import io
import zipfile

import pytest
from pypdf import PdfReader

from documents import services
from documents.models import BatchStatus, DocumentBatch
from documents.tasks import document_batch_render_task


def _batch(plan, user):  # type: ignore[no-untyped-def]
    recipients = list(plan.recipients.all())
    return DocumentBatch.objects.create(
        kind="letter",
        title="Giấy mời",
        object_ids=[r.pk for r in recipients],
        options={"venue": "Hội trường Tỉnh ủy"},
        unit=plan.unit,
        total=len(recipients),
        created_by=user,
    )


def test_batch_task_reports_progress_and_stores_zip_and_merged_pdf(
    plan, province_staff, monkeypatch
):
    batch = _batch(plan, province_staff)
    seen = []
    real_render = services.render

    def spy(kind, doc, fmt):  # type: ignore[no-untyped-def]
        seen.append(DocumentBatch.objects.get(pk=batch.pk).done)
        return real_render(kind, doc, fmt)

    monkeypatch.setattr(services, "render", spy)
    document_batch_render_task.delay(batch.pk)  # eager in tests
    batch.refresh_from_db()
    assert seen == list(range(batch.total))  # done counted up one by one while rendering
    assert batch.status == BatchStatus.DONE and batch.done == batch.total == 9
    assert batch.percent == 100 and batch.finished_at
    names = zipfile.ZipFile(batch.file.open("rb")).namelist()
    assert len(names) == 9 and names[0].startswith("001-")
    reader = PdfReader(io.BytesIO(batch.merged_file.read()))
    assert len(reader.pages) == 9
    assert "Thường trực Tỉnh ủy" in reader.pages[1].extract_text()


def test_batch_task_is_claimed_once(plan, province_staff):
    batch = _batch(plan, province_staff)
    DocumentBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.DONE, done=batch.total)
    document_batch_render_task(batch.pk)  # a duplicate delivery does nothing
    batch.refresh_from_db()
    assert not batch.file


def test_batch_task_failure_is_recorded(plan, province_staff, monkeypatch):
    batch = _batch(plan, province_staff)

    def boom(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("font missing")

    monkeypatch.setattr(services, "render", boom)
    with pytest.raises(RuntimeError):
        document_batch_render_task(batch.pk)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED and "font missing" in batch.error


def test_task_is_acks_late():
    assert document_batch_render_task.acks_late is True
    assert document_batch_render_task.reject_on_worker_lost is True
