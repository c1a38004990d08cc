"""Render plan text (paragraphs, "- "/"+ " bullets, *italic*, **bold**) safely as HTML."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"\*(.+?)\*")


def _inline(text: str) -> str:
    # Escape first: user text never becomes markup; only our two markers do.
    html = escape(text)
    html = _BOLD.sub(r"<strong>\1</strong>", html)
    return _ITALIC.sub(r"<em>\1</em>", html)


@register.filter
def plan_text(text: str) -> SafeString:
    parts = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        if line[:2] in ("- ", "+ "):
            css = "plan-bullet" if line[0] == "-" else "plan-subbullet"
            parts.append(f'<p class="{css}">{escape(line[0])} {_inline(line[2:])}</p>')
        else:
            parts.append(f'<p class="plan-para">{_inline(line)}</p>')
    return mark_safe("".join(parts))  # noqa: S308 - every fragment was escaped above


@register.filter
def plan_text_numbered(text: str, number: str) -> SafeString:
    """Like ``plan_text``, with an untitled item's number ("1.", "a)") opening its first
    paragraph, as the plans print it ("1. Tạo khí thế…"), not on a line of its own."""
    html = str(plan_text(text))
    lead = escape(number)
    opening = '<p class="plan-para">'
    if html.startswith(opening):
        return mark_safe(f"{opening}{lead} {html[len(opening) :]}")  # noqa: S308 - escaped
    return mark_safe(f'<p class="plan-para">{lead}</p>{html}')  # noqa: S308 - escaped


@register.filter
def plan_inline(text: str) -> SafeString:
    return mark_safe(_inline(text or ""))  # noqa: S308 - escaped in _inline


@register.filter
def vn_date(value) -> str:  # type: ignore[no-untyped-def]
    """Dates as the plans write them: 19/8/2024, 03/02/2025 (Decree 30 leading zeros)."""
    if not value:
        return ""
    day = f"{value.day:02d}" if value.day < 10 else str(value.day)
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"{day}/{month}/{value.year}"


@register.filter
def date_line(value) -> str:  # type: ignore[no-untyped-def]
    """ "ngày 16 tháng 9 năm 2024"; day below 10 and months 1–2 get a leading zero."""
    if not value:
        return ""
    day = f"{value.day:02d}"
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"ngày {day} tháng {month} năm {value.year}"


_NARROW = {
    "comparator",
    "kind",
    "code",
    "number",
    "target_value",
    "unit_label",
    "frequency",
    "order",
    "min_share",
    "classification",
    "or_better",
    "inline_title",
}
_WIDE = {"text", "body", "dedication", "description"}


@register.filter
def row_col(form, name: str) -> str:  # type: ignore[no-untyped-def]
    """Grid classes of field ``name`` in an edit row: the form's ``columns`` or by kind."""
    columns = getattr(form, "columns", {})
    if name in columns:
        return columns[name]
    if name in _NARROW or getattr(form.fields[name].widget, "input_type", "") == "date":
        return "col-6 col-md-2"
    if name in _WIDE:
        return "col-12"
    return "col-12 col-md-6 col-lg-4"
