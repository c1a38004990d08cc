"""Excel export of a campaign's indicators and assignments (openpyxl)."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from .models import Campaign

BOLD = Font(bold=True)


def campaign_export_xlsx(campaign: Campaign) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Chỉ tiêu"
    ws.append([f"{campaign.reference} – {campaign.title}"])
    ws["A1"].font = BOLD
    ws.append([])
    header = [
        "Mã",
        "Chỉ tiêu",
        "Nội dung",
        "Loại",
        "So sánh",
        "Giá trị",
        "Đơn vị tính",
        "Tử số",
        "Mẫu số",
        "Áp dụng cho",
        "Tần suất báo cáo",
        "Cách tổng hợp",
    ]
    ws.append(header)
    for cell in ws[3]:
        cell.font = BOLD
    # Content numbers from the (prefetched) content items: no query per indicator.
    item_numbers = {item.pk: item.number for item in campaign.contents.all()}
    for ind in campaign.indicators.all():
        ws.append(
            [
                ind.code,
                ind.name,
                item_numbers.get(ind.content_item_id, ""),
                ind.get_kind_display(),
                ind.get_comparator_display(),
                float(ind.target_value),
                "%" if ind.kind == "ratio" else ind.unit_label,
                ind.numerator_label,
                ind.denominator_label,
                ind.applies_to_display,
                ind.get_frequency_display(),
                ind.get_aggregation_display(),
            ]
        )
    ws2 = wb.create_sheet("Phân công")
    ws2.append(["Số", "Đơn vị chủ trì", "Đơn vị phối hợp", "Nhiệm vụ", "Thời hạn", "Sản phẩm"])
    for cell in ws2[1]:
        cell.font = BOLD
    for a in campaign.assignments.all():
        ws2.append(
            [
                a.number,
                a.lead.name if a.lead_id else a.lead_text,
                "; ".join(o.name for o in a.cooperating.all()),
                f"{a.title} {a.text}".strip(),
                a.deadline.strftime("%d/%m/%Y") if a.deadline else "",
                a.deliverable,
            ]
        )
    for sheet, widths in (
        (ws, [8, 50, 8, 12, 8, 8, 12, 30, 30, 20, 14, 30]),
        (ws2, [6, 35, 35, 80, 12, 30]),
    ):
        for i, width in enumerate(widths):
            sheet.column_dimensions[chr(ord("A") + i)].width = width
        for row in sheet.iter_rows():
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
