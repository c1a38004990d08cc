"""The printed plans read like the seed documents they came from (difflib ratio ≥ 0.97).

Compared from the document type name ("KẾ HOẠCH") on: the seeds lost their header
block in the scan (see /work/shared/seeds/README.md). Whitespace and the seeds'
markdown markers (**, *) are normalised; the comparison runs on words, so a ratio of
0.97 means 97% of the words match in order.
"""

import difflib
import io
import re
from importlib.util import find_spec
from pathlib import Path

import pytest
from django.core.management import call_command
from docx import Document as DocxDocument

from documents.registry import get_kind
from documents.render import render_docx, render_pdf

from .helpers import docx_paragraphs, norm, pdf_reading_text
from .seedplan import seed_text

THRESHOLD = 0.97


def ratio(printed: str, seed: str) -> float:
    a = norm(printed[printed.index("KẾ HOẠCH") :]).split()
    b = norm(seed[seed.index("KẾ HOẠCH") :]).split()
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def docx_text(data: bytes) -> str:
    d = DocxDocument(io.BytesIO(data))
    parts = [p.text for p in d.paragraphs]
    for table in d.tables:  # header and signature tables: cell by cell, in order
        parts += [p.text for row in table.rows for cell in row.cells for p in cell.paragraphs]
    return "\n".join(parts)


def _render(reference: str, year: int):  # type: ignore[no-untyped-def]
    kind = get_kind("plan")
    obj = kind.lookup(reference, year)
    doc = kind.build(obj)
    return render_pdf(kind, doc), render_docx(kind, doc)


def test_fixture_plan_prints_seed_001(plan):
    pdf, docx = _render("591/KH-UBND", 2024)
    assert ratio(pdf_reading_text(pdf), seed_text("001")) >= THRESHOLD
    assert ratio(docx_text(docx), seed_text("001")) >= THRESHOLD


@pytest.mark.skipif(not find_spec("campaigns.demo"), reason="campaigns demo loader not there yet")
@pytest.mark.parametrize(
    ("seed", "reference", "year"), [("001", "591/KH-UBND", 2024), ("003", "31/KH-UBND", 2023)]
)
def test_demo_plans_print_their_seed(demo, seed, reference, year):
    pdf, docx = _render(reference, year)
    pdf_ratio = ratio(pdf_reading_text(pdf), seed_text(seed))
    docx_ratio = ratio(docx_text(docx), seed_text(seed))
    assert pdf_ratio >= THRESHOLD, f"seed {seed}: PDF ratio {pdf_ratio:.4f}"
    assert docx_ratio >= THRESHOLD, f"seed {seed}: DOCX ratio {docx_ratio:.4f}"


EVENT_PLAN_THRESHOLD = 0.93
SEED_000 = Path(__file__).resolve().parent.parent / "campaigns" / "seed_texts" / "000.txt"


def markdown_free(text: str) -> str:
    """The seed's markdown markers out: "## KẾ HOẠCH", "\\*", "**Nơi nhận:**"."""
    text = re.sub(r"^#+\s*", "", text, flags=re.MULTILINE)
    return text.replace("\\*", "*")


@pytest.mark.skipif(not find_spec("events.demo"), reason="events demo loader not there yet")
def test_event_plan_prints_seed_000_again(demo, tmp_path):
    """print_document event-plan 592/KH-UBND: the plan of seed 000 with the ceremony's data.

    The banner (tiêu đề, khánh tiết), in the middle of section IV in the scanned seed,
    prints on a page of its own at the end.
    """
    seed = markdown_free(SEED_000.read_text(encoding="utf-8"))
    pdf_path, docx_path = tmp_path / "plan.pdf", tmp_path / "plan.docx"
    for out in (pdf_path, docx_path):
        call_command("print_document", "event-plan", "592/KH-UBND", "--output", str(out))
    pdf = pdf_path.read_bytes()
    pdf_ratio = ratio(pdf_reading_text(pdf), seed)
    # The DOCX read in document order (the banner page is a framed table at the end).
    docx_ratio = ratio("\n".join(docx_paragraphs(docx_path.read_bytes())), seed)
    assert pdf_ratio >= EVENT_PLAN_THRESHOLD, f"PDF ratio {pdf_ratio:.4f}"
    assert docx_ratio >= EVENT_PLAN_THRESHOLD, f"DOCX ratio {docx_ratio:.4f}"
    text = norm(pdf_reading_text(pdf))
    # The event's data where it belongs, and the banner last.
    assert "Thời gian: Dự kiến tổ chức ½ ngày trong tháng 9/2024 (có giấy mời sau)." in text
    assert "Thành phần: Dự kiến 250 người." in text
    assert "Phát biểu khai mạc: Lãnh đạo Ủy ban nhân dân tỉnh." in text
    assert text.rstrip().endswith("Đắk Nông, ngày tháng 9 năm 2024")
    assert text.index("Lê Văn Chiến") < text.index("LỄ PHÁT ĐỘNG")
