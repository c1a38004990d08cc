"""What the HTTP benchmarks share: a gunicorn to measure, requests to it, a form login.

Not a benchmark itself (no ``main``): scripts/bench.sh skips it. Benchmarks import it as
``import _http`` (they run as scripts, so bench/ is on ``sys.path``).
"""

import http.client
import os
import re
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode, urlparse

HOST = "127.0.0.1"


def ensure_database(database_url: str, log: Callable[[str], None]) -> None:
    """Create the benchmark's PostgreSQL database if it does not exist yet."""
    import psycopg2

    url = urlparse(database_url)
    name = url.path.lstrip("/")
    conn = psycopg2.connect(
        dbname="postgres",
        user=url.username or "postgres",
        password=url.password,
        host=url.hostname or HOST,
        port=url.port or 5432,
    )
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cur.fetchone() is None:
            cur.execute(f'CREATE DATABASE "{name}"')
            log(f"created database {name}")
    conn.close()


def start_gunicorn(
    *, python: str, root: Path, env: dict[str, str], port: int, timeout: int, name: str
) -> subprocess.Popen[bytes]:
    """Two sync workers, as deployed; returns once /healthz answers (or exits the run)."""
    gunicorn = str(Path(python).with_name("gunicorn"))
    proc = subprocess.Popen(
        [
            gunicorn,
            "thidua.wsgi:application",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            "2",
            "--worker-class",
            "sync",
            "--log-level",
            "warning",
            "--timeout",
            str(timeout),
        ],
        cwd=root,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"{name}: gunicorn exited at start")
        try:
            if request(port, "GET", "/healthz")[0] == 200:
                return proc
        except OSError:
            pass
        time.sleep(0.3)
    stop(proc)
    raise SystemExit(f"{name}: gunicorn did not answer within 60 s")


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def request(
    port: int,
    method: str,
    path: str,
    headers: dict[str, str] | None = None,
    body: str | None = None,
    timeout: float = 60,
) -> tuple[int, bytes, http.client.HTTPMessage]:
    # Sync workers close the connection after each response: one connection per request.
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read(), response.headers
    finally:
        conn.close()


def cookies_from(headers: http.client.HTTPMessage) -> dict[str, str]:
    jar = {}
    for value in headers.get_all("Set-Cookie") or []:
        name, _, rest = value.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]
    return jar


def login(port: int, username: str, password: str, *, name: str) -> str:
    """Log in through the real form (CSRF, axes); returns the session's Cookie header."""
    status, body, headers = request(port, "GET", "/accounts/login/")
    jar = cookies_from(headers)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or not token:
        raise SystemExit(f"{name}: no login form (HTTP {status})")
    form = urlencode(
        {"csrfmiddlewaretoken": token.group(1).decode(), "username": username, "password": password}
    )
    status, _body, headers = request(
        port,
        "POST",
        "/accounts/login/",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={jar['csrftoken']}",
            "Referer": f"http://{HOST}:{port}/accounts/login/",
        },
        body=form,
    )
    jar.update(cookies_from(headers))
    if status != 302 or "sessionid" not in jar:
        raise SystemExit(f"{name}: login as {username} failed (HTTP {status})")
    return f"sessionid={jar['sessionid']}; csrftoken={jar['csrftoken']}"


def redis_ok(url: str) -> bool:
    """Whether a Redis answers at ``url`` (the benchmarks then share it, as deployed)."""
    try:
        import redis

        redis.Redis.from_url(url, socket_timeout=2).ping()
        return True
    except Exception:  # any failure means: run without it
        return False
