"""Requests per second of the home dashboard against a bare one-query view.

On PostgreSQL (database ``thidua_bench``, created if missing): migrate, ``load_demo``,
``seed_national`` (34 provinces, 3,300 communes, 100,000 villages), then one gunicorn with
2 sync workers on a loopback port. Logged in as ``tinh`` (province staff), a fixed number
of threads request ``/`` and then ``/healthz`` for a bounded number of requests and
seconds, in alternating rounds; the best round of each counts (the machine is shared, so a
round can lose its CPU to another process). Prints::

    BENCH page_rps_home <x> rps
    BENCH page_rps_healthz <x> rps
    BENCH page_rps_ratio <x> ratio      (target >= 0.5; as deployed, with the page cache)
    BENCH page_rps_ratio_rendered <x> ratio   (the same with the page rendered every time)
    BENCH page_home_queries <n> queries          (rendered: the page cache is stale)
    BENCH page_home_cached_queries <n> queries   (served from the page cache)

Environment: ``BENCH_DATABASE_URL`` (default postgres://postgres@127.0.0.1:5432/thidua_bench),
``BENCH_REDIS_URL`` (redis://127.0.0.1:6379/13: cache, sessions and page cache shared by the
workers, as deployed; unreachable means the database sessions and no page cache),
``BENCH_PORT`` (8190), ``BENCH_THREADS`` (4), ``BENCH_REQUESTS`` (per round, 4000),
``BENCH_SECONDS`` (per round, 8), ``BENCH_ROUNDS`` (3), ``BENCH_PREPARE=0`` to reuse the
database as it is (no migrate, load_demo, seed_national: for quick reruns). ``BENCH_SMOKE=1``
(bench/_smoke.py): 2 provinces, 20 communes, 300 villages, few requests, 1 round.
"""

import _http  # noqa: I001 - bench/ is on sys.path when run as a script
import _smoke
import http.client
import os
import re
import secrets
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable
HOST = "127.0.0.1"
PORT = _smoke.port(int(os.environ.get("BENCH_PORT", "8190")))
DATABASE_URL = _smoke.database_url(
    os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/thidua_bench")
)
THREADS = int(os.environ.get("BENCH_THREADS", "4"))
REQUESTS = _smoke.knob("BENCH_REQUESTS", 4000, 200)
SECONDS = _smoke.knob("BENCH_SECONDS", 8.0, 1.0)
ROUNDS = _smoke.knob("BENCH_ROUNDS", 3, 1)
REDIS_URL = _smoke.redis_url(os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13"), 6)
USE_REDIS = _http.redis_ok(REDIS_URL)
USERNAME = "tinh"
PASSWORD = "thidua@2024"  # noqa: S105 - the documented demo password, set with DEBUG on


def log(message: str) -> None:
    print(f"page_rps: {message}", file=sys.stderr, flush=True)


def server_env(debug: bool) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="thidua.settings",
        DATABASE_URL=DATABASE_URL,
        DEBUG="true" if debug else "false",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        SECURE_HSTS_SECONDS="0",
        CELERY_TASK_ALWAYS_EAGER="true",
        CACHE_KEY_PREFIX="thidua-bench-rps",
        LOG_LEVEL="WARNING",
    )
    # Sessions and cache as deployed when a Redis answers; otherwise the database.
    env.pop("REDIS_URL", None)
    if USE_REDIS:
        env["REDIS_URL"] = REDIS_URL
    return env


def manage(*args: str, debug: bool = True) -> str:
    started = time.perf_counter()
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=server_env(debug),
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-3000:] + result.stderr[-3000:])
        raise SystemExit(f"page_rps: manage.py {' '.join(args)} failed")
    log(f"manage.py {args[0]}: {time.perf_counter() - started:.1f} s")
    return result.stdout


def ensure_database() -> None:
    if _smoke.SMOKE:  # a copy of a migrated database with the demo data
        _smoke.create_database(DATABASE_URL, log)
    else:
        _http.ensure_database(DATABASE_URL, log)


def prepare() -> None:
    ensure_database()
    if not _smoke.SMOKE:  # the smoke copy is migrated and has the demo data already
        manage("migrate", "--noinput", "-v", "0")
        manage("load_demo", "-v", "0")
    manage("seed_national", *_smoke.pick([], _smoke.SEED_NATIONAL))


def home_query_count() -> tuple[int, int]:
    """Queries behind one dashboard request, rendered and cached, counted in-process."""
    code = (
        "from django.db import connection\n"
        "from django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext\n"
        "from accounts.models import User\n"
        "from core import cachegen\n"
        "c = Client()\n"
        "c.force_login(User.objects.get(username='tinh'), "
        "backend='accounts.backends.ScopedModelBackend')\n"
        "assert c.get('/', HTTP_HOST='127.0.0.1').status_code == 200\n"
        "cachegen.bump('campaigns')\n"
        "with CaptureQueriesContext(connection) as ctx:\n"
        "    assert c.get('/', HTTP_HOST='127.0.0.1').status_code == 200\n"
        "with CaptureQueriesContext(connection) as warm:\n"
        "    assert c.get('/', HTTP_HOST='127.0.0.1').status_code == 200\n"
        "print('QUERIES', len(ctx.captured_queries), len(warm.captured_queries))\n"
        "for q in ctx.captured_queries:\n"
        "    print('SQL', q['time'], q['sql'][:300])\n"
    )
    out = manage("shell", "-c", code, debug=False)
    for line in out.splitlines():
        if line.startswith("SQL"):
            log(line)
    match = re.search(r"^QUERIES (\d+) (\d+)$", out, re.MULTILINE)
    if not match:
        raise SystemExit("page_rps: could not count the dashboard's queries")
    return int(match.group(1)), int(match.group(2))


