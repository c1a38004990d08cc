"""Server time and throughput of the province reporting dashboard at national scale.

On PostgreSQL (database ``thidua_bench_dash``, created if missing): migrate, ``load_demo``
(the national root and roles), ``seed_national`` (34 provinces, 3,300 communes, 100,000
villages, and the bench user: province staff of the first national province),
``seed_reports`` (a national campaign with 20 monthly commune indicators, 12 months of
reports for every commune: ~39,600 expected, ~37,000 reports, ~750,000 values, then
VACUUM ANALYZE). One gunicorn with 2 sync workers on a loopback port serves:

- ``dashboard_ms``: the province dashboard as the province staff user opens it, one
  request at a time, p95 over 50 requests (after a warm-up, so cached figures count as
  they do in use); ``dashboard_cold_*_ms`` the same with the figures computed on every
  request (the cache version bumped before each one, as a submitted report does), and
  ``dashboard_national_cold_ms`` the whole country's dashboard (3,300 communes) as a
  national administrator opens it, cold, and ``dashboard_after_other_province_write_ms``
  the province dashboard after a report of another province (figures still cached, the
  page rendered again) (all need Redis, shared with the server);
- ``dashboard_rps_ratio``: requests/second of the province dashboard divided by those of
  the bare one-query view ``/healthz``, both under the same client threads, in alternating
  bounded rounds (best round of each: the machine is shared); ``auth_page_rps`` the same
  for the lightest logged-in page (the profile), the floor of any page behind a login;
  ``dashboard_rps_ratio_rendered`` the same ratio with the page cache off (the figures
  still cached, the page rendered on every request).

Prints ``BENCH <name> <value> <unit>`` lines. Targets: dashboard_ms <= 300, ratio >= 0.5.

Environment: ``BENCH_DATABASE_URL`` (postgres://postgres@127.0.0.1:5432/thidua_bench_dash),
``BENCH_REDIS_URL`` (redis://127.0.0.1:6379/12; the cache shared by the two workers, as
deployed; unreachable means a per-process cache), ``BENCH_PORT`` (8192), ``BENCH_THREADS``
(4), ``BENCH_REQUESTS`` (per round, 4000), ``BENCH_SECONDS`` (per round, 8),
``BENCH_ROUNDS`` (3), ``BENCH_PREPARE=0`` to reuse the database as it is. ``BENCH_SMOKE=1``
(bench/_smoke.py): 2 provinces, 20 communes, 300 villages, 2 months, few requests, 1 round.
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
PORT = _smoke.port(int(os.environ.get("BENCH_PORT", "8192")))
DATABASE_URL = _smoke.database_url(
    os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/thidua_bench_dash")
)
REDIS_URL = _smoke.redis_url(os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12"), 5)
THREADS = int(os.environ.get("BENCH_THREADS", "4"))
REQUESTS = _smoke.knob("BENCH_REQUESTS", 4000, 200)
SECONDS = _smoke.knob("BENCH_SECONDS", 8.0, 1.0)
ROUNDS = _smoke.knob("BENCH_ROUNDS", 3, 1)
SAMPLES = _smoke.pick(50, 5)
COLD, COLD_NATIONAL = _smoke.pick((10, 3), (1, 1))  # each one a manage.py run (~3 s)
SEED_NATIONAL = _smoke.pick([], _smoke.SEED_NATIONAL)  # [] = the command's national sizes
SEED_REPORTS = _smoke.pick([], ["--months", "2"])
PROFILE = "/accounts/profile/"
USERNAME = "benchdash"
ADMIN = "benchdash-admin"
PASSWORD = secrets.token_urlsafe(16)


def log(message: str) -> None:
    print(f"dashboard_bench: {message}", file=sys.stderr, flush=True)


USE_REDIS = _http.redis_ok(REDIS_URL)


def server_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="thidua.settings",
        DATABASE_URL=DATABASE_URL,
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        SECURE_HSTS_SECONDS="0",
        CELERY_TASK_ALWAYS_EAGER="true",
        CACHE_KEY_PREFIX="thidua-bench-dash",
        LOG_LEVEL="WARNING",
    )
    env.pop("REDIS_URL", None)
    if USE_REDIS:
        env["REDIS_URL"] = REDIS_URL
    return env


def manage(*args: str) -> str:
    started = time.perf_counter()
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=server_env(),
        capture_output=True,
        text=True,
        timeout=3600,
        check=False,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-3000:] + result.stderr[-3000:])
        raise SystemExit(f"dashboard_bench: manage.py {' '.join(args[:1])} failed")
    log(f"manage.py {args[0]}: {time.perf_counter() - started:.1f} s")
    return result.stdout


def ensure_database() -> None:
    if _smoke.SMOKE:  # a copy of a migrated database with the demo data
        _smoke.create_database(DATABASE_URL, log)
    else:
        _http.ensure_database(DATABASE_URL, log)


SETUP = """
from accounts.models import Role, RoleCode, User
from campaigns.models import Campaign
from reports.management.commands.seed_reports import TITLE
u = User.objects.get(username={user!r})
u.set_password({password!r}); u.save()
a = User.objects.filter(username={admin!r}).first() or User(username={admin!r})
a.is_staff = a.is_superuser = True
a.set_password({password!r}); a.save()
a.roles.set(Role.objects.filter(code=RoleCode.ADMIN))
c = Campaign.objects.get(title=TITLE)
print("CAMPAIGN", c.pk, "PROVINCE", u.organisation.unit_id)
"""


def prepare() -> tuple[int, int]:
    """Seed what is missing; returns (campaign id, the bench user's province id)."""
    if os.environ.get("BENCH_PREPARE", "1") != "0":
        ensure_database()
        if not _smoke.SMOKE:  # the smoke copy is migrated and has the demo data already
            manage("migrate", "--noinput", "-v", "0")
            manage("load_demo", "-v", "0")
        manage("seed_national", "--bench-user", USERNAME, "--password", PASSWORD, *SEED_NATIONAL)
        log(manage("seed_reports", *SEED_REPORTS).strip().splitlines()[-1])
    out = manage("shell", "-c", SETUP.format(user=USERNAME, admin=ADMIN, password=PASSWORD))
    match = re.search(r"^CAMPAIGN (\d+) PROVINCE (\d+)$", out, re.MULTILINE)
    if not match:
        raise SystemExit("dashboard_bench: no benchmark campaign (run without BENCH_PREPARE=0)")
    return int(match.group(1)), int(match.group(2))


def start_gunicorn(page_cache: bool = True) -> subprocess.Popen[bytes]:
    env = server_env()
    env["PAGE_CACHE"] = "true" if page_cache and USE_REDIS else "false"
    return _http.start_gunicorn(
        python=PYTHON,
        root=ROOT,
        env=env,
        port=PORT,
        timeout=120,
        name="dashboard_bench",
    )


stop = _http.stop
cookies_from = _http.cookies_from


def request(
    method: str, path: str, headers: dict[str, str] | None = None, body: str | None = None
) -> tuple[int, bytes, http.client.HTTPMessage]:
    return _http.request(PORT, method, path, headers, body)


def login(username: str) -> str:
    return _http.login(PORT, username, PASSWORD, name="dashboard_bench")


def bump_version(campaign: int, *, other_than: int | None = None) -> None:
    """Invalidate the cached figures as a report submitted in one province does; with no
    province, every figure of the campaign (the bench user's own province's reports do
    that to its dashboard); with ``other_than``, as a report of another province does: the
    bench user's figures stay cached, its page is rendered again."""
    province = "None"
    if other_than is not None:
        province = (
            f"AdminUnit.objects.filter(level='province').exclude(pk={other_than})"
            ".order_by('pk').values_list('pk', flat=True).first()"
        )
    manage(
        "shell",
        "-c",
        "from campaigns.models import Campaign\n"
        "from django.db import transaction\n"
        "from orgunits.models import AdminUnit\n"
        "from reports import cache\n"
        f"with transaction.atomic(): cache.bump(Campaign.objects.get(pk={campaign}), {province})\n",
    )


def timed(path: str, cookie: str, marker: bytes) -> float:
    t0 = time.perf_counter()
    status, body, _ = request("GET", path, headers={"Cookie": cookie})
    elapsed = time.perf_counter() - t0
    if status != 200 or marker not in body:
        raise SystemExit(f"dashboard_bench: {path} gave HTTP {status} without its figures")
    return elapsed


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values)


