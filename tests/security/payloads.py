"""Hostile and honest files, built in memory."""

import io
import zipfile

from openpyxl import Workbook

PDF = b"%PDF-1.4\n% thidua\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17
JPG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20

DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
XLSX_TYPES = DOCX_TYPES.replace("/word/document.xml", "/xl/workbook.xml").replace(
    "wordprocessingml.document.main", "spreadsheetml.sheet.main"
)


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx() -> bytes:
    return _zip(
        {
            "[Content_Types].xml": DOCX_TYPES.encode(),
            "word/document.xml": b"<w:document/>",
        }
    )


def xlsx(rows: list[list[object]] | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows or [["Họ và tên", "Chức vụ", "Cơ quan, đơn vị", "Điện thoại"]]:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_bomb(kind: str = "docx", expanded: int = 40 * 1024 * 1024) -> bytes:
    """A package with the right parts whose main part expands ~1000 times (40 MB of zeros)."""
    types, part = (
        (DOCX_TYPES, "word/document.xml") if kind == "docx" else (XLSX_TYPES, "xl/workbook.xml")
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", types.encode())
        with archive.open(part, "w", force_zip64=True) as handle:
            chunk = b"\x00" * (1024 * 1024)
            for _ in range(expanded // len(chunk)):
                handle.write(chunk)
    return buffer.getvalue()


def polyglot(kind: str = "docx") -> bytes:
    """A PDF header glued to a zip: readers of either format accept it."""
    return PDF + (docx() if kind == "docx" else xlsx())


def over_limit(limit: int, head: bytes = PDF) -> bytes:
    return head + b"0" * (limit + 1 - len(head))


TRAVERSAL = "../../etc/passwd"
