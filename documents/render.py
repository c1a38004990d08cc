"""HTML, PDF (WeasyPrint 70) and DOCX (python-docx) from one :class:`~documents.blocks.Document`.

WeasyPrint only ever sees our own template output and fetches only files under the
project's static directories (:class:`StaticOnlyURLFetcher`); user text reaches the
template as plain strings that Django escapes.
"""

import hashlib
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from . import layout
from .blocks import IMAGE_SCHEME, IMAGE_TYPES, Document
from .registry import DocumentKind

FONT_FILES = ("Tinos-Regular.ttf", "Tinos-Bold.ttf", "Tinos-Italic.ttf", "Tinos-BoldItalic.ttf")


def static_roots() -> list[Path]:
    roots = [Path(p).resolve() for p in settings.STATICFILES_DIRS]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT).resolve())
    return roots


def base_url() -> str:
    """Relative URLs in the templates ("fonts/Tinos-Regular.ttf") resolve in our static dir."""
    return static_roots()[0].as_uri() + "/"


class URLRefused(ValueError):
    pass


class StaticOnlyURLFetcher(URLFetcher):
    """Serve files under the project's static directories; refuse every other URL.

    No network scheme is ever opened (http, https, ftp, data…), and a ``file:`` URL is
    resolved (symlinks, ``..``) and must stay inside a static root. The one other URL
    served is ``thidua-image:<sha256>`` for an image handed to this fetcher in
    ``images`` (the document's own generated images, e.g. QR codes, kept in memory):
    the key must be one of those, and the bytes must hash to it and be PNG or JPEG.
    Refused URLs are kept in ``refused`` for tests and logs; WeasyPrint treats the
    error as a missing resource and goes on.
    """

    def __init__(self, images: dict[str, tuple[bytes, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False, **kwargs)
        self.roots = static_roots()
        self.images = dict(images or {})
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme.lower() == IMAGE_SCHEME:
            return self._image(url, parts.path)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            return self._refuse(url)
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots) or not path.is_file():
            return self._refuse(url)
        mime = "font/ttf" if path.suffix == ".ttf" else None
        headers_out = {"Content-Type": mime} if mime else {}
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), headers_out)

    def _image(self, url: str, key: str) -> URLFetcherResponse:
        found = self.images.get(key)
        if found is None:
            return self._refuse(url)
        data, mime = found
        magic = IMAGE_TYPES.get(mime)
        if magic is None or not data.startswith(magic) or hashlib.sha256(data).hexdigest() != key:
            return self._refuse(url)
        return URLFetcherResponse(url, data, {"Content-Type": mime})

    def _refuse(self, url: str) -> URLFetcherResponse:
        self.refused.append(url)
        raise URLRefused(f"refused to fetch {url[:200]}")


def layout_values() -> dict[str, Any]:
    return {k: v for k, v in vars(layout).items() if k.isupper()}


def render_html(kind: DocumentKind, doc: Document) -> str:
    """The final HTML string handed to WeasyPrint (Vietnamese whatever the request)."""
    with translation.override("vi"):
        return render_to_string(
            kind.get_template(), {"doc": doc, "kind": kind, "L": layout_values()}
        )


def html_to_pdf(html: str, fetcher: StaticOnlyURLFetcher | None = None) -> bytes:
    fetcher = fetcher or StaticOnlyURLFetcher()
    return HTML(string=html, base_url=base_url(), url_fetcher=fetcher).write_pdf()


def render_pdf(kind: DocumentKind, doc: Document) -> bytes:
    """The PDF; the fetcher may serve the document's own images and nothing else new."""
    return html_to_pdf(render_html(kind, doc), StaticOnlyURLFetcher(images=doc.images()))


def render_docx(kind: DocumentKind, doc: Document) -> bytes:
    from .docx_writer import write_docx

    with translation.override("vi"):
        return write_docx(doc)


def render(kind: DocumentKind, doc: Document, fmt: str) -> bytes:
    if fmt == "pdf":
        return render_pdf(kind, doc)
    if fmt == "docx":
        return render_docx(kind, doc)
    raise ValueError(f"unknown format {fmt!r}")
