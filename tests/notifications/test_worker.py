"""A real Celery worker, Redis and an SMTP server (aiosmtpd): 200 deadlines, exactly once.

The worker is a subprocess (``celery -A thidua worker``) on this test's PostgreSQL
database (the test is transactional, so the rows are committed and visible to it) and
on the Redis db of ``REDIS_URL``. The test process plays beat: it calls the sweep every
half second with short timeouts, so a claim left by a killed worker is released quickly.
"""

import asyncio
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import timedelta
from email import message_from_bytes
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.utils import timezone

from accounts.models import Role, RoleCode, User
from notifications import services
from notifications.models import (
    DeadlineKind,
    Notification,
    OutboxMessage,
    Reminder,
    ReminderRule,
    ReminderStatus,
)
from orgunits.models import Organisation, OrganisationKind

from .conftest import ensure_reference_data, target

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
SINGLE_ORGS = 150  # one deadline each: 150 single emails
DIGEST_ORGS = 10  # five deadlines each: 10 digests of 5
DIGEST_SIZE = 5
TOTAL = SINGLE_ORGS + DIGEST_ORGS * DIGEST_SIZE
WORKER_CONCURRENCY = 2


class Recorder:
    """An SMTP server that stores what it accepted; RCPT is slow, like a real relay, so
    a kill most often lands in the middle of a conversation."""

    def __init__(self, rcpt_delay: float = 0.02) -> None:
        self.rcpt_delay = rcpt_delay
        self.lock = threading.Lock()
        self.messages: list[tuple[str, list[int]]] = []
        self.on_rcpt = None  # called while a client waits for the RCPT reply

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # type: ignore[no-untyped-def]
        if self.on_rcpt is not None:
            self.on_rcpt()
        await asyncio.sleep(self.rcpt_delay)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        msg = message_from_bytes(envelope.content)
        ids = [int(x) for x in msg["X-Thidua-Reminders"].split(",")]
        with self.lock:
            self.messages.append((msg["Message-ID"], ids))
        return "250 Message accepted for delivery"

    @property
    def count(self) -> int:
        with self.lock:
            return len(self.messages)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():  # type: ignore[no-untyped-def]
    from aiosmtpd.controller import Controller

    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield recorder, controller.port
    controller.stop()


@pytest.fixture
def broker():  # type: ignore[no-untyped-def]
    """Tasks go to Redis (not eager) for this test; the Redis db is ours alone."""
    from thidua.celery import app

    url = os.environ.get("REDIS_URL") or ""
    if connection.vendor != "postgresql" or not url:
        pytest.skip("needs PostgreSQL and Redis")
    client = redis.Redis.from_url(url)
    client.flushdb()
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield url
    app.conf.task_always_eager = eager
    client.flushdb()


class Worker:
    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env, self.log, self.proc = env, log, None

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
                str(WORKER_CONCURRENCY),
                "--loglevel",
                "WARNING",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"notif-test-{time.monotonic_ns()}@%h",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: SIGKILL reaches the children
        )

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()  # warm shutdown of the main process, which stops its pool
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def worker(smtp, broker):  # type: ignore[no-untyped-def]
    _recorder, port = smtp
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": broker,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "SITE_URL": settings.SITE_URL,
    }
    log = Path(tempfile.mkstemp(prefix="notif-worker-", suffix=".log")[1])
    w = Worker(env, log)
    yield w
    w.stop()
    sys.stdout.write(log.read_text(errors="replace")[-3000:])  # shown when the test fails


def make_deadlines(tree) -> list[int]:  # type: ignore[no-untyped-def]
    """200 deadlines: 150 organisations with one, 10 with five (their officer gets a digest).
    One stage each, made due now."""
    ensure_reference_data()
    ReminderRule.objects.filter(kind=DeadlineKind.EVENT_TASK, province__isnull=True).update(
        offsets=[-1], overdue_repeats=0
    )
    n_orgs = SINGLE_ORGS + DIGEST_ORGS
    orgs = Organisation.objects.bulk_create(
        Organisation(
            code=f"W-{i}", name=f"Tổ công tác {i}", kind=OrganisationKind.OTHER, unit=tree.commune
        )
        for i in range(n_orgs)
    )
    users = User.objects.bulk_create(
        User(username=f"w{i}", email=f"w{i}@example.org", organisation=org, password="!")
        for i, org in enumerate(orgs)
    )
    role = Role.objects.get(code=RoleCode.COMMUNE_OFFICER)
    User.roles.through.objects.bulk_create(
        User.roles.through(user_id=u.pk, role_id=role.pk) for u in users
    )
    due = timezone.localdate() + timedelta(days=20)
    for i, org in enumerate(orgs):
        for j in range(1 if i < SINGLE_ORGS else DIGEST_SIZE):
            services.deadline_upsert(
                target(tree, f"N{i}-{j}"),
                DeadlineKind.EVENT_TASK,
                due_at=due,
                organisation=org,
                title=f"Nhiệm vụ {i}-{j}",
                url=f"/events/{i}/",
            )
    Reminder.objects.update(send_at=timezone.now() - timedelta(minutes=1))
    ids = list(Reminder.objects.values_list("pk", flat=True))
    assert len(ids) == TOTAL
    return ids


