"""Event deadlines fed to the reminders of ``notifications`` (DOMAIN.md section 7).

The services of this app call these inside their own transactions, so a deadline is
always in step with its object:

- an event task (``event_task``): due on its deadline, for the assignee organisation,
  closed when done or cancelled;
- an event's invitations (``event_rsvp``): one deadline per event, for the organiser,
  due at the end of the answer date (:attr:`~events.models.Event.rsvp_deadline`),
  open while invitations are sent and some invitees have not answered; it closes when
  all have answered or the date passes (the beat closes it then: a late answer is
  still recorded, but nobody is chased for it);
- a roll-out registration (``event_registration``): once the roll-out is published,
  every commune of its area has a registration row and owes its registration by the
  registration deadline; closed when it registers;
- a roll-out's results (``event_report``): a registered unit, and once the roll-out is
  published every unit of it, owes its results by the results deadline; closed once
  they are reported.

A roll-out's communes are handled in bulk (:func:`rollout_deadlines_sync`): a fixed
number of queries for the thousands of communes of a province, no per-row signal. The
beat (``notifications.tasks.deadlines_missing_task``) runs it again for the published
roll-outs, which gives communes created later their rows and deadlines.
"""

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from notifications.models import Deadline, DeadlineKind
from notifications.services import (
    DeadlineSpec,
    deadline_close,
    deadline_upsert,
    deadlines_bulk_upsert,
    due_at_for_date,
)
from orgunits.models import AdminLevel, AdminUnit, Organisation, OrganisationKind

from .models import (
    Event,
    EventStatus,
    EventTask,
    Registration,
    RolloutPlan,
    RsvpStatus,
    TaskStatus,
)

TASK_DONE = (TaskStatus.DONE, TaskStatus.CANCELLED)

# Who holds a commune's event when the province named no host: its police first (the
# standing body of the movement), then its People's Committee, then any organisation.
HOST_KINDS = [OrganisationKind.COMMUNE_POLICE, OrganisationKind.PEOPLES_COMMITTEE]


# --- event tasks ----------------------------------------------------------------------


@transaction.atomic
def event_task_deadline_sync(task: EventTask) -> None:
    """Upsert (or close) the deadline of one event task."""
    if task.deadline is None or task.assignee_id is None or task.status in TASK_DONE:
        deadline_close(task, DeadlineKind.EVENT_TASK)
        return
    event = task.event
    text = (task.text or "").strip().splitlines()[0] if (task.text or "").strip() else ""
    deadline_upsert(
        task,
        DeadlineKind.EVENT_TASK,
        due_at=task.deadline,
        organisation=task.assignee,
        title=f"{text[:200]} ({event.title[:90]})",
        url=reverse("events:event_detail", args=[event.pk]),
    )


# --- invitations (RSVP) -------------------------------------------------------------------


def rsvp_title(event: Event, pending: int) -> str:
    # Stored on the deadline and shown to the organiser: in the portal's language.
    with translation.override(settings.LANGUAGE_CODE):
        return _("Invitees who have not answered: %(n)s (%(event)s)") % {
            "n": pending,
            "event": event.title[:250],
        }


@transaction.atomic
def event_rsvp_deadline_sync(event: Event, *, now: datetime | None = None) -> None:
    """Upsert (or close) the organiser's "N invitees have not answered" deadline."""
    now = now or timezone.now()
    # Read the row again: callers may hold an instance cached before a transition.
    event = Event.objects.select_related("organiser").get(pk=event.pk)
    day = event.rsvp_deadline
    if day is None:
        deadline_close(event, DeadlineKind.EVENT_RSVP)
        return
    due = due_at_for_date(day)
    pending = event.invitations.filter(rsvp_status=RsvpStatus.PENDING).count()
    if event.status != EventStatus.INVITATIONS_SENT or not pending or now > due:
        deadline_close(event, DeadlineKind.EVENT_RSVP)
        return
    deadline_upsert(
        event,
        DeadlineKind.EVENT_RSVP,
        due_at=due,
        organisation=event.organiser,
        title=rsvp_title(event, pending),
        url=reverse("events:invitation_list", args=[event.pk]),
    )


def rsvp_deadlines_expire(now: datetime | None = None) -> int:
    """Close the answer deadlines whose date has passed (the beat); returns how many."""
    now = now or timezone.now()
    ct = ContentType.objects.get_for_model(Event)
    ids = list(
        Deadline.objects.filter(
            content_type=ct, kind=DeadlineKind.EVENT_RSVP, active=True, due_at__lt=now
        ).values_list("object_id", flat=True)
    )
    for event in Event.objects.filter(pk__in=ids).select_related("organiser"):
        event_rsvp_deadline_sync(event, now=now)
    return len(ids)


