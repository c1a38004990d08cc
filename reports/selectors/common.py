"""What the completeness, rollup and home-page reads share: the path step of a child
unit, the "received" condition, the percentage helper, the :class:`Window` of periods a
dashboard counts, the expected reports of a subtree within it, and the accent-blind
name search.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from campaigns.models import Campaign
from orgunits.models import AdminUnit

from ..models import ExpectedReport

STEP = AdminUnit.steplen
RECEIVED = Q(report__first_submitted_at__isnull=False)


def _pct(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class Window:
    """The reporting periods a dashboard counts: per frequency, the period starts taken.

    A frequency not named is left out: a month's view takes that month's monthly
    reports only, never a per-phase report that happens to start the same day; a
    phase's view takes the phase's own reports and those of the periods ending inside
    it (its months). Expected reports carry their frequency; a value's frequency is its
    indicator's.
    """

    periods: tuple[tuple[str, tuple[date, ...]], ...]

    @classmethod
    def of(cls, periods: dict[str, Iterable[date]]) -> "Window":
        return cls(tuple(sorted((f, tuple(sorted(set(s)))) for f, s in periods.items() if s)))

    @property
    def frequencies(self) -> set[str]:
        return {f for f, _starts in self.periods}

    @property
    def key(self) -> str:
        """A short stable digest for cache keys."""
        import hashlib

        text = ";".join(f"{f}=" + ",".join(d.isoformat() for d in s) for f, s in self.periods)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def contains(self, frequency: str, start: date) -> bool:
        return any(f == frequency and start in s for f, s in self.periods)

    def expected_q(self) -> Q:
        cond = Q(pk__in=[])
        for frequency, starts in self.periods:
            cond |= Q(frequency=frequency, period_start__in=starts)
        return cond

    def values_q(self, indicators: Iterable[Any]) -> Q:
        """The condition on :class:`~reports.models.IndicatorValue` rows of ``indicators``."""
        starts = dict(self.periods)
        by_freq: dict[str, list[int]] = {}
        for ind in indicators:
            if ind.frequency in starts:
                by_freq.setdefault(ind.frequency, []).append(ind.pk)
        cond = Q(pk__in=[])
        for frequency, ids in sorted(by_freq.items()):
            cond |= Q(indicator_id__in=ids, period_start__in=starts[frequency])
        return cond


def _expected_in(
    campaign: Campaign,
    root_path: str,
    start: date | None,
    end: date | None,
    window: Window | None = None,
) -> QuerySet[ExpectedReport]:
    """Expected reports under ``root_path``: those of ``window`` when given, else those
    whose period starts in [start, end]."""
    qs = ExpectedReport.objects.filter(campaign=campaign, unit_path__startswith=root_path)
    if window is not None:
        return qs.filter(window.expected_q())
    if start:
        qs = qs.filter(period_start__gte=start)
    if end:
        qs = qs.filter(period_start__lte=end)
    return qs


class Rates:
    """Completeness and timeliness of a row with ``expected``, ``received`` and ``on_time``."""

    expected: int
    received: int
    on_time: int

    @property
    def missing(self) -> int:
        return self.expected - self.received

    @property
    def late(self) -> int:
        """Received, but after the last on-time day."""
        return self.received - self.on_time

    @property
    def completeness(self) -> Decimal | None:
        return _pct(self.received, self.expected)

    @property
    def timeliness(self) -> Decimal | None:
        return _pct(self.on_time, self.expected)
