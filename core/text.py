"""Text helpers shared by every app."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Lower-case ``text`` and strip Vietnamese diacritics, for accent-blind search.

    "Nguyễn Văn Ân" and "nguyen van an" fold to the same key; "Đ" has no
    decomposition in Unicode, so it is mapped by hand.
    """
    if not text:
        return ""
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return _SPACES.sub(" ", stripped).strip().lower()


def vn_upper(text: str) -> str:
    """Upper-case Vietnamese text (Python's ``upper`` handles it; kept for clarity)."""
    return unicodedata.normalize("NFC", text.upper())
