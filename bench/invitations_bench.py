"""BENCH invitations_250_s: 250 invitation letters through Celery with a real worker.

    .venv/bin/python bench/invitations_bench.py

Creates (first run) and migrates the PostgreSQL database ``thidua_bench_inv``, loads
the demo data into it when seed 000's ceremony is missing, and tops the ceremony up to
250 invitations. Then it starts ``celery -A thidua worker`` as a subprocess on that
database and on Redis (``BENCH_REDIS_URL``, default db 11, emptied first), enqueues one
batch of the 250 letters (one PDF each with its QR code, a ZIP and a merged PDF: the
same call as the "Print invitations" button) and times it from the enqueue to the batch
row being ``done``. The worker is stopped at the end.

Environment: ``BENCH_DATABASE_URL`` (default
``postgres://postgres@127.0.0.1:5432/thidua_bench_inv``), ``BENCH_REDIS_URL``.
``BENCH_SMOKE=1`` (bench/_smoke.py): 70 letters (the demo ceremony has 67 invitations).
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _smoke  # bench/ is on sys.path when run as a script

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DB_URL = _smoke.database_url(
    os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/thidua_bench_inv")
)
REDIS_URL = _smoke.redis_url(os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/11"), 4)
LETTERS = _smoke.pick(250, 70)
TIMEOUT_S = 1800
MEDIA = tempfile.mkdtemp(prefix="bench-inv-media-")

ENV = {
    "DJANGO_SETTINGS_MODULE": "thidua.settings",
    "DATABASE_URL": DB_URL,
    "REDIS_URL": REDIS_URL,
    "CELERY_TASK_ALWAYS_EAGER": "false",
    "PRIVATE_MEDIA_ROOT": MEDIA,
    "LOG_LEVEL": "WARNING",
}
os.environ.update(ENV)


def log(message: str) -> None:
    sys.stderr.write(f"invitations_bench: {message}\n")
    sys.stderr.flush()


def ensure_database() -> None:
    """Create the bench database if it is not there (PostgreSQL, via the maintenance db)."""
    if _smoke.SMOKE:  # a copy of a migrated database with the demo data
        _smoke.create_database(DB_URL, log)
        return
    import environ
    import psycopg2

    cfg = environ.Env.db_url_config(DB_URL)
    conn = psycopg2.connect(
        dbname="postgres",
        user=cfg["USER"],
        password=cfg.get("PASSWORD") or None,
        host=cfg["HOST"],
        port=cfg["PORT"] or 5432,
    )
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]])
        if cur.fetchone() is None:
            log(f"creating database {cfg['NAME']}")
            cur.execute(f'CREATE DATABASE "{cfg["NAME"]}"')
    conn.close()


def prepare_data() -> list[int]:
    """The seed 000 ceremony with exactly ``LETTERS`` invitations; their ids in protocol order."""
    from django.core.management import call_command

    from events import services
    from events.models import Event, InviteeGroup, ProtocolRank
    from events.selectors import invitation_qs_for

    log("migrating")
    call_command("migrate", verbosity=0)
    event = Event.objects.filter(plan__number=592).order_by("pk").first()
    if event is None:
        log("loading the demo data")
        call_command("load_demo", verbosity=0)
        event = Event.objects.filter(plan__number=592).order_by("pk").first()
    group, _created = InviteeGroup.objects.get_or_create(
        event=event,
        description="Đại diện 64 Tổ bảo vệ an ninh, trật tự (danh sách bổ sung)",
        defaults={"protocol_rank": ProtocolRank.GRASSROOTS, "expected_count": LETTERS},
    )
    missing = LETTERS - event.invitations.count()
    for n in range(max(missing, 0)):
        services.invitation_add(
            group,
            full_name=f"Nguyễn Văn Bảo {n + 1:03d}",
            position="Tổ trưởng Tổ bảo vệ an ninh, trật tự",
            organisation_name="Thành phố Gia Nghĩa",
        )
    if missing < 0:
        extra = list(group.invitations.order_by("-pk").values_list("pk", flat=True)[:-missing])
        group.invitations.filter(pk__in=extra).delete()
    ids = list(invitation_qs_for(event).values_list("pk", flat=True))
    assert len(ids) == LETTERS, len(ids)
    return ids


class Worker:
    def __init__(self) -> None:
        self.log_path = Path(tempfile.mkstemp(prefix="bench-inv-worker-", suffix=".log")[1])
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "thidua",
                "worker",
                "--concurrency",
                "1",
                "--loglevel",
                "INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"bench-inv-{os.getpid()}@%h",
            ],
            cwd=ROOT,
            env={**os.environ, **ENV},
            stdout=self.log_path.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"the worker exited:\n{self.tail()}")
            if " ready." in self.log_path.read_text(errors="replace"):
                return
            time.sleep(0.2)
        raise RuntimeError(f"the worker was not ready in {timeout:.0f} s:\n{self.tail()}")

    def tail(self) -> str:
        return self.log_path.read_text(errors="replace")[-3000:]

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()  # warm shutdown of the worker and its pool
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)


def main() -> None:
    ensure_database()
    import django

    django.setup()
    import redis
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from documents.models import BatchStatus, DocumentBatch
    from documents.services import batch_create
    from events.models import Invitation

    ids = prepare_data()
    redis.Redis.from_url(REDIS_URL).flushdb()
    user = get_user_model().objects.filter(username="tinh").first()
    invitations = {i.pk: i for i in Invitation.objects.filter(pk__in=ids).select_related("event")}
    objects = [invitations[pk] for pk in ids]

    worker = Worker()
    worker.start()
    try:
        worker.wait_ready()
        log(f"worker ready; enqueueing {len(objects)} letters")
        start = time.monotonic()
        with transaction.atomic():  # the task is sent on commit, as in the view
            batch = batch_create(
                kind_name="event-invitation",
                objects=objects,
                title="Giấy mời (bench)",
                user=user,
            )
        status = BatchStatus.PENDING
        while time.monotonic() - start < TIMEOUT_S:
            row = DocumentBatch.objects.values("status", "done").get(pk=batch.pk)
            status = row["status"]
            if status in (BatchStatus.DONE, BatchStatus.FAILED):
                break
            time.sleep(0.1)
        elapsed = time.monotonic() - start
        if status != BatchStatus.DONE:
            raise RuntimeError(f"batch {batch.pk} ended {status}:\n{worker.tail()}")
        batch.refresh_from_db()
        assert batch.done == LETTERS and batch.file and batch.merged_file
        size_zip, size_pdf = batch.file.size, batch.merged_file.size
    finally:
        worker.stop()
        shutil.rmtree(MEDIA, ignore_errors=True)
    print(f"BENCH invitations_250_s {elapsed:.1f} s")
    print(
        f"# {LETTERS} letters, {elapsed / LETTERS:.3f} s each; "
        f"ZIP {size_zip / 1e6:.1f} MB, merged PDF {size_pdf / 1e6:.1f} MB"
    )


if __name__ == "__main__":
    main()
