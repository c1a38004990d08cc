"""The seed plans loaded by the demo loader: structure, numbers, idempotency, and text.

The text check walks a loaded campaign as the plan document does (header, basis,
preamble, outline sections with their structured rows, closing, recipients, signer)
and compares it with the seed (tests/campaigns/seed_texts, copies of
/work/shared/seeds) after whitespace normalisation.
"""

import difflib
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from campaigns import demo as campaigns_demo
from campaigns import services
from campaigns.models import (
    Aggregation,
    Assignment,
    BasisReference,
    Campaign,
    CampaignStatus,
    Classification,
    ContentItem,
    DistributionTarget,
    Frequency,
    Indicator,
    Phase,
    PlanSection,
    Recipient,
    SectionKind,
    SubjectCategory,
)
from orgunits import demo as orgunits_demo
from orgunits.models import DocumentSeries, Organisation
from orgunits.services import document_number_allocate

SEED_TEXTS = Path(__file__).resolve().parent / "seed_texts"

# Scan typos the loader corrects (a lost diacritic or letter); applied to the seed too.
SCAN_FIXES = [
    ("Năm chắc", "Nắm chắc"),
    ("khắc nhiệt", "khắc nghiệt"),
    ("LỰC LUỢNG", "LỰC LƯỢNG"),
    ("phường Nénh", "phường Nếnh"),
]


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """Load the demo territory and the seeds once for the module, rolled back at its end.

    Each test runs in its own savepoint inside this transaction (the ``db`` fixture).
    """
    with django_db_blocker.unblock(), transaction.atomic():
        ctx = {"units": orgunits_demo.load()}
        campaigns_demo.load(ctx)
        yield ctx["campaigns"]
        transaction.set_rollback(True)


@pytest.fixture
def seeded(seeded_once, db):  # type: ignore[no-untyped-def]
    return {key: Campaign.objects.get(pk=c.pk) for key, c in seeded_once.items()}


# --- printing a campaign as plain text --------------------------------------------


def vn_date(day: date) -> str:
    """19/8/2024, 03/02/2025: a leading zero for days below 10 and months 1-2."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}" if day.day < 10 else f"{day.day}/{month}/{day.year}"


def date_line(day: date) -> str:
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def _section_lines(campaign: Campaign, node: dict, out: list[str]) -> None:
    s = node["section"]
    if s.inline_title:
        out.append(f"{s.number} {s.title} {s.body}")
    else:
        if s.number or s.title:
            out.append(f"{s.number} {s.title}")
        out.append(s.body)
    if s.kind == SectionKind.PHASES:
        for p in campaign.phases.all():
            out.append(
                f"- {p.name}: Từ ngày {vn_date(p.start_date)} đến ngày {vn_date(p.end_date)}"
                + (f" “{p.dedication}”" if p.dedication else "")
                + "."
            )
    elif s.kind == SectionKind.THEME:
        out.append(f"“{campaign.theme}”.")
    elif s.kind == SectionKind.CONTENTS:
        for item in campaign.contents.all():
            out.append(f"{item.number} {item.title + ': ' if item.title else ''}{item.text}")
    elif s.kind == SectionKind.ASSIGNMENTS:
        for a in campaign.assignments.all():
            out.append(f"{a.number} {a.title}")
            out.append(a.text)
    for child in node["children"]:
        _section_lines(campaign, child, out)


def outline_of(campaign: Campaign) -> list[dict]:
    sections = list(campaign.sections.order_by("order", "pk"))
    nodes = {s.pk: {"section": s, "children": []} for s in sections}
    roots = []
    for s in sections:
        (nodes[s.parent_id]["children"] if s.parent_id else roots).append(nodes[s.pk])
    return roots


def plan_text(campaign: Campaign) -> str:
    """The campaign's data concatenated in document order."""
    day = date_line(campaign.issued_on) if campaign.issued_on else "ngày tháng năm"
    out = [f"Số: {campaign.reference}", f"{campaign.place}, {day}", "KẾ HOẠCH", campaign.title]
    out += [b.text for b in campaign.basis.all()]
    out.append(campaign.preamble)
    for node in outline_of(campaign):
        _section_lines(campaign, node, out)
    out += [campaign.closing, "Nơi nhận:"]
    out += [f"- {r.text};" for r in campaign.recipients.all()]
    out.append(f"- Lưu: {campaign.archive_note}.")
    out += campaign.signer_lines
    out.append(campaign.signer_name)
    return normalise("\n".join(out))


