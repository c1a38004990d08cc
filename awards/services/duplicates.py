"""One achievement, one award: the same nominee in the same year at any level or campaign.

The same form twice in a year stays a hard block (``rules``); an award of another form,
level or campaign in the same year, or a nomination in another open proposal, is a
*flag*: shown on the proposal, the appraisal queue and the award history, with links to
what the user may see, and an appraiser must give a reason to accept a flagged nominee.
"""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.urls import reverse

from accounts.scope import unit_in_scope

from ..models import AwardRecord, BatchStatus, Nomination
from .common import IN_PLAY

S = BatchStatus

# Proposals not yet decided: after the decision the award record stands for them.
OPEN_STATUSES = [
    S.DRAFT,
    S.SUBMITTED,
    S.UNDER_APPRAISAL,
    S.COUNCIL_VOTE,
    S.LEADER_APPROVAL,
    S.APPROVED,
]


@dataclass
class DuplicateHit:
    """Another award or open nomination of the same nominee in the same year."""

    is_award: bool
    form_name: str
    level_label: str
    year: int
    detail: str
    # Only set when the user may open it (in scope); the flag itself is always shown.
    url: str | None


@dataclass
class _Subject:
    key: Any
    nominee: tuple[str, int]
    year: int
    own_record: int | None = None
    own_nomination: int | None = None
    own_batch: int | None = None


def _nominee_key(obj: Any) -> tuple[str, int] | None:
    if obj.person_id:
        return ("p", obj.person_id)
    if obj.organisation_id:
        return ("o", obj.organisation_id)
    if obj.admin_unit_id:
        return ("u", obj.admin_unit_id)
    return None


def _match(subjects: list[_Subject]) -> Q:
    ids: dict[str, set[int]] = defaultdict(set)
    for s in subjects:
        ids[s.nominee[0]].add(s.nominee[1])
    fields = {"p": "person_id__in", "o": "organisation_id__in", "u": "admin_unit_id__in"}
    q = Q(pk__in=[])
    for prefix, values in ids.items():
        q |= Q(**{fields[prefix]: values})
    return q


def _record_url(record: AwardRecord, user: Any) -> str | None:
    if user is None or not unit_in_scope(user, record.unit):
        return None
    if record.person_id:
        return reverse("awards:person_history", args=[record.person_id])
    if record.organisation_id:
        return reverse("awards:organisation_history", args=[record.organisation_id])
    return reverse("awards:history") + f"?year={record.year}"


def _hits(subjects: list[_Subject], user: Any) -> dict[Any, list[DuplicateHit]]:
    out: dict[Any, list[DuplicateHit]] = {s.key: [] for s in subjects}
    subjects = [s for s in subjects if s.nominee is not None]
    if not subjects:
        return out
    years = {s.year for s in subjects}
    match = _match(subjects)
    records = list(AwardRecord.objects.filter(match, year__in=years).select_related("form", "unit"))
    nominations = list(
        Nomination.objects.filter(match, IN_PLAY)
        .filter(batch__year__in=years, batch__status__in=OPEN_STATUSES)
        .select_related("batch__form", "batch__unit", "batch__proposer")
    )
    by_nominee: dict[tuple[tuple[str, int], int], list[Any]] = defaultdict(list)
    for r in records:
        by_nominee[(_nominee_key(r), r.year)].append(r)  # type: ignore[index]
    for n in nominations:
        by_nominee[(_nominee_key(n), n.batch.year)].append(n)  # type: ignore[index]
    for s in subjects:
        for other in by_nominee.get((s.nominee, s.year), []):
            if isinstance(other, AwardRecord):
                if other.pk == s.own_record or (
                    other.nomination_id and other.nomination_id == s.own_nomination
                ):
                    continue
                out[s.key].append(
                    DuplicateHit(
                        is_award=True,
                        form_name=other.form.name,
                        level_label=str(other.form.get_level_display()),
                        year=other.year,
                        detail=other.reference,
                        url=_record_url(other, user),
                    )
                )
            else:
                if other.pk == s.own_nomination or other.batch_id == s.own_batch:
                    continue
                batch = other.batch
                in_scope = user is not None and unit_in_scope(user, batch.unit)
                out[s.key].append(
                    DuplicateHit(
                        is_award=False,
                        form_name=batch.form.name,
                        level_label=str(batch.form.get_level_display()),
                        year=batch.year,
                        detail=f"{batch.proposer.name} · {batch.get_status_display()}",
                        url=batch.get_absolute_url() if in_scope else None,
                    )
                )
    return out


def nomination_duplicates(
    nominations: list[Nomination], user: Any = None
) -> dict[int, list[DuplicateHit]]:
    """``{nomination id: hits}`` in two queries, whatever the number of nominations."""
    subjects = [
        _Subject(
            key=n.pk,
            nominee=_nominee_key(n),  # type: ignore[arg-type]
            year=n.batch.year,
            own_nomination=n.pk,
            own_batch=n.batch_id,
        )
        for n in nominations
    ]
    return _hits(subjects, user)


def record_duplicates(
    records: list[AwardRecord], user: Any = None
) -> dict[int, list[DuplicateHit]]:
    """``{record id: hits}``: the nominee's other awards and open proposals of that year."""
    subjects = [
        _Subject(
            key=r.pk,
            nominee=_nominee_key(r),  # type: ignore[arg-type]
            year=r.year,
            own_record=r.pk,
            own_nomination=r.nomination_id,
        )
        for r in records
    ]
    return _hits(subjects, user)


def is_flagged(nomination: Nomination) -> bool:
    return bool(nomination_duplicates([nomination])[nomination.pk])
