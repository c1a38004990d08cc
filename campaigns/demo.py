"""Demo campaigns: the four seed plans (KẾ HOẠCH) entered as structured data.

The text of each plan lives in ``demo_seeds/seedNNN.txt``, an outline in document
order (see :func:`parse_outline`); the numbers that are data (dates, statuses,
indicators and their targets, distribution targets) are below. Walking the loaded
campaign in outline order (basis, preamble, sections with their structured rows,
closing, recipients, signer) prints the seed again.

Idempotent: every row is upserted on a stable key and stale rows are removed, so a
second run saves nothing and adds no history rows.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db.models import Model

from core.demo import set_m2m, upsert
from orgunits.models import AdminLevel, DocumentSeries, Organisation

from .models import (
    Aggregation,
    AppliesTo,
    Assignment,
    BasisReference,
    Campaign,
    CampaignKind,
    CampaignStatus,
    Classification,
    Comparator,
    ContentItem,
    DistributionTarget,
    Frequency,
    Indicator,
    IndicatorKind,
    Phase,
    PlanSection,
    Recipient,
    SectionKind,
    SubjectCategory,
    SubjectKind,
)

SEED_DIR = Path(__file__).resolve().parent / "demo_seeds"


# --- The outline format -------------------------------------------------------------


@dataclass
class Outline:
    basis: list[str] = field(default_factory=list)
    preamble: str = ""
    sections: list[dict[str, Any]] = field(default_factory=list)
    phases: list[dict[str, Any]] = field(default_factory=list)
    theme: str = ""
    items: list[dict[str, Any]] = field(default_factory=list)
    assignments: list[dict[str, Any]] = field(default_factory=list)
    closing: str = ""
    recipients: list[tuple[str, str]] = field(default_factory=list)
    subjects: list[dict[str, Any]] = field(default_factory=list)


def parse_outline(text: str) -> Outline:
    """Read an outline file.

    A line starting with ``@`` opens a block; the lines up to the next one are its
    text (one paragraph or ``- ``/``+ `` bullet per line). Blocks:

    - ``@basis``, ``@preamble``, ``@theme``, ``@closing``;
    - ``@+ I. | TITLE | flags``: a plan section, one ``+`` per outline level; flags are
      ``inline`` and a structured kind (``phases``, ``contents``, ``assignments``,
      ``theme``, ``awards``);
    - ``@phase name | start | end`` (text: the dedication), ``@item 4.1. | title``,
      ``@assign number | title | lead=CODE | coop=CODE,CODE | lead_text=… |
      deadline=YYYY-MM-DD | deliverable=…``;
    - ``@recipients``: one recipient per line, an organisation code in ``{…}`` at the end;
    - ``@subject collective|individual | code | name`` (text: the award criteria).
    """
    out = Outline()
    blocks: list[tuple[str, list[str], list[str]]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("@"):
            head, _sep, rest = line[1:].partition(" ")
            blocks.append((head, [p.strip() for p in rest.split("|")] if rest else [], []))
        elif line and blocks:
            blocks[-1][2].append(line)
    parents: list[dict[str, Any]] = []
    for head, args, lines in blocks:
        body = "\n".join(lines)
        if head == "basis":
            out.basis.append(body)
        elif head in ("preamble", "theme", "closing"):
            setattr(out, head, body)
        elif head and set(head) == {"+"}:
            depth = len(head) - 1
            number = args[0] if args else ""
            title = args[1] if len(args) > 1 else ""
            flags = args[2].split() if len(args) > 2 else []
            kinds = [f for f in flags if f != "inline"]
            section = {
                "number": number,
                "title": title,
                "inline_title": "inline" in flags,
                "kind": kinds[0] if kinds else SectionKind.TEXT,
                "body": body,
                "parent": parents[depth - 1] if depth else None,
            }
            del parents[depth:]
            parents.append(section)
            out.sections.append(section)
        elif head == "phase":
            name, start, end = args
            out.phases.append(
                {
                    "name": name,
                    "start_date": date.fromisoformat(start),
                    "end_date": date.fromisoformat(end),
                    "dedication": body,
                }
            )
        elif head == "item":
            out.items.append(
                {"number": args[0], "title": args[1] if len(args) > 1 else "", "text": body}
            )
        elif head == "assign":
            row: dict[str, Any] = {"number": args[0] if args else "", "title": "", "text": body}
            for arg in args[1:]:
                key, sep, value = arg.partition("=")
                if sep:
                    row[key] = value
                else:
                    row["title"] = arg
            out.assignments.append(row)
        elif head == "recipients":
            for line in lines:
                text, _brace, code = line.partition(" {")
                out.recipients.append((text, code.rstrip("}")))
        elif head == "subject":
            kind, code, name = args
            out.subjects.append({"kind": kind, "code": code, "name": name, "description": body})
        else:
            raise ValueError(f"Unknown outline block @{head}")
    return out


def read_outline(key: str) -> Outline:
    return parse_outline((SEED_DIR / f"{key}.txt").read_text(encoding="utf-8"))


# --- Data that is numbers, not text ----------------------------------------------------

R, C = IndicatorKind.RATIO, IndicatorKind.COUNT
GTE, GT, EQ = Comparator.GTE, Comparator.GT, Comparator.EQ
COMMUNE, VILLAGE, AGENCY = AppliesTo.COMMUNE, AppliesTo.VILLAGE, AppliesTo.AGENCY


@dataclass(frozen=True)
class Target:
    code: str
    item: str | None  # number of the content item the target is written in
    name: str
    kind: str
    comparator: str
    value: int
    applies_to: tuple[str, ...]
    frequency: str
    aggregation: str
    unit_label: str = ""
    numerator: str = ""
    denominator: str = ""


PH, MO, YR = Frequency.PHASE, Frequency.MONTHLY, Frequency.YEARLY
SUM_RATIO, SHARE, ALL = Aggregation.SUM_RATIO, Aggregation.SHARE_MEETING, Aggregation.ALL

# Seed 001, section II.4: one indicator per target written in the content items. The
# communes report monthly (DOMAIN.md: "each team ≥ 1 good deed a month"; the province
# follows the force month by month); the model recognised by the district police (4.2)
# is counted once per phase, as the plan means it.
TARGETS_001 = [
    Target(
        "4.1a",
        "4.1.",
        "Nguồn tin do Nhân dân cung cấp cho Công an cấp xã thông qua lực lượng tham gia "
        "bảo vệ an ninh, trật tự ở cơ sở",
        R,
        GTE,
        80,
        (COMMUNE,),
        MO,
        SUM_RATIO,
        numerator="Nguồn tin do Nhân dân cung cấp qua lực lượng tham gia bảo vệ ANTT ở cơ sở",
        denominator="Tổng số nguồn tin do Nhân dân cung cấp cho Công an cấp xã",
    ),
    Target(
        "4.1b",
        "4.1.",
        "Vụ việc về an ninh, trật tự có lực lượng tham gia bảo vệ ANTT ở cơ sở có mặt kịp thời "
        "để hỗ trợ giải quyết",
        R,
        EQ,
        100,
        (COMMUNE,),
        MO,
        SUM_RATIO,
        numerator="Vụ việc lực lượng có mặt kịp thời",
        denominator="Tổng số vụ việc về an ninh, trật tự",
    ),
    Target(
        "4.2",
        "4.2.",
        "Mô hình phát huy hiệu quả trong phong trào toàn dân bảo vệ ANTQ được Công an cấp huyện "
        "trao tặng biểu dương, ghi nhận",
        C,
        GTE,
        1,
        (COMMUNE,),
        PH,
        SHARE,
        unit_label="mô hình",
    ),
    Target(
        "4.3",
        "4.3.",
        "Vụ việc được huy động có lực lượng có mặt kịp thời tham gia phòng cháy, chữa cháy, "
        "cứu nạn, cứu hộ",
        R,
        EQ,
        100,
        (COMMUNE,),
        MO,
        SUM_RATIO,
        numerator="Vụ việc lực lượng có mặt kịp thời",
        denominator="Tổng số vụ việc được huy động",
    ),
    Target(
        "4.4a",
        "4.4.",
        "Cơ sở kinh doanh có điều kiện về an ninh, trật tự vi phạm quy định của pháp luật",
        C,
        EQ,
        0,
        (COMMUNE,),
        MO,
        ALL,
        unit_label="cơ sở",
    ),
    Target(
        "4.4b",
        "4.4.",
        "Thông tin về nhân khẩu do Nhân dân cung cấp cho Công an cấp xã",
        R,
        GT,
        90,
        (COMMUNE,),
        MO,
        SUM_RATIO,
        numerator="Thông tin nhân khẩu do Nhân dân cung cấp",
        denominator="Tổng số thông tin nhân khẩu trên địa bàn",
    ),
    Target(
        "4.4c",
        "4.4.",
        "Vụ tàng trữ, buôn bán, sử dụng trái phép vũ khí, vật liệu nổ, công cụ hỗ trợ",
        C,
        EQ,
        0,
        (COMMUNE,),
        MO,
        ALL,
        unit_label="vụ",
    ),
    Target(
        "4.5",
        "4.5.",
        "Người đã vi phạm pháp luật tái phạm",
        C,
        EQ,
        0,
        (COMMUNE,),
        MO,
        ALL,
        unit_label="trường hợp",
    ),
    Target(
        "4.6a",
        "4.6.",
        "Lực lượng tham gia bảo vệ ANTT ở cơ sở tham gia hỗ trợ Công an cấp xã tuần tra "
        "bảo đảm an ninh, trật tự, an toàn giao thông",
        R,
        EQ,
        100,
        (COMMUNE,),
        MO,
        SUM_RATIO,
        numerator="Thành viên tham gia tuần tra",
        denominator="Tổng số thành viên lực lượng tham gia bảo vệ ANTT ở cơ sở",
    ),
    Target(
        "4.6b",
        "4.6.",
        "Tai nạn giao thông nghiêm trọng, đặc biệt nghiêm trọng",
        C,
        EQ,
        0,
        (COMMUNE,),
        MO,
        ALL,
        unit_label="vụ",
    ),
    Target(
        "4.7",
        "4.7.",
        "Việc tốt hoặc cá nhân được biểu dương, khen thưởng, ghi nhận gương người tốt, việc tốt "
        "của mỗi Tổ bảo vệ an ninh, trật tự trong tháng",
        C,
        GTE,
        1,
        (AppliesTo.SECURITY_TEAM,),
        Frequency.MONTHLY,
        SHARE,
        unit_label="việc tốt",
    ),
]

UNITS_003 = (VILLAGE, COMMUNE, AGENCY)

# Seed 003: the targets of II.3.4 and the 100% of IV.3.
TARGETS_003 = [
    Target(
        "3.4a",
        "3.4.",
        "Hộ dân trên địa bàn xã, phường, thị trấn được tuyên truyền công tác phòng, chống tội "
        "phạm, tệ nạn xã hội và xây dựng phong trào toàn dân bảo vệ ANTQ",
        R,
        GTE,
        80,
        (COMMUNE,),
        YR,
        SUM_RATIO,
        numerator="Hộ dân được tuyên truyền",
        denominator="Tổng số hộ dân trên địa bàn",
    ),
    Target(
        "3.4b",
        "3.4.",
        "Cán bộ, đảng viên, công chức, viên chức, người lao động, học sinh, sinh viên của cơ "
        "quan, doanh nghiệp, cơ sở giáo dục được tuyên truyền",
        R,
        GTE,
        90,
        (AGENCY,),
        YR,
        SUM_RATIO,
        numerator="Người được tuyên truyền",
        denominator="Tổng số cán bộ, người lao động, học sinh, sinh viên",
    ),
    Target(
        "3.4c",
        "3.4.",
        "Khu dân cư, xã, phường, thị trấn, cơ quan, doanh nghiệp, cơ sở giáo dục đăng ký "
        "đạt tiêu chuẩn “An toàn về an ninh, trật tự”",
        R,
        EQ,
        100,
        UNITS_003,
        YR,
        SUM_RATIO,
        numerator="Đơn vị đã đăng ký",
        denominator="Tổng số đơn vị thuộc thẩm quyền quản lý",
    ),
    Target(
        "3.4d",
        "3.4.",
        "Đơn vị được công nhận đạt tiêu chuẩn “An toàn về an ninh, trật tự”",
        R,
        GTE,
        70,
        UNITS_003,
        YR,
        SUM_RATIO,
        numerator="Đơn vị được công nhận",
        denominator="Đơn vị đã đăng ký",
    ),
    Target(
        "3.4e",
        "3.4.",
        "Mô hình phòng, chống tội phạm, tệ nạn xã hội hoạt động có hiệu quả của mỗi xã, "
        "phường, thị trấn",
        C,
        GTE,
        1,
        (COMMUNE,),
        YR,
        SHARE,
        unit_label="mô hình",
    ),
    Target(
        "3.4f",
        "3.4.",
        "Mô hình “tự quản, tự phòng, tự bảo vệ về an ninh, trật tự” của mỗi cơ quan, doanh "
        "nghiệp, cơ sở giáo dục",
        C,
        GTE,
        1,
        (AGENCY,),
        YR,
        SHARE,
        unit_label="mô hình",
    ),
    Target(
        "IV.3",
        None,
        "Cán bộ, nhân viên, công nhân, người lao động, học sinh, sinh viên của cơ quan, doanh "
        "nghiệp, cơ sở giáo dục được triển khai Kế hoạch",
        R,
        EQ,
        100,
        (AGENCY,),
        YR,
        SUM_RATIO,
        numerator="Người được triển khai",
        denominator="Tổng số cán bộ, nhân viên, người lao động, học sinh, sinh viên",
    ),
]

# Seed 003 II.3.4: "80% … từ loại Trung bình trở lên, trong đó có 50% Khá và 30% Xuất sắc".
DISTRIBUTION_003 = [
    (Classification.AVERAGE, True, 80),
    (Classification.GOOD, False, 50),
    (Classification.EXCELLENT, False, 30),
]

# Seed 001 II.1 names one subject, the grassroots force: its teams and their members.
SUBJECTS_001 = [
    {
        "kind": SubjectKind.COLLECTIVE,
        "code": "to_bv_antt",
        "name": "Tổ bảo vệ an ninh, trật tự ở thôn, tổ dân phố",
        "description": "",
    },
    {
        "kind": SubjectKind.INDIVIDUAL,
        "code": "thanh_vien_llbv",
        "name": "Thành viên lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở",
        "description": "",
    },
]

DAK_NONG_SIGNER = {"signer_authority": "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", "signer_name": "Lê Văn Chiến"}

CAMPAIGNS: dict[str, dict[str, Any]] = {
    "seed000": {
        "issuer": "UBND-67",
        "number": 592,
        "issued_on": date(2024, 9, 16),
        "status": CampaignStatus.ISSUED,
        "fields": {
            "place": "Đăk Nông",
            "title": "Tổ chức Lễ phát động thực hiện phong trào thi đua đặc biệt trong lực lượng "
            "tham gia bảo vệ an ninh, trật tự ở cơ sở trên địa bàn tỉnh Đăk Nông",
            "kind": CampaignKind.THEMATIC,
            # "Dự kiến tổ chức ½ ngày trong tháng 9/2024".
            "start_date": date(2024, 9, 16),
            "end_date": date(2024, 9, 30),
            "archive_note": "VT, NC (Ln)",
            **DAK_NONG_SIGNER,
        },
    },
    "seed001": {
        "issuer": "UBND-67",
        "number": 591,
        "issued_on": date(2024, 9, 16),
        "status": CampaignStatus.ISSUED,
        "targets": TARGETS_001,
        "subjects": SUBJECTS_001,
        "fields": {
            "place": "Đăk Nông",
            "title": "Phát động phong trào thi đua đặc biệt trong lực lượng tham gia bảo vệ an "
            "ninh, trật tự ở cơ sở trên địa bàn tỉnh Đăk Nông",
            "kind": CampaignKind.THEMATIC,
            "start_date": date(2024, 8, 19),
            "end_date": date(2025, 8, 19),
            "awards_per_phase": True,
            "cascade_level": AdminLevel.DISTRICT,
            "archive_note": "VT, NC (Ln)",
            **DAK_NONG_SIGNER,
        },
    },
    "seed002": {
        "issuer": "BCD138-24",
        "number": None,
        "issued_on": None,
        "status": CampaignStatus.AWAITING_SIGNATURE,
        "fields": {
            "place": "Bắc Giang",
            "parent_organ_line": "UBND TỈNH BẮC GIANG",
            "title": "Tổ chức “Ngày hội toàn dân bảo vệ an ninh Tổ quốc” năm 2024",
            "kind": CampaignKind.THEMATIC,
            # Drafted in April 2024; the last deadline is the report of 20/8/2024.
            "start_date": date(2024, 4, 1),
            "end_date": date(2024, 8, 31),
            "cascade_level": AdminLevel.DISTRICT,
            "archive_note": "VT, NC.Bền",
            "signer_authority": "\n".join(
                ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN THỨ NHẤT", "PHÓ CHỦ TỊCH TT UBND TỈNH"]
            ),
            "signer_name": "Mai Sơn",
        },
    },
    "seed003": {
        "issuer": "UBND-70",
        "number": 31,
        "issued_on": date(2023, 2, 2),
        "status": CampaignStatus.ISSUED,
        "targets": TARGETS_003,
        "distribution": DISTRIBUTION_003,
        "fields": {
            "place": "Bình Phước",
            "title": "Phát động phong trào thi đua “Toàn dân bảo vệ an ninh Tổ quốc” năm 2023",
            "kind": CampaignKind.REGULAR,
            "start_date": date(2023, 1, 1),
            "end_date": date(2023, 12, 31),
            "cascade_level": AdminLevel.DISTRICT,
            "archive_note": "VT.(H05)",
            "signer_authority": "CHỦ TỊCH",
            "signer_name": "Trần Tuệ Hiền",
        },
    },
}


# --- Loading ------------------------------------------------------------------------------


def _org(code: str) -> Organisation:
    return Organisation.objects.get(code=code)


def _prune(model: type[Model], campaign: Campaign, keep: list[int]) -> None:
    model._default_manager.filter(campaign=campaign).exclude(pk__in=keep).delete()


def _sync_ordered(model: type[Model], campaign: Campaign, rows: list[dict[str, Any]]) -> list[Any]:
    """Upsert ``rows`` as the campaign's rows 1..n of ``model``; drop any others."""
    objs = [
        upsert(model, {"campaign": campaign, "order": i}, values)
        for i, values in enumerate(rows, start=1)
    ]
    _prune(model, campaign, [o.pk for o in objs])
    return objs


