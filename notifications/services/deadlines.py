"""The API owning apps call: :func:`deadline_upsert` and :func:`deadline_close` for one
object, :func:`deadlines_bulk_upsert` with :class:`DeadlineSpec` rows for many, and
:func:`deadlines_orphans_close` for deadlines whose object is gone (see the package
docstring for the contract).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from orgunits.models import Organisation

from ..models import Deadline, DeadlineKind
from .schedule import reminders_schedule, reminders_schedule_bulk


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

    Idempotent; see the docstring of :mod:`notifications.services` for the contract with
    the owning apps.
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
