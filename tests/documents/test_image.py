"""Image (QR code), page break and banner blocks in both renderers, and the URL fetcher
serving only the document's own in-memory images."""

import hashlib
import io
import json

import pdfplumber
import pytest
from docx import Document as DocxDocument

from documents.blocks import (
    IMAGE_SCHEME,
    Banner,
    Document,
    Header,
    Image,
    PageBreak,
    Paragraph,
    Run,
    block_text,
    end_with_mark,
)
from documents.registry import get_kind
from documents.render import (
    StaticOnlyURLFetcher,
    URLRefused,
    html_to_pdf,
    render_docx,
    render_html,
    render_pdf,
)
from events.qr import qr_png

from .helpers import LEFT, RIGHT, docx_paragraphs, norm, pdf_body_text

PNG = qr_png("https://thidua.example/events/1/checkin/?t=abc")
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 16


def _doc(*blocks):  # type: ignore[no-untyped-def]
    return Document(
        kind="plan",
        type_name="GIẤY MỜI",
        header=Header(organ="ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM", symbol="GM-UBND", place="Thử"),
        summary="Dự Lễ phát động",
        blocks=list(blocks),
    )


def test_image_block_takes_only_png_or_jpeg_bytes():
    assert Image(PNG).mime == "image/png"
    assert Image(JPEG, mime="image/jpeg").key == hashlib.sha256(JPEG).hexdigest()
    with pytest.raises(ValueError):
        Image(b"<svg xmlns='http://www.w3.org/2000/svg'/>", mime="image/svg+xml")
    with pytest.raises(ValueError):
        Image(b"GIF89a....", mime="image/png")  # the bytes must be what the type says
    with pytest.raises(ValueError):
        Image(PNG, mime="image/jpeg")


def test_image_key_stands_for_the_bytes_in_the_checksummed_data():
    image = Image(PNG, beside=[[Run("Mã điểm danh: ", bold=True), Run("abc")]], caption="QR")
    data = _doc(image).as_data()
    json.dumps(data)  # JSON-able: no bytes left
    assert data["blocks"][0]["data"] == image.key
    assert image.src == f"{IMAGE_SCHEME}:{image.key}"
    assert block_text(image) == ["Mã điểm danh: abc", "QR"]


def test_fetcher_serves_only_the_documents_own_images():
    image = Image(PNG)
    fetcher = StaticOnlyURLFetcher(images={image.key: (image.data, image.mime)})
    response = fetcher.fetch(image.src)
    assert response.read() == PNG
    assert response.headers["Content-Type"] == "image/png"
    other = hashlib.sha256(b"other").hexdigest()
    for url in (f"{IMAGE_SCHEME}:{other}", f"{IMAGE_SCHEME}:../../etc/passwd"):
        with pytest.raises(URLRefused):
            fetcher.fetch(url)
    # A fetcher without images serves none, whatever the key.
    with pytest.raises(URLRefused):
        StaticOnlyURLFetcher().fetch(image.src)
    assert fetcher.refused == [f"{IMAGE_SCHEME}:{other}", f"{IMAGE_SCHEME}:../../etc/passwd"]


def test_fetcher_refuses_an_image_whose_bytes_do_not_match_its_key():
    key = hashlib.sha256(PNG).hexdigest()
    swapped = StaticOnlyURLFetcher(images={key: (PNG + b"x", "image/png")})
    with pytest.raises(URLRefused):
        swapped.fetch(f"{IMAGE_SCHEME}:{key}")
    not_an_image = StaticOnlyURLFetcher(
        images={hashlib.sha256(b"<svg/>").hexdigest(): (b"<svg/>", "image/svg+xml")}
    )
    with pytest.raises(URLRefused):
        not_an_image.fetch(f"{IMAGE_SCHEME}:{hashlib.sha256(b'<svg/>').hexdigest()}")


