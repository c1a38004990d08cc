import io

import pytest
from django.core.management import CommandError, call_command
from docx import Document as DocxDocument

from .helpers import norm, pdf_body_text


def test_print_document_plan_pdf_and_docx(plan, tmp_path):
    out = tmp_path / "plan.pdf"
    call_command("print_document", "plan", "591/KH-UBND", "--output", str(out), verbosity=0)
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    assert "Số: 591/KH-UBND" in norm(pdf_body_text(data))
    docx = tmp_path / "plan.docx"
    call_command("print_document", "plan", "591/KH-UBND", "--year", "2024", "-o", str(docx))
    texts = [p.text for p in DocxDocument(io.BytesIO(docx.read_bytes())).paragraphs]
    assert "KẾ HOẠCH" in texts


def test_print_document_letter_and_list(plan, tmp_path):
    letter = tmp_path / "gm.pdf"
    call_command("print_document", "letter", "591/KH-UBND#2", "-o", str(letter), verbosity=0)
    text = norm(pdf_body_text(letter.read_bytes()))
    assert "GIẤY MỜI" in text and "Thường trực Tỉnh ủy" in text
    listing = tmp_path / "ds.pdf"
    call_command("print_document", "list", "591/KH-UBND", "-o", str(listing), verbosity=0)
    assert "DANH SÁCH" in norm(pdf_body_text(listing.read_bytes()))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["plan", "591/KH-UBND", "-o", "x.odt"], ".pdf or .docx"),
        (["nope", "591/KH-UBND", "-o", "x.pdf"], "unknown kind"),
        (["plan", "592/KH-UBND", "-o", "x.pdf"], "no plan"),
        (["plan", "591/KH-UBND", "--year", "2023", "-o", "x.pdf"], "no plan"),
    ],
)
def test_print_document_errors(plan, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("print_document", *args)
