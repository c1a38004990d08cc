"""Scoped reads of generated documents and batches."""

from typing import Any

from django.db.models import QuerySet

from accounts.scope import scoped

from .models import DocumentBatch


def batch_qs_for(user: Any) -> QuerySet[DocumentBatch]:
    """Batches of sources in ``user``'s subtree, that ``user`` started (or all, for admins)."""
    qs = scoped(DocumentBatch.objects.select_related("unit"), user)
    if getattr(user, "is_national", False):
        return qs
    return qs.filter(created_by=user)
