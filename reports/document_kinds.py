"""The results report (BÁO CÁO kết quả) printed from a dashboard, in the Decree 30 layout.

Province staff write it every month from the communes' reports (seed 001 III.3: "Báo
cáo kết quả… về Cơ quan Thường trực Ban Chỉ đạo… tỉnh (qua Công an tỉnh)"). The portal
drafts it from the figures the dashboard shows: who reported and on time, each
indicator against its target, the units leading the ranking, and the units still owing
a report; the assessment and proposals are left for the staff to write in the Word
file before it is signed and numbered. A state document: the text is Vietnamese
whatever the user's language.
"""

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, IndicatorKind
from campaigns.selectors import campaign_qs_for
from documents.blocks import (
    Block,
    Bullet,
    Document,
    Header,
    Heading,
    Paragraph,
    Run,
    Signature,
    Table,
    end_with_mark,
    short_date,
)
from documents.registry import DocumentKind, register

from .selectors import Cell

MISSING_NAMED = 15  # units named as still owing a report; the rest are counted
MISSING_READ = 60  # expected reports read to name them (a unit often owes several)
DOTS = "…" * 32  # one line to write on, at 14 pt across the text width


def _num(value: Decimal | int) -> str:
    """14,5 and 1.106 as Vietnamese documents write numbers."""
    if isinstance(value, Decimal):
        return f"{value:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"{value:,}".replace(",", ".")


def result_text(cell: Cell) -> str:
    """An indicator's result as the dashboard shows it, in words for the document."""
    ind = cell.indicator
    if not cell.values:
        return "Chưa có số liệu"
    if ind.kind == IndicatorKind.RATIO:
        if cell.ratio is None:
            return "—"
        return f"{_num(cell.ratio)}% ({_num(cell.numerator)}/{_num(cell.denominator)})"
    if ind.kind == IndicatorKind.COUNT:
        return f"{_num(cell.count)} {ind.unit_label}".strip()
    return f"{cell.yes}/{cell.values} báo cáo trả lời có"


def verdict_text(cell: Cell) -> str:
    met = cell.met_target
    return "Chưa có số liệu" if met is None else ("Đạt" if met else "Chưa đạt")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _issuer_phrase(campaign: Campaign) -> str:
    """ "Kế hoạch số 591/KH-UBND ngày 16/9/2024 của Ủy ban nhân dân tỉnh Đắk Nông"."""
    day = f" ngày {short_date(campaign.issued_on)}" if campaign.issued_on else ""
    return f"Kế hoạch số {campaign.reference}{day} của {campaign.issuer.name}"


