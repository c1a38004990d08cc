"""The home page panels about reporting, by role: a commune officer's own reports, and
for dashboard users the progress of the latest campaigns in their area and the
reports waiting for their review, in at most four queries.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q

from campaigns.models import Campaign

from ..models import ExpectedReport
from .common import RECEIVED, Rates, _pct
from .querysets import commune_overview, expected_qs_for, review_queue_qs_for

HOME_CAMPAIGNS = 3
HOME_ITEMS = 5


@dataclass
class CampaignProgress(Rates):
    """A campaign's completeness and timeliness in the user's area, over what is overdue
    or received so far (periods whose last on-time day has passed)."""

    campaign: Campaign
    expected: int
    received: int
    on_time: int
    running: bool


@dataclass
class ReportResult:
    """One of a unit's last accepted reports, with how many of its values met the target."""

    expected: ExpectedReport
    met: int
    judged: int

    @property
    def share_met(self) -> Decimal | None:
        return _pct(self.met, self.judged)


def home_panels(user: Any, today: date) -> dict[str, Any]:
    """What the home page shows about reporting, by role, in at most four queries.

    A commune officer gets their own unit's reports: what is due, what came back, what
    waits for review and the last results. Users who see the reporting dashboards get,
    for the latest campaigns with a schedule in their area, completeness and timeliness
    of what is overdue so far, and reviewers how many reports wait for them.
    """
    from accounts.models import RoleCode
    from campaigns.models import CampaignStatus

    from ..permissions import REVIEWERS, can_view_dashboard

    out: dict[str, Any] = {"commune": None, "campaigns": None, "review_waiting": None}
    if not user.is_authenticated:
        return out
    if RoleCode.COMMUNE_OFFICER in user.role_codes and user.scope_unit is not None:
        overview = commune_overview(user, today, with_scores=True)
        out["commune"] = {
            "unit": user.scope_unit,
            "due": overview["due"][:HOME_ITEMS],
            "due_count": len(overview["due"]),
            "overdue_count": sum(1 for e in overview["due"] if e.last_on_time < today),
            "returned": overview["returned"][:HOME_ITEMS],
            "returned_count": len(overview["returned"]),
            "waiting_count": len(overview["waiting"]),
            "results": [ReportResult(e, e.n_met, e.n_judged) for e in overview["accepted"][:3]],
        }
    if can_view_dashboard(user):
        in_area = expected_qs_for(user)
        campaigns = list(
            Campaign.objects.filter(pk__in=in_area.values("campaign_id"))
            .exclude(status=CampaignStatus.CLOSED)
            .order_by("-end_date", "-pk")[:HOME_CAMPAIGNS]
        )
        # ``or [0]``: an empty IN list skips the query, and the count must not vary.
        ids = [c.pk for c in campaigns] or [0]
        figures = {
            r["campaign_id"]: r
            for r in in_area.filter(campaign__in=ids, last_on_time__lt=today)
            .values("campaign_id")
            .annotate(
                n=Count("pk"),
                received=Count("pk", filter=RECEIVED),
                on_time=Count("pk", filter=Q(report__on_time=True)),
            )
            .order_by()
        }
        out["campaigns"] = [
            CampaignProgress(
                c,
                figures.get(c.pk, {}).get("n", 0),
                figures.get(c.pk, {}).get("received", 0),
                figures.get(c.pk, {}).get("on_time", 0),
                running=c.start_date <= today <= c.end_date,
            )
            for c in campaigns
        ]
        if user.has_role(*REVIEWERS):
            out["review_waiting"] = review_queue_qs_for(user).count()
    return out
