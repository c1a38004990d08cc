"""Cached dashboard figures, invalidated by a per-campaign version.

The rollups of a province read tens of thousands of values; the figures change only when a
report is submitted, reviewed or reopened, an assessment is entered, or the schedule
grows. Those writes bump the campaign's version after commit, so a cached figure is
never served once its data changed (with Redis, across every worker). The key also holds
the campaign's creation time, so a reused primary key (a recreated database) never meets
figures of another campaign. The time-out only bounds memory and any write made outside
the services.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache

from core import cachegen

T = TypeVar("T")
TIMEOUT = 15 * 60


def _salt(campaign: Any) -> str:
    created = getattr(campaign, "created_at", None)
    return f"{campaign.pk}-{created.timestamp() if created else 0}"


def _version_key(campaign: Any) -> str:
    return f"reports:dash:v:{_salt(campaign)}"


def version(campaign: Any) -> int:
    """The campaign's counter (``core.cachegen``: a lost one comes back with a new value)."""
    return cachegen.counter(_version_key(campaign))


def bump(campaign: Any) -> None:
    """Make every cached figure of ``campaign`` stale, now and once the transaction commits."""
    cachegen.bump_counter(_version_key(campaign))
    cachegen.bump("reports")  # the cached pages that show these figures


def cached(campaign: Any, parts: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """``compute()``, or its result cached under the campaign's current version."""
    key = "reports:dash:{}:{}:{}".format(
        _salt(campaign), version(campaign), ":".join(str(p) for p in parts)
    )
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, TIMEOUT)
    return found
