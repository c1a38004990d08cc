"""Checks on uploaded dossier files: their real content, not their name, decides.

Accepted: PDF, Word (.docx), JPEG and PNG scans. The extension must agree with the
content; empty files, files over the size limit and zip bombs dressed as .docx are
refused with a Vietnamese message before anything is written.
"""

import zipfile
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXTENSIONS = {
    "application/pdf": {"pdf"},
    DOCX: {"docx"},
    "image/jpeg": {"jpg", "jpeg"},
    "image/png": {"png"},
}
# A .docx expands to a few MB at most; more is a zip bomb.
MAX_UNZIPPED = 50 * 1024 * 1024
MAX_RATIO = 100


def _head(upload: Any, n: int = 16) -> bytes:
    upload.seek(0)
    data = upload.read(n)
    upload.seek(0)
    return data


def _docx_ok(upload: Any) -> bool:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            infos = archive.infolist()
            names = {i.filename for i in infos}
            total = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos) or 1
            if total > MAX_UNZIPPED or total / packed > MAX_RATIO:
                return False
            return "[Content_Types].xml" in names and any(n.startswith("word/") for n in names)
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)


def sniff_upload(upload: Any, *, max_bytes: int) -> str:
    """The content type of ``upload``, or ``ValidationError`` with the reason."""
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty_file")
    if size > max_bytes:
        raise ValidationError(
            _("The file is too large (at most %(mb)s MB).") % {"mb": max_bytes // (1024 * 1024)},
            code="file_too_large",
        )
    head = _head(upload)
    if head.startswith(b"%PDF-"):
        content_type = "application/pdf"
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        content_type = "image/png"
    elif head.startswith(b"\xff\xd8\xff"):
        content_type = "image/jpeg"
    elif head.startswith(b"PK\x03\x04") and _docx_ok(upload):
        content_type = DOCX
    else:
        raise ValidationError(
            _("Only PDF, Word (.docx), JPEG or PNG files are accepted."), code="file_type"
        )
    name = upload.name or ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in EXTENSIONS[content_type]:
        raise ValidationError(
            _("The file name does not match its content."), code="file_type_mismatch"
        )
    return content_type