# --- roll-out: registration and results ------------------------------------------------------


def register_title(rollout: RolloutPlan) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("Register the event: %(rollout)s") % {"rollout": rollout.title[:250]}


def _specs(
    reg: Registration, rollout: RolloutPlan, title: str | None = None
) -> dict[str, DeadlineSpec]:
    published = rollout.published_at is not None
    url = reverse("events:registration_edit", args=[rollout.pk, reg.pk])
    return {
        DeadlineKind.EVENT_REGISTRATION: DeadlineSpec(
            object_id=reg.pk,
            due_at=rollout.registration_deadline,
            organisation=reg.host,
            title=title or register_title(rollout),
            url=url,
            active=published and reg.registered_at is None,
        ),
        DeadlineKind.EVENT_REPORT: DeadlineSpec(
            object_id=reg.pk,
            due_at=rollout.report_deadline,
            organisation=reg.host,
            title=rollout.title[:280],
            url=url,
            active=reg.reported_at is None and (published or reg.registered_at is not None),
        ),
    }


def _apply(obj: Registration, kind: str, spec: DeadlineSpec) -> None:
    if spec.active:
        deadline_upsert(
            obj,
            kind,
            due_at=spec.due_at,
            organisation=spec.organisation,
            title=spec.title,
            url=spec.url,
        )
    else:
        deadline_close(obj, kind)


@transaction.atomic
def registration_deadlines_sync(reg: Registration, rollout: RolloutPlan | None = None) -> None:
    """The registration and results deadlines of one unit of a roll-out."""
    rollout = rollout or reg.rollout
    for kind, spec in _specs(reg, rollout).items():
        _apply(reg, kind, spec)


def _host_for(organisations: list[Organisation], day: Any) -> Organisation | None:
    def rank(org: Organisation) -> tuple[int, int, int]:
        kind = HOST_KINDS.index(org.kind) if org.kind in HOST_KINDS else len(HOST_KINDS)
        return (0 if org.is_active_on(day) else 1, kind, org.pk)

    return min(organisations, key=rank, default=None)


def rollout_communes_ensure(rollout: RolloutPlan) -> int:
    """Give every commune of the roll-out's area a registration row (in bulk).

    Communes are those the coverage shows (in existence on the first day of the
    period); a commune that already has a row (a point named by the province, or one
    that registered) is left alone. Returns how many rows were created.
    """
    communes = list(
        AdminUnit.objects.filter(path__startswith=rollout.unit.path, level=AdminLevel.COMMUNE)
        .active_on(rollout.window_start)
        .values_list("pk", flat=True)
    )
    have = set(rollout.registrations.values_list("unit_id", flat=True))
    missing = [pk for pk in communes if pk not in have]
    if not missing:
        return 0
    by_unit: dict[int, list[Organisation]] = {}
    for org in Organisation.objects.filter(unit_id__in=missing).order_by("pk"):
        by_unit.setdefault(org.unit_id, []).append(org)
    taken = set(rollout.registrations.values_list("host_id", flat=True))
    rows = []
    for unit_id in missing:
        host = _host_for(by_unit.get(unit_id, []), rollout.window_start)
        if host is None or host.pk in taken:
            continue  # a commune with no organisation yet: nobody to remind
        rows.append(Registration(rollout=rollout, host=host, unit_id=unit_id))
    bulk_create_with_history(rows, Registration, batch_size=1000)
    return len(rows)


@transaction.atomic
def rollout_deadlines_sync(rollout: RolloutPlan) -> int:
    """Every unit's registration and results deadlines of a roll-out, in bulk.

    A published roll-out first gets a row for each commune still without one. Returns
    how many rows and deadlines were created or changed (0 when all was in step).
    """
    rollout = RolloutPlan.objects.select_for_update().get(pk=rollout.pk)
    created = rollout_communes_ensure(rollout) if rollout.published_at else 0
    regs = list(rollout.registrations.select_related("host"))
    title = register_title(rollout)
    specs = [_specs(reg, rollout, title) for reg in regs]
    changed = 0
    for kind in (DeadlineKind.EVENT_REGISTRATION, DeadlineKind.EVENT_REPORT):
        changed += deadlines_bulk_upsert(Registration, kind, [sp[kind] for sp in specs])
    return created + changed


def rollouts_deadlines_sync(*, live_only: bool = False) -> int:
    """Every roll-out (``live_only``: the published ones whose results are not more than
    a month overdue, for the beat). Returns rows and deadlines created or changed."""
    qs = RolloutPlan.objects.all()
    if live_only:
        cutoff = timezone.localdate() - timedelta(days=31)
        qs = qs.filter(published_at__isnull=False, report_deadline__gte=cutoff)
    return sum(rollout_deadlines_sync(rollout) for rollout in qs.order_by("pk"))
