"""Emulation councils (Hội đồng Thi đua - Khen thưởng): who sits on them, how they count.

A council passes a nominee by a share of *all* its members (``Council.passes``), so the
member list and the pass mark (threshold, strictly more) are frozen while a proposal is at
its vote: either change would move the mark under ballots already cast.
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import RoleCode, User
from accounts.scope import scoped, unit_in_scope

from ..models import Council
from ..permissions import can_manage_catalogue, can_manage_council
from ..selectors import council_voting_batches


def _on(field: str, message: str, code: str) -> ValidationError:
    """An error the view puts on the form's ``field``, keeping its code."""
    return ValidationError({field: ValidationError(message, code=code)})


def _names(users: Iterable[Any]) -> str:
    return ", ".join(u.get_full_name() or u.username for u in users)


@transaction.atomic
def council_save(council: Council, *, user: Any, members: Iterable[Any]) -> Council:
    """Create or change ``council`` (its fields as the form set them) with ``members``.

    Refused, with the reason on the field: an organisation outside the user's area; a
    change of members while a proposal is at the council's vote; adding a user who is
    inactive, outside the area, or without the council member role (roles are given by
    administrators on the user's account, not here). Members already on the council stay
    whatever their state: the admin may have put them there.

    History: a change writes one row with the fields and the member list as saved; a new
    council two (its fields, then its members).
    """
    if not can_manage_catalogue(user):
        raise PermissionDenied
    wanted = {m.pk for m in members}
    current: set[int] = set()
    if council.pk is not None:
        # Lock the row: a proposal sent to the vote locks it too (workflow), so the check
        # below and the start of a vote cannot pass each other.
        stored = Council.objects.select_for_update().select_related("unit").get(pk=council.pk)
        if not can_manage_council(user, stored):
            raise PermissionDenied
        current = set(stored.members.values_list("pk", flat=True))
    if council.organisation_id is None or not unit_in_scope(user, council.organisation.unit):
        raise _on("organisation", _("Choose an organisation in your area."), "out_of_area")
    frozen: dict[str, ValidationError] = {}
    voting = council_voting_batches(council).count() if council.pk is not None else 0
    if voting and (
        council.threshold_percent != stored.threshold_percent
        or council.strictly_more != stored.strictly_more
    ):
        frozen["threshold_percent"] = ValidationError(
            _(
                "The pass mark cannot change while the council is voting: ballots already "
                "cast were cast under it. Change it once the vote is closed."
            ),
            code="pass_mark_frozen",
        )
    if voting and wanted != current:
        message = ngettext(
            "The members cannot change while the council is voting on %(count)d "
            "proposal: the pass mark counts all members. Change them once the vote is "
            "closed.",
            "The members cannot change while the council is voting on %(count)d "
            "proposals: the pass mark counts all members. Change them once the vote is "
            "closed.",
            voting,
        )
        frozen["members"] = ValidationError(message % {"count": voting}, code="members_frozen")
    if frozen:
        raise ValidationError(frozen)
    added = wanted - current
    if added:
        eligible = set(
            scoped(
                User.objects.filter(pk__in=added, is_active=True),
                user,
                "organisation__unit__path",
            ).values_list("pk", flat=True)
        )
        if eligible != added:
            raise _on(
                "members",
                _("Choose members among the active users of your area."),
                "member_out_of_area",
            )
        holders = set(
            User.objects.filter(pk__in=added)
            .filter(Q(is_superuser=True) | Q(roles__code=RoleCode.COUNCIL_MEMBER))
            .values_list("pk", flat=True)
        )
        lacking = User.objects.filter(pk__in=added - holders).order_by("last_name", "first_name")
        if lacking:
            message = _(
                "Only users with the council member role can be added: %(names)s. "
                "An administrator gives the role on the user's account."
            )
            raise _on("members", message % {"names": _names(lacking)}, "member_without_role")
    council.unit_id = council.organisation.unit_id
    council.full_clean(exclude=["members"])
    council._history_user = user  # type: ignore[attr-defined]
    if council.pk is None:
        # The first row ("+") has the fields; adding the members writes the second ("~").
        council.save()
        council.members.set(wanted)
        return council
    # Saved and re-seated without history, then one row with the fields and members as saved
    # (the m2m signals would otherwise write a row for the removals and one for the additions).
    council.skip_history_when_saving = True  # type: ignore[attr-defined]
    try:
        council.save()
        council.members.set(wanted)
    finally:
        del council.skip_history_when_saving  # type: ignore[attr-defined]
    council.save(update_fields=["name"])
    return council
