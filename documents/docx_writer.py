"""DOCX from the same blocks as the PDF, with the Decree 30/2020 page set-up.

Word users have Times New Roman (Tinos, used for the PDF, is metric-compatible), so
line breaks match closely. The short rules under the organ, the motto and the title
are paragraph borders on a narrow empty paragraph, as clerks draw them.
"""

from io import BytesIO

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from .blocks import (
    Banner,
    Bullet,
    Document,
    Heading,
    Image,
    PageBreak,
    Paragraph,
    Run,
    Signature,
    Table,
)
from .layout import (
    BODY_PT,
    DATE_PT,
    MARGIN_MM,
    MOTTO_PT,
    NATION_PT,
    NUMBER_PT,
    ORGAN_PT,
    RECIPIENT_PT,
    RECIPIENT_TITLE_PT,
    TABLE_PT,
)

FONT = "Times New Roman"
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
ALIGN = {
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


def _text_mm(text: str, size_pt: float) -> float:
    """Rough width of capitals/bold text, enough to size a rule."""
    return len(text) * 0.55 * size_pt * 0.3528


def _para(container, align="justify", indent=False, before=0, after=0, keep=False):  # type: ignore[no-untyped-def]
    p = container.add_paragraph()
    fmt = p.paragraph_format
    fmt.alignment = ALIGN[align]
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing = 1.0
    if indent:
        fmt.first_line_indent = Cm(1)
    if keep:
        fmt.keep_with_next = True
    return p


def _run(p, text: str, size: float, bold=False, italic=False):  # type: ignore[no-untyped-def]
    r = p.add_run(text)
    r.font.name = FONT
    r.font.size = Pt(size)
    r.bold = bold
    r.italic = italic
    return r


def _runs(p, runs: list[Run], size: float, bold=False) -> None:  # type: ignore[no-untyped-def]
    for r in runs:
        _run(p, r.text, size, bold=bold or r.bold, italic=r.italic)


def _rule(cell, width_mm: float, cell_mm: float) -> None:  # type: ignore[no-untyped-def]
    """A centred solid rule ``width_mm`` long: the top border of a tiny indented paragraph."""
    p = _para(cell, "center")
    side = max((cell_mm - width_mm) / 2, 0)
    p.paragraph_format.left_indent = Mm(side)
    p.paragraph_format.right_indent = Mm(side)
    p.paragraph_format.space_before = Pt(2)
    _run(p, "", 2)
    ppr = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    ppr.append(borders)


def _no_borders(table) -> None:  # type: ignore[no-untyped-def]
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _widths(table, widths_mm: list[float]) -> None:  # type: ignore[no-untyped-def]
    table.autofit = False
    for row in table.rows:
        for cell, w in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(w)


def _page_number_field(paragraph) -> None:  # type: ignore[no-untyped-def]
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), "PAGE")
    r = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), str(int(BODY_PT * 2)))
    rpr.append(sz)
    r.append(rpr)
    t = OxmlElement("w:t")
    t.text = "2"
    r.append(t)
    fld.append(r)
    paragraph._p.append(fld)


def write_docx(doc: Document) -> bytes:
    d = new_docx()
    style = d.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(BODY_PT)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)

    section = d.sections[0]
    top, right, bottom, left = MARGIN_MM
    if doc.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    else:
        section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    section.header_distance = Mm(8)
    # Page numbers at the top centre from page 2: the first page has its own empty header.
    section.different_first_page_header_footer = True
    hp = section.header.paragraphs[0]
    hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number_field(hp)
    text_mm = (297 if doc.landscape else 210) - left - right

    _write_header(d, doc, text_mm)
    _write_title(d, doc, text_mm)
    for block in doc.blocks:
        if isinstance(block, Heading):
            p = _para(d, "justify", indent=True, before=6, keep=True)
            _runs(p, block.runs, BODY_PT, bold=True)
        elif isinstance(block, Paragraph):
            p = _para(d, block.align, indent=block.indent, before=6)
            _runs(p, block.runs, block.size or BODY_PT)
        elif isinstance(block, Bullet):
            p = _para(d, "justify", indent=True, before=6)
            _run(p, f"{block.marker} ", BODY_PT)
            _runs(p, block.runs, BODY_PT)
        elif isinstance(block, Table):
            _write_table(d, block, text_mm)
        elif isinstance(block, Signature):
            _write_signature(d, block, text_mm)
        elif isinstance(block, Image):
            _write_image(d, block, text_mm)
        elif isinstance(block, PageBreak):
            _page_break(d)
        elif isinstance(block, Banner):
            _write_banner(d, block, text_mm)
    out = BytesIO()
    d.save(out)
    return out.getvalue()


