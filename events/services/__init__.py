"""Writes on events: creation from templates, programme order, invitations, RSVP,
check-in, status transitions and the commune roll-out.

Rules spanning rows live here (STYLE.md). Tokens are ``secrets.token_urlsafe(32)``
and unique in the database; an RSVP looks the invitation up by its token only, so a
link can never answer for another invitation.

A package: ``lifecycle`` (creation, transitions, tasks), ``programme`` (running order),
``invitations`` (groups, import, tokens), ``attendance`` (RSVP and check-in) and
``rollout`` (registrations and coverage across communes).
"""

from .attendance import check_in, rsvp_answer, rsvp_open
from .invitations import (
    IMPORT_COLUMNS,
    MAX_IMPORT_ROWS,
    ImportResult,
    group_candidates,
    group_delete,
    group_expand,
    invitation_add,
    invitation_delete,
    invitees_import,
    invitees_parse_xlsx,
    new_token,
)
from .lifecycle import (
    EDIT,
    TRANSITIONS,
    allowed_transitions,
    event_create,
    event_create_from_template,
    event_tasks_save,
    event_transition,
    event_update,
)
from .programme import programme_item_add, programme_move, programme_reorder
from .rollout import (
    CoverageRow,
    DistrictCoverage,
    registration_for,
    registration_late,
    registration_register,
    registration_report,
    rollout_coverage,
    rollout_publish,
)

__all__ = [
    "EDIT",
    "IMPORT_COLUMNS",
    "MAX_IMPORT_ROWS",
    "TRANSITIONS",
    "CoverageRow",
    "DistrictCoverage",
    "ImportResult",
    "allowed_transitions",
    "check_in",
    "event_create",
    "event_create_from_template",
    "event_tasks_save",
    "event_transition",
    "event_update",
    "group_candidates",
    "group_delete",
    "group_expand",
    "invitation_add",
    "invitation_delete",
    "invitees_import",
    "invitees_parse_xlsx",
    "new_token",
    "programme_item_add",
    "programme_move",
    "programme_reorder",
    "registration_for",
    "registration_late",
    "registration_register",
    "registration_report",
    "rollout_coverage",
    "rollout_publish",
    "rsvp_answer",
    "rsvp_open",
]
