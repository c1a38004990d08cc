"""Time of one beat sweep over 100,000 deadlines with a few thousand reminders due.

On PostgreSQL (database ``thidua_bench_notif``, created and migrated if missing) the
script seeds, once, 2,000 responsible organisations with one officer each and 100,000
deadlines spread over 270 days around a fixed moment, each with its 8 reminder stages
(800,000 reminder rows): stages before the fixed moment minus a day are sent, the rest
pending, so about 3,000 are due at the moment; 50 rows are left stuck in "sending" by a
dead worker. Each run puts the due rows back to pending, then times
``notifications.services.reminders_sweep(now=<fixed moment>)``: the release of stuck
claims, the digest grouping and the queueing (to Redis db ``BENCH_REDIS_URL``, emptied
afterwards; an in-memory broker when Redis is absent). The best of ``BENCH_ROUNDS`` runs
counts (the machine is shared). Prints::

    BENCH reminder_sweep_100k_s <seconds> s      (target <= 5)
    BENCH reminder_sweep_100k_db_s <seconds> s   (the same with the broker stubbed out)

The second line splits the time: the rest is one broker round trip per task message
(``reminder_send_task(id)`` per reminder, ``digest_send_task(id)`` per digest).

Environment: ``BENCH_NOTIF_DATABASE_URL`` (default
postgres://postgres@127.0.0.1:5432/thidua_bench_notif), ``BENCH_REDIS_URL``
(redis://127.0.0.1:6379/9), ``BENCH_ROUNDS`` (3). ``BENCH_SMOKE=1`` (bench/_smoke.py): 1,000
deadlines of 20 organisations, 1 round, on a copy of a migrated database.
"""

import os
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import _smoke  # bench/ is on sys.path when run as a script

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATABASE_URL = _smoke.database_url(
    os.environ.get(
        "BENCH_NOTIF_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/thidua_bench_notif"
    )
)
REDIS_URL = _smoke.redis_url(os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9"), 3)
ROUNDS = _smoke.knob("BENCH_ROUNDS", 3, 1)
DEADLINES = _smoke.pick(100_000, 1_000)
ORGS = _smoke.pick(2_000, 20)
SPREAD_DAYS = 270
STUCK = _smoke.pick(50, 5)
UNUSABLE = "!"  # an unusable password hash: bench users never log in
NOW = datetime(2025, 6, 2, 7, 35, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def log(text: str) -> None:
    print(f"# {text}", file=sys.stderr)


def redis_ok(url: str) -> bool:
    try:
        import redis

        redis.Redis.from_url(url, socket_timeout=2).ping()
    except Exception:
        return False
    return True


def ensure_database(url: str) -> None:
    if _smoke.SMOKE:  # a copy of a migrated database (no demo data, as in the full run)
        _smoke.create_database(url, log, template=_smoke.SCHEMA)
        return
    import environ
    import psycopg2

    cfg = environ.Env.db_url_config(url)
    conn = psycopg2.connect(
        dbname="postgres", user=cfg["USER"], host=cfg["HOST"], port=cfg["PORT"] or 5432
    )
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]])
        if not cur.fetchone():
            log(f"creating database {cfg['NAME']}")
            cur.execute(f'CREATE DATABASE "{cfg["NAME"]}"')
    conn.close()


def setup_django() -> None:
    os.environ["DATABASE_URL"] = DATABASE_URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "false"
    use_redis = redis_ok(REDIS_URL)
    if use_redis:
        os.environ["REDIS_URL"] = REDIS_URL
    else:
        os.environ.pop("REDIS_URL", None)
        log("Redis unreachable: queueing to an in-memory broker")
    import django

    django.setup()
    from thidua.celery import app

    app.conf.task_always_eager = False