def sweep_until_done(ids: list[int], deadline_s: float, on_tick=None) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        services.reminders_sweep(
            sending_timeout=timedelta(seconds=5),
            requeue_after=timedelta(seconds=8),
            batch_size=50,
        )
        if on_tick:
            on_tick()
        if Reminder.objects.filter(pk__in=ids, status=ReminderStatus.SENT).count() == len(ids):
            return
        time.sleep(0.5)
    raise AssertionError(
        f"not all sent: {Counter(Reminder.objects.values_list('status', flat=True))}"
    )


def check_exactly_once(recorder: Recorder, ids: list[int], kills: int) -> dict[str, int]:
    by_message = Counter(mid for mid, _ in recorder.messages)
    reminders_by_message: dict[str, set[int]] = {}
    for mid, rids in recorder.messages:
        reminders_by_message.setdefault(mid, set()).update(rids)
    per_reminder = Counter(r for rids in reminders_by_message.values() for r in rids)
    # Every reminder is in exactly one email (one Message-ID): none missing, none twice.
    assert set(per_reminder) == set(ids)
    assert max(per_reminder.values()) == 1
    # A message transmitted again carries the same Message-ID, and at most the one in
    # flight at each kill is (the gap between the relay's "250" and our commit).
    resent = sum(n - 1 for n in by_message.values())
    assert resent <= kills
    # In the app: exactly one notification per reminder; in the database: all sent.
    assert Notification.objects.filter(reminder__in=ids).count() == len(ids)
    assert Notification.objects.count() == len(ids)
    assert OutboxMessage.objects.count() == len(by_message)
    return {"emails": len(by_message), "transmissions": len(recorder.messages), "resent": resent}


def test_200_deadlines_arrive_exactly_once(tree, smtp, worker):
    recorder, _port = smtp
    ids = make_deadlines(tree)
    worker.start()
    started = time.monotonic()
    sweep_until_done(ids, deadline_s=180)  # a liveness bound, not a speed target
    stats = check_exactly_once(recorder, ids, kills=0)
    assert stats == {
        "emails": SINGLE_ORGS + DIGEST_ORGS,
        "transmissions": SINGLE_ORGS + DIGEST_ORGS,
        "resent": 0,
    }
    sys.stdout.write(f"sent {TOTAL} reminders in {time.monotonic() - started:.1f} s: {stats}\n")


def test_a_worker_killed_mid_send_loses_nothing_and_sends_nothing_twice(tree, smtp, worker):
    recorder, _port = smtp
    ids = make_deadlines(tree)
    state: dict[str, int] = {}

    accepted_before_kill: set[str] = set()

    def kill_mid_send() -> None:
        # From the SMTP server, while a worker process waits for our RCPT reply: the
        # worker is killed in the middle of a send, its row claimed and not yet sent.
        # This runs on the server's event loop, so no DATA is accepted while it kills.
        if "at" not in state and recorder.count >= 40:
            with recorder.lock:
                accepted_before_kill.update(mid for mid, _ in recorder.messages)
            state["at"] = len(accepted_before_kill)
            worker.kill()

    recorder.on_rcpt = kill_mid_send
    worker.start()
    end = time.monotonic() + 60
    while "at" not in state and time.monotonic() < end:
        services.reminders_sweep(batch_size=50)
        time.sleep(0.05)
    assert "at" in state, "the worker never got going"
    recorder.on_rcpt = None
    state["in_flight"] = Reminder.objects.filter(status=ReminderStatus.SENDING).count()
    assert state["in_flight"] >= 1  # claimed by the killed worker, never sent
    assert state["at"] < TOTAL
    worker.start()
    sweep_until_done(ids, deadline_s=180)  # a liveness bound, not a speed target
    stats = check_exactly_once(recorder, ids, kills=1)
    # The process killed while waiting for RCPT had nothing accepted: its message is
    # never sent twice. The pool's other process may have been in the gap between the
    # relay's "250" for its DATA and its commit: that one message, accepted before the
    # kill, may go again (same Message-ID, so a relay drops the copy). Nothing else may.
    by_message = Counter(mid for mid, _ in recorder.messages)
    resent_ids = {mid for mid, n in by_message.items() if n > 1}
    assert resent_ids <= accepted_before_kill
    assert stats["resent"] <= WORKER_CONCURRENCY - 1
    sys.stdout.write(
        f"killed after {state['at']} emails, {state['in_flight']} in flight: {stats}\n"
    )
