"""Many units submit against the last quota places at the same moment (PostgreSQL)."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from awards import services
from awards.models import BatchStatus, Nomination
from awards.services import rules
from tests.conftest import make_org

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

RACERS = 8
PLACES = 3


def test_quota_never_exceeded_under_simultaneous_submissions(
    tree, award, build, province_staff, no_reports, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are only meaningful on PostgreSQL")
    # Widen the window between counting the places taken and committing, so that without
    # the row lock every racer would see the same free places (the test fails then).
    counted = rules.quota_usage

    def slow_usage(*args, **kwargs):  # type: ignore[no-untyped-def]
        result = counted(*args, **kwargs)
        time.sleep(0.2)
        return result

    monkeypatch.setattr(rules, "quota_usage", slow_usage)
    award.quota.max_collectives = PLACES
    award.quota.save()
    batches = []
    for i in range(RACERS):
        org = make_org(f"T-RACE{i}", f"Công an xã Thi Đua {i}", "commune_police", tree.district)
        batches.append(build([org], [], proposer=org, user=province_staff))

    barrier = threading.Barrier(RACERS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def submit(batch):  # type: ignore[no-untyped-def]
        try:
            barrier.wait(timeout=30)
            services.batch_transition(batch, BatchStatus.SUBMITTED, user=province_staff)
            result = "ok"
        except ValidationError as exc:
            result = exc.error_list[0].code or "error"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=submit, args=(b,)) for b in batches]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)

    assert sorted(outcomes) == ["ok"] * PLACES + ["quota_exceeded"] * (RACERS - PLACES)
    taken = Nomination.objects.filter(
        batch__status=BatchStatus.SUBMITTED, batch__campaign=award.campaign
    ).count()
    assert taken == PLACES
