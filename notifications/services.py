"""Deadlines and reminders: the API other apps call, and the send path.

How an owning app registers a deadline
--------------------------------------
Call :func:`deadline_upsert` from your service, inside its transaction, whenever the
object's due time, responsible organisation or state changes::

    from notifications.models import DeadlineKind
    from notifications.services import deadline_upsert, deadline_close

    deadline_upsert(
        report,                         # any saved model instance (content type + pk)
        DeadlineKind.EXPECTED_REPORT,   # or a plain string of DeadlineKind
        due_at=report.due_date,         # aware datetime, or a date (= 23:59 local that day)
        organisation=report.organisation,   # the responsible organisation
        title="Báo cáo kết quả tháng 5/2025",  # shown in the app, never in emails
        url=reverse("reports:report_detail", args=[report.pk]),  # a path on this site
        active=True,                    # False once done (submitted, cancelled…)
    )
    deadline_close(report, DeadlineKind.EXPECTED_REPORT)  # same as active=False

Kinds: ``campaign_assignment``, ``expected_report``, ``event_task``, ``event_rsvp``,
``event_registration``, ``event_report``, ``award_dossier`` (add a new one to
:class:`~notifications.models.DeadlineKind` with a migration of this app). An owner that
creates rows in bulk (thousands of communes) calls :func:`deadlines_bulk_upsert` with
one :class:`DeadlineSpec` per row instead: same contract, a fixed number of queries.
The call is idempotent: the same values change nothing and
write no history row. Moving ``due_at`` (or the organisation) deletes the reminders
still pending and creates them again from the new date; reminders already sent are
never touched, and a stage already sent is not sent again. Nothing is computed from
"today" later on: the sweep only reads the stored ``send_at`` of each reminder.

Who is reminded (:class:`~notifications.models.ReminderRule`, per kind, editable by
province staff): before and on the day, users of the responsible organisation with the
rule's roles; overdue stage *k* climbs the escalation ladder (responsible officers,
head of the unit, staff of the parent organisation, the province's leaders). Every
recipient must see the responsible organisation's unit (their unit is the same or an
ancestor), so a reminder never leaves the unit's hierarchy.

Sending
-------
The beat task calls :func:`reminders_sweep`; each reminder is sent by
:func:`reminder_send` (or :func:`digest_send` for a person with several reminders due
at once), which claims rows with a conditional update and writes the outbox row and the
in-app notification in the claim's transaction. The email's ``Message-ID`` comes from
the outbox key, so a message sent again after a crash between the SMTP reply and the
``sent`` mark carries the same id.
"""

from __future__ import annotations

import logging
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import BigIntegerField, Case, Count, F, Model, Q, Value, When
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import RoleCode
from orgunits.models import Organisation

from .models import (
    Deadline,
    DeadlineKind,
    EscalationStep,
    Notification,
    NotificationPreference,
    OutboxKind,
    OutboxMessage,
    Reminder,
    ReminderRule,
    ReminderStatus,
    stage_label,
)

logger = logging.getLogger(__name__)

# A claimed row still SENDING after this long belongs to a dead worker: it is released.
# Keep it well above SMTP_TIMEOUT x a few and the task time limit.
SENDING_TIMEOUT = timedelta(minutes=10)
# A queued row not yet claimed after this long (a lost task message) is queued again.
REQUEUE_AFTER = timedelta(minutes=15)
# Hold back the sweep while Celery's own retry with backoff is pending.
RETRY_HOLD = timedelta(minutes=15)
SMTP_TIMEOUT = 30
# A person with at least this many reminders due at once gets one digest email.
DIGEST_MIN = 3
SWEEP_BATCH = 500


def _setting(name: str, default: Any) -> Any:
    return getattr(settings, f"NOTIFICATIONS_{name}", default)


# --- deadlines ----------------------------------------------------------------------------


def due_at_for_date(day: date) -> datetime:
    """A due date as a moment: the end of that day in the portal's time zone."""
    return timezone.make_aware(datetime.combine(day, time(23, 59)))


