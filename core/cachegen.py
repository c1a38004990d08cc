"""Generation counters: cached values that are stale the moment their data changes.

Every tracked app has a counter in the cache (``gen:<app>``). A cached value is stored
with the counters it was computed under, and is served only while they are unchanged.
A save or delete of any model of a tracked app (``on_model_change``, connected in
``core.apps``) and every bulk write done by the services (``bump``) increments the
app's counter, so nothing is served once its data changed, with Redis across every
worker and process. Nothing is ever deleted: stale entries just age out.

A counter that the cache lost (eviction, restart) comes back with a new unique value,
never with an old one, so an entry computed before the loss can never match again.
"""

import time
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.core.cache import cache
from django.db import transaction

# Apps whose data the cached pages and users show. A new app whose data a cached page
# shows belongs here (or the page lists it in its own ``apps``).
TRACKED_APPS = frozenset(
    {"accounts", "orgunits", "people", "campaigns", "reports", "events", "awards"}
)
EPOCH = "_epoch"  # bumped by bump_all(): makes every entry stale at once
# Saves that change nothing a cached value shows: every login writes last_login, and
# bumping ``accounts`` for it would make every cached page stale each time anyone logs in.
QUIET_SAVES = {("accounts", "user"): frozenset({"last_login"})}


def _key(app: str) -> str:
    return f"gen:{app}"


def _fresh() -> int:
    return time.time_ns()


def _incr(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # lost or never set: start from a value never used before
        cache.set(key, _fresh(), timeout=None)


def counter(key: str) -> Any:
    """The current value of the counter ``key`` (made, with a fresh value, if missing)."""
    value = cache.get(key)
    if value is None:
        cache.add(key, _fresh(), timeout=None)
        value = cache.get(key)
    return value


def bump_counter(key: str) -> None:
    """Change the counter ``key``, now and after commit.

    Now, so this connection's next read sees its own writes; after commit too, because
    a request running meanwhile may have cached what it read before the commit.
    """
    _incr(key)
    transaction.on_commit(partial(_incr, key))


def bump(*apps: str) -> None:
    """Mark every cached value that depends on ``apps`` stale, now and after commit."""
    for app in apps:
        bump_counter(_key(app))


def bump_all() -> None:
    """Every cached value is stale (tests, data loads that bypass the ORM signals)."""
    _incr(_key(EPOCH))


def _gen_keys(apps: Iterable[str]) -> list[str]:
    return [_key(EPOCH), *(_key(app) for app in sorted(set(apps)))]


def read_current(key: str, apps: Iterable[str]) -> tuple[tuple[Any, ...], Any]:
    """``(generations, value)``: value is None unless cached under today's generations.

    One round trip: the generations and the entry are read together. The caller
    computes on a miss and stores with ``write_current(key, generations, value)``; since
    the generations were read before the data, a write racing with the computation only
    makes the stored entry stale, never a stale entry current.
    """
    return read_many({key: apps})[0][key]


def read_many(
    wanted: dict[str, Iterable[str]], extra: Iterable[str] = ()
) -> tuple[dict[str, tuple[tuple[Any, ...], Any]], dict[str, Any]]:
    """``read_current`` for several entries, plus plain ``extra`` keys, in one round trip.

    Returns ``({key: (generations, value or None)}, {extra key: value})``.
    """
    extra = list(extra)
    gen_keys = {key: _gen_keys(apps) for key, apps in wanted.items()}
    every_gen = sorted({k for keys in gen_keys.values() for k in keys})
    found = cache.get_many([*every_gen, *wanted, *extra])
    missing = [k for k in every_gen if k not in found]
    for k in missing:
        cache.add(k, _fresh(), timeout=None)
    if missing:
        found.update(cache.get_many(missing))
    out: dict[str, tuple[tuple[Any, ...], Any]] = {}
    for key, keys in gen_keys.items():
        gens = tuple(found.get(k) for k in keys)
        entry = found.get(key)
        current = isinstance(entry, tuple) and len(entry) == 2 and entry[0] == gens
        out[key] = (gens, entry[1] if current else None)
    return out, {k: found.get(k) for k in extra}


def write_current(key: str, gens: tuple[Any, ...], value: Any, timeout: int) -> None:
    cache.set(key, (gens, value), timeout=timeout)


def on_model_change(sender: Any, **kwargs: Any) -> None:
    """post_save, post_delete and m2m_changed receiver for every model."""
    if kwargs.get("raw"):
        return  # fixtures: the loader bumps once at the end if it matters
    action = kwargs.get("action")
    if action is not None and action.startswith("pre_"):
        return
    app = sender._meta.app_label
    if app not in TRACKED_APPS or sender.__name__.startswith("Historical"):
        return  # audit rows are written beside the real save, which already bumped
    fields = kwargs.get("update_fields")
    quiet = QUIET_SAVES.get((app, sender._meta.model_name))
    if fields and quiet and set(fields) <= quiet:
        return
    bump(app)
