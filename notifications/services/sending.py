"""Sending one reminder or one digest: claim the rows with a conditional update, write
the outbox row and the in-app notifications in the claim's transaction, email outside
it (kind, date and link only), mark the rows sent or release them for a retry; and
the resend of a failed reminder.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..models import (
    Notification,
    NotificationPreference,
    OutboxKind,
    OutboxMessage,
    Reminder,
    ReminderStatus,
    stage_label,
)
from .common import RETRY_HOLD, SMTP_TIMEOUT, _setting
from .sweep import _enqueue


class DeliveryError(Exception):
    """Raised after a failed SMTP attempt was recorded, for the task to retry."""


def _email_kinds(user_id: int) -> dict[str, bool]:
    return dict(
        NotificationPreference.objects.filter(user_id=user_id).values_list("kind", "by_email")
    )


def _notification_for(reminder: Reminder) -> Notification:
    deadline = reminder.deadline
    with translation.override(settings.LANGUAGE_CODE):
        body = _("%(kind)s, due %(due)s (%(stage)s)") % {
            "kind": deadline.get_kind_display(),
            "due": timezone.localtime(deadline.due_at).strftime("%d/%m/%Y"),
            "stage": stage_label(reminder.stage),
        }
    return Notification(
        user_id=reminder.recipient_id,
        title=deadline.title,
        body=body[:500],
        url=deadline.url,
        reminder=reminder,
    )


def _items(reminders: list[Reminder]) -> list[dict[str, str]]:
    site = settings.SITE_URL.rstrip("/")
    return [
        {
            "kind": r.deadline.get_kind_display(),
            "due": timezone.localtime(r.deadline.due_at).strftime("%d/%m/%Y"),
            "stage": stage_label(r.stage),
            "link": f"{site}{r.deadline.url}",
        }
        for r in reminders
    ]


def _display_name(user: Any) -> str:
    """Vietnamese order (family name first); the registry's full name when linked."""
    person = getattr(user, "person", None) if user.person_id else None
    if person is not None:
        return person.full_name
    return f"{user.last_name} {user.first_name}".strip() or user.username


def _send_email(outbox: OutboxMessage, reminders: list[Reminder]) -> bool:
    """Send the outbox message for the reminders whose kind goes by email.

    No title or detail of the object goes into the email: kind, date and a link.
    """
    user = outbox.recipient
    wanted = _email_kinds(user.pk)
    chosen = [r for r in reminders if wanted.get(r.deadline.kind, True)]
    if not user.email or not chosen:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        ctx = {"items": _items(chosen), "site": settings.SITE_URL, "name": _display_name(user)}
        if len(chosen) == 1:
            subject = _("Reminder: %(kind)s, %(stage)s") % {
                "kind": ctx["items"][0]["kind"],
                "stage": ctx["items"][0]["stage"],
            }
            body = render_to_string("notifications/emails/reminder.txt", ctx)
        else:
            subject = _("Reminder: %(n)d deadlines need your attention") % {"n": len(chosen)}
            body = render_to_string("notifications/emails/digest.txt", ctx)
    message = EmailMessage(
        subject=f"[Thi đua] {subject}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={
            "Message-ID": outbox.message_id,
            "X-Thidua-Reminders": ",".join(str(r.pk) for r in chosen),
        },
        connection=get_connection(timeout=_setting("SMTP_TIMEOUT", SMTP_TIMEOUT)),
    )
    message.send(fail_silently=False)
    return True


def _claim(filter_q: Q, now: datetime) -> int:
    return Reminder.objects.filter(filter_q, status=ReminderStatus.PENDING).update(
        status=ReminderStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )


