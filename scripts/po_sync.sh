#!/usr/bin/env bash
# Bring locale/vi up to date with the code: extract every msgid (makemessages), fill new
# or fuzzy entries from the JSON mappings given (default: locale/pending/*.json, which git
# ignores), drop msgmerge's guesses, compile. Run under a lock, so several people working
# in one checkout never interleave their writes to django.po. The output is byte-stable:
# on an unchanged tree it changes nothing.
#
#   scripts/po_sync.sh [mapping.json ...]
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
mkdir -p locale/pending
maps=("$@")
if [ ${#maps[@]} -eq 0 ]; then
  shopt -s nullglob
  maps=(locale/pending/*.json)
fi
exec 9>"${TMPDIR:-/tmp}/thidua-po.lock"
flock 9
PO=locale/vi/LC_MESSAGES/django.po
before=$(mktemp)
cp "$PO" "$before"
$PY manage.py makemessages -l vi --no-location --no-obsolete -v 0 \
  --ignore=.venv --ignore=node_modules --ignore=static/vendor --ignore=bench --ignore=tests
$PY scripts/po_fill.py --drop-guesses ${maps[@]+"${maps[@]}"}
# makemessages always stamps a new POT-Creation-Date: keep the old file if that is all.
if diff -q <(grep -v '^"POT-Creation-Date' "$before") <(grep -v '^"POT-Creation-Date' "$PO") >/dev/null; then
  cp "$before" "$PO"
fi
rm -f "$before"
$PY manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0
$PY scripts/check_translations.py