def test_pdf_embeds_the_qr_code_inside_the_margins_with_its_text():
    kind = get_kind("plan")
    long_link = "https://thidua.example/events/rsvp/" + "x" * 43 + "/"
    doc = _doc(
        Paragraph([Run("Trân trọng kính mời.")]),
        Image(PNG, width_mm=30, beside=[[Run("Mã QR điểm danh", bold=True)], [Run(long_link)]]),
        Paragraph([Run("Rất mong được đón tiếp.")]),
    )
    html = render_html(kind, doc)
    assert f'src="{IMAGE_SCHEME}:' in html and "data:" not in html
    pdf = render_pdf(kind, doc)
    with pdfplumber.open(io.BytesIO(pdf)) as reader:
        page = reader.pages[0]
        assert len(page.images) == 1
        img = page.images[0]
        assert img["x1"] - img["x0"] == pytest.approx(30 * 72 / 25.4, abs=1)
        assert img["x0"] >= LEFT - 0.5
        for c in page.chars:  # the long link wraps inside the right margin
            assert c["x1"] <= page.width - RIGHT + 0.5, c["text"]
    text = norm(pdf_body_text(pdf))
    assert "Mã QR điểm danh" in text
    assert long_link in text.replace(" ", "")


def test_an_image_not_in_the_document_is_refused_when_rendering():
    image = Image(PNG)
    html = f'<p>x</p><img src="{image.src}">'
    fetcher = StaticOnlyURLFetcher()
    assert html_to_pdf(html, fetcher).startswith(b"%PDF")
    assert fetcher.refused == [image.src]


def test_docx_holds_the_picture_and_the_text_beside_it():
    doc = _doc(Image(PNG, width_mm=30, beside=[[Run("Mã điểm danh: "), Run("abc")]]))
    data = render_docx(get_kind("plan"), doc)
    d = DocxDocument(io.BytesIO(data))
    assert len(d.inline_shapes) == 1
    assert d.inline_shapes[0].width == pytest.approx(30 * 36000, rel=0.01)  # EMU per mm
    assert "Mã điểm danh: abc" in docx_paragraphs(data)


def test_banner_on_a_page_of_its_own_in_pdf_and_docx():
    kind = get_kind("plan")
    blocks = [Paragraph([Run("Nội dung kế hoạch.")])]
    end_with_mark(blocks)
    blocks += [
        Banner(
            top="ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM",
            lines=["LỄ PHÁT ĐỘNG", "PHONG TRÀO THI ĐUA ĐẶC BIỆT"],
            bottom="Thử, ngày     tháng 9 năm 2024",
            note="Tiêu đề khánh tiết",
        )
    ]
    end_with_mark(blocks)  # the banner does not take the end mark
    doc = _doc(*blocks)
    assert [b.runs[-1].text for b in blocks[:1]] == ["Nội dung kế hoạch./."]
    pdf = render_pdf(kind, doc)
    with pdfplumber.open(io.BytesIO(pdf)) as reader:
        assert len(reader.pages) == 2
        first, second = (p.extract_text() for p in reader.pages)
    assert "LỄ PHÁT ĐỘNG" not in first
    assert "LỄ PHÁT ĐỘNG" in second and "PHONG TRÀO THI ĐUA ĐẶC BIỆT" in second
    assert "ngày tháng 9 năm 2024" in norm(second)
    paragraphs = docx_paragraphs(render_docx(kind, doc))
    assert paragraphs[-4:] == [
        "ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM",
        "LỄ PHÁT ĐỘNG",
        "PHONG TRÀO THI ĐUA ĐẶC BIỆT",
        "Thử, ngày     tháng 9 năm 2024",
    ]


def test_page_break_starts_a_new_page():
    kind = get_kind("plan")
    doc = _doc(Paragraph([Run("Trang một.")]), PageBreak(), Paragraph([Run("Trang hai.")]))
    with pdfplumber.open(io.BytesIO(render_pdf(kind, doc))) as reader:
        assert len(reader.pages) == 2
        assert "Trang hai." in reader.pages[1].extract_text()
    d = DocxDocument(io.BytesIO(render_docx(kind, doc)))
    assert 'w:type="page"' in d.element.xml
