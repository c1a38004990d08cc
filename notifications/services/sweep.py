"""The beat's sweep: release the claims of dead workers, gather the due reminders of
people with many into digests, and queue the rest in small locked batches, publishing
the task messages after commit through one broker connection.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial

from django.db import transaction
from django.db.models import BigIntegerField, Case, Count, Q, Value, When
from django.utils import timezone

from ..models import OutboxKind, OutboxMessage, Reminder, ReminderStatus
from .common import DIGEST_MIN, REQUEUE_AFTER, SENDING_TIMEOUT, SWEEP_BATCH, _setting


@dataclass
class SweepResult:
    released: int = 0
    singles: list[int] = field(default_factory=list)
    digests: list[int] = field(default_factory=list)

    @property
    def queued(self) -> int:
        return len(self.singles) + len(self.digests)


def _due_q(now: datetime, requeue_after: timedelta) -> Q:
    return (
        Q(status=ReminderStatus.PENDING, send_at__lte=now)
        & (Q(retry_at__isnull=True) | Q(retry_at__lte=now))
        & (Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=now - requeue_after))
    )


def _publish(singles: list[int], digests: list[int]) -> None:
    """Send the task messages of one batch through one broker connection."""
    from thidua.celery import app

    from .. import tasks

    if app.conf.task_always_eager:
        for pk in singles:
            tasks.reminder_send_task.delay(pk)
        for pk in digests:
            tasks.digest_send_task.delay(pk)
        return
    with app.producer_or_acquire() as producer:
        for pk in singles:
            tasks.reminder_send_task.apply_async((pk,), producer=producer)
        for pk in digests:
            tasks.digest_send_task.apply_async((pk,), producer=producer)


def _enqueue_on_commit(singles: list[int], digests: list[int]) -> None:
    if singles or digests:
        transaction.on_commit(partial(_publish, list(singles), list(digests)))


def _enqueue(task_name: str, obj_id: int) -> None:
    if task_name == "digest_send_task":
        _enqueue_on_commit([], [obj_id])
    else:
        _enqueue_on_commit([obj_id], [])


def _digest_batch(due: Q, recipients: list[int], now: datetime, result: SweepResult) -> None:
    """Lock the due rows of these recipients and gather each person's into one digest."""
    with transaction.atomic():
        rows = list(
            Reminder.objects.filter(due, outbox__isnull=True, recipient_id__in=recipients)
            .select_for_update(skip_locked=True)
            .values_list("pk", "recipient_id")
        )
        by_recipient: dict[int, list[int]] = defaultdict(list)
        for pk, recipient_id in rows:
            by_recipient[recipient_id].append(pk)
        if not by_recipient:
            return
        day = f"{timezone.localtime(now):%Y%m%d}"
        outboxes = OutboxMessage.objects.bulk_create(
            OutboxMessage(
                key=f"digest-{recipient_id}-{day}-{uuid.uuid4().hex[:12]}",
                kind=OutboxKind.DIGEST,
                recipient_id=recipient_id,
            )
            for recipient_id in by_recipient
        )
        outbox_of = {o.recipient_id: o.pk for o in outboxes}
        Reminder.objects.filter(pk__in=[pk for pk, _r in rows]).update(
            enqueued_at=now,
            outbox_id=Case(
                *[When(recipient_id=r, then=Value(o)) for r, o in outbox_of.items()],
                output_field=BigIntegerField(),
            ),
        )
        ids = sorted(outbox_of.values())
        result.digests.extend(ids)
        _enqueue_on_commit([], ids)


def reminders_sweep(
    *,
    now: datetime | None = None,
    batch_size: int | None = None,
    sending_timeout: timedelta | None = None,
    requeue_after: timedelta | None = None,
    digest_min: int | None = None,
) -> SweepResult:
    """Queue the due reminders, in small locked batches; release claims of dead workers.

    Two sweeps at once take disjoint rows (``skip_locked``) and a row is marked queued
    in the batch's transaction, so it is queued once; the send tasks claim rows anyway,
    so even a duplicate task message sends nothing twice. People with ``digest_min`` or
    more reminders due get one digest; the rest are sent one by one.
    """
    now = now or timezone.now()
    batch_size = batch_size or _setting("SWEEP_BATCH", SWEEP_BATCH)
    sending_timeout = sending_timeout or _setting("SENDING_TIMEOUT", SENDING_TIMEOUT)
    requeue_after = requeue_after or _setting("REQUEUE_AFTER", REQUEUE_AFTER)
    digest_min = digest_min or _setting("DIGEST_MIN", DIGEST_MIN)
    result = SweepResult()

    result.released = Reminder.objects.filter(
        status=ReminderStatus.SENDING, claimed_at__lt=now - sending_timeout
    ).update(
        status=ReminderStatus.PENDING,
        enqueued_at=None,
        retry_at=None,
        error="claim expired: worker lost",
    )

    due = _due_q(now, requeue_after)
    many = sorted(
        Reminder.objects.filter(due, outbox__isnull=True)
        .order_by()
        .values("recipient_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=digest_min)
        .values_list("recipient_id", flat=True)
    )
    people_per_batch = max(batch_size // max(digest_min, 1), 1)
    for i in range(0, len(many), people_per_batch):
        _digest_batch(due, many[i : i + people_per_batch], now, result)

    while True:
        with transaction.atomic():
            # In send_at order, which the partial index of pending rows gives for free.
            rows = list(
                Reminder.objects.filter(due)
                .select_for_update(skip_locked=True)
                .order_by("send_at", "pk")
                .values_list("pk", "outbox_id")[:batch_size]
            )
            if not rows:
                break
            Reminder.objects.filter(pk__in=[pk for pk, _o in rows]).update(enqueued_at=now)
            # A row that already has a digest (released after a crash) goes with it.
            digest_ids = set(
                OutboxMessage.objects.filter(
                    pk__in={o for _pk, o in rows if o}, kind=OutboxKind.DIGEST
                ).values_list("pk", flat=True)
            )
            singles = [pk for pk, o in rows if o not in digest_ids]
            digests = sorted({o for _pk, o in rows if o in digest_ids})
            result.singles.extend(singles)
            result.digests.extend(digests)
            _enqueue_on_commit(singles, digests)
        if len(rows) < batch_size:
            break
    return result
