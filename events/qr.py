"""QR codes for check-in, drawn on the server (the ``qrcode`` package) as inline SVG."""

import io

import qrcode
import qrcode.image.svg
from django.utils.safestring import SafeString, mark_safe


def qr_svg(data: str) -> SafeString:
    """An ``<svg>`` element for ``data``; only our own URL goes in, so it is safe markup."""
    img = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    svg = img.to_string(encoding="unicode")
    return mark_safe(svg.replace("<svg ", '<svg role="img" class="qr-code" ', 1))  # noqa: S308


def qr_png(data: str) -> bytes:
    """PNG bytes, for printed invitation letters."""
    out = io.BytesIO()
    qrcode.make(data, box_size=6, border=2).save(out)
    return out.getvalue()
