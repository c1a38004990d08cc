"""RSVP and check-in: whether an invitation link still answers, recording the invitee's
answer by token alone, and marking an invitee present at the door (once, under a row
lock).
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..deadlines import event_rsvp_deadline_sync
from ..models import Event, EventStatus, Invitation, RsvpStatus


def rsvp_open(invitation: Invitation, now: datetime | None = None) -> bool:
    """A link answers until the event ends, and not once it is held or reported.

    The answer date (:attr:`Event.rsvp_deadline`) does not close the link: a guest who
    answers after it (a leader back from a trip) is still expected at the door, so the
    answer is recorded and shown as late (:attr:`Invitation.answered_late`); the date
    is what the organiser's reminders chase.
    """
    now = now or timezone.now()
    event = invitation.event
    return now < event.ends_at and event.status in (
        EventStatus.PLANNED,
        EventStatus.INVITATIONS_SENT,
    )


@transaction.atomic
def rsvp_answer(token: str, answer: str, note: str = "") -> Invitation:
    """Record the invitee's answer; the token alone identifies the invitation."""
    inv = (
        Invitation.objects.select_for_update()
        .select_related("event")
        .filter(rsvp_token=token)
        .first()
    )
    if inv is None or not token:
        raise Invitation.DoesNotExist
    if not rsvp_open(inv):
        raise ValidationError(
            _("This invitation link has expired: the event is over."), code="expired"
        )
    if answer not in (RsvpStatus.ACCEPTED, RsvpStatus.DECLINED):
        raise ValidationError(_("Choose whether you will attend."), code="answer")
    inv.rsvp_status = answer
    inv.rsvp_note = note.strip()[:500]
    inv.responded_at = timezone.now()
    inv.save(update_fields=["rsvp_status", "rsvp_note", "responded_at"])
    event_rsvp_deadline_sync(inv.event)
    return inv


@transaction.atomic
def check_in(event: Event, token: str) -> tuple[Invitation, bool]:
    """Mark the invitee present; returns (invitation, first_time).

    The row is locked, so two scans at the same time count once.
    """
    token = (token or "").strip()
    # A scanned QR code may hold the whole check-in URL: keep only the token.
    if "t=" in token:
        token = token.rsplit("t=", 1)[1].split("&", 1)[0]
    inv = (
        Invitation.objects.select_for_update().filter(event=event, checkin_token=token).first()
        if token
        else None
    )
    if inv is None:
        raise ValidationError(_("No invitation of this event has this code."), code="unknown_token")
    if event.status == EventStatus.REPORTED:
        raise ValidationError(_("The event is closed."), code="closed")
    if inv.attended_at:
        return inv, False
    inv.attended_at = timezone.now()
    inv.save(update_fields=["attended_at"])
    return inv, True
