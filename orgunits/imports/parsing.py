"""Reading the upload: :func:`check_file` checks the bytes with core.uploads (size, real
content behind the extension, zip bombs; an old .xls is named as such) and
:func:`read_rows` parses an .xlsx or CSV file (comma or semicolon) into rows: the header,
the cells as text, dd/mm/yyyy or ISO dates and the level under any accepted spelling.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import translation
from django.utils.translation import gettext as _

from core.text import fold
from core.uploads import CheckedUpload, check_upload

from ..models import AdminLevel
from .rows import COLUMNS, FORMULA_CHARS, REQUIRED_COLUMNS, ImportRow

MAX_ROWS = 20_000
_DATE_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")

# Extra spellings accepted in the level column, besides the codes and the labels.
LEVEL_ALIASES = {
    AdminLevel.NATION: ("quoc gia", "trung uong", "cap trung uong"),
    AdminLevel.PROVINCE: ("tinh", "cap tinh", "thanh pho truc thuoc trung uong"),
    AdminLevel.DISTRICT: ("huyen", "cap huyen", "quan", "thi xa"),
    AdminLevel.COMMUNE: ("xa", "cap xa", "phuong", "thi tran", "dac khu"),
    AdminLevel.VILLAGE: ("thon", "to dan pho", "cap thon", "khu pho", "ap", "ban"),
}


def upload_limit_mb() -> str:
    return f"{settings.UPLOAD_MAX_BYTES / (1024 * 1024):g}"


# What a unit list may be; core.uploads checks the name, size and real content.
UPLOAD_TYPES = (".xlsx", ".csv")


def _bad_workbook() -> ValidationError:
    return ValidationError(
        _("The file is not a valid Excel workbook (.xlsx)."), code="invalid_xlsx"
    )


def check_file(upload: Any) -> CheckedUpload:
    """The checked upload (an UploadedFile, or stored bytes as a ContentFile) or a refusal.

    An old .xls is named as such: "save it as .xlsx" helps more than "not accepted"; a
    content refusal says which kind of file was expected.
    """
    suffix = PurePosixPath((getattr(upload, "name", "") or "").replace("\\", "/")).suffix.lower()
    if suffix == ".xls":
        raise ValidationError(
            _("Old Excel files (.xls) are not supported: save the file as .xlsx."),
            code="xls",
        )
    not_csv = _("The file is not a text CSV file: save it as “CSV UTF-8”.")
    return check_upload(
        upload,
        allowed=UPLOAD_TYPES,
        messages={
            "bad_type": _("Upload an Excel workbook (.xlsx) or a CSV file (.csv)."),
            "bad_content": _bad_workbook().message if suffix == ".xlsx" else not_csv,
        },
    )


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    # Export protects text that a spreadsheet would run as a formula with a quote.
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_CHARS:
        text = text[1:]
    return text


def _xlsx_rows(data: bytes) -> Iterator[list[Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise _bad_workbook() from exc
    try:
        sheet = workbook.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield list(values)
    except ValidationError:
        raise
    except Exception as exc:
        raise _bad_workbook() from exc
    finally:
        workbook.close()


def _csv_rows(data: bytes) -> Iterator[list[Any]]:
    text = data.decode("utf-8-sig")
    first = text.split("\n", 1)[0]
    # Excel set to Vietnamese (comma as decimal mark) saves CSV with semicolons.
    delimiter = ";" if first.count(";") > first.count(",") else ","
    yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _header_key(value: Any) -> str:
    return fold(_cell_text(value)).replace(" ", "_")


def read_rows(data: bytes, filename: str) -> list[ImportRow]:
    """Parse the file into rows (values as text; dates and levels parsed)."""
    checked = check_file(ContentFile(data, name=filename))
    raw_rows = _xlsx_rows(data) if checked.extension == ".xlsx" else _csv_rows(data)
    header: dict[str, int] | None = None
    levels = _level_lookup()
    rows: list[ImportRow] = []
    for line, values in enumerate(raw_rows, start=1):
        cells = [_cell_text(v) for v in values]
        if not any(cells):
            continue
        if header is None:
            header = _parse_header(values)
            continue
        if len(rows) >= MAX_ROWS:
            raise ValidationError(
                _("The file has more than %(max)s rows: split it into several files.")
                % {"max": MAX_ROWS},
                code="too_many_rows",
            )
        rows.append(_parse_row(line, values, header, levels))
    if header is None:
        raise ValidationError(
            _("The file has no header row. The first row must name the columns: %(columns)s.")
            % {"columns": ", ".join(COLUMNS)},
            code="no_header",
        )
    if not rows:
        raise ValidationError(_("The file has no unit rows under the header."), code="no_rows")
    return rows


def _parse_header(values: list[Any]) -> dict[str, int]:
    header: dict[str, int] = {}
    for index, value in enumerate(values):
        key = _header_key(value)
        if key in COLUMNS:
            if key in header:
                raise ValidationError(
                    _("The column %(column)s appears twice in the header.") % {"column": key},
                    code="duplicate_column",
                )
            header[key] = index
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise ValidationError(
            _("Missing columns: %(missing)s. The first row must name the columns: %(columns)s.")
            % {"missing": ", ".join(missing), "columns": ", ".join(COLUMNS)},
            code="missing_columns",
        )
    return header


def _level_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for level in AdminLevel:
        lookup[level.value] = level.value
        for lang in ("vi", "en"):
            with translation.override(lang):
                lookup[fold(str(level.label))] = level.value
        for alias in LEVEL_ALIASES[level]:
            lookup[alias] = level.value
    return lookup


def _parse_date(row: ImportRow, column: str, value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _cell_text(value)
    if not text:
        return None
    match = _DATE_DMY.match(text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return date(year, month, day)
        match = _DATE_ISO.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            return date(year, month, day)
    except ValueError:
        pass
    row.error(
        column,
        _("“%(value)s” is not a date: write it as dd/mm/yyyy, e.g. 01/07/2025.") % {"value": text},
    )
    return None


def _parse_row(
    line: int, values: list[Any], header: dict[str, int], levels: dict[str, str]
) -> ImportRow:
    def get(column: str) -> Any:
        index = header.get(column)
        return values[index] if index is not None and index < len(values) else None

    row = ImportRow(line=line)
    row.code = _cell_text(get("code"))
    row.name = _cell_text(get("name"))
    row.type_name = _cell_text(get("type_name"))
    row.level_raw = _cell_text(get("level"))
    row.level = levels.get(fold(row.level_raw), "")
    row.parent_code = _cell_text(get("parent_code"))
    row.valid_from_raw = _cell_text(get("valid_from"))
    row.valid_to_raw = _cell_text(get("valid_to"))
    row.valid_from = _parse_date(row, "valid_from", get("valid_from"))
    row.valid_to = _parse_date(row, "valid_to", get("valid_to"))
    return row
