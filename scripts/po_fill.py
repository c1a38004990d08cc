"""Fill locale/vi entries from JSON files of {msgid: translation} (a developer helper).

    .venv/bin/python scripts/po_fill.py translations.json [...]

Only empty or fuzzy entries are filled; existing translations are kept unless --force.
"""

import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"

force = "--force" in sys.argv
mapping: dict[str, str] = {}
for arg in sys.argv[1:]:
    if arg != "--force":
        mapping.update(json.loads(Path(arg).read_text(encoding="utf-8")))
po = polib.pofile(str(PO))
filled = 0
for entry in po:
    if entry.msgid in mapping and (force or not entry.msgstr or entry.fuzzy):
        if entry.msgid_plural:
            entry.msgstr_plural = {0: mapping[entry.msgid]}
        else:
            entry.msgstr = mapping[entry.msgid]
        if entry.fuzzy:
            entry.flags.remove("fuzzy")
        filled += 1
po.save(str(PO))
print(f"po_fill: filled {filled} entries; {len(po.untranslated_entries())} still untranslated")
