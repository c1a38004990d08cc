"""Cached dashboard figures, invalidated per campaign and per province.

The rollups of a province read tens of thousands of values; the figures change only when a
report is submitted, reviewed or reopened, an assessment is entered, or the schedule
grows. Those writes bump counters after commit, so a cached figure is never served once
its data changed (with Redis, across every worker):

- a write about one province's rows (a report, an assessment) bumps that province's
  counter and the counter of the figures that span provinces (the whole country);
- a write about the whole campaign (its schedule, a bulk load) bumps the campaign's own
  counter, which every figure of the campaign depends on.

So during a national campaign's reporting week a province's dashboard stays cached while
the other 33 provinces' communes submit: it depends on its own rows only (rows carry
their unit's province, and a root inside a province reads only rows under its path).

The key also holds the campaign's creation time, so a reused primary key (a recreated
database) never meets figures of another campaign. The time-out only bounds memory and
any write made outside the services.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache

from core import cachegen

T = TypeVar("T")
TIMEOUT = 15 * 60
CAMPAIGN = "all"  # every figure of the campaign
NATION = "nation"  # the figures whose root is above the provinces


def _salt(campaign: Any) -> str:
    created = getattr(campaign, "created_at", None)
    return f"{campaign.pk}-{created.timestamp() if created else 0}"


def _version_key(campaign: Any, scope: Any = CAMPAIGN) -> str:
    return f"reports:dash:v:{_salt(campaign)}:{scope}"


def _scope_keys(campaign: Any, province_id: int | None) -> list[str]:
    own = NATION if province_id is None else f"p{province_id}"
    return [_version_key(campaign), _version_key(campaign, own)]


def version(campaign: Any, province_id: int | None = None) -> tuple[Any, ...]:
    """The counters the figures rooted in ``province_id`` (``None``: above the provinces)
    depend on, in one round trip (``core.cachegen``: a lost one comes back with a new
    value)."""
    keys = _scope_keys(campaign, province_id)
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            found[key] = cachegen.counter(key)
    return tuple(found[k] for k in keys)


def bump(campaign: Any, province_id: int | None = None) -> None:
    """Make the cached figures that ``province_id``'s rows feed stale (every figure of
    ``campaign`` when ``None``), now and once the transaction commits."""
    if province_id is None:
        cachegen.bump_counter(_version_key(campaign))
    else:
        cachegen.bump_counter(_version_key(campaign, f"p{province_id}"))
        cachegen.bump_counter(_version_key(campaign, NATION))
    cachegen.bump("reports")  # the cached pages that show these figures


def cached(
    campaign: Any,
    parts: tuple[Any, ...],
    compute: Callable[[], T],
    *,
    province_id: int | None = None,
) -> T:
    """``compute()``, or its result cached under the counters of ``province_id`` (the
    root's province; ``None`` for a root above the provinces, or when unknown: stale at
    any write to the campaign)."""
    key = "reports:dash:{}:{}:{}".format(
        _salt(campaign),
        ":".join(str(v) for v in version(campaign, province_id)),
        ":".join(str(p) for p in parts),
    )
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, TIMEOUT)
    return found
