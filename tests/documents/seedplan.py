"""Test data: seed 001 (591/KH-UBND) as a structured campaign, built from the seed text.

The campaigns app's demo loader makes the real one; this copy lets the documents tests
run on the test tree without depending on it.
"""

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

from campaigns.models import (
    Assignment,
    BasisReference,
    Campaign,
    CampaignKind,
    CampaignStatus,
    ContentItem,
    Indicator,
    Phase,
    PlanSection,
    Recipient,
    SectionKind,
)
from orgunits.models import Organisation

SEEDS = Path("/work/shared/seeds")


def seed_text(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _after(lines: list[str], start: str) -> str:
    return next(line for line in lines if line.startswith(start))


def make_seed_001(issuer: Organisation, *, status: str = CampaignStatus.ISSUED) -> Campaign:
    lines = _lines(seed_text("001"))
    c = Campaign.objects.create(
        issuer=issuer,
        number=591,
        number_year=2024,
        symbol="KH-UBND",
        issued_on=date(2024, 9, 16),
        place="Đăk Nông",
        title=lines[3],
        theme="Lực lượng mới, khí thế mới, thi đua bảo vệ an ninh, trật tự ở cơ sở "
        "trong tình hình mới",
        closing=_after(lines, "Trên đây là kế hoạch"),
        archive_note="VT, NC (Ln)",
        signer_authority="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        signer_name="Lê Văn Chiến",
        kind=CampaignKind.THEMATIC,
        start_date=date(2024, 8, 19),
        end_date=date(2025, 8, 19),
        status=status,
    )
    BasisReference.objects.create(campaign=c, order=1, text=_after(lines, "Thực hiện Kế hoạch số"))
    order = iter(range(1, 1000))

    def section(parent, number, title="", body="", kind=SectionKind.TEXT, inline=False):  # type: ignore[no-untyped-def]
        return PlanSection.objects.create(
            campaign=c,
            parent=parent,
            order=next(order),
            number=number,
            title=title,
            body=body,
            kind=kind,
            inline_title=inline,
        )

    one = section(None, "I.", "MỤC ĐÍCH, YÊU CẦU")
    i_start = lines.index("I. MỤC ĐÍCH, YÊU CẦU")
    for n in range(1, 5):
        text = lines[i_start + n]
        section(one, f"{n}.", body=text.split(" ", 1)[1])
    two = section(None, "II.", "NỘI DUNG TRỌNG TÂM")
    section(
        two, "1.", "Đối tượng:", "Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở.", inline=True
    )
    timing = _after(lines, "2. **Thời gian:**").split("**", 2)[2].strip()
    section(two, "2.", "Thời gian:", timing, SectionKind.PHASES, inline=True)
    for i, (start, end) in enumerate(
        [((2024, 8, 19), (2025, 2, 3)), ((2025, 2, 4), (2025, 8, 19))], start=1
    ):
        line = _after(lines, f"- Đợt {i}:")
        dedication = re.search(r"“\*(.+)\*”", line).group(1)  # type: ignore[union-attr]
        Phase.objects.create(
            campaign=c,
            order=i,
            name=f"Đợt {i}",
            start_date=date(*start),
            end_date=date(*end),
            dedication=dedication,
        )
    section(two, "3.", "Chủ đề của phong trào thi đua", kind=SectionKind.THEME)
    section(two, "4.", "Nội dung của đợt thi đua", kind=SectionKind.CONTENTS)
    for n in range(1, 8):
        line = _after(lines, f"4.{n}. ")
        title, text = line.split(" ", 1)[1].split(": ", 1)
        item = ContentItem.objects.create(
            campaign=c, order=n, number=f"4.{n}.", title=title, text=text
        )
        if n == 1:
            Indicator.objects.create(
                campaign=c,
                content_item=item,
                code="NT1",
                name="Tỷ lệ nguồn tin do Nhân dân cung cấp qua lực lượng cơ sở",
                kind="ratio",
                comparator="gte",
                target_value=Decimal(80),
                frequency="monthly",
                aggregation="sum_ratio",
            )
    section(None, "III.", "TỔ CHỨC THỰC HIỆN", kind=SectionKind.ASSIGNMENTS)
    iii = lines.index("III. TỔ CHỨC THỰC HIỆN")
    first = lines[iii + 1] + " " + lines[iii + 2]
    texts = [
        first.split(" ", 1)[1] + "\n" + lines[iii + 3],
        lines[iii + 4].split(" ", 1)[1],
        lines[iii + 5].split(" ", 1)[1],
    ]
    for n, text in enumerate(texts, start=1):
        Assignment.objects.create(campaign=c, order=n, number=f"{n}.", text=text)
    rec_start = lines.index("Nơi nhận:")
    for n, line in enumerate(lines[rec_start + 1 :], start=1):
        if line.startswith("- Lưu"):
            break
        Recipient.objects.create(campaign=c, order=n, text=line[2:].rstrip(";"))
    return c
