"""The event itself: creation (from a standard programme template or blank), editing,
the status ``TRANSITIONS`` table and :func:`event_transition`, and the task list whose
rows feed their deadlines to the reminders.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from accounts.models import RoleCode
from notifications.models import DeadlineKind
from notifications.services import deadline_close

from ..deadlines import event_rsvp_deadline_sync, event_task_deadline_sync
from ..models import Event, EventStatus, EventTask, ProgrammeItem
from ..programmes import TEMPLATES


@transaction.atomic
def event_create(*, user: Any = None, **fields: Any) -> Event:
    """Create an event; the organiser's unit decides who sees it."""
    event = Event(created_by=user if getattr(user, "pk", None) else None, **fields)
    event.full_clean()
    event.save()
    return event


@transaction.atomic
def event_update(event: Event, *, user: Any = None) -> Event:
    """Save an edited event (the form has set its fields); a moved answer date or event
    day re-schedules the organiser's reminders about unanswered invitations."""
    event.full_clean()
    event.save()
    event_rsvp_deadline_sync(event)
    return event


@transaction.atomic
def event_create_from_template(template: str, *, user: Any = None, **fields: Any) -> Event:
    """Create an event with a standard programme (seed 000 launch, seed 002 Ngày hội)."""
    spec = TEMPLATES.get(template)
    if spec is None:
        event = event_create(user=user, **fields)
        return event
    fields.setdefault("kind", spec["kind"])
    fields.setdefault("duration_hours", spec["duration_hours"])
    starts_at = fields.get("starts_at")
    year = starts_at.year if starts_at else timezone.localdate().year
    if not fields.get("banner_middle"):
        fields["banner_middle"] = spec["banner_middle"].format(year=year)
    event = event_create(user=user, **fields)
    bulk_create_with_history(
        [
            ProgrammeItem(event=event, order=i, part=part, title=title, performer=performer)
            for i, (part, title, performer) in enumerate(spec["items"], start=1)
        ],
        ProgrammeItem,
    )
    return event


EDIT = (RoleCode.ADMIN, RoleCode.PROVINCE_STAFF, RoleCode.COMMUNE_OFFICER)
TRANSITIONS: dict[tuple[str, str], tuple[str, ...]] = {
    (EventStatus.PLANNED, EventStatus.INVITATIONS_SENT): (*EDIT, RoleCode.CLERK),
    (EventStatus.INVITATIONS_SENT, EventStatus.PLANNED): (RoleCode.ADMIN, RoleCode.PROVINCE_STAFF),
    (EventStatus.INVITATIONS_SENT, EventStatus.HELD): EDIT,
    (EventStatus.PLANNED, EventStatus.HELD): EDIT,
    (EventStatus.HELD, EventStatus.REPORTED): (*EDIT, RoleCode.LEADER),
}


def allowed_transitions(user: Any, event: Event) -> list[tuple[str, str]]:
    """(target, label) pairs the user may apply now."""
    if not user.is_authenticated:
        return []
    out = []
    for (src, dst), roles in TRANSITIONS.items():
        if src == event.status and user.has_role(*roles):
            out.append((dst, str(EventStatus(dst).label)))
    return out


@transaction.atomic
def event_transition(event: Event, target: str, *, user: Any) -> Event:
    """Move the event along ``TRANSITIONS``; sending marks every invitation as sent."""
    from accounts.scope import unit_in_scope

    locked = Event.objects.select_for_update().get(pk=event.pk)
    if not unit_in_scope(user, locked.unit):
        raise PermissionDenied
    roles = TRANSITIONS.get((locked.status, target))
    if roles is None:
        raise ValidationError(
            _("An event cannot go from “%(src)s” to “%(dst)s”.")
            % {
                "src": EventStatus(locked.status).label,
                "dst": EventStatus(target).label if target in EventStatus.values else target,
            },
            code="bad_transition",
        )
    if not user.has_role(*roles):
        raise ValidationError(
            _("Your role cannot make this change."),
            code="role",
        )
    now = timezone.now()
    if target == EventStatus.INVITATIONS_SENT:
        if not locked.invitations.exists():
            raise ValidationError(
                _("Add the invitees before sending the invitations."), code="no_invitations"
            )
        locked.invitations.filter(sent_at__isnull=True).update(sent_at=now)
    if target == EventStatus.HELD and locked.starts_at > now:
        raise ValidationError(
            _("The event has not started yet (%(start)s).")
            % {"start": timezone.localtime(locked.starts_at).strftime("%H:%M %d/%m/%Y")},
            code="not_started",
        )
    locked.status = target
    locked.save(update_fields=["status", "updated_at"])
    event_rsvp_deadline_sync(locked)
    return locked


@transaction.atomic
def event_tasks_save(
    event: Event,
    rows: list[EventTask],
    deleted: list[EventTask],
    *,
    changed: list[bool] | None = None,
) -> None:
    """Store the task list as edited: ``rows`` in page order, ``deleted`` removed.

    ``changed`` (one flag per row, from the form) spares saving untouched rows again
    (no history noise); each saved task's deadline follows it.
    """
    for task in deleted:
        if task.pk:
            pk = task.pk
            task.delete()
            task.pk = pk  # the deadline is keyed by the former primary key
            deadline_close(task, DeadlineKind.EVENT_TASK)
    flags = changed if changed is not None else [True] * len(rows)
    for position, (task, was_changed) in enumerate(zip(rows, flags, strict=True), start=1):
        if task.pk is None or task.order != position or was_changed:
            task.event = event
            task.order = position
            task.save()
            event_task_deadline_sync(task)
