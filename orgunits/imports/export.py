"""Export and template: the units as rows in :data:`COLUMNS` order, parents before
children (so an exported file imports back unchanged), protected against formula
injection, written as CSV (with a BOM for Excel) or .xlsx, and the help on each column
shown on the import page and in the template's second sheet.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from ..models import AdminLevel, AdminUnit
from .planning import _parent_codes
from .rows import COLUMNS, FORMULA_CHARS


def _protect(text: str) -> str:
    """Keep spreadsheets from running a cell as a formula (CSV/formula injection)."""
    return f"'{text}" if text.startswith(FORMULA_CHARS) else text


def unit_export_rows(units: Iterable[AdminUnit]) -> list[list[Any]]:
    """Rows in :data:`COLUMNS` order, parents before children (ordered by path)."""
    items = sorted(units, key=lambda u: u.path)
    parent_of = _parent_codes(items)
    return [
        [
            _protect(u.code),
            _protect(u.name),
            _protect(u.type_name),
            u.level,
            _protect(parent_of.get(u.code, "")),
            u.valid_from,
            u.valid_to,
        ]
        for u in items
    ]


def rows_to_csv(rows: Iterable[list[Any]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([v.strftime("%d/%m/%Y") if isinstance(v, date) else v for v in row])
    # The BOM makes Excel open the file as UTF-8, so the diacritics survive.
    return buffer.getvalue().encode("utf-8-sig")


def rows_to_xlsx(rows: Iterable[list[Any]], *, with_help: bool = False) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("units")
    for letter, width in zip("ABCDEFG", (14, 30, 14, 12, 14, 13, 13), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    header = []
    for name in COLUMNS:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in rows:
        cells: list[Any] = []
        for value in row:
            if isinstance(value, date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "DD/MM/YYYY"
                cells.append(cell)
            else:
                cell = WriteOnlyCell(sheet, value=value if value is not None else None)
                if isinstance(value, str):
                    cell.data_type = "s"
                cells.append(cell)
        sheet.append(cells)
    if with_help:
        help_sheet = workbook.create_sheet(_("Instructions"))
        help_sheet.column_dimensions["A"].width = 14
        help_sheet.column_dimensions["B"].width = 90
        for name, text in column_help():
            help_sheet.append([name, str(text)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def column_help() -> list[tuple[str, str]]:
    """What each column means, for the import page and the template's second sheet."""
    levels = ", ".join(f"{level.value} ({level.label})" for level in AdminLevel)
    return [
        ("code", _("Official code of the unit, unique (required). An existing code updates it.")),
        ("name", _("Name without the type, e.g. Nghĩa Đức (required).")),
        ("type_name", _("Local type name: tỉnh, huyện, thành phố, xã, phường, thôn, tổ dân phố…")),
        ("level", _("Level, one of: %(levels)s.") % {"levels": levels}),
        (
            "parent_code",
            _("Code of the parent unit, already in the portal or on an earlier line (required)."),
        ),
        ("valid_from", _("Date the unit came into being, dd/mm/yyyy (blank: not known).")),
        ("valid_to", _("Last day of the unit, dd/mm/yyyy (blank: still exists).")),
    ]
