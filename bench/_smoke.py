"""Smoke mode: every benchmark end to end on tiny data in little time (``BENCH_SMOKE=1``).

Its figures are not measurements: it only proves that each benchmark still runs and prints
its BENCH lines (``make bench-smoke``, part of ``make test``). Without ``BENCH_SMOKE=1``
every helper here returns the full benchmark's value unchanged.

A smoke run never touches a full benchmark's state: its databases are the full ones' names
with ``_smoke`` appended, its Redis db numbers and loopback ports are its own. A fresh
database costs ~80 s of ``migrate`` and ``load_demo``, so scripts/bench.sh builds two
templates once per run (``setup``): migrated, and migrated with the demo data loaded. Each
benchmark then copies one (``create_database``: a second or so) and drops its copy when it
exits; ``teardown`` drops the templates and whatever a killed run left behind.

Not a benchmark itself (no ``main``): scripts/bench.sh skips it. Command line (from
scripts/bench.sh): ``_smoke.py services|setup|teardown``.
"""

import atexit
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlparse

SMOKE = os.environ.get("BENCH_SMOKE", "") == "1"
SUFFIX = "_smoke"
SERVER = "postgres://postgres@127.0.0.1:5432"
SCHEMA = "thidua_bench_schema_smoke"  # migrated
DEMO = "thidua_bench_demo_smoke"  # migrated, with the demo data (``load_demo``)
PORT_OFFSET = 100  # smoke gunicorns listen 100 above the full benchmarks' ports
REDIS_DBS = (3, 4, 5, 6)  # reminder_sweep, invitations_bench, dashboard_bench, page_rps
# seed_national's sizes in smoke mode (its defaults: 34 provinces, 3,300 communes, 100,000 villages)
SEED_NATIONAL = ["--provinces", "2", "--communes", "20", "--villages", "300"]
ROOT = Path(__file__).resolve().parent.parent
T = TypeVar("T")
N = TypeVar("N", int, float)


def pick(full: T, smoke: T) -> T:
    """The full benchmark's size, or the smoke run's."""
    return smoke if SMOKE else full


def knob(name: str, full: N, smoke: N) -> N:
    """A size the environment variable ``name`` may set; its default depends on the mode."""
    return type(full)(os.environ.get(name, pick(full, smoke)))


def database_url(url: str) -> str:
    """The benchmark's database URL; in smoke mode, the same name with ``_smoke`` appended."""
    parts = urlparse(url)
    if not SMOKE or parts.path.endswith(SUFFIX):
        return url
    return parts._replace(path=parts.path + SUFFIX).geturl()


def redis_url(url: str, smoke_db: int) -> str:
    """The benchmark's Redis URL; in smoke mode, the same server with db ``smoke_db``."""
    return urlparse(url)._replace(path=f"/{smoke_db}").geturl() if SMOKE else url


def port(full: int) -> int:
    return full + PORT_OFFSET if SMOKE else full


def _admin(url: str) -> tuple[str, Any]:
    """(database name, an autocommit connection to the server's ``postgres`` database)."""
    import psycopg2

    parts = urlparse(url)
    conn = psycopg2.connect(
        dbname="postgres",
        user=parts.username or "postgres",
        password=parts.password,
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        connect_timeout=5,
    )
    conn.autocommit = True
    return parts.path.lstrip("/"), conn


def drop_database(url: str) -> None:
    name, conn = _admin(url)
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.close()


def create_database(url: str, log: Callable[[str], None], template: str = DEMO) -> None:
    """A fresh copy of ``template`` named as ``url`` says, dropped when this process exits."""
    name, conn = _admin(url)
    if not name.endswith(SUFFIX):
        raise SystemExit(f"smoke: refusing to replace {name}, not a smoke database")
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template])
        if cur.fetchone() is None:
            raise SystemExit(f"smoke: no {template}: run BENCH_SMOKE=1 scripts/bench.sh")
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    conn.close()
    log(f"created database {name} from {template}")
    atexit.register(drop_database, url)


def _manage(database: str, *args: str) -> None:
    started = time.monotonic()
    python = ROOT / ".venv" / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    # As the benchmarks load the demo: development settings (the demo passwords are set),
    # tasks run inline, no shared cache.
    env.update(
        DJANGO_SETTINGS_MODULE="thidua.settings",
        DATABASE_URL=f"{SERVER}/{database}",
        DEBUG="true",
        CELERY_TASK_ALWAYS_EAGER="true",
        LOG_LEVEL="WARNING",
    )
    subprocess.run(
        [str(python) if python.exists() else sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=sys.stderr,  # stdout is for BENCH lines
        check=True,
        timeout=900,
    )
    print(f"smoke: {args[0]} in {time.monotonic() - started:.0f} s", file=sys.stderr)


def setup() -> None:
    """Build the two templates: ``migrate`` once, then ``load_demo`` on a copy."""
    teardown()
    _name, conn = _admin(SERVER)
    with conn.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{SCHEMA}"')
        _manage(SCHEMA, "migrate", "--noinput", "-v", "0")
        cur.execute(f'CREATE DATABASE "{DEMO}" TEMPLATE "{SCHEMA}"')
        _manage(DEMO, "load_demo", "-v", "0")
    conn.close()


def teardown() -> None:
    """Drop the templates and any smoke database a killed benchmark left behind; empty the
    smoke Redis dbs (their cached pages and queued tasks belong to dropped databases)."""
    import redis

    _name, conn = _admin(SERVER)
    with conn.cursor() as cur:
        cur.execute(r"SELECT datname FROM pg_database WHERE datname LIKE 'thidua\_bench%\_smoke'")
        for (name,) in cur.fetchall():
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.close()
    for db in REDIS_DBS:
        redis.Redis.from_url(f"redis://127.0.0.1:6379/{db}", socket_timeout=3).flushdb()


def services() -> None:
    """Exit non-zero unless PostgreSQL and Redis answer (scripts/bench.sh skips or fails)."""
    import redis

    try:
        _admin(SERVER)[1].close()
        redis.Redis.from_url("redis://127.0.0.1:6379/0", socket_timeout=3).ping()
    except Exception as exc:  # any failure: the smoke run cannot happen here
        raise SystemExit(f"smoke: PostgreSQL or Redis unreachable: {exc}") from exc


if __name__ == "__main__":
    {"services": services, "setup": setup, "teardown": teardown}[sys.argv[1]]()