def normalise(text: str) -> str:
    """Drop emphasis markers and markup, collapse whitespace."""
    text = re.sub(r"<[^>]+>", " ", text)
    text = text.replace("\\*", "*").replace("*", "")
    text = re.sub(r"(?m)^\s*#+\s*", "", text)
    return " ".join(text.split())


def seed_paragraphs(key: str) -> list[str]:
    """The seed's paragraphs, without scan noise (page-break marks, footnote markers)."""
    text = (SEED_TEXTS / f"{key}.txt").read_text(encoding="utf-8")
    for bad, good in SCAN_FIXES:
        text = text.replace(bad, good)
    paragraphs = []
    for line in text.splitlines():
        line = re.sub(r"(?<=\w)[¹²]", "", line)
        line = normalise(line)
        if line and line != "--":
            paragraphs.append(line)
    return paragraphs


# --- seed 001 -----------------------------------------------------------------------


def test_seed001_is_issued_as_591_and_the_register_continues(seeded):
    c = seeded["seed001"]
    assert c.status == CampaignStatus.ISSUED
    assert c.reference == "591/KH-UBND"
    assert (c.issued_on, c.number_year) == (date(2024, 9, 16), 2024)
    assert c.issuer.code == "UBND-67"
    assert c.place == "Đăk Nông"
    assert (c.start_date, c.end_date) == (date(2024, 8, 19), date(2025, 8, 19))
    assert c.cascade_level == "district"
    # 591 (seed 001) and 592 (seed 000) are taken: the next KH of UBND tỉnh is 593.
    issuer = Organisation.objects.get(code="UBND-67")
    assert document_number_allocate(issuer, "KH", 2024) == 593


def test_seed001_phases_theme_and_content_items(seeded):
    c = seeded["seed001"]
    phases = list(c.phases.all())
    assert [(p.name, p.start_date, p.end_date) for p in phases] == [
        ("Đợt 1", date(2024, 8, 19), date(2025, 2, 3)),
        ("Đợt 2", date(2025, 2, 4), date(2025, 8, 19)),
    ]
    assert phases[0].dedication.startswith("Thi đua lập thành tích chào mừng kỷ niệm 95 năm")
    assert phases[0].dedication.endswith("(03/02/1930 - 03/02/2025)")
    assert "80 năm Cách mạng tháng Tám thành công" in phases[1].dedication
    assert phases[1].dedication.endswith("(19/8/2005 - 19/8/2025)")
    assert services.phase_errors(c, phases) == {}
    assert c.theme == (
        "Lực lượng mới, khí thế mới, thi đua bảo vệ an ninh, trật tự ở cơ sở trong tình hình mới"
    )
    items = list(c.contents.all())
    assert [i.number for i in items] == [f"4.{n}." for n in range(1, 8)]
    assert items[0].title == "Thi đua hỗ trợ Công an cấp xã nắm tình hình an ninh, trật tự"
    assert items[0].text.startswith("Tận tụy, đi sâu sát quần chúng Nhân dân")
    assert items[6].text.endswith("ghi nhận gương người tốt, việc tốt*).")
    kinds = {s.kind for s in c.sections.all()}
    assert {SectionKind.PHASES, SectionKind.THEME, SectionKind.CONTENTS} <= kinds
    assert SectionKind.ASSIGNMENTS in kinds


# (code, content item, kind, comparator, value, frequency, applies_to, aggregation)
# Communes report monthly; the model recognised by the district police (4.2) once a phase.
EXPECTED_001 = [
    ("4.1a", "4.1.", "ratio", "gte", 80, "monthly", ["commune"], "sum_ratio"),
    ("4.1b", "4.1.", "ratio", "eq", 100, "monthly", ["commune"], "sum_ratio"),
    ("4.2", "4.2.", "count", "gte", 1, "phase", ["commune"], "share_meeting"),
    ("4.3", "4.3.", "ratio", "eq", 100, "monthly", ["commune"], "sum_ratio"),
    ("4.4a", "4.4.", "count", "eq", 0, "monthly", ["commune"], "all"),
    ("4.4b", "4.4.", "ratio", "gt", 90, "monthly", ["commune"], "sum_ratio"),
    ("4.4c", "4.4.", "count", "eq", 0, "monthly", ["commune"], "all"),
    ("4.5", "4.5.", "count", "eq", 0, "monthly", ["commune"], "all"),
    ("4.6a", "4.6.", "ratio", "eq", 100, "monthly", ["commune"], "sum_ratio"),
    ("4.6b", "4.6.", "count", "eq", 0, "monthly", ["commune"], "all"),
    ("4.7", "4.7.", "count", "gte", 1, "monthly", ["security_team"], "share_meeting"),
]


