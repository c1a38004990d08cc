"""50 threads save and submit reports against PostgreSQL at once: every write the service
accepted is there afterwards, every refused one was told so, none is lost silently."""

import threading
from collections import defaultdict

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from campaigns.models import Frequency
from reports import services
from reports.models import ExpectedReport, IndicatorValue, Report

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

THREADS = 50
ATTEMPTS = 4


def test_fifty_writers_lose_nothing(tree, plan, admin_user):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    expected = list(
        ExpectedReport.objects.filter(campaign=plan.campaign, frequency=Frequency.MONTHLY).order_by(
            "pk"
        )[:10]
    )
    successes: dict[int, list[tuple[int, int]]] = defaultdict(list)
    refusals: list[str] = []
    crashes: list[BaseException] = []
    lock = threading.Lock()
    barrier = threading.Barrier(THREADS)

    def worker(i: int) -> None:
        target = expected[i % len(expected)]
        try:
            barrier.wait(timeout=60)
            for attempt in range(ATTEMPTS):
                numerator = i * 100 + attempt
                report = Report.objects.filter(expected=target).first()
                version = report.version if report else 0
                try:
                    saved = services.report_save(
                        target,
                        user=admin_user,
                        version=version,
                        narrative=f"thread {i} attempt {attempt}",
                        values={
                            plan.ratio.pk: {"numerator": numerator, "denominator": 10_000},
                            plan.count.pk: {"count": attempt},
                            plan.yes.pk: {"boolean": True},
                        },
                        submit=attempt == ATTEMPTS - 1 and i % 5 == 0,
                    )
                except ValidationError as exc:
                    with lock:
                        refusals.append(exc.messages[0])
                else:
                    with lock:
                        successes[target.pk].append((saved.version, numerator))
        except BaseException as exc:
            with lock:
                crashes.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not crashes, crashes
    assert sum(len(v) for v in successes.values()) + len(refusals) == THREADS * ATTEMPTS
    # Every refusal said why (a conflict or a submitted report), none was silent.
    assert all(("Người khác đã lưu" in m) or ("đang chờ duyệt" in m) for m in refusals), set(
        refusals
    )
    assert successes, "no write went through"
    for exp in expected:
        done = successes.get(exp.pk, [])
        report = Report.objects.filter(expected=exp).first()
        if not done:
            assert report is None
            continue
        # Each accepted write took exactly one version: 1, 2, …, n, in order, no gaps.
        versions = sorted(v for v, _n in done)
        assert versions == list(range(1, len(done) + 1))
        assert report.version == len(done)
        # The last accepted write is what the database holds …
        last_numerator = max(done)[1]
        assert report.values.get(indicator=plan.ratio).numerator == last_numerator
        # … and every accepted write is in the audit history.
        history = set(
            IndicatorValue.history.filter(report_id=report.pk).values_list("numerator", flat=True)
        )
        assert {n for _v, n in done} <= history
        assert set(report.history.values_list("version", flat=True)) >= set(versions)
