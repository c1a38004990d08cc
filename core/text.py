"""Text helpers shared by every app."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Apostrophes inside names (Đắk R'Moan, Ea H'Leo, Cư M'gar) are typed or left out at will.
_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc`]")
_PUNCTUATION = re.compile(r"[^\w\s]")


def fold(text: str | None) -> str:
    """Lower-case ``text``, strip Vietnamese diacritics and punctuation, for accent-blind
    search.

    "Nguyễn Văn Ân" and "nguyen van an" fold to the same key; "Đ" has no decomposition
    in Unicode, so it is mapped by hand. Apostrophes are dropped ("Đắk R'Moan" and "dak
    rmoan" match) and other punctuation is a space ("591/KH-UBND" is "591 kh ubnd", found
    by "kh ubnd" or "KH-UBND"), since the typed query is folded the same way. Data
    migrations that recompute stored keys keep their own copy of this rule.
    """
    if not text:
        return ""
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    stripped = _PUNCTUATION.sub(" ", _APOSTROPHES.sub("", stripped))
    return _SPACES.sub(" ", stripped).strip().lower()


def vn_upper(text: str) -> str:
    """Upper-case Vietnamese text (Python's ``upper`` handles it; kept for clarity)."""
    return unicodedata.normalize("NFC", text.upper())
