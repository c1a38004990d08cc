"""Decree 30/2020 layout, read back from the PDF with pdfplumber, for every kind."""

import io

import pdfplumber
import pytest

from documents.layout import BODY_PT, NATION_PT, RECIPIENT_PT, RECIPIENT_TITLE_PT
from documents.registry import get_kind
from documents.render import render_pdf

from .helpers import BOTTOM, LEFT, MM, RIGHT, TOP

A4 = (210 * MM, 297 * MM)


def _pdf(name, obj, **options):  # type: ignore[no-untyped-def]
    kind = get_kind(name)
    obj = kind.prepare(kind.model.objects.filter(pk=obj.pk)).get()
    return render_pdf(kind, kind.build(obj, **options))


@pytest.fixture
def rendered(request):  # type: ignore[no-untyped-def]
    name, options = request.param
    if name.startswith("event-"):
        # Seed 000's ceremony as load_demo enters it (plan 592/KH-UBND, its invitees).
        request.getfixturevalue("demo")
        event = get_kind("event-plan").lookup("592/KH-UBND", 2024)
        source = event if name == "event-plan" else event.invitations.order_by("pk").first()
        return name, options, _pdf(name, source, **options)
    long_list_plan = request.getfixturevalue("long_list_plan")
    source = long_list_plan.recipients.first() if name == "letter" else long_list_plan
    return name, options, _pdf(name, source, **options)


CASES = [
    ("plan", {}),
    ("letter", {}),
    ("list", {}),
    ("list", {"landscape": True}),
    ("event-plan", {}),
    ("event-invitation", {}),
]
SINGLE_PAGE = ("letter", "event-invitation")
WITH_RECIPIENTS = ("plan", "letter", "event-plan", "event-invitation")


@pytest.mark.parametrize(
    "rendered",
    CASES,
    indirect=True,
    ids=["plan", "letter", "list", "landscape", "event-plan", "event-invitation"],
)
def test_page_size_margins_fonts_header_and_page_numbers(rendered):
    name, options, data = rendered
    landscape = options.get("landscape")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pages = pdf.pages
        if name not in SINGLE_PAGE:
            assert len(pages) >= 2, "the test data must run over a page"
        else:
            assert len(pages) == 1, "a letter fits on one page"
        sizes = set()
        for number, page in enumerate(pages, start=1):
            width, height = (A4[1], A4[0]) if landscape else A4
            assert page.width == pytest.approx(width, abs=0.5)
            assert page.height == pytest.approx(height, abs=0.5)
            in_top_margin = [c for c in page.chars if c["bottom"] <= TOP]
            body = [c for c in page.chars if c["bottom"] > TOP]
            for c in body:
                assert c["x0"] >= LEFT - 0.5, (number, c["text"], c["x0"])
                assert c["x1"] <= page.width - RIGHT + 0.5, (number, c["text"], c["x1"])
                assert c["bottom"] <= page.height - BOTTOM + 0.5, (number, c["text"])
            for img in page.images:  # the QR code of an invitation
                assert img["x0"] >= LEFT - 0.5 and img["x1"] <= page.width - RIGHT + 0.5
                assert img["top"] >= TOP - 0.5 and img["bottom"] <= page.height - BOTTOM + 0.5
            if name == "event-invitation":
                assert len(page.images) == 1
            for c in page.chars:
                assert "Tinos" in c["fontname"], c["fontname"]
                sizes.add(round(c["size"], 1))
            number_text = "".join(c["text"] for c in in_top_margin)
            if number == 1:
                assert number_text == ""  # no page number on page 1
                text = page.extract_text()
                assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
                assert "Độc lập - Tự do - Hạnh phúc" in text
                assert "ỦY BAN NHÂN DÂN" in text
            else:
                assert number_text == str(number)
                xs = in_top_margin
                centre = (xs[0]["x0"] + xs[-1]["x1"]) / 2
                body_centre = (LEFT + page.width - RIGHT) / 2
                assert abs(centre - body_centre) < 10, "page number at the top centre"
    assert BODY_PT in sizes
    assert NATION_PT in sizes
    if name in WITH_RECIPIENTS:
        assert {RECIPIENT_TITLE_PT, RECIPIENT_PT} <= sizes


