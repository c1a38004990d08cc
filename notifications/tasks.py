"""Celery entry points for reminders; the work is in :mod:`notifications.services`.

Tasks take ids, are enqueued on commit, are ``acks_late`` (settings) and idempotent:
each claims its rows with a conditional update, so a duplicate message, a redelivery
after a killed worker or a retry after a timeout finds nothing pending and stops.
"""

from smtplib import SMTPException

from celery import shared_task

from . import services


@shared_task(ignore_result=True, acks_late=True)
def reminders_sweep_task() -> dict[str, int]:
    """Beat, every few minutes: queue due reminders, release claims of dead workers."""
    result = services.reminders_sweep()
    return {
        "released": result.released,
        "singles": len(result.singles),
        "digests": len(result.digests),
    }


@shared_task(ignore_result=True, acks_late=True, soft_time_limit=300, time_limit=330)
def deadlines_missing_task() -> int:
    """Beat: deadlines of rows created in bulk (expected reports, communes added to a
    published roll-out) and answer dates that passed (see ``sources.deadlines_catch_up``)."""
    from .sources import deadlines_catch_up

    return deadlines_catch_up()


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(SMTPException, OSError, services.DeliveryError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
    soft_time_limit=120,
    time_limit=150,
    ignore_result=True,
)
def reminder_send_task(self, reminder_id: int) -> str:  # type: ignore[no-untyped-def]
    """Send one reminder exactly once (email per preference, and in the app)."""
    final = self.request.retries >= self.max_retries
    return services.reminder_send(reminder_id, final_attempt=final)


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(SMTPException, OSError, services.DeliveryError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
    soft_time_limit=120,
    time_limit=150,
    ignore_result=True,
)
def digest_send_task(self, outbox_id: int) -> str:  # type: ignore[no-untyped-def]
    """Send the reminders gathered for one person in one email (the daily digest)."""
    final = self.request.retries >= self.max_retries
    return services.digest_send(outbox_id, final_attempt=final)
