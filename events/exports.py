"""Excel export of a roll-out's coverage per district and commune (openpyxl)."""

from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from .models import RolloutPlan

BOLD = Font(bold=True)


def _yes(flag: bool) -> str:
    return "x" if flag else ""


def coverage_xlsx(rollout: RolloutPlan, districts: list[Any], others: list[Any]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Bao phủ"
    ws.append([rollout.title])
    ws["A1"].font = BOLD
    ws.append(
        [
            f"Đăng ký trước {rollout.registration_deadline:%d/%m/%Y}; "
            f"báo cáo kết quả trước {rollout.report_deadline:%d/%m/%Y}"
        ]
    )
    ws.append([])
    header = [
        "Huyện, thị xã, thành phố",
        "Xã, phường, thị trấn",
        "Loại điểm",
        "Ngày tổ chức",
        "Địa điểm",
        "Đã đăng ký",
        "Đã tổ chức",
        "Đã báo cáo",
        "Chậm",
    ]
    ws.append(header)
    for cell in ws[ws.max_row]:
        cell.font = BOLD
    for d in districts:
        name = d.district.full_name if d.district else ""
        for r in d.rows:
            reg = r.registration
            ws.append(
                [
                    name,
                    r.unit.full_name,
                    reg.get_category_display() if reg else "",
                    reg.planned_date.strftime("%d/%m/%Y") if reg and reg.planned_date else "",
                    reg.venue if reg else "",
                    _yes(r.registered),
                    _yes(r.held),
                    _yes(r.reported),
                    _yes(r.late),
                ]
            )
        ws.append(
            [
                f"Cộng {name}",
                f"{d.total} đơn vị",
                "",
                "",
                "",
                d.registered,
                d.held,
                d.reported,
                d.late,
            ]
        )
        for cell in ws[ws.max_row]:
            cell.font = BOLD
    if others:
        ws2 = wb.create_sheet("Điểm khác")
        ws2.append(
            [
                "Đơn vị",
                "Loại điểm",
                "Ngày tổ chức",
                "Đã đăng ký",
                "Đã tổ chức",
                "Đã báo cáo",
                "Chậm",
            ]
        )
        for cell in ws2[1]:
            cell.font = BOLD
        for r in others:
            reg = r.registration
            ws2.append(
                [
                    reg.host.name,
                    reg.get_category_display(),
                    reg.planned_date.strftime("%d/%m/%Y") if reg.planned_date else "",
                    _yes(r.registered),
                    _yes(r.held),
                    _yes(r.reported),
                    _yes(r.late),
                ]
            )
    for i, width in enumerate([28, 30, 22, 14, 30, 12, 12, 12, 8]):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    for row in ws.iter_rows(min_row=4):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