def _as_due_at(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        if timezone.is_naive(value):
            raise ValidationError(_("The due time must carry a time zone."), code="naive")
        return value
    return due_at_for_date(value)


@transaction.atomic
def deadline_upsert(
    obj: Model,
    kind: str,
    due_at: date | datetime,
    organisation: Organisation,
    title: str,
    url: str,
    *,
    active: bool = True,
) -> Deadline:
    """Create or update the deadline of ``obj`` and (re)schedule its reminders.

    Idempotent; see the module docstring for the contract with the owning apps.
    """
    if kind not in DeadlineKind.values:
        raise ValidationError(_("Unknown kind of deadline."), code="kind")
    due = _as_due_at(due_at)
    ct = ContentType.objects.get_for_model(obj)
    values = {
        "organisation_id": organisation.pk,
        "due_at": due,
        "title": title[:300],
        "url": url,
        "active": active,
    }
    lookup = {"content_type": ct, "object_id": obj.pk, "kind": kind}
    deadline = Deadline.objects.select_for_update().filter(**lookup).first()
    if deadline is None:
        try:
            with transaction.atomic():
                deadline = Deadline(**lookup, **values)
                deadline.save()
        except IntegrityError:
            # Another transaction created it first: update that row instead.
            deadline = Deadline.objects.select_for_update().get(**lookup)
        else:
            reminders_schedule(deadline)
            return deadline
    changed = [k for k, v in values.items() if getattr(deadline, k) != v]
    if not changed:
        return deadline
    for key in changed:
        setattr(deadline, key, values[key])
    deadline.save()
    if {"due_at", "organisation_id", "active"} & set(changed):
        reminders_schedule(deadline)
    return deadline


def deadline_close(obj: Model, kind: str) -> None:
    """The object is done (or gone): its pending reminders are dropped."""
    ct = ContentType.objects.get_for_model(obj)
    with transaction.atomic():
        deadline = (
            Deadline.objects.select_for_update()
            .filter(content_type=ct, object_id=obj.pk, kind=kind)
            .first()
        )
        if deadline is None or not deadline.active:
            return
        deadline.active = False
        deadline.save()
        reminders_schedule(deadline)


@dataclass
class DeadlineSpec:
    """One deadline for :func:`deadlines_bulk_upsert` (the arguments of
    :func:`deadline_upsert`, with the object's primary key)."""

    object_id: int
    due_at: date | datetime
    organisation: Organisation
    title: str
    url: str
    active: bool = True


@transaction.atomic
def deadlines_bulk_upsert(model: type[Model], kind: str, specs: list[DeadlineSpec]) -> int:
    """:func:`deadline_upsert` for many objects of one model and kind at once.

    For owners that create rows in bulk (a roll-out's thousands of communes): a fixed
    number of queries whatever the count. Idempotent like :func:`deadline_upsert`:
    unchanged rows are not written; new and moved ones get their reminders
    (re)scheduled. An inactive spec closes an existing deadline and creates none.
    Returns how many deadlines were created or changed.
    """
    from simple_history.utils import bulk_create_with_history, bulk_update_with_history

    if kind not in DeadlineKind.values:
        raise ValidationError(_("Unknown kind of deadline."), code="kind")
    if not specs:
        return 0
    ct = ContentType.objects.get_for_model(model)
    existing = {
        d.object_id: d
        for d in Deadline.objects.select_for_update().filter(
            content_type=ct, kind=kind, object_id__in=[sp.object_id for sp in specs]
        )
    }
    new: list[Deadline] = []
    changed: list[Deadline] = []
    moved: list[Deadline] = []
    for sp in specs:
        values = {
            "organisation_id": sp.organisation.pk,
            "unit_id": sp.organisation.unit_id,
            "due_at": _as_due_at(sp.due_at),
            "title": sp.title[:300],
            "url": sp.url,
            "active": sp.active,
        }
        row = existing.get(sp.object_id)
        if row is None:
            if not sp.active:
                continue  # nothing owed and nothing to close: no row at all
            new.append(Deadline(content_type=ct, object_id=sp.object_id, kind=kind, **values))
            continue
        diff = {k for k, v in values.items() if getattr(row, k) != v}
        if not diff:
            continue
        for key in diff:
            setattr(row, key, values[key])
        changed.append(row)
        if {"due_at", "organisation_id", "active"} & diff:
            moved.append(row)
    if new:
        # bulk_create skips save(): ``unit`` is set above from the organisation.
        new = bulk_create_with_history(new, Deadline, batch_size=1000)
        if any(d.pk is None for d in new):  # backends that return no primary keys
            known = dict(
                Deadline.objects.filter(
                    content_type=ct, kind=kind, object_id__in=[d.object_id for d in new]
                ).values_list("object_id", "pk")
            )
            for d in new:
                d.pk = known[d.object_id]
    if changed:
        now = timezone.now()
        for row in changed:
            row.updated_at = now
        bulk_update_with_history(
            changed,
            Deadline,
            ["organisation", "unit", "due_at", "title", "url", "active", "updated_at"],
            batch_size=1000,
        )
    reminders_schedule_bulk([*new, *moved])
    return len(new) + len(changed)


def deadlines_orphans_close() -> int:
    """Close the open deadlines whose object is gone (a cascade or an admin bulk delete
    that no owner service saw): their pending reminders are dropped. Returns how many."""
    from django.db.models import Exists, OuterRef

    closed = 0
    cts = Deadline.objects.filter(active=True).values_list("content_type", flat=True)
    for ct in ContentType.objects.filter(pk__in=set(cts)):
        model = ct.model_class()
        if model is None:
            continue
        exists = model._default_manager.filter(pk=OuterRef("object_id"))
        for deadline in Deadline.objects.filter(content_type=ct, active=True).filter(
            ~Exists(exists)
        ):
            with transaction.atomic():
                deadline.active = False
                deadline.save()
                reminders_schedule(deadline)
            closed += 1
    return closed


# --- rules and recipients ------------------------------------------------------------------


def rule_for(kind: str, province_id: int | None) -> ReminderRule:
    """The province's own rule for ``kind``, else the default one, else built-in defaults."""
    rules = {
        r.province_id: r
        for r in ReminderRule.objects.filter(kind=kind).filter(
            Q(province_id=province_id) | Q(province__isnull=True)
        )
    }
    return rules.get(province_id) or rules.get(None) or ReminderRule(kind=kind)


def stage_send_at(deadline: Deadline, rule: ReminderRule, stage: int) -> datetime:
    """The stage's day (due day + ``stage`` days) at the rule's time of day, local time."""
    day = timezone.localtime(deadline.due_at).date() + timedelta(days=stage)
    return timezone.make_aware(datetime.combine(day, rule.send_time))


def stage_steps(rule: ReminderRule, stage: int) -> list[str]:
    """Which escalation steps a stage reaches: overdue stage k reaches the first k+1."""
    if stage <= 0:
        return [EscalationStep.REPORTER]
    ladder = list(rule.escalation or [EscalationStep.REPORTER])
    overdue = [s for s in rule.stages if s > 0]
    k = overdue.index(stage) + 1 if stage in overdue else len(overdue)
    return ladder[: min(k + 1, len(ladder))]


def _users_by_org(orgs: list[Organisation], rule: ReminderRule, step: str) -> dict[int, set[Any]]:
    """For each organisation, the (user id, user's unit path) pairs one escalation step
    reaches: one query for any number of organisations (bulk scheduling)."""
    User = get_user_model()
    users = User.objects.filter(is_active=True, organisation__isnull=False).order_by()
    out: dict[int, set[Any]] = {org.pk: set() for org in orgs}
    org_ids = list(out)
    if step in (EscalationStep.REPORTER, EscalationStep.HEAD):
        if step == EscalationStep.REPORTER:
            qs = users.filter(organisation_id__in=org_ids, roles__code__in=rule.audience_roles)
        else:
            qs = users.filter(
                organisation_id__in=org_ids, person__position_rank__gte=rule.head_min_rank
            )
        for pk, org_id, path in qs.values_list("pk", "organisation_id", "organisation__unit__path"):
            out[org_id].add((pk, path))
    elif step == EscalationStep.PARENT_STAFF:
        # The parent organisation or one of its divisions (Công an tỉnh → Phòng PV05).
        parents: dict[int, list[int]] = defaultdict(list)
        for org in orgs:
            if org.parent_id:
                parents[org.parent_id].append(org.pk)
        if parents:
            qs = users.filter(
                Q(organisation_id__in=list(parents)) | Q(organisation__parent_id__in=list(parents)),
                roles__code__in=rule.parent_staff_roles,
            ).values_list(
                "pk", "organisation_id", "organisation__parent_id", "organisation__unit__path"
            )
            for pk, org_id, org_parent_id, path in qs:
                for parent_id in {org_id, org_parent_id} & set(parents):
                    for child in parents[parent_id]:
                        out[child].add((pk, path))
    elif step == EscalationStep.PROVINCE_LEADER:
        provinces: dict[int, list[int]] = defaultdict(list)
        for org in orgs:
            if org.unit.province_id:
                provinces[org.unit.province_id].append(org.pk)
        if provinces:
            qs = users.filter(
                organisation__unit_id__in=list(provinces), roles__code=RoleCode.LEADER
            ).values_list("pk", "organisation__unit_id", "organisation__unit__path")
            for pk, unit_id, path in qs:
                for org_id in provinces[unit_id]:
                    out[org_id].add((pk, path))
    return out


def _recipients(
    org: Organisation, stage_steps_: list[str], by_step: dict[str, dict[int, set[Any]]]
) -> list[int]:
    """Only people who can see the unit: theirs is the unit itself or an ancestor."""
    unit_path = org.unit.path
    ids: set[int] = set()
    for step in stage_steps_:
        ids.update(pk for pk, path in by_step[step].get(org.pk, ()) if unit_path.startswith(path))
    return sorted(ids)


def stage_recipients(deadline: Deadline, rule: ReminderRule, stage: int) -> list[int]:
    """User ids for one stage, limited to the responsible unit's hierarchy."""
    org = deadline.organisation
    steps = stage_steps(rule, stage)
    by_step = {step: _users_by_org([org], rule, step) for step in steps}
    return _recipients(org, steps, by_step)


def _chosen_stages(
    deadline: Deadline, rule: ReminderRule, now: datetime
) -> list[tuple[int, datetime]]:
    """The stages to schedule, with their send times (see :func:`reminders_schedule`)."""
    timed = [(stage, stage_send_at(deadline, rule, stage)) for stage in rule.stages]
    future = [(s, at) for s, at in timed if at > now]
    past = [(s, at) for s, at in timed if at <= now]
    chosen = list(future)
    if past:
        last_stage, last_at = past[-1]
        grace = timedelta(days=max(rule.overdue_every_days, 1))
        if future or now - last_at < grace:
            chosen.insert(0, (last_stage, now))
    return chosen


@transaction.atomic
def reminders_schedule(deadline: Deadline, *, now: datetime | None = None) -> int:
    """Replace the deadline's pending reminders by those of its current due time.

    Sent, sending, failed and cancelled rows stay as they are, and the exactly-once key
    (deadline, recipient, stage) keeps a stage already sent from being created again.
    Stages whose time has passed when the deadline is scheduled are skipped, except the
    latest one (sent at the next sweep) while the ladder is not over, so a deadline
    registered two days ahead gets one reminder now, not three. Returns rows created.
    """
    return reminders_schedule_bulk([deadline], now=now)


@transaction.atomic
def reminders_schedule_bulk(deadlines: list[Deadline], *, now: datetime | None = None) -> int:
    """:func:`reminders_schedule` for many deadlines at once, in a fixed number of
    queries per rule (thousands of communes of a roll-out). Returns rows created."""
    now = now or timezone.now()
    if not deadlines:
        return 0
    Reminder.objects.filter(
        deadline_id__in=[d.pk for d in deadlines], status=ReminderStatus.PENDING
    ).delete()
    live = [d for d in deadlines if d.active]
    orgs = {
        o.pk: o
        for o in Organisation.objects.select_related("unit").filter(
            pk__in={d.organisation_id for d in live}
        )
    }
    groups: dict[tuple[str, int | None], list[Deadline]] = defaultdict(list)
    for d in live:
        groups[(d.kind, orgs[d.organisation_id].unit.province_id)].append(d)
    rows: list[Reminder] = []
    for (kind, province_id), members in groups.items():
        rule = rule_for(kind, province_id)
        if not rule.active:
            continue
        planned = [(d, _chosen_stages(d, rule, now)) for d in members]
        steps_needed = {
            step
            for _d, chosen in planned
            for stage, _at in chosen
            for step in stage_steps(rule, stage)
        }
        member_orgs = list(
            {orgs[d.organisation_id].pk: orgs[d.organisation_id] for d in members}.values()
        )
        by_step = {step: _users_by_org(member_orgs, rule, step) for step in steps_needed}
        for d, chosen in planned:
            org = orgs[d.organisation_id]
            for stage, at in chosen:
                for user_id in _recipients(org, stage_steps(rule, stage), by_step):
                    rows.append(Reminder(deadline=d, recipient_id=user_id, stage=stage, send_at=at))
    created = Reminder.objects.bulk_create(rows, ignore_conflicts=True, batch_size=2000)
    return len(created)


# --- the sweep -----------------------------------------------------------------------------


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

    from . import tasks

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


# --- sending -------------------------------------------------------------------------------


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


# --- in-app notifications and preferences ---------------------------------------------------


def notifications_mark_read(user: Any, ids: list[int] | None = None) -> int:
    """Mark the user's notifications read: the given ones, or all when ``ids`` is None."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


@transaction.atomic
def preferences_save(user: Any, by_email: dict[str, bool]) -> None:
    """Store which kinds go by email; unchanged rows are not saved (no history noise)."""
    current = {p.kind: p for p in NotificationPreference.objects.filter(user=user)}
    for kind, wanted in by_email.items():
        if kind not in DeadlineKind.values:
            continue
        pref = current.get(kind)
        if pref is None:
            if not wanted:
                NotificationPreference.objects.create(user=user, kind=kind, by_email=False)
        elif pref.by_email != wanted:
            pref.by_email = wanted
            pref.save()


@transaction.atomic
def rule_save(rule: ReminderRule, *, user: Any) -> ReminderRule:
    """Validate and save a rule; pending reminders of its kind keep their times
    (rules apply to deadlines scheduled or moved from now on)."""
    rule.full_clean()
    rule.save()
    return rule