class ResultsReportKind(DocumentKind):
    name = "results-report"
    label = _("Results report (BÁO CÁO)")
    model = Campaign
    template = "documents/base_document.html"

    def queryset_for(self, user: Any) -> QuerySet[Campaign]:
        return self.prepare(campaign_qs_for(user))

    def prepare(self, qs: QuerySet) -> QuerySet:
        return qs.select_related("issuer")

    def build(self, obj: Campaign, **options: Any) -> Document:
        """``options``: ``organisation`` (who reports; the header), ``root`` (the area),
        ``range_label`` ("Tháng 5/2025", "Toàn bộ phong trào"), ``year``, and the
        dashboard's figures: ``by_level``, ``rollup_rows``, ``ranking``, ``missing``
        (the first expected reports still owed) and ``missing_total``."""
        campaign = obj
        org = options["organisation"] or campaign.issuer
        root = options["root"]
        period = options["range_label"]
        organ = org.header_name or org.name
        place = getattr(root.province, "name", "") or campaign.place
        blocks: list[Block] = [
            Paragraph(
                [
                    Run(
                        f"Thực hiện {_issuer_phrase(campaign)} về "
                        f"{_lower_first(campaign.title)}, {org.name} báo cáo kết quả thực "
                        f"hiện ({_lower_first(period)}) trên địa bàn {root.name_in_text} "
                        "như sau:"
                    )
                ]
            ),
            Heading([Run("I. TÌNH HÌNH BÁO CÁO CỦA CÁC ĐƠN VỊ", bold=True)]),
        ]
        for row in options["by_level"]:
            text = (
                f"{row.label}: phải nộp {_num(row.expected)} báo cáo, đã nhận "
                f"{_num(row.received)} ({_num(row.completeness or Decimal(0))}%), đúng hạn "
                f"{_num(row.on_time)} ({_num(row.timeliness or Decimal(0))}%)"
            )
            text += f"; còn thiếu {_num(row.missing)}." if row.missing else "."
            blocks.append(Bullet([Run(text)]))
        missing = options["missing"]
        if missing:
            # One name per unit with the periods it owes: "Xã Đắk R'Moan (Tháng 11/2024,
            # Tháng 12/2024)"; past MISSING_NAMED units, the rest are counted.
            owed: dict[str, list[str]] = {}
            for e in missing:
                owed.setdefault(e.reporter_name, []).append(e.label)
            named = list(owed.items())[:MISSING_NAMED]
            shown = sum(len(periods) for _name, periods in named)
            names = "; ".join(f"{name} ({', '.join(periods)})" for name, periods in named)
            more = options["missing_total"] - shown
            tail = f" và {_num(more)} báo cáo khác" if more > 0 else ""
            blocks.append(Bullet([Run("Chưa gửi báo cáo: ", italic=True), Run(f"{names}{tail}.")]))
        elif options["by_level"]:
            blocks.append(Bullet([Run("Các đơn vị đã gửi đủ báo cáo.")]))
        else:
            blocks.append(Paragraph([Run("Chưa có báo cáo nào đến hạn trong kỳ.")]))

        blocks.append(Heading([Run("II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", bold=True)]))
        rows = options["rollup_rows"]
        if rows:
            blocks.append(Paragraph([Run("Tổng hợp từ các báo cáo đã được duyệt:", italic=True)]))
            blocks.append(
                Table(
                    header=["STT", "Chỉ tiêu", "Chỉ tiêu đề ra", "Kết quả", "Đánh giá"],
                    rows=[
                        [
                            str(i),
                            f"{r['indicator'].code}. {r['indicator'].name}",
                            r["indicator"].target_display,
                            result_text(r["total"]),
                            verdict_text(r["total"]),
                        ]
                        for i, r in enumerate(rows, start=1)
                    ],
                    widths=[7, 45, 15, 19, 14],
                    align=["center", "left", "center", "center", "center"],
                )
            )
            met = sum(1 for r in rows if r["total"].met_target)
            judged = sum(1 for r in rows if r["total"].met_target is not None)
            if judged:
                blocks.append(
                    Paragraph([Run(f"Đạt {_num(met)}/{_num(judged)} chỉ tiêu có số liệu.")])
                )
        else:
            blocks.append(Paragraph([Run("Không có chỉ tiêu nào được báo cáo trong kỳ.")]))

        ranking = options["ranking"]
        if ranking:
            blocks.append(Heading([Run("III. CÁC ĐƠN VỊ DẪN ĐẦU", bold=True)]))
            blocks.append(
                Paragraph([Run("Theo tỷ lệ lượt đạt chỉ tiêu, sau đó theo tỷ lệ đúng hạn:")])
            )
            for r in ranking[:5]:
                blocks.append(
                    Paragraph(
                        [
                            Run(f"{r.rank}. {r.name}: "),
                            Run(
                                f"{_num(r.share_met or Decimal(0))}% lượt đạt chỉ tiêu "
                                f"({_num(r.met)}/{_num(r.judged)})."
                            ),
                        ]
                    )
                )
        heading = "IV" if ranking else "III"
        blocks += [
            Heading([Run(f"{heading}. NHẬN XÉT, ĐÁNH GIÁ VÀ ĐỀ XUẤT", bold=True)]),
            # Written by the staff in the Word file before the report is signed: a line
            # to write on under each point (left-aligned, so nothing is stretched).
            *(
                block
                for point in (
                    "1. Ưu điểm:",
                    "2. Tồn tại, hạn chế và nguyên nhân:",
                    "3. Đề xuất, kiến nghị:",
                )
                for block in (
                    Paragraph([Run(point)], align="left"),
                    Paragraph([Run(DOTS)], align="left", indent=False),
                )
            ),
            Paragraph(
                [
                    Run(
                        f"Trên đây là báo cáo kết quả thực hiện {_issuer_phrase(campaign)} "
                        f"({_lower_first(period)}) của {org.name}."
                    )
                ]
            ),
        ]
        end_with_mark(blocks)
        blocks += [
            Signature(
                authority=["THỦ TRƯỞNG ĐƠN VỊ"],
                name="",
                recipients=[campaign.issuer.name],
                archive="VT",
            ),
        ]
        return Document(
            kind=self.name,
            type_name="BÁO CÁO",
            header=Header(
                organ=organ,
                parent_organ=org.parent.header_title if org.parent_id else "",
                symbol=f"BC-{org.doc_code}".rstrip("-"),
                place=place,
                year=options["year"],
            ),
            summary=f"Kết quả thực hiện {_issuer_phrase(campaign)}",
            summary_lines=[f"({period})", "(Bản dự thảo do Cổng Thi đua - Khen thưởng lập)"],
            blocks=blocks,
            filename=f"bao-cao-ket-qua-{campaign.pk}-{root.pk}",
        )


register(ResultsReportKind)
