from typing import Any

from django import template
from django.conf import settings

from core.text import fold as fold_text

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context: dict[str, Any], **kwargs: Any) -> str:
    """The current query string with some parameters replaced (keeps filters on paging)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        query[key] = value
    return query.urlencode()


@register.filter
def fold(value: str) -> str:
    return fold_text(value)


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key) if mapping else None


@register.filter
def lower_first(value: Any) -> str:
    """A standalone label inside a sentence: "Tháng 6/2025" in "Báo cáo tháng 6/2025".
    Only the first letter changes, so "Quý I/2025" becomes "quý I/2025"."""
    text = str(value)
    return text[:1].lower() + text[1:]


@register.simple_tag
def language_choices() -> list[tuple[str, str]]:
    """The languages offered, each in its own name ("English", not "Tiếng Anh" as
    Django's translated list says): whoever looks for their language reads it."""
    return list(settings.LANGUAGES)
