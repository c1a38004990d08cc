import io
import re
from itertools import pairwise

import pdfplumber
from docx import Document as DocxDocument

MM = 72 / 25.4
TOP, RIGHT, BOTTOM, LEFT = 20 * MM, 15 * MM, 20 * MM, 30 * MM


def norm(text: str) -> str:
    text = text.replace("\u00a0", " ").replace("**", "").replace("*", "")
    return re.sub(r"\s+", " ", text).strip()


def pdf_body_text(data: bytes) -> str:
    """The text inside the margins of every page (page numbers, in the top margin, excluded)."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        parts = []
        for page in pdf.pages:
            body = page.crop((0, TOP - 1, page.width, page.height))
            parts.append(body.extract_text() or "")
    return "\n".join(parts)


def docx_paragraphs(data: bytes) -> list[str]:
    """Non-empty paragraph texts in document order, table cells included."""
    d = DocxDocument(io.BytesIO(data))
    out = []
    body = d.element.body
    for p in body.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"):
        text = "".join(
            t.text or ""
            for t in p.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t")
        )
        if text.strip():
            out.append(text)
    return out


def _text(page, box) -> str:  # type: ignore[no-untyped-def]
    x0, top, x1, bottom = box
    if bottom - top < 1 or x1 - x0 < 1:
        return ""
    return page.crop((x0, top, x1, bottom)).extract_text() or ""


def pdf_reading_text(data: bytes) -> str:
    """Text in reading order: the two-column header and footer read column by column.

    The header (page 1, above the document type name) is read left then right; the
    footer (from "Nơi nhận:") recipients first, then the signer.
    """
    out = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            w, h = page.width, page.height
            text_w = w - LEFT - RIGHT
            top, bottom = TOP - 1, h
            words = page.crop((0, top, w, bottom)).extract_words()
            if number == 1:
                title = next(
                    (x for x in words if x["top"] > top + 40 and x["x0"] > LEFT + 60), None
                )
                if title is not None:
                    split = LEFT + 0.4 * text_w
                    out.append(_text(page, (0, top, split, title["top"] - 1)))
                    out.append(_text(page, (split, top, w, title["top"] - 1)))
                    top = title["top"] - 1
            footer = next(
                (a for a, b in pairwise(words) if a["text"] == "Nơi" and b["text"] == "nhận:"),
                None,
            )
            if footer is not None:
                out.append(_text(page, (0, top, w, footer["top"] - 1)))
                split = LEFT + 0.48 * text_w
                out.append(_text(page, (0, footer["top"] - 1, split, bottom)))
                out.append(_text(page, (split, footer["top"] - 1, w, bottom)))
            else:
                out.append(_text(page, (0, top, w, bottom)))
    return "\n".join(out)
