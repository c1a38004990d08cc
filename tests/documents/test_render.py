"""PDF and DOCX rendering: Vietnamese text, fonts, escaping, the URL fetcher."""

import ctypes.util
import io

import pytest
from pypdf import PdfReader
from weasyprint.urls import URLFetcher

from documents.blocks import Paragraph, Run
from documents.registry import all_kinds, get_kind
from documents.render import (
    StaticOnlyURLFetcher,
    URLRefused,
    html_to_pdf,
    render_docx,
    render_html,
    render_pdf,
    static_roots,
)

from .helpers import docx_paragraphs, norm, pdf_body_text


def build(name, obj, **options):  # type: ignore[no-untyped-def]
    kind = get_kind(name)
    obj = kind.prepare(kind.model.objects.filter(pk=obj.pk)).get()
    return kind, kind.build(obj, **options)


def test_harfbuzz_subset_is_installed():
    # Without it WeasyPrint falls back to fontTools and renders 3.4x slower.
    assert ctypes.util.find_library("harfbuzz-subset"), "install libharfbuzz-subset0"


def test_kinds_are_registered():
    assert {"plan", "letter", "list"} <= set(all_kinds())


def test_plan_pdf_holds_the_vietnamese_header_title_and_body(plan):
    kind, doc = build("plan", plan)
    pdf = render_pdf(kind, doc)
    assert pdf.startswith(b"%PDF")
    text = norm(pdf_body_text(pdf))
    for expected in (
        "ỦY BAN NHÂN DÂN",
        "TỈNH ĐĂK NÔNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 591/KH-UBND",
        "Đăk Nông, ngày 16 tháng 9 năm 2024",
        "KẾ HOẠCH",
        "Phát động phong trào thi đua đặc biệt trong lực lượng tham gia bảo vệ an ninh, "
        "trật tự ở cơ sở trên địa bàn tỉnh Đăk Nông",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "2. Thời gian: Phong trào thi đua bắt đầu từ ngày 19/8/2024",
        "- Đợt 1: Từ ngày 19/8/2024 đến ngày 03/02/2025 “Thi đua lập thành tích",
        "“Lực lượng mới, khí thế mới, thi đua bảo vệ an ninh, trật tự ở cơ sở "
        "trong tình hình mới”.",
        "4.7. Thi đua xây dựng, phát huy, nhân rộng",
        "III. TỔ CHỨC THỰC HIỆN",
        "để được hướng dẫn thực hiện./.",
        "Nơi nhận:",
        "- Cục X03, V01, V05, Bộ Công an;",
        "- Lưu: VT, NC (Ln).",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Lê Văn Chiến",
    ):
        assert expected in text, expected


def test_draft_number_and_date_are_left_blank(plan):
    plan.number, plan.issued_on = None, None
    plan.save()
    kind, doc = build("plan", plan)
    assert doc.header.number_line == "Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/KH-UBND"
    text = norm(pdf_body_text(render_pdf(kind, doc)))
    assert "Số: /KH-UBND" in text
    assert "Đăk Nông, ngày tháng năm 2024" in text


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ((2024, 9, 16), "ngày 16 tháng 9 năm 2024"),
        ((2023, 2, 2), "ngày 02 tháng 02 năm 2023"),
        ((2024, 1, 5), "ngày 05 tháng 01 năm 2024"),
        ((2024, 12, 31), "ngày 31 tháng 12 năm 2024"),
    ],
)
def test_place_and_date_line_pads_day_below_10_and_months_1_2(day, expected):
    from datetime import date

    from documents.blocks import place_date_line

    assert place_date_line("Bình Phước", date(*day)) == f"Bình Phước, {expected}"


def test_number_below_ten_gets_a_leading_zero():
    from documents.blocks import Header

    assert Header(organ="X", number=7, symbol="KH-UBND").number_line == "Số: 07/KH-UBND"


def test_fonts_are_embedded_tinos(plan):
    kind, doc = build("plan", plan)
    reader = PdfReader(io.BytesIO(render_pdf(kind, doc)))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            fonts[str(font["/BaseFont"])] = "/FontFile2" in descriptor
    assert fonts, "no fonts"
    assert all("Tinos" in name for name in fonts), fonts
    assert all(fonts.values()), fonts
    assert {n.split("+")[1] for n in fonts} >= {"Tinos", "Tinos-Bold", "Tinos-Italic"}


def test_user_text_is_escaped_never_markup(plan, tmp_path):
    evil = '<img src="file:///etc/passwd"> <b>x</b> {{ 7|add:1 }} &amp;'
    plan.title = evil
    plan.save()
    plan.recipients.update(text=evil)
    kind, doc = build("plan", plan)
    html = render_html(kind, doc)
    assert '<img src="file:///etc/passwd">' not in html
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in html
    fetcher = StaticOnlyURLFetcher()
    pdf = html_to_pdf(html, fetcher)
    assert fetcher.refused == []  # nothing even tried to fetch the file
    text = norm(pdf_body_text(pdf))
    assert '<img src="file:///etc/passwd"> <b>x</b> {{ 7|add:1 }} &amp;' in text
    paragraphs = docx_paragraphs(render_docx(kind, doc))
    assert evil in paragraphs


def test_markers_in_plan_text_become_runs_not_markup():
    from documents.blocks import runs

    assert runs("a **b** *c* <i>d</i>") == [
        Run("a "),
        Run("b", bold=True),
        Run(" "),
        Run("c", italic=True),
        Run(" <i>d</i>"),
    ]
    assert Paragraph(runs("x")).type == "paragraph"


def test_fetcher_is_a_weasyprint_url_fetcher():
    assert isinstance(StaticOnlyURLFetcher(), URLFetcher)


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/logo.png",
        "https://127.0.0.1/x.css",
        "ftp://example.org/a",
        "data:text/plain,hello",
        "file:///etc/passwd",
        "file://remote-host/static/fonts/Tinos-Regular.ttf",
    ],
)
def test_fetcher_refuses_remote_and_foreign_urls(url):
    fetcher = StaticOnlyURLFetcher()
    with pytest.raises(URLRefused):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_fetcher_refuses_escaping_the_static_dir():
    root = static_roots()[0]
    fetcher = StaticOnlyURLFetcher()
    with pytest.raises(URLRefused):
        fetcher.fetch(f"{root.as_uri()}/../manage.py")
    with pytest.raises(URLRefused):
        fetcher.fetch(f"{root.as_uri()}/fonts/missing.ttf")


def test_fetcher_serves_our_fonts():
    root = static_roots()[0]
    response = StaticOnlyURLFetcher().fetch(f"{root.as_uri()}/fonts/Tinos-Regular.ttf")
    assert response.read(4) == b"\x00\x01\x00\x00"


def test_remote_resources_in_a_document_are_never_fetched(monkeypatch):
    """Even markup we wrote ourselves cannot reach the network or the file system."""
    import socket

    def no_network(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    fetcher = StaticOnlyURLFetcher()
    html = (
        '<link rel="stylesheet" href="https://example.org/x.css">'
        '<img src="http://example.org/a.png"><img src="file:///etc/passwd"><p>ok</p>'
    )
    pdf = html_to_pdf(html, fetcher)
    assert pdf.startswith(b"%PDF")
    assert set(fetcher.refused) == {
        "https://example.org/x.css",
        "http://example.org/a.png",
        "file:///etc/passwd",
    }
