"""Event pages. Every object is fetched through a scoped selector: outside the user's
subtree it does not exist (404). The RSVP page is the only one without a login: the
unguessable token is the key.

A package: ``lifecycle`` (list, create, edit, detail, transitions, tasks),
``programme``, ``invitations`` (groups, import, cards), ``printing`` (documents and
invitation letters), ``attendance`` (RSVP and check-in), ``rollout`` (coverage and
registrations) and ``common`` (the scoped fetch and form-error helpers).
"""

from .attendance import checkin, rsvp
from .invitations import (
    group_create,
    group_delete,
    group_detail,
    group_expand,
    group_import,
    invitation_add,
    invitation_card,
    invitation_delete,
    invitation_list,
)
from .lifecycle import (
    PAGE_SIZE,
    event_counts_partial,
    event_create,
    event_detail,
    event_list,
    event_transition,
    event_update,
    task_edit,
)
from .printing import EVENT_DOCUMENT_KINDS, event_document, invitations_print
from .programme import programme_edit, programme_item_edit, programme_move, programme_reorder
from .rollout import (
    registration_edit,
    registration_file,
    registration_new,
    registration_report,
    rollout_detail,
    rollout_export,
    rollout_publish,
)

__all__ = [
    "EVENT_DOCUMENT_KINDS",
    "PAGE_SIZE",
    "checkin",
    "event_counts_partial",
    "event_create",
    "event_detail",
    "event_document",
    "event_list",
    "event_transition",
    "event_update",
    "group_create",
    "group_delete",
    "group_detail",
    "group_expand",
    "group_import",
    "invitation_add",
    "invitation_card",
    "invitation_delete",
    "invitation_list",
    "invitations_print",
    "programme_edit",
    "programme_item_edit",
    "programme_move",
    "programme_reorder",
    "registration_edit",
    "registration_file",
    "registration_new",
    "registration_report",
    "rollout_detail",
    "rollout_export",
    "rollout_publish",
    "rsvp",
    "task_edit",
]