def start_gunicorn(page_cache: bool = True) -> subprocess.Popen[bytes]:
    env = server_env(debug=False)
    env["PAGE_CACHE"] = "true" if page_cache and USE_REDIS else "false"
    return _http.start_gunicorn(
        python=PYTHON,
        root=ROOT,
        env=env,
        port=PORT,
        timeout=60,
        name="page_rps",
    )


stop = _http.stop
cookies_from = _http.cookies_from


def request(
    method: str, path: str, headers: dict[str, str] | None = None, body: str | None = None
) -> tuple[int, bytes, http.client.HTTPMessage]:
    return _http.request(PORT, method, path, headers, body, timeout=30)


def login() -> str:
    """Log in as the province staff user; check that the dashboard renders for them."""
    cookie = _http.login(PORT, USERNAME, PASSWORD, name="page_rps")
    status, body, _ = request("GET", "/", headers={"Cookie": cookie})
    if status != 200 or b'data-testid="unit-counts"' not in body:
        raise SystemExit(f"page_rps: the dashboard did not render for {USERNAME} (HTTP {status})")
    return cookie


def measure(path: str, cookie: str | None) -> tuple[float, list[float]]:
    """Requests/second over at most REQUESTS requests or SECONDS seconds, THREADS at once."""
    headers = {"Cookie": cookie} if cookie else {}
    lock = threading.Lock()
    issued = 0
    latencies: list[float] = []
    errors: list[str] = []
    stop_at = time.monotonic() + SECONDS

    def worker() -> None:
        nonlocal issued
        while True:
            with lock:
                if issued >= REQUESTS or time.monotonic() >= stop_at:
                    return
                issued += 1
            t0 = time.perf_counter()
            try:
                status, _body, _h = request("GET", path, headers=headers)
            except OSError as exc:
                status = 0
                errors.append(str(exc))
            elapsed = time.perf_counter() - t0
            with lock:
                if status == 200:
                    latencies.append(elapsed)
                else:
                    errors.append(f"HTTP {status}")

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    if errors:
        raise SystemExit(f"page_rps: {len(errors)} failed requests on {path}: {errors[:3]}")
    return len(latencies) / wall, latencies


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1] if len(values) >= 10 else max(values)


def run_rounds(page_cache: bool) -> tuple[dict[str, float], dict[str, list[float]]]:
    """Best requests/second of ``/`` and ``/healthz`` over ROUNDS alternating rounds."""
    proc = start_gunicorn(page_cache)
    label = "page cache on" if page_cache else "page cache off"
    try:
        cookie = login()
        for path, c in (("/", cookie), ("/healthz", None)):  # warm both workers
            for _ in range(10):
                request("GET", path, headers={"Cookie": c} if c else {})
        best = {"/": 0.0, "/healthz": 0.0}
        lat: dict[str, list[float]] = {"/": [], "/healthz": []}
        for r in range(ROUNDS):
            for path, c in (("/", cookie), ("/healthz", None)):
                rps, latencies = measure(path, c)
                log(
                    f"{label} round {r + 1} {path}: {rps:.1f} rps, "
                    f"p90 {p90(latencies) * 1000:.1f} ms"
                )
                if rps > best[path]:
                    best[path], lat[path] = rps, latencies
    finally:
        stop(proc)
    return best, lat


def main() -> None:
    if os.environ.get("BENCH_PREPARE", "1") != "0":
        prepare()
    log("cache: " + ("Redis " + REDIS_URL if USE_REDIS else "none (no Redis: no page cache)"))
    queries, cached_queries = home_query_count()
    best, lat = run_rounds(page_cache=True)
    # The same page rendered on every request (every visit after a write is one of these).
    rendered, rendered_lat = run_rounds(page_cache=False)
    ratio = best["/"] / best["/healthz"]
    print(f"BENCH page_rps_home {best['/']:.1f} rps")
    print(f"BENCH page_rps_healthz {best['/healthz']:.1f} rps")
    print(f"BENCH page_home_p90 {p90(lat['/']) * 1000:.1f} ms")
    print(f"BENCH page_home_queries {queries} queries")
    print(f"BENCH page_home_cached_queries {cached_queries} queries")
    print(f"BENCH page_rps_rendered_home {rendered['/']:.1f} rps")
    print(f"BENCH page_home_rendered_p90 {p90(rendered_lat['/']) * 1000:.1f} ms")
    print(f"BENCH page_rps_ratio_rendered {rendered['/'] / rendered['/healthz']:.3f} ratio")
    print(f"BENCH page_rps_ratio {ratio:.3f} ratio")
    if ratio < 0.5:
        log(f"ratio {ratio:.3f} is below the 0.5 target")


if __name__ == "__main__":
    main()
