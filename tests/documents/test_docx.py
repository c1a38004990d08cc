"""The DOCX holds the same text as the PDF: both are written from the same blocks."""

import io

import pdfplumber
import pytest
from docx import Document as DocxDocument
from docx.shared import Mm

from documents.blocks import block_text
from documents.registry import get_kind
from documents.render import render_docx, render_pdf

from .helpers import docx_paragraphs, norm, pdf_reading_text


def _doc(name, obj):  # type: ignore[no-untyped-def]
    kind = get_kind(name)
    obj = kind.prepare(kind.model.objects.filter(pk=obj.pk)).get()
    return kind, kind.build(obj)


@pytest.mark.parametrize("name", ["plan", "letter", "list"])
def test_docx_paragraphs_equal_the_pdf_text_blocks(name, plan):
    source = plan.recipients.first() if name == "letter" else plan
    kind, doc = _doc(name, source)
    docx = docx_paragraphs(render_docx(kind, doc))
    pdf = norm(pdf_reading_text(render_pdf(kind, doc)))

    header = [*doc.header.parent_lines, *doc.header.organ_lines]
    header += ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    header += [doc.header.number_line, doc.header.date_line]
    title = [doc.type_name, doc.summary, *doc.summary_lines]
    body: list[str] = []
    cells: list[list[str]] = []
    for block in doc.blocks:
        if block.type == "table":
            body += block_text(block)
            cells += [block.header, *block.rows]
        elif block.type == "signature":
            lines = block_text(block)
            recipients = ["Nơi nhận:", *block.recipient_lines] if block.show_recipients else []
            body += recipients + lines
        else:
            body += block_text(block)
    expected = [t for t in header + title + body if t.strip()]
    # Same paragraphs, same order, same text.
    assert [norm(p) for p in docx] == [norm(t) for t in expected]
    # Every one of them is in the PDF, in reading order.
    position = 0
    flat_cells = {norm(c) for row in cells for c in row}
    for text in (norm(t) for t in expected if norm(t) not in flat_cells):
        found = pdf.find(text, position)
        assert found >= 0, (text, pdf[position : position + 200])
        position = found + len(text)
    # Table cells wrap inside their cells: compare them cell by cell.
    if cells:
        assert _pdf_table_rows(render_pdf(kind, doc)) == [[norm(c) for c in row] for row in cells]


def _pdf_table_rows(data: bytes) -> list[list[str]]:
    rows: list[list[str]] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for table in page.extract_tables():
                for row in table:
                    cleaned = [norm(c or "") for c in row]
                    if rows and cleaned == rows[0]:
                        continue  # the header row repeated on every page
                    rows.append(cleaned)
    return rows


def test_docx_page_setup_is_decree_30(plan):
    kind, doc = _doc("plan", plan)
    d = DocxDocument(io.BytesIO(render_docx(kind, doc)))
    section = d.sections[0]
    close = Mm(0.1)
    for value, mm in [
        (section.page_width, 210),
        (section.page_height, 297),
        (section.top_margin, 20),
        (section.bottom_margin, 20),
        (section.left_margin, 30),
        (section.right_margin, 15),
    ]:
        assert abs(value - Mm(mm)) < close
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml
    body = next(p for p in d.paragraphs if p.text.startswith("Thực hiện Kế hoạch"))
    assert abs(body.paragraph_format.first_line_indent - Mm(10)) < close
    assert body.runs[0].font.name == "Times New Roman"