def _deliver(outbox: OutboxMessage, rows: list[Reminder], claimed_at: datetime, final: bool) -> str:
    """Send the email outside any transaction, then mark the rows; on error release them."""
    ids = [r.pk for r in rows]
    mine = Reminder.objects.filter(pk__in=ids, status=ReminderStatus.SENDING, claimed_at=claimed_at)
    try:
        emailed = _send_email(outbox, rows)
    except OSError as exc:  # SMTPException and connection errors are OSErrors
        now = timezone.now()
        mine.update(
            status=ReminderStatus.FAILED if final else ReminderStatus.PENDING,
            retry_at=None if final else now + RETRY_HOLD,
            enqueued_at=now,
            error=f"{type(exc).__name__}: {exc}"[:1000],
        )
        if final:
            return "failed"
        raise DeliveryError(str(exc)) from exc
    now = timezone.now()
    with transaction.atomic():
        mine.update(status=ReminderStatus.SENT, sent_at=now, error="")
        if emailed:
            OutboxMessage.objects.filter(pk=outbox.pk).update(
                sent_at=now, transmissions=F("transmissions") + 1
            )
    return "sent" if emailed else "in_app"


def _claimed_rows(outbox: OutboxMessage, rows: list[Reminder]) -> list[Reminder]:
    """Inside the claim transaction: cancel rows of closed deadlines, link the outbox,
    write the in-app notifications (one per reminder, the OneToOne is the guard)."""
    live = [r for r in rows if r.deadline.active]
    dead = [r.pk for r in rows if not r.deadline.active]
    if dead:
        Reminder.objects.filter(pk__in=dead).update(status=ReminderStatus.CANCELLED)
    Reminder.objects.filter(pk__in=[r.pk for r in live]).exclude(outbox=outbox).update(
        outbox=outbox
    )
    have = set(
        Notification.objects.filter(reminder__in=[r.pk for r in live]).values_list(
            "reminder_id", flat=True
        )
    )
    Notification.objects.bulk_create([_notification_for(r) for r in live if r.pk not in have])
    return live


def reminder_send(reminder_id: int, *, final_attempt: bool = False) -> str:
    """Claim one reminder, write its outbox row and in-app notification, email it.

    Returns "skipped" when the row is not pending (sent or being sent elsewhere, or
    deleted by a re-schedule), else "sent", "in_app", "cancelled" or "failed".
    Raises :class:`DeliveryError` after a failed SMTP attempt (the row is pending again).
    """
    claimed_at = timezone.now()
    with transaction.atomic():
        if not _claim(Q(pk=reminder_id), claimed_at):
            return "skipped"
        reminder = Reminder.objects.select_related(
            "deadline", "deadline__organisation", "recipient"
        ).get(pk=reminder_id)
        outbox, _created = OutboxMessage.objects.get_or_create(
            key=f"reminder-{reminder.pk}",
            defaults={"kind": OutboxKind.SINGLE, "recipient": reminder.recipient},
        )
        live = _claimed_rows(outbox, [reminder])
    if not live:
        return "cancelled"
    return _deliver(outbox, live, claimed_at, final_attempt)


def digest_send(outbox_id: int, *, final_attempt: bool = False) -> str:
    """Claim the pending reminders gathered in one digest and send one email for them."""
    claimed_at = timezone.now()
    with transaction.atomic():
        if not _claim(Q(outbox_id=outbox_id), claimed_at):
            return "skipped"
        outbox = OutboxMessage.objects.select_related("recipient").get(pk=outbox_id)
        rows = list(
            Reminder.objects.filter(
                outbox=outbox, status=ReminderStatus.SENDING, claimed_at=claimed_at
            )
            .select_related("deadline")
            .order_by("deadline__due_at", "pk")
        )
        live = _claimed_rows(outbox, rows)
    if not live:
        return "cancelled"
    return _deliver(outbox, live, claimed_at, final_attempt)


@transaction.atomic
def reminder_resend(reminder: Reminder) -> None:
    """Queue a failed reminder again (province staff's resend button)."""
    updated = Reminder.objects.filter(pk=reminder.pk, status=ReminderStatus.FAILED).update(
        status=ReminderStatus.PENDING,
        retry_at=None,
        enqueued_at=timezone.now(),
        error="",
    )
    if not updated:
        raise ValidationError(_("Only a failed reminder can be sent again."), code="not_failed")
    row = Reminder.objects.select_related("outbox").get(pk=reminder.pk)
    if row.outbox_id and row.outbox.kind == OutboxKind.DIGEST:
        _enqueue("digest_send_task", row.outbox_id)
    else:
        _enqueue("reminder_send_task", reminder.pk)
