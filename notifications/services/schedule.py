"""Reminder rules and recipients, and the scheduling of a deadline's reminders: the rule
of a kind for a province, each stage's send time and escalation steps, the users each
step reaches inside the unit's hierarchy, and the pending rows (re)created from them.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import RoleCode
from orgunits.models import Organisation

from ..models import Deadline, EscalationStep, Reminder, ReminderRule, ReminderStatus


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