def measure(path: str, cookie: str | None) -> float:
    """Requests/second over at most REQUESTS requests or SECONDS seconds, THREADS at once."""
    headers = {"Cookie": cookie} if cookie else {}
    lock = threading.Lock()
    issued = done = 0
    errors: list[str] = []
    stop_at = time.monotonic() + SECONDS

    def worker() -> None:
        nonlocal issued, done
        while True:
            with lock:
                if issued >= REQUESTS or time.monotonic() >= stop_at:
                    return
                issued += 1
            try:
                status = request("GET", path, headers=headers)[0]
            except OSError as exc:
                status = 0
                errors.append(str(exc))
            with lock:
                if status == 200:
                    done += 1
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
        raise SystemExit(f"dashboard_bench: {len(errors)} failed requests on {path}: {errors[:3]}")
    return done / wall


def main() -> None:
    campaign, province = prepare()
    log("cache: " + ("Redis " + REDIS_URL if USE_REDIS else "per-process (no Redis)"))
    dash = f"/reports/dashboard/?campaign={campaign}"
    marker = b'data-testid="indicators"'
    proc = start_gunicorn()
    try:
        cookie = login(USERNAME)
        admin = login(ADMIN)
        # Cold: the figures computed on every request (the version bumped before each).
        cold: list[float] = []
        national: list[float] = []
        elsewhere: list[float] = []
        for _ in range(6):  # both workers load their templates and code first
            timed(dash, cookie, marker)
            timed(dash, admin, marker)
        if USE_REDIS:  # a per-process cache cannot be invalidated from here
            for _ in range(COLD):
                bump_version(campaign)
                cold.append(timed(dash, cookie, marker))
            for _ in range(COLD_NATIONAL):
                bump_version(campaign)
                national.append(timed(dash, admin, marker))
            timed(dash, cookie, marker)  # the figures again, after the last full bump
            for _ in range(COLD):
                bump_version(campaign, other_than=province)
                elsewhere.append(timed(dash, cookie, marker))
        log("cold (ms): " + " ".join(f"{c * 1000:.0f}" for c in cold))
        times = " ".join(f"{e * 1000:.0f}" for e in elsewhere)
        log(f"after another province's write (ms): {times}")
        for _ in range(10):  # warm both workers
            timed(dash, cookie, marker)
            request("GET", "/healthz")
        warm = [timed(dash, cookie, marker) for _ in range(SAMPLES)]
        best = {"dash": 0.0, "healthz": 0.0, "profile": 0.0}
        pages = (
            ("dash", dash, cookie),
            ("healthz", "/healthz", None),
            ("profile", PROFILE, cookie),
        )
        for r in range(ROUNDS):
            for name, path, c in pages:
                rps = measure(path, c)
                log(f"round {r + 1} {name}: {rps:.1f} rps")
                best[name] = max(best[name], rps)
    finally:
        stop(proc)
    # The same with the page rendered on every request (cached figures, no page cache).
    rendered = {"dash": 0.0, "healthz": 0.0}
    proc = start_gunicorn(page_cache=False)
    try:
        cookie = login(USERNAME)
        for _ in range(5):
            timed(dash, cookie, marker)
        for r in range(ROUNDS):  # a new login: each server start draws a new SECRET_KEY
            for name, path, c in (("dash", dash, cookie), ("healthz", "/healthz", None)):
                rps = measure(path, c)
                log(f"page cache off round {r + 1} {name}: {rps:.1f} rps")
                rendered[name] = max(rendered[name], rps)
    finally:
        stop(proc)
    ratio = best["dash"] / best["healthz"]
    print(f"BENCH dashboard_ms {p95(warm) * 1000:.1f} ms")
    print(f"BENCH dashboard_median_ms {statistics.median(warm) * 1000:.1f} ms")
    if cold:
        print(f"BENCH dashboard_cold_max_ms {max(cold) * 1000:.1f} ms")
        print(f"BENCH dashboard_cold_median_ms {statistics.median(cold) * 1000:.1f} ms")
        print(f"BENCH dashboard_national_cold_ms {statistics.median(national) * 1000:.1f} ms")
        print(
            "BENCH dashboard_after_other_province_write_ms "
            f"{statistics.median(elsewhere) * 1000:.1f} ms"
        )
    print(f"BENCH dashboard_rps {best['dash']:.1f} rps")
    print(f"BENCH healthz_rps {best['healthz']:.1f} rps")
    # The floor of any logged-in page here (session read and save, user, roles, menu):
    # the profile page, against which the dashboard's own cost shows.
    print(f"BENCH auth_page_rps {best['profile']:.1f} rps")
    print(f"BENCH dashboard_vs_auth_page_ratio {best['dash'] / best['profile']:.3f} ratio")
    print(f"BENCH dashboard_rendered_rps {rendered['dash']:.1f} rps")
    print(f"BENCH dashboard_rps_ratio_rendered {rendered['dash'] / rendered['healthz']:.3f} ratio")
    print(f"BENCH dashboard_rps_ratio {ratio:.3f} ratio")
    if p95(warm) * 1000 > 300:
        log("dashboard_ms is above the 300 ms target")
    if ratio < 0.5:
        log(f"ratio {ratio:.3f} is below the 0.5 target")


if __name__ == "__main__":
    main()