def seed() -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection

    from accounts.models import Role, RoleCode, User
    from notifications.models import Deadline
    from orgunits.models import AdminLevel, AdminUnit, Organisation, OrganisationKind

    call_command("migrate", verbosity=0)
    if Deadline.objects.count() == DEADLINES:
        return
    log(f"seeding {DEADLINES:,} deadlines and {8 * DEADLINES:,} reminders (once)")
    province = AdminUnit.objects.filter(code="BN-P").first() or AdminUnit.objects.add_root(
        {"code": "BN-P", "name": "Bench", "type_name": "tỉnh", "level": AdminLevel.PROVINCE}
    )
    province.province = province
    province.save(update_fields=["province"])
    orgs = list(Organisation.objects.filter(code__startswith="BN-O").order_by("pk"))
    if len(orgs) < ORGS:
        Organisation.objects.filter(code__startswith="BN-O").delete()
        orgs = Organisation.objects.bulk_create(
            Organisation(
                code=f"BN-O{i}", name=f"Đơn vị {i}", kind=OrganisationKind.OTHER, unit=province
            )
            for i in range(ORGS)
        )
        role, _ = Role.objects.get_or_create(code=RoleCode.COMMUNE_OFFICER)
        users = User.objects.bulk_create(
            User(username=f"bn{i}", email=f"bn{i}@example.org", organisation=o, password=UNUSABLE)
            for i, o in enumerate(orgs)
        )
        User.roles.through.objects.bulk_create(
            User.roles.through(user_id=u.pk, role_id=role.pk) for u in users
        )
    org_ids = [o.pk for o in orgs]
    user_ids = list(
        User.objects.filter(organisation_id__in=org_ids)
        .order_by("organisation_id")
        .values_list("pk", flat=True)
    )
    ct = ContentType.objects.get_for_model(Organisation).pk
    with connection.cursor() as cur:
        cur.execute("TRUNCATE notifications_reminder, notifications_outboxmessage CASCADE")
        cur.execute("DELETE FROM notifications_deadline")
        cur.execute(
            """
            INSERT INTO notifications_deadline
              (kind, content_type_id, object_id, organisation_id, unit_id, due_at, title, url,
               active, created_at, updated_at)
            SELECT 'expected_report', %(ct)s, g, (%(orgs)s::bigint[])[1 + g %% %(n)s], %(unit)s,
                   %(now)s::timestamptz + ((g %% %(spread)s) - %(half)s) * interval '1 day'
                     + interval '16 hours',
                   'Báo cáo ' || g, '/reports/' || g || '/', true, now(), now()
            FROM generate_series(1, %(total)s) g
            """,
            {
                "ct": ct,
                "orgs": org_ids,
                "n": ORGS,
                "unit": province.pk,
                "now": NOW,
                "spread": SPREAD_DAYS,
                "half": SPREAD_DAYS // 2,
                "total": DEADLINES,
            },
        )
        cur.execute(
            """
            INSERT INTO notifications_reminder
              (deadline_id, recipient_id, stage, send_at, status, attempts, error)
            SELECT id, recipient, stage, send_at,
                   CASE WHEN send_at <= %(now)s::timestamptz - interval '1 day'
                        THEN 'sent' ELSE 'pending' END, 0, ''
            FROM (
              SELECT d.id, (%(users)s::bigint[])[1 + d.object_id %% %(n)s] AS recipient, s.stage,
                     ((date_trunc('day', d.due_at AT TIME ZONE 'Asia/Ho_Chi_Minh')
                       + s.stage * interval '1 day' + interval '7 hours 30 minutes')
                      AT TIME ZONE 'Asia/Ho_Chi_Minh') AS send_at
              FROM notifications_deadline d
              CROSS JOIN (VALUES (-7), (-3), (-1), (0), (3), (6), (9), (12)) AS s(stage)
            ) x
            """,
            {"now": NOW, "users": user_ids, "n": ORGS},
        )
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")


def reset() -> None:
    """Put the due rows back as they were before a sweep; leave STUCK rows claimed."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            """
            UPDATE notifications_reminder
               SET status = 'pending', enqueued_at = NULL, claimed_at = NULL,
                   outbox_id = NULL, retry_at = NULL
             WHERE send_at > %(now)s::timestamptz - interval '1 day'
               AND send_at <= %(now)s::timestamptz
            """,
            {"now": NOW},
        )
        cur.execute("DELETE FROM notifications_outboxmessage")
        cur.execute(
            """
            UPDATE notifications_reminder SET status = 'sending',
                   claimed_at = %(now)s::timestamptz - interval '1 hour'
             WHERE id IN (SELECT id FROM notifications_reminder
                           WHERE status = 'pending' AND send_at > %(now)s::timestamptz
                           ORDER BY send_at LIMIT %(stuck)s)
            """,
            {"now": NOW, "stuck": STUCK},
        )
        cur.execute("VACUUM ANALYZE notifications_reminder")


def purge_queue() -> None:
    if redis_ok(REDIS_URL) and os.environ.get("REDIS_URL"):
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()


def main() -> None:
    ensure_database(DATABASE_URL)
    setup_django()
    seed()
    from notifications.models import Reminder
    from notifications.services import (
        reminders_sweep,
        sweep,  # where reminders_sweep looks _publish up
    )

    real_publish = sweep._publish
    times: dict[bool, list[float]] = {True: [], False: []}
    for _ in range(ROUNDS):
        for with_broker in (True, False):
            sweep._publish = real_publish if with_broker else (lambda singles, digests: None)
            reset()
            purge_queue()
            due = Reminder.objects.filter(status="pending", send_at__lte=NOW).count()
            started = time.perf_counter()
            result = reminders_sweep(now=NOW)
            elapsed = time.perf_counter() - started
            times[with_broker].append(elapsed)
            log(
                f"{due} due: {len(result.singles)} single, {len(result.digests)} digests, "
                f"{result.released} released in {elapsed:.2f} s "
                f"({'with' if with_broker else 'without'} broker)"
            )
    sweep._publish = real_publish
    purge_queue()
    reset()
    print(f"BENCH reminder_sweep_100k_s {min(times[True]):.2f} s")
    print(f"BENCH reminder_sweep_100k_db_s {min(times[False]):.2f} s")


if __name__ == "__main__":
    main()
