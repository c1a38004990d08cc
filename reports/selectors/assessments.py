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
    def target_met(self) -> bool | None:
        if self.target is None:
            return None
        share = self.cumulative_share if self.target.or_better else self.share
        return share is not None and share >= self.target.min_share


def classification_distribution(
    campaign: Campaign, root: AdminUnit, year: int
) -> tuple[list[DistributionRow], int, int]:
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
    out = []
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
