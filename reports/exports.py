"""Excel export of any dashboard table (openpyxl)."""

from collections.abc import Iterable, Sequence
from io import BytesIO
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_bytes(title: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.append([title])
    ws["A1"].font = Font(bold=True)
    ws.append([])
    ws.append([str(h) for h in header])
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([_cell(v) for v in row])
    for i, _h in enumerate(header):
        ws.column_dimensions[chr(ord("A") + i)].width = 40 if i == 0 else 16
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (int, float, str)):
        return value
    try:
        return float(value)
    except (TypeError, ValueError):
        return str(value)


def xlsx_response(
    filename: str, title: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(title, header, rows), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
