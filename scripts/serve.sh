#!/usr/bin/env bash
# Serve the portal on 127.0.0.1:8000. With REDIS_URL set, also a Celery worker and beat;
# without it, tasks run in-process (CELERY_TASK_ALWAYS_EAGER) and nothing else is needed.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM
if [ -n "${REDIS_URL:-}" ]; then
  mkdir -p run
  .venv/bin/celery -A thidua worker -l info --concurrency 2 >run/worker.log 2>&1 & pids+=($!)
  .venv/bin/celery -A thidua beat -l info -s run/celerybeat-schedule >run/beat.log 2>&1 & pids+=($!)
  echo "serve: Celery worker and beat started (logs in run/)"
else
  echo "serve: REDIS_URL not set, tasks run in-process"
fi
echo "serve: http://127.0.0.1:8000/ (demo users: see README)"
$PY manage.py runserver 127.0.0.1:8000