def _number_register(issuer: Organisation, type_code: str, year: int, number: int) -> None:
    """Keep the issuer's register at or past a number the demo gives by hand."""
    series, _created = DocumentSeries.objects.get_or_create(
        organisation=issuer, type_code=type_code, year=year
    )
    if series.last_number < number:
        series.last_number = number
        series.save(update_fields=["last_number"])


def load_campaign(key: str) -> Campaign:
    spec = CAMPAIGNS[key]
    outline = read_outline(key)
    issuer = _org(spec["issuer"])
    number, issued_on = spec["number"], spec["issued_on"]
    fields = dict(spec["fields"])
    title = fields.pop("title")
    values = {
        **fields,
        "unit": issuer.unit,
        "type_code": "KH",
        "number": number,
        "number_year": issued_on.year if issued_on and number else None,
        "issued_on": issued_on,
        "status": spec["status"],
        "preamble": outline.preamble,
        "theme": outline.theme,
        "closing": outline.closing,
    }
    campaign = upsert(Campaign, {"issuer": issuer, "title": title}, values, clean=False)
    if number and issued_on:
        _number_register(issuer, campaign.type_code, issued_on.year, number)

    _sync_ordered(BasisReference, campaign, [{"text": text} for text in outline.basis])

    saved: dict[int, PlanSection] = {}
    section_rows = []
    for i, s in enumerate(outline.sections, start=1):
        values = {k: v for k, v in s.items() if k != "parent"}
        values["parent"] = saved[id(s["parent"])] if s["parent"] else None
        saved[id(s)] = upsert(PlanSection, {"campaign": campaign, "order": i}, values)
        section_rows.append(saved[id(s)].pk)
    _prune(PlanSection, campaign, section_rows)

    _sync_ordered(Phase, campaign, outline.phases)
    items = _sync_ordered(ContentItem, campaign, outline.items)
    by_number = {item.number: item for item in items}

    assignments = []
    for i, a in enumerate(outline.assignments, start=1):
        obj = upsert(
            Assignment,
            {"campaign": campaign, "order": i},
            {
                "number": a["number"],
                "title": a["title"],
                "text": a["text"],
                "lead": _org(a["lead"]) if a.get("lead") else None,
                "lead_text": a.get("lead_text", ""),
                "deadline": date.fromisoformat(a["deadline"]) if a.get("deadline") else None,
                "deliverable": a.get("deliverable", ""),
            },
        )
        coop = [_org(code) for code in a["coop"].split(",")] if a.get("coop") else []
        set_m2m(obj.cooperating, coop)
        assignments.append(obj.pk)
    _prune(Assignment, campaign, assignments)

    _sync_ordered(
        Recipient,
        campaign,
        [
            {"text": text, "organisation": _org(code) if code else None}
            for text, code in outline.recipients
        ],
    )

    indicators = []
    for i, t in enumerate(spec.get("targets", []), start=1):
        obj = upsert(
            Indicator,
            {"campaign": campaign, "code": t.code},
            {
                "order": i,
                "content_item": by_number[t.item] if t.item else None,
                "name": t.name,
                "kind": t.kind,
                "comparator": t.comparator,
                "target_value": Decimal(t.value),
                "unit_label": t.unit_label,
                "numerator_label": t.numerator,
                "denominator_label": t.denominator,
                "applies_to": list(t.applies_to),
                "frequency": t.frequency,
                "aggregation": t.aggregation,
            },
        )
        indicators.append(obj.pk)
    _prune(Indicator, campaign, indicators)

    _sync_ordered(
        DistributionTarget,
        campaign,
        [
            {
                "classification": cls,
                "or_better": or_better,
                "min_share": Decimal(share),
                "applies_to": list(UNITS_003),
            }
            for cls, or_better, share in spec.get("distribution", [])
        ],
    )

    subjects = []
    for i, s in enumerate(spec.get("subjects", outline.subjects), start=1):
        obj = upsert(
            SubjectCategory,
            {"campaign": campaign, "code": s["code"]},
            {"order": i, "kind": s["kind"], "name": s["name"], "description": s["description"]},
        )
        subjects.append(obj.pk)
    _prune(SubjectCategory, campaign, subjects)
    return campaign


def load(ctx: dict[str, Any]) -> None:
    """Load the four seed plans; ``ctx["campaigns"]`` gets them keyed "seed000".."seed003"."""
    ctx["campaigns"] = {key: load_campaign(key) for key in sorted(CAMPAIGNS)}
