"""Evidence files of a report: the accepted file types, the upload check, storing a file
on a report and removing one while the report can still be edited.
"""

import hashlib
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction

from core.uploads import check_upload

from ..models import Evidence, Report
from ..permissions import can_fill_report
from .review import _locked_error

# What a report may carry as evidence; core.uploads checks the name, size and content.
EVIDENCE_TYPES = (".pdf", ".jpg", ".jpeg", ".png", ".docx", ".xlsx")


def evidence_check(upload: Any) -> tuple[bytes, str]:
    """Read and check an uploaded evidence file; returns (content, content type)."""
    checked = check_upload(upload, allowed=EVIDENCE_TYPES)
    return checked.data, checked.content_type


def _evidence_store(
    report: Report, name: str, data: bytes, content_type: str, user: Any
) -> Evidence:
    evidence = Evidence(
        report=report,
        original_name=name,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=user,
    )
    # upload_to gives a random name; the user's name is kept only as a label.
    evidence.file.save(name, ContentFile(data), save=False)
    evidence.save()
    return evidence


@transaction.atomic
def evidence_delete(evidence: Evidence, *, user: Any) -> None:
    """Remove a file from a report that can still be edited."""
    report = (
        Report.objects.select_for_update().select_related("expected").get(pk=evidence.report_id)
    )
    if not can_fill_report(user, report.expected):
        raise PermissionDenied
    if not report.is_editable:
        raise _locked_error(report)
    stored = evidence.file.name
    evidence.delete()
    storage = evidence.file.storage
    transaction.on_commit(lambda: storage.delete(stored))
