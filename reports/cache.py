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
from functools import partial
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import transaction

from core import cachegen

T = TypeVar("T")
TIMEOUT = 15 * 60


def _salt(campaign: Any) -> str:
    created = getattr(campaign, "created_at", None)
    return f"{campaign.pk}-{created.timestamp() if created else 0}"


def _version_key(campaign: Any) -> str:
    return f"reports:dash:v:{_salt(campaign)}"


def version(campaign: Any) -> int:
    return cache.get_or_set(_version_key(campaign), 1, timeout=None) or 1


def bump(campaign: Any) -> None:
    """Make every cached figure of ``campaign`` stale, now and once the transaction commits.

    Now, so this connection's next read sees its own writes; after commit, because a
    request running meanwhile may have cached figures read before the commit.
    """
    key = _version_key(campaign)
    _bump_now(key)
    transaction.on_commit(partial(_bump_now, key))
    cachegen.bump("reports")  # the cached pages that show these figures


def _bump_now(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # not there (evicted, or never read): start again above 1
        cache.set(key, 2, timeout=None)


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
