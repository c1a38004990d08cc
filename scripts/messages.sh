#!/usr/bin/env bash
# Refresh locale/vi from the code and fill it from JSON files of {msgid: "bản dịch"}.
#   flock /tmp/thidua-po.lock scripts/messages.sh [mapping.json ...]
# makemessages rewrites the whole .po file, so parallel runs must hold the lock.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
$PY manage.py makemessages -l vi --no-location --ignore=.venv --ignore=node_modules \
  --ignore=static/vendor --ignore=tests --ignore=bench -v 0
$PY scripts/po_fill.py --drop-guesses "$@"
$PY manage.py compilemessages -l vi --ignore=.venv --ignore=node_modules -v 0
