"""Assessment reads: the count per classification within a subtree and a year, against
the campaign's distribution targets.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q

from campaigns.models import CLASSIFICATION_RANK, Campaign, Classification
from orgunits.models import AdminUnit

from ..models import Assessment
from .common import _pct


@dataclass
class DistributionRow:
    classification: str
    label: str
    count: int
    share: Decimal | None
    cumulative_share: Decimal | None
    target: Any = None

    @property
    def target_share(self) -> Decimal | None:
        """The share the target is compared with: this class or better when the target is
        cumulative ("80% Trung bình trở lên"), else this class alone."""
        if self.target is None:
            return None
        return self.cumulative_share if self.target.or_better else self.share

    @property
    def target_met(self) -> bool | None:
        """None when there is no target or nothing was assessed: not a failure."""
        share = self.target_share
        if share is None:
            return None
        return share >= self.target.min_share

    @property
    def target_label(self) -> str:
        """ "≥ 50% Khá trở lên" for a cumulative target, "≥ 30% Xuất sắc" for one class."""
        return "" if self.target is None else str(self.target)


class Distribution(list[DistributionRow]):
    """The rows, best class first, and whether the campaign sets any target (the target
    column is shown only then)."""

    has_targets: bool = False


def classification_distribution(
    campaign: Campaign, root: AdminUnit, year: int
) -> tuple[Distribution, int, int]:
    """Counts per class within ``root`` against the campaign's distribution targets.

    Returns (rows best class first, units assessed, units recognised "An toàn về ANTT").
    Two queries.
    """
    rows = (
        Assessment.objects.filter(campaign=campaign, unit_path__startswith=root.path, year=year)
        .exclude(classification="")
        .values("classification")
        .annotate(n=Count("pk"), safe=Count("pk", filter=Q(safe_recognised=True)))
        .order_by()
    )
    counts = {r["classification"]: r["n"] for r in rows}
    safe = sum(r["safe"] for r in rows)
    total = sum(counts.values())
    targets = {t.classification: t for t in campaign.distribution_targets.all()}
    out = Distribution()
    out.has_targets = bool(targets)
    running = 0
    for cls in sorted(Classification.values, key=lambda c: -CLASSIFICATION_RANK[c]):
        n = counts.get(cls, 0)
        running += n
        out.append(
            DistributionRow(
                cls,
                str(Classification(cls).label),
                n,
                _pct(n, total),
                _pct(running, total),
                targets.get(cls),
            )
        )
    return out, total, safe