def _write_header(d, doc: Document, text_mm: float) -> None:  # type: ignore[no-untyped-def]
    h = doc.header
    left_mm, right_mm = text_mm * 0.4, text_mm * 0.6
    table = d.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(table)
    _widths(table, [left_mm, right_mm])
    organ = table.cell(0, 0)
    organ.paragraphs[0]._p.getparent().remove(organ.paragraphs[0]._p)
    for line in h.parent_lines:
        _run(_para(organ, "center"), line, ORGAN_PT)
    for line in h.organ_lines:
        _run(_para(organ, "center"), line, ORGAN_PT, bold=True)
    widest = max((len(x) for x in h.organ_lines), default=10)
    _rule(organ, _text_mm("X" * widest, ORGAN_PT) * 0.4, left_mm)
    nation = table.cell(0, 1)
    nation.paragraphs[0]._p.getparent().remove(nation.paragraphs[0]._p)
    _run(_para(nation, "center"), NATION, NATION_PT, bold=True)
    _run(_para(nation, "center"), MOTTO, MOTTO_PT, bold=True)
    _rule(nation, _text_mm(MOTTO, MOTTO_PT) * 0.92, right_mm)
    num = table.cell(1, 0).paragraphs[0]
    num.alignment = WD_ALIGN_PARAGRAPH.CENTER
    num.paragraph_format.space_before = Pt(6)
    _run(num, h.number_line, NUMBER_PT)
    date = table.cell(1, 1).paragraphs[0]
    date.alignment = WD_ALIGN_PARAGRAPH.CENTER
    date.paragraph_format.space_before = Pt(6)
    _run(date, h.date_line, DATE_PT, italic=True)


def _write_title(d, doc: Document, text_mm: float) -> None:  # type: ignore[no-untyped-def]
    p = _para(d, "center", before=18, keep=True)
    _run(p, doc.type_name, BODY_PT, bold=True)
    if doc.summary:
        p = _para(d, "center", keep=True)
        _run(p, doc.summary, BODY_PT, bold=True)
    for line in doc.summary_lines:
        p = _para(d, "center", keep=True)
        _run(p, line, BODY_PT, italic=True)
    _rule(d, min(text_mm * 0.3, 50), text_mm)


def _write_table(d, block: Table, text_mm: float) -> None:  # type: ignore[no-untyped-def]
    _para(d, before=0)
    table = d.add_table(rows=1 + len(block.rows), cols=len(block.header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    if block.widths:
        _widths(table, [text_mm * w / 100 for w in block.widths])
    for i, text in enumerate(block.header):
        p = table.cell(0, i).paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(p, text, TABLE_PT, bold=True)
    for r, row in enumerate(block.rows, start=1):
        for c, text in enumerate(row):
            p = table.cell(r, c).paragraphs[0]
            align = block.align[c] if c < len(block.align) else "left"
            p.alignment = ALIGN[align]
            _run(p, text, TABLE_PT)


def _write_signature(d, block: Signature, text_mm: float) -> None:  # type: ignore[no-untyped-def]
    _para(d)
    table = d.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, [text_mm * 0.5, text_mm * 0.5])
    left, right = table.cell(0, 0), table.cell(0, 1)
    left.paragraphs[0]._p.getparent().remove(left.paragraphs[0]._p)
    if block.show_recipients:
        p = _para(left, "left")
        _run(p, "Nơi nhận:", RECIPIENT_TITLE_PT, bold=True, italic=True)
        for line in block.recipient_lines:
            _run(_para(left, "left"), line, RECIPIENT_PT)
    else:
        _para(left)
    right.paragraphs[0]._p.getparent().remove(right.paragraphs[0]._p)
    for line in block.authority:
        _run(_para(right, "center"), line, BODY_PT, bold=True)
    gap = _para(right, "center")
    gap.paragraph_format.space_after = Mm(24)
    p = _para(right, "center")
    _run(p, block.name, BODY_PT, bold=True)


def _page_break(d) -> None:  # type: ignore[no-untyped-def]
    p = _para(d)
    p.add_run().add_break(WD_BREAK.PAGE)


def _write_image(d, block: Image, text_mm: float) -> None:  # type: ignore[no-untyped-def]
    """The picture, with the ``beside`` lines in a borderless table cell to its right."""
    if not block.beside:
        p = _para(d, block.align, before=6)
        p.add_run().add_picture(BytesIO(block.data), width=Mm(block.width_mm))
        if block.caption:
            _run(_para(d, block.align), block.caption, RECIPIENT_PT, italic=True)
        return
    _para(d)
    table = d.add_table(rows=1, cols=2)
    _no_borders(table)
    image_mm = block.width_mm + 2
    _widths(table, [image_mm, text_mm - image_mm])
    left, right = table.cell(0, 0), table.cell(0, 1)
    left.paragraphs[0].add_run().add_picture(BytesIO(block.data), width=Mm(block.width_mm))
    if block.caption:
        _run(_para(left, "center"), block.caption, RECIPIENT_PT, italic=True)
    right.paragraphs[0]._p.getparent().remove(right.paragraphs[0]._p)
    for line in block.beside:
        p = _para(right, "left", after=2)
        p.paragraph_format.left_indent = Mm(4)
        _runs(p, line, TABLE_PT)


def _write_banner(d, block: Banner, text_mm: float) -> None:  # type: ignore[no-untyped-def]
    """The banner page: a framed one-cell table, the lines centred and large."""
    if block.new_page:
        _page_break(d)
    if block.note:
        _run(_para(d, "center", after=24), block.note, BODY_PT, italic=True)
    table = d.add_table(rows=1, cols=1)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, [text_mm])
    cell = table.cell(0, 0)
    cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    if block.top:
        _run(_para(cell, "center", before=36), block.top, 16, bold=True)
    for i, line in enumerate(block.lines):
        _run(_para(cell, "center", before=40 if i == 0 else 24), line, 30 if i == 0 else 18, True)
    if block.bottom:
        _run(_para(cell, "center", before=36, after=36), block.bottom, BODY_PT, italic=True)