def test_seed001_one_indicator_per_numeric_target(seeded):
    c = seeded["seed001"]
    rows = [
        (
            i.code,
            i.content_item.number,
            i.kind,
            i.comparator,
            i.target_value,
            i.frequency,
            i.applies_to,
            i.aggregation,
        )
        for i in c.indicators.select_related("content_item")
    ]
    assert rows == [(*r[:4], Decimal(r[4]), *r[5:]) for r in EXPECTED_001]
    by_code = {i.code: i for i in c.indicators.all()}
    assert by_code["4.1a"].target_display == "≥ 80%"
    assert by_code["4.4b"].target_display == "> 90%"
    assert by_code["4.5"].target_display == "= 0 trường hợp"
    assert by_code["4.7"].target_display == "≥ 1 việc tốt"
    assert by_code["4.1a"].denominator_label
    for ind in by_code.values():
        assert services.indicator_value_error(ind.kind, ind.target_value) is None
        # Each target is written in its content item's text.
        item_text = ind.content_item.text
        value = f"{ind.target_value.normalize():f}"
        assert value in item_text or ind.target_value in (0, 1)


def test_seed001_assignments_recipients_and_signer(seeded):
    c = seeded["seed001"]
    a1, a2, a3 = c.assignments.prefetch_related("cooperating")
    assert a1.lead.code == "CAT-67"
    assert [o.code for o in a1.cooperating.all()] == ["VP-UBND-67"]
    assert a1.text.startswith("Giao Công an tỉnh (Cơ quan Thường trực Ban Chỉ đạo")
    assert "Tham mưu tổ chức Lễ phát động" in a1.text
    assert (a2.lead.code, [o.code for o in a2.cooperating.all()]) == ("SNV-67", ["CAT-67"])
    assert a3.lead is None
    assert a3.lead_text == "Ủy ban nhân dân các huyện, thành phố"
    assert [a.number for a in (a1, a2, a3)] == ["1.", "2.", "3."]
    assert [r.text for r in c.recipients.all()] == [
        "Cục X03, V01, V05, Bộ Công an",
        "Thường trực Tỉnh ủy",
        "CT, các PCT UBND tỉnh",
        "BCĐ PCTP, TNXH & XDPTTDBVANTQ tỉnh",
        "Công an tỉnh",
        "Văn phòng Tỉnh ủy",
        "CVP, các PCVP UBND tỉnh",
        "Các Sở, Ban, ngành, đoàn thể tỉnh",
        "UBND các huyện, thành phố",
    ]
    assert c.recipients.get(text="Công an tỉnh").organisation.code == "CAT-67"
    assert c.archive_note == "VT, NC (Ln)"
    assert c.signer_lines == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert c.signer_name == "Lê Văn Chiến"
    assert c.closing.endswith("để được hướng dẫn thực hiện./.")
    assert [b.text[:33] for b in c.basis.all()] == ["Thực hiện Kế hoạch số 399/KH-BCA-"]


# --- seed 003 -----------------------------------------------------------------------


