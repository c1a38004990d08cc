"""Generated files (one row per distinct content) and batch jobs."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class DocumentFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "DOCX (Word)"


CONTENT_TYPES = {
    DocumentFormat.PDF: "application/pdf",
    DocumentFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class GeneratedDocument(models.Model):
    """A rendered file of one source object, kept in the private default storage.

    ``checksum`` is the SHA-256 of the render input (the document's blocks, the format
    and the templates), so regenerating unchanged content finds this row instead of
    rendering again. A ``final`` row (an issued document) is never changed or deleted:
    a new revision of the source makes a new row and a new file.
    """

    kind = models.CharField(_("kind"), max_length=40)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField(_("source id"))
    source = GenericForeignKey("content_type", "object_id")
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    format = models.CharField(_("format"), max_length=5, choices=DocumentFormat.choices)
    checksum = models.CharField(_("checksum of the render input"), max_length=64)
    file_sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    file = models.FileField(_("file"), upload_to="documents/%Y/%m/", max_length=200)
    final = models.BooleanField(
        _("issued (immutable)"),
        default=False,
        help_text=_("The file of an issued document never changes."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("generated document")
        verbose_name_plural = _("generated documents")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "content_type", "object_id", "format", "checksum"],
                name="generated_document_unique_content",
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id", "kind", "format"])]

    def __str__(self) -> str:
        return f"{self.kind} #{self.object_id} r{self.revision} {self.format}"


class BatchStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Rendering")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class DocumentBatch(models.Model):
    """Many documents of one kind rendered by a Celery task into a ZIP and a merged PDF."""

    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=300)
    object_ids = models.JSONField(_("source ids"), default=list)
    options = models.JSONField(_("options"), default=dict, blank=True)
    unit = models.ForeignKey(
        "orgunits.AdminUnit",
        verbose_name=_("administrative unit"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The unit of the source, for scoped queries."),
    )
    total = models.PositiveIntegerField(_("total"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=BatchStatus.choices, default=BatchStatus.PENDING
    )
    error = models.TextField(_("error"), blank=True)
    file = models.FileField(_("ZIP file"), upload_to="batches/%Y/%m/", blank=True, max_length=200)
    merged_file = models.FileField(
        _("merged PDF"), upload_to="batches/%Y/%m/", blank=True, max_length=200
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document batch")
        verbose_name_plural = _("document batches")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="batch_done_within_total", condition=models.Q(done__lte=models.F("total"))
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.status in (BatchStatus.DONE, BatchStatus.FAILED)
