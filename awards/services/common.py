"""Helpers shared by the awards services: the audit trail, nominee matching."""

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import RoleCode
from orgunits.models import AdminUnit, Organisation
from people.models import Person

from ..models import (
    AppraisalStatus,
    BatchEvent,
    BatchStatus,
    CouncilResult,
    Nomination,
    NominationBatch,
)

A = RoleCode


S = BatchStatus


# Nominees still proposed: not returned at appraisal, not failed at the vote, not struck.
IN_PLAY = (
    ~Q(appraisal_status=AppraisalStatus.RETURNED)
    & ~Q(council_result=CouncilResult.FAILED)
    & Q(struck=False)
)


def _log(
    batch: NominationBatch,
    action: str,
    user: Any,
    *,
    nomination: Nomination | None = None,
    from_status: str = "",
    to_status: str = "",
    reason: str = "",
) -> None:
    BatchEvent.objects.create(
        batch=batch,
        nomination=nomination,
        actor=user if getattr(user, "pk", None) else None,
        action=action,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
    )


def _nominee_filter(
    person: Person | None, organisation: Organisation | None, admin_unit: AdminUnit | None
) -> Q:
    if person is not None:
        return Q(person=person)
    if organisation is not None:
        return Q(organisation=organisation)
    return Q(admin_unit=admin_unit)


def _duplicate_message(name: str, form: Any, year: int) -> str:
    return _("%(nominee)s already has a %(form)s in %(year)s (one achievement, one award).") % {
        "nominee": name,
        "form": form.name,
        "year": year,
    }
