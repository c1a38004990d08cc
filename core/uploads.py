"""One checker for every file the portal accepts: the content decides, never the name.

``check_upload(upload, allowed=(".pdf", ".docx"))`` reads the upload once (never more than
``settings.UPLOAD_MAX_BYTES`` + 1 bytes) and raises ``ValidationError`` with a Vietnamese
message unless:

- the name is a plain file name (no directory part, no "..", no control characters, not
  hidden, not too long) whose extension is one of ``allowed``;
- the size is 1 byte to the limit;
- the content is what the extension says: magic bytes for PDF, JPEG and PNG (and no zip
  archive hidden behind them: a PDF header glued to a zip is refused); for DOCX and XLSX a
  zip whose ``[Content_Types].xml`` declares the right main part, without encryption, odd
  entry names or a suspicious expansion (zip bombs); for CSV UTF-8 text.

It returns a :class:`CheckedUpload` holding the bytes, the content type and a random name
to store the file under (``stored_name()``); the user's name is kept only as a label.
Nothing is written here.
"""

import io
import secrets
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

PDF = ".pdf"
JPG = ".jpg"
JPEG = ".jpeg"
PNG = ".png"
DOCX = ".docx"
XLSX = ".xlsx"
CSV = ".csv"

CONTENT_TYPES = {
    PDF: "application/pdf",
    JPG: "image/jpeg",
    JPEG: "image/jpeg",
    PNG: "image/png",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    CSV: "text/csv",
}
LABELS = {
    PDF: "PDF",
    JPG: "JPG",
    JPEG: "JPG",
    PNG: "PNG",
    DOCX: "DOCX",
    XLSX: "XLSX",
    CSV: "CSV",
}
MAGIC = {
    PDF: (b"%PDF-",),
    JPG: (b"\xff\xd8\xff",),
    JPEG: (b"\xff\xd8\xff",),
    PNG: (b"\x89PNG\r\n\x1a\n",),
    DOCX: (b"PK\x03\x04",),
    XLSX: (b"PK\x03\x04",),
}
# The main part an OOXML package must declare in [Content_Types].xml.
OOXML_MAIN = {
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc/.xls of old Office

# Zip-bomb limits: real DOCX/XLSX files expand 5-30 times; an entry may expand up to
# MAX_RATIO times (entries under RATIO_FLOOR uncompressed are not judged by ratio), and
# the whole package to at most MAX_UNCOMPRESSED bytes in at most MAX_ENTRIES parts.
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024
MAX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_ENTRIES = 2000
MAX_CONTENT_TYPES_XML = 1024 * 1024
MAX_NAME_LENGTH = 200


@dataclass(frozen=True)
class CheckedUpload:
    data: bytes
    extension: str
    content_type: str
    label: str  # the user's file name, to show; never a storage path

    @property
    def size(self) -> int:
        return len(self.data)

    def stored_name(self, prefix: str = "") -> str:
        return random_name(self.extension, prefix)


def random_name(extension: str, prefix: str = "") -> str:
    """A storage name nobody can guess or choose: 192 random bits and the checked extension."""
    prefix = prefix.strip("/")
    name = f"{secrets.token_urlsafe(24)}{extension.lower()}"
    return f"{prefix}/{name}" if prefix else name


def _not_allowed(allowed: Iterable[str]) -> ValidationError:
    labels = ", ".join(dict.fromkeys(LABELS[e] for e in allowed))
    return ValidationError(
        _("This type of file is not accepted. Allowed: %(types)s.") % {"types": labels},
        code="bad_type",
    )


def _bad_content(extension: str) -> ValidationError:
    return ValidationError(
        _("The file content is not a real %(type)s file.") % {"type": LABELS[extension]},
        code="bad_content",
    )


def check_name(name: str) -> str:
    """The extension of a plain, harmless file name, or ``ValidationError``."""
    if (
        not name
        or "/" in name
        or "\\" in name
        or ".." in name
        or name.startswith(".")
        or any(ord(c) < 32 or ord(c) == 127 for c in name)
        or len(name) > MAX_NAME_LENGTH
    ):
        raise ValidationError(_("This file name is not allowed."), code="bad_name")
    return PurePosixPath(name).suffix.lower()


def check_size(size: int, max_bytes: int | None = None) -> None:
    limit = settings.UPLOAD_MAX_BYTES if max_bytes is None else max_bytes
    if size <= 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > limit:
        raise ValidationError(
            _("The file is too large (the limit is %(limit)s).") % {"limit": filesizeformat(limit)},
            code="too_large",
        )


def _read(upload: Any, limit: int) -> bytes:
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(limit + 1)
    if hasattr(upload, "seek"):
        upload.seek(0)
    return data


def hides_zip(data: bytes) -> bool:
    """True when a zip archive is glued to the content (a polyglot file)."""
    if ZIP_MAGIC not in data and b"PK\x05\x06" not in data:
        return False
    return zipfile.is_zipfile(io.BytesIO(data))


def check_ooxml(data: bytes, extension: str) -> None:
    """A real DOCX/XLSX package, not a zip bomb, an encrypted or a foreign zip."""
    if not data.startswith(ZIP_MAGIC):
        raise _bad_content(extension)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            _check_entries(infos, extension)
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > MAX_CONTENT_TYPES_XML:
                raise _bad_content(extension)
            types = archive.read(info).decode("utf-8", "replace")
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        KeyError,
        OSError,
        RuntimeError,
        ValueError,
        NotImplementedError,
    ) as exc:
        raise _bad_content(extension) from exc
    if OOXML_MAIN[extension] not in types:
        raise _bad_content(extension)