def test_seed003_subjects_targets_and_distribution(seeded):
    c = seeded["seed003"]
    assert (c.reference, c.issued_on, c.status) == (
        "31/KH-UBND",
        date(2023, 2, 2),
        CampaignStatus.ISSUED,
    )
    assert document_number_allocate(c.issuer, "KH", 2023) == 32
    subjects = list(c.subjects.all())
    assert [s.kind for s in subjects] == ["collective"] * 3 + ["individual"] * 3
    assert subjects[0].name == "Công an xã, Ban Bảo vệ dân phố"
    assert subjects[1].description.startswith("- Hoàn thành toàn diện các chỉ tiêu thi đua")
    targets = {
        i.code: (i.kind, i.comparator, i.target_value, i.applies_to, i.frequency)
        for i in c.indicators.all()
    }
    yearly = Frequency.YEARLY
    assert targets == {
        "3.4a": ("ratio", "gte", Decimal(80), ["commune"], yearly),
        "3.4b": ("ratio", "gte", Decimal(90), ["agency"], yearly),
        "3.4c": ("ratio", "eq", Decimal(100), ["village", "commune", "agency"], yearly),
        "3.4d": ("ratio", "gte", Decimal(70), ["village", "commune", "agency"], yearly),
        "3.4e": ("count", "gte", Decimal(1), ["commune"], yearly),
        "3.4f": ("count", "gte", Decimal(1), ["agency"], yearly),
        "IV.3": ("ratio", "eq", Decimal(100), ["agency"], yearly),
    }
    assert c.indicators.get(code="3.4d").aggregation == Aggregation.SUM_RATIO
    assert c.indicators.get(code="3.4a").content_item.number == "3.4."
    assert [(d.classification, d.or_better, d.min_share) for d in c.distribution_targets.all()] == [
        (Classification.AVERAGE, True, Decimal(80)),
        (Classification.GOOD, False, Decimal(50)),
        (Classification.EXCELLENT, False, Decimal(30)),
    ]
    awards = c.sections.get(kind=SectionKind.AWARDS)
    assert awards.title == "TIÊU CHUẨN VÀ HÌNH THỨC KHEN THƯỞNG"
    award_text = " ".join(s.body for s in c.sections.filter(order__gt=awards.order))
    assert "Không vượt quá 30 tập thể và 15 cá nhân" in award_text
    assert "không quá 40% tổng số cá nhân" in award_text
    assert "- Số lượng: 02 bộ." in award_text
    assert [a.lead.code if a.lead else a.lead_text[:20] for a in c.assignments.all()] == [
        "CAT-70",
        "BTDKT-70",
        "Chủ tịch Ủy ban nhân",
    ]
    assert c.signer_lines == ["CHỦ TỊCH"]
    assert c.signer_name == "Trần Tuệ Hiền"


# --- seeds 000 and 002 --------------------------------------------------------------


def test_seed000_ceremony_plan_is_issued_as_592(seeded):
    c = seeded["seed000"]
    assert (c.reference, c.status, c.issued_on) == (
        "592/KH-UBND",
        CampaignStatus.ISSUED,
        date(2024, 9, 16),
    )
    leads = [a.lead.code if a.lead else a.lead_text for a in c.assignments.all()]
    assert leads == ["CAT-67", "UBND-660", "Các đơn vị, địa phương"]
    first = c.assignments.first()
    assert sorted(o.code for o in first.cooperating.all()) == ["STC-67", "VP-UBND-67"]
    assert "LỄ PHÁT ĐỘNG" in first.text
    assert c.sections.filter(number="III.", title="CHƯƠNG TRÌNH").exists()


def test_seed002_awaits_signature_with_its_deadlines(seeded):
    c = seeded["seed002"]
    assert c.status == CampaignStatus.AWAITING_SIGNATURE
    assert (c.number, c.issued_on, c.reference) == (None, None, "/KH-BCĐ")
    assert c.issuer.code == "BCD138-24"
    assert c.basis.count() == 2
    assert c.signer_lines == [
        "KT. TRƯỞNG BAN",
        "PHÓ TRƯỞNG BAN THỨ NHẤT",
        "PHÓ CHỦ TỊCH TT UBND TỈNH",
    ]
    deadlines = {
        a.deadline: (a.lead.code if a.lead else a.lead_text)
        for a in c.assignments.all()
        if a.deadline
    }
    assert deadlines == {
        date(2024, 5, 10): "Các sở, ban, ngành, đoàn thể tỉnh; Ban Chỉ đạo cấp huyện",
        date(2024, 8, 20): "Các sở, ban, ngành, đoàn thể tỉnh; Ban Chỉ đạo cấp huyện",
        date(2024, 5, 15): (
            "Ban Quản lý các Khu Công nghiệp tỉnh, Sở Giáo dục và Đào tạo, "
            "Liên đoàn Lao động tỉnh, Ban Chỉ đạo cấp huyện"
        ),
        date(2024, 4, 25): "BCD-24-215",
    }
    assert [a.number for a in c.assignments.all()] == [
        "1.",
        "2.",
        "3.",
        "4.",
        "5.",
        "6.",
        "",
        "7.",
        "8.",
    ]
    # A plan awaiting signature has what signing needs.
    services.campaign_check_complete(c)


def test_every_seed_passes_the_plan_rules(seeded):
    for c in seeded.values():
        assert services.phase_errors(c, list(c.phases.all())) == {}
        for a in c.assignments.all():
            assert services.assignment_deadline_error(c, a.deadline) is None
        for ind in c.indicators.all():
            ind.full_clean()
        c.full_clean(exclude=["unit", "search_key"])
        for section in c.sections.all():
            section.full_clean()


