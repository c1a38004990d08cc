"""Scoped reads of events and roll-outs.

An event belongs to its organiser's unit: a user outside that subtree gets a 404.
A roll-out plan is seen from the units below it too (a commune must see the
provincial order to register its own event), as campaigns are.
"""

from typing import Any

from django.db.models import Count, Q, QuerySet

from accounts.scope import scoped
from orgunits.models import AdminUnit

from .models import Event, Invitation, Registration, RolloutPlan, RsvpStatus


def event_qs_for(user: Any) -> QuerySet[Event]:
    return scoped(Event.objects.select_related("organiser", "host", "unit", "campaign"), user)


def invitation_qs_for(event: Event) -> QuerySet[Invitation]:
    """Invitations in protocol order: the group's rank, then the order inside the group."""
    return event.invitations.select_related("group", "person").order_by(
        "group__protocol_rank", "group__order", "group_id", "protocol_order", "-position_rank", "pk"
    )


def event_counts(event: Event) -> dict[str, int]:
    """Planned / confirmed / declined / attended, in one query."""
    agg = Invitation.objects.filter(event=event).aggregate(
        invited=Count("pk"),
        confirmed=Count("pk", filter=Q(rsvp_status=RsvpStatus.ACCEPTED)),
        declined=Count("pk", filter=Q(rsvp_status=RsvpStatus.DECLINED)),
        pending=Count("pk", filter=Q(rsvp_status=RsvpStatus.PENDING)),
        attended=Count("pk", filter=Q(attended_at__isnull=False)),
    )
    agg["planned"] = event.expected_attendance
    return agg


def _ancestor_paths(path: str) -> list[str]:
    step = AdminUnit.steplen
    return [path[:i] for i in range(step, len(path), step)]


def rollout_qs_for(user: Any) -> QuerySet[RolloutPlan]:
    qs = RolloutPlan.objects.select_related("organiser", "unit", "campaign")
    if not user.is_authenticated:
        return qs.none()
    path = user.scope_path
    if path is None:
        return qs
    return qs.filter(Q(unit__path__startswith=path) | Q(unit__path__in=_ancestor_paths(path)))


def registration_qs_for(user: Any, rollout: RolloutPlan) -> QuerySet[Registration]:
    return scoped(rollout.registrations.select_related("host", "unit", "event"), user)
