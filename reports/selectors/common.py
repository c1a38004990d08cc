"""What the completeness, rollup and home-page reads share: the path step of a child
unit, the "received" condition, the percentage helper and the expected reports of a
subtree between two period starts.
"""

from datetime import date
from decimal import Decimal

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


def _expected_in(
    campaign: Campaign, root_path: str, start: date | None, end: date | None
) -> QuerySet[ExpectedReport]:
    qs = ExpectedReport.objects.filter(campaign=campaign, unit_path__startswith=root_path)
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
    def completeness(self) -> Decimal | None:
        return _pct(self.received, self.expected)

    @property
    def timeliness(self) -> Decimal | None:
        return _pct(self.on_time, self.expected)