# --- idempotency ------------------------------------------------------------------------

HISTORIED = [
    Campaign,
    BasisReference,
    PlanSection,
    Phase,
    ContentItem,
    Indicator,
    DistributionTarget,
    Assignment,
    Recipient,
    SubjectCategory,
]


def test_loading_twice_changes_nothing(seeded):
    history = {m: m.history.count() for m in HISTORIED}
    rows = {m: m.objects.count() for m in HISTORIED}
    stamps = dict(Campaign.objects.values_list("pk", "updated_at"))
    registers = list(DocumentSeries.objects.values_list("pk", "last_number").order_by("pk"))
    ctx = {"units": orgunits_demo.load()}
    campaigns_demo.load(ctx)
    assert {m: m.history.count() for m in HISTORIED} == history
    assert {m: m.objects.count() for m in HISTORIED} == rows
    assert dict(Campaign.objects.values_list("pk", "updated_at")) == stamps
    assert list(DocumentSeries.objects.values_list("pk", "last_number").order_by("pk")) == (
        registers
    )
    assert {k: c.pk for k, c in ctx["campaigns"].items()} == {k: c.pk for k, c in seeded.items()}


def test_a_changed_row_is_restored_and_a_stray_row_removed(seeded):
    c = seeded["seed001"]
    Phase.objects.filter(campaign=c, order=1).update(name="Đợt sai")
    PlanSection.objects.create(campaign=c, order=999, body="thừa")
    campaigns_demo.load({})
    assert list(c.phases.values_list("name", flat=True)) == ["Đợt 1", "Đợt 2"]
    assert not c.sections.filter(order=999).exists()


# --- the plan prints again --------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "threshold"), [("seed001", 0.97), ("seed003", 0.97), ("seed000", 0.93)]
)
def test_the_loaded_plan_prints_the_seed_again(seeded, key, threshold):
    printed = plan_text(seeded[key])
    paragraphs = seed_paragraphs(key[-3:])
    seed = " ".join(paragraphs)
    ratio = difflib.SequenceMatcher(None, seed, printed, autojunk=False).ratio()
    assert ratio >= threshold, ratio
    # Every significant paragraph is there, in order, as often as in the seed.
    position = 0
    for paragraph in paragraphs:
        if len(paragraph) < 40:
            continue
        found = printed.find(paragraph, position)
        assert found >= 0, paragraph
        assert printed.count(paragraph) == seed.count(paragraph), paragraph
        position = found + len(paragraph)


def test_seed002_prints_nearly_as_the_seed(seeded):
    # Word-level (cheaper); the two footnotes print under the sections that cite them.
    printed = plan_text(seeded["seed002"]).split()
    seed = " ".join(seed_paragraphs("002")).split()
    assert difflib.SequenceMatcher(None, seed, printed, autojunk=False).ratio() >= 0.93


# --- the outline format -------------------------------------------------------------


def test_outline_parser_nests_sections_and_reads_rows():
    outline = campaigns_demo.parse_outline(
        "@basis\nThực hiện A;\n@+ I. | MỤC ĐÍCH\n@++ 1.\nMột.\n@++ 2. | Thời gian: | inline "
        "phases\nHai đợt:\n@phase Đợt 1 | 2024-08-19 | 2025-02-03\nChào mừng\n"
        "@assign  | lead=CAT-67 | coop=A,B | deadline=2024-05-10\n- Việc.\n"
        "@recipients\nCông an tỉnh {CAT-67}\nUBND các huyện\n"
    )
    top, one, two = outline.sections
    assert (one["parent"], two["parent"]) == (top, top)
    assert (two["kind"], two["inline_title"], two["title"]) == ("phases", True, "Thời gian:")
    assert outline.phases[0]["end_date"] == date(2025, 2, 3)
    assert outline.assignments[0] == {
        "number": "",
        "title": "",
        "text": "- Việc.",
        "lead": "CAT-67",
        "coop": "A,B",
        "deadline": "2024-05-10",
    }
    assert outline.recipients == [("Công an tỉnh", "CAT-67"), ("UBND các huyện", "")]
    with pytest.raises(ValueError, match="@nonsense"):
        campaigns_demo.parse_outline("@nonsense\n")


def test_issued_seed_content_is_frozen(seeded):
    with pytest.raises(ValidationError) as exc:
        services.ensure_editable(seeded["seed001"])
    assert exc.value.code == "frozen"
