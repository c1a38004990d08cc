"""In-app notifications of the awards path: who acts next hears about it.

Writes ``notifications.Notification`` rows (the bell in the navigation bar) in the same
transaction as the transition, so a refused or rolled-back step notifies nobody.
"""

from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from .models import BatchStatus, NominationBatch


def _ancestor_paths(path: str, step: int = 4) -> list[str]:
    return [path[:i] for i in range(step, len(path) + 1, step)]


def recipients_for(batch: NominationBatch, status: str) -> list[Any]:
    """Users who may take the next step from ``status`` on ``batch`` (or its proposers)."""
    from .services import TRANSITIONS

    User = get_user_model()
    paths = _ancestor_paths(batch.unit.path)
    if status == BatchStatus.COUNCIL_VOTE and batch.council_id:
        return list(batch.council.members.filter(is_active=True))
    if status in (BatchStatus.DRAFT, BatchStatus.DECISION_ISSUED):
        # Returned or awarded: the proposing unit hears about it.
        return list(User.objects.filter(is_active=True, organisation=batch.proposer_id))
    roles = {
        r for (source, _t), allowed in TRANSITIONS.items() if source == status for r in allowed
    }
    roles.discard("admin")
    if not roles:
        return []
    return list(
        User.objects.filter(
            is_active=True, roles__code__in=roles, organisation__unit__path__in=paths
        ).distinct()
    )


def batch_notify(batch: NominationBatch, status: str, *, actor: Any = None) -> int:
    """Tell the next actors that ``batch`` reached ``status``; returns how many were told."""
    try:
        Notification = apps.get_model("notifications", "Notification")
    except LookupError:
        return 0
    title = _("%(form)s from %(unit)s: %(status)s") % {
        "form": batch.form.name,
        "unit": batch.proposer.name,
        "status": BatchStatus(status).label,
    }
    users = [u for u in recipients_for(batch, status) if getattr(actor, "pk", None) != u.pk]
    Notification.objects.bulk_create(
        [
            Notification(
                user=u,
                title=title[:300],
                body=batch.return_reason[:500],
                url=batch.get_absolute_url(),
            )
            for u in users
        ]
    )
    return len(users)
