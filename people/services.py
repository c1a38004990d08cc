"""Writes of the person registry that carry rules: award holds."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Person, PersonHold
from .permissions import can_manage_hold_of


@transaction.atomic
def hold_save(hold: PersonHold, *, user: Any) -> PersonHold:
    """Create or change an award hold of a person in the user's area."""
    if not can_manage_hold_of(user, hold.person):
        raise PermissionDenied
    if hold.pk is None and getattr(user, "pk", None):
        hold.created_by = user
    hold.full_clean()
    hold.save()
    return hold


def hold_problem(person: Person, on: date | None = None) -> ValidationError | None:
    """The Vietnamese refusal when ``person`` is under an award hold on ``on`` (today)."""
    on = on or timezone.localdate()
    hold = PersonHold.objects.active(on).filter(person=person).order_by("started_on").first()
    if hold is None:
        return None
    return ValidationError(
        _(
            "%(name)s is under an award hold (%(kind)s, since %(start)s): no award may be "
            "proposed or approved until it is resolved."
        )
        % {
            "name": person.full_name,
            "kind": hold.get_kind_display().lower(),
            "start": hold.started_on.strftime("%d/%m/%Y"),
        },
        code="person_on_hold",
    )
