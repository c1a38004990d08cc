"""Fill locale/vi entries from JSON files of {msgid: translation} (a developer helper).

    .venv/bin/python scripts/po_fill.py [--force] [--drop-guesses] translations.json [...]

Only empty or fuzzy entries are filled; existing translations are kept unless --force.
With --drop-guesses, fuzzy entries that no mapping fills are emptied: msgmerge's guesses
from a similar msgid are usually wrong, and an empty entry is flagged by the check.
"""

import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def _forget_previous(entry: polib.POEntry) -> None:
    """Drop msgmerge's "#| msgid" notes: a half-kept one is a msgfmt syntax error."""
    entry.previous_msgid = None
    entry.previous_msgid_plural = None
    entry.previous_msgctxt = None


flags = {a for a in sys.argv[1:] if a.startswith("--")}
force = "--force" in flags
drop_guesses = "--drop-guesses" in flags
mapping: dict[str, str] = {}
for arg in sys.argv[1:]:
    if not arg.startswith("--"):
        mapping.update(json.loads(Path(arg).read_text(encoding="utf-8")))
po = polib.pofile(str(PO), wrapwidth=100)
filled = dropped = 0
for entry in po:
    if entry.obsolete:
        continue
    if entry.msgid in mapping and (force or not entry.msgstr or entry.fuzzy):
        if entry.msgid_plural:
            entry.msgstr_plural = {0: mapping[entry.msgid]}
        else:
            entry.msgstr = mapping[entry.msgid]
        if entry.fuzzy:
            entry.flags.remove("fuzzy")
        _forget_previous(entry)
        filled += 1
    elif drop_guesses and entry.fuzzy:
        entry.flags.remove("fuzzy")
        _forget_previous(entry)
        if entry.msgid_plural:
            entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural, "")
        else:
            entry.msgstr = ""
        dropped += 1
# Obsolete entries only add noise to diffs.
for entry in [e for e in po if e.obsolete]:
    po.remove(entry)
po.save(str(PO))
untranslated = [e.msgid for e in po.untranslated_entries()]
print(f"po_fill: filled {filled}, dropped {dropped} guesses; {len(untranslated)} untranslated")
for msgid in untranslated[:50]:
    print(f"  untranslated: {msgid!r}")
