"""Celery entry points of the documents app."""

from celery import shared_task

from .services import batch_run


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True)
def document_batch_render_task(self, batch_id: int) -> None:  # type: ignore[no-untyped-def]
    """Render a DocumentBatch (ids only as arguments; the row is claimed first)."""
    batch_run(batch_id)
