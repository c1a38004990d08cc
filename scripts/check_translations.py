"""Fail when locale/vi has untranslated or fuzzy entries (STYLE.md, Tooling)."""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
problems = 0
for po_path in sorted((ROOT / "locale" / "vi" / "LC_MESSAGES").glob("*.po")):
    po = polib.pofile(str(po_path))
    for entry in po.untranslated_entries():
        print(f"{po_path.name}: untranslated: {entry.msgid!r}")
        problems += 1
    for entry in po.fuzzy_entries():
        print(f"{po_path.name}: fuzzy: {entry.msgid!r}")
        problems += 1
if problems:
    print(f"{problems} translation problem(s) in locale/vi", file=sys.stderr)
    sys.exit(1)
print("translations: locale/vi complete")
