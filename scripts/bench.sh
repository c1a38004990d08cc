#!/usr/bin/env bash
# Run every bench/*.py that defines main() and print their "BENCH <name> <value> <unit>"
# lines on stdout (progress goes to stderr). One failing benchmark does not hide the
# others' figures, but makes the run fail.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
[ -x "$PY" ] || PY=python3
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
status=0
# Benchmarks that use the configured database (SQLite by default) find it migrated;
# page_rps makes and fills its own PostgreSQL database.
"$PY" manage.py migrate --noinput -v 0 || { echo "bench: migrate failed" >&2; exit 1; }
shopt -s nullglob
for script in bench/*.py; do
  grep -q '^def main(' "$script" || continue
  name=$(basename "$script" .py)
  echo "bench: $name" >&2
  out=$(mktemp)
  started=$(date +%s)
  if "$PY" "$script" >"$out"; then
    echo "bench: $name done in $(( $(date +%s) - started )) s" >&2
  else
    echo "bench: $name FAILED" >&2
    status=1
  fi
  grep '^BENCH ' "$out" || { echo "bench: $name printed no BENCH line" >&2; status=1; }
  rm -f "$out"
done
exit $status
