#!/usr/bin/env bash
# Run every bench/*.py that defines main() and print their "BENCH <name> <value> <unit>"
# lines on stdout (progress goes to stderr). One failing benchmark does not hide the
# others' figures, but makes the run fail.
# BENCH_SMOKE=1 (make bench-smoke, part of make test): every benchmark on tiny data, all
# at once, to prove each still runs; its figures are not measurements (bench/_smoke.py).
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
[ -x "$PY" ] || PY=python3
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
smoke="${BENCH_SMOKE:-}"
status=0
run_started=$(date +%s)
if [ "$smoke" = 1 ]; then
  echo "bench: smoke mode, figures are not measurements" >&2
  # As scripts/test.sh: without PostgreSQL or Redis, skip, unless CI=true.
  if ! "$PY" bench/_smoke.py services; then
    [ "${CI:-}" = true ] && exit 1
    echo "bench: smoke run skipped" >&2
    exit 0
  fi
  # The databases each smoke benchmark copies its own from; dropped at the end.
  trap '"$PY" bench/_smoke.py teardown' EXIT
  "$PY" bench/_smoke.py setup || { echo "bench: smoke setup failed" >&2; exit 1; }
  echo "bench: smoke setup done in $(( $(date +%s) - run_started )) s" >&2
else
  # Benchmarks that use the configured database (SQLite by default) find it migrated;
  # page_rps makes and fills its own PostgreSQL database.
  "$PY" manage.py migrate --noinput -v 0 || { echo "bench: migrate failed" >&2; exit 1; }
fi
shopt -s nullglob
names=()
for script in bench/*.py; do
  grep -q '^def main(' "$script" && names+=("$(basename "$script" .py)")
done
out=$(mktemp -d)

run() {  # one benchmark: its stdout to $out/<name>.out, its progress to stderr
  local started
  started=$(date +%s)
  echo "bench: $1" >&2
  if "$PY" "bench/$1.py" >"$out/$1.out"; then
    echo "bench: $1 done in $(( $(date +%s) - started )) s" >&2
  else
    echo "bench: $1 FAILED" >&2
    return 1
  fi
}

figures() {  # its BENCH lines on stdout; fails when there are none
  grep '^BENCH ' "$out/$1.out" || { echo "bench: $1 printed no BENCH line" >&2; return 1; }
}

if [ "$smoke" = 1 ]; then
  # Nothing is measured, so all at once (each has its own databases, Redis db and port);
  # each one's progress is shown whole once it ends.
  pids=()
  for name in "${names[@]}"; do
    run "$name" 2>"$out/$name.log" &
    pids+=($!)
  done
  for i in "${!names[@]}"; do
    wait "${pids[$i]}" || status=1
    cat "$out/${names[$i]}.log" >&2
    figures "${names[$i]}" || status=1
  done
else
  for name in "${names[@]}"; do
    run "$name" || status=1
    figures "$name" || status=1
  done
fi
rm -rf "$out"
echo "bench: all done in $(( $(date +%s) - run_started )) s" >&2
[ "$smoke" = 1 ] && echo "bench: smoke mode, figures are not measurements" >&2
exit $status
