from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import DocumentBatch, GeneratedDocument


@admin.register(GeneratedDocument)
class GeneratedDocumentAdmin(SimpleHistoryAdmin):
    list_display = ("kind", "object_id", "revision", "format", "final", "size", "created_at")
    list_filter = ("kind", "format", "final")
    readonly_fields = ("checksum", "file_sha256", "size", "created_at")


@admin.register(DocumentBatch)
class DocumentBatchAdmin(SimpleHistoryAdmin):
    list_display = ("title", "kind", "status", "done", "total", "created_by", "created_at")
    list_filter = ("kind", "status")
    readonly_fields = ("created_at", "finished_at")