def _check_entries(infos: list[zipfile.ZipInfo], extension: str) -> None:
    if len(infos) > MAX_ENTRIES:
        raise _zip_bomb()
    if any(i.flag_bits & 0x1 for i in infos):
        raise ValidationError(_("Password-protected files are not accepted."), code="encrypted")
    for info in infos:
        entry = info.filename
        if entry.startswith(("/", "\\")) or ".." in entry.replace("\\", "/").split("/"):
            raise _bad_content(extension)
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED:
        raise _zip_bomb()
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _zip_bomb()


def _zip_bomb() -> ValidationError:
    return ValidationError(
        _("The file expands to far more data than a document holds: refused."),
        code="zip_bomb",
    )


def check_content(data: bytes, extension: str) -> None:
    """Raise unless ``data`` really is a file of type ``extension``."""
    if extension in OOXML_MAIN:
        check_ooxml(data, extension)
        return
    if extension == CSV:
        if data.startswith((ZIP_MAGIC, OLE2_MAGIC, b"%PDF")) or b"\x00" in data:
            raise _bad_content(extension)
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError(
                _("The CSV file is not in UTF-8: save it as “CSV UTF-8”."), code="not_utf8"
            ) from exc
        return
    if not data.startswith(MAGIC[extension]) or hides_zip(data):
        raise _bad_content(extension)


def check_upload(
    upload: Any,
    *,
    allowed: Iterable[str],
    max_bytes: int | None = None,
    messages: Mapping[str, str] | None = None,
) -> CheckedUpload:
    """Check ``upload`` (an UploadedFile or any object with name, size, read and seek).

    ``messages`` lets a caller say a refusal in its own words, keyed by the error code
    (``bad_name``, ``bad_type``, ``empty``, ``too_large``, ``bad_content``, ``not_utf8``,
    ``encrypted``, ``zip_bomb``): "Upload an Excel file (.xlsx)." says more on an import
    page than the general list of types. The code stays the same.
    """
    try:
        return _check_upload(upload, allowed=allowed, max_bytes=max_bytes)
    except ValidationError as exc:
        if messages and exc.code in messages:
            raise ValidationError(messages[exc.code], code=exc.code) from exc
        raise


def _check_upload(upload: Any, *, allowed: Iterable[str], max_bytes: int | None) -> CheckedUpload:
    allowed = tuple(e.lower() for e in allowed)
    unknown = [e for e in allowed if e not in CONTENT_TYPES]
    if unknown:
        raise ValueError(f"no content check for {unknown}")
    limit = settings.UPLOAD_MAX_BYTES if max_bytes is None else max_bytes
    name = getattr(upload, "name", "") or ""
    extension = check_name(name)
    if extension not in allowed:
        raise _not_allowed(allowed)
    size = getattr(upload, "size", None)
    if size is not None:
        check_size(size, limit)
    data = _read(upload, limit)
    check_size(len(data), limit)
    check_content(data, extension)
    return CheckedUpload(
        data=data, extension=extension, content_type=CONTENT_TYPES[extension], label=name
    )