def test_plan_layout_details(long_list_plan):
    """Body justified with a 1 cm first-line indent; italics date; bold title; rules clear marks."""
    data = _pdf("plan", long_list_plan)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        words = page.extract_words(extra_attrs=["fontname", "size"])
        date_word = next(w for w in words if w["text"] == "ngày")
        assert "Italic" in date_word["fontname"]
        assert date_word["size"] == pytest.approx(14, abs=0.05)
        title = next(w for w in words if w["text"] == "HOẠCH")
        assert "Bold" in title["fontname"]
        # Centred title: its centre is the centre of the text area.
        centre = (next(w for w in words if w["text"] == "KẾ")["x0"] + title["x1"]) / 2
        assert abs(centre - (LEFT + page.width - RIGHT) / 2) < 3
        # "Thực hiện …" starts 1 cm in; its next line starts at the left margin.
        basis = next(w for w in words if w["text"] == "Thực")
        assert basis["x0"] == pytest.approx(LEFT + 10 * MM, abs=1)
        line2 = [w for w in words if abs(w["top"] - basis["top"] - 16.8) < 3]
        assert min(w["x0"] for w in line2) == pytest.approx(LEFT, abs=1)
        # Justified: the first line ends at the right margin.
        line1 = [w for w in words if abs(w["top"] - basis["top"]) < 1]
        assert max(w["x1"] for w in line1) == pytest.approx(page.width - RIGHT, abs=1)
        # Rules: under the organ (short), the motto (as long as it) and the title.
        rules = sorted(
            (r for r in page.rects + page.lines if r["x1"] - r["x0"] > 20),
            key=lambda r: r["bottom"],
        )
        assert len(rules) >= 3
        motto = [w for w in words if w["text"] in ("Độc", "phúc")]
        motto_rule = next(r for r in rules if r["x0"] <= motto[0]["x0"] + 1 and r["x0"] > 300)
        assert motto_rule["x0"] == pytest.approx(motto[0]["x0"], abs=1.5)
        assert motto_rule["x1"] == pytest.approx(motto[1]["x1"], abs=1.5)
        organ = [w for w in words if w["text"] in ("ỦY", "NÔNG") and w["x0"] < 300]
        organ_width = max(w["x1"] for w in organ) - min(w["x0"] for w in organ)
        organ_rule = next(r for r in rules if r["x1"] < 300)
        assert 0.3 <= (organ_rule["x1"] - organ_rule["x0"]) / organ_width <= 0.5
        for rule in rules:
            y = rule["bottom"] - 0.8  # the rule's top edge
            above = [
                c
                for c in page.chars
                if c["x1"] > rule["x0"] and c["x0"] < rule["x1"] and y - 30 < c["top"] < y
            ]
            assert above, "a rule sits under text"
            assert max(c["bottom"] for c in above) < y, "the rule crosses the dot-below marks"


def test_signature_block_right_and_recipients_left(plan):
    data = _pdf("plan", plan)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[-1]
        words = page.extract_words(extra_attrs=["fontname", "size"])
        noi = next(w for w in words if w["text"] == "Nơi")
        assert "BoldItalic" in noi["fontname"] or "Bold-Italic" in noi["fontname"]
        assert noi["size"] == RECIPIENT_TITLE_PT and noi["x0"] == pytest.approx(LEFT, abs=1)
        kt = next(w for w in words if w["text"] == "KT.")
        assert kt["x0"] > page.width / 2 and "Bold" in kt["fontname"]
        assert abs(kt["top"] - noi["top"]) < 4, "Nơi nhận level with the authority line"
        name = next(w for w in words if w["text"] == "Chiến")
        assert "Bold" in name["fontname"]
        assert name["top"] - kt["top"] > 60, "space for signature and seal"
        luu = next(w for w in words if w["text"] == "Lưu:")
        assert luu["size"] == pytest.approx(RECIPIENT_PT, abs=0.05)
