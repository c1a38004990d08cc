"""Scoped reads and rollups of reports.

Rollups run in the database, grouped by the keys copied onto the rows (the unit's
path prefix, level, period start), so a dashboard costs a fixed number of queries
whatever the number of communes, months or indicators.

A package: ``querysets`` (the scoped querysets and a commune's overview),
``completeness`` (received and on time against expected), ``rollups`` (indicator
aggregates, trends and rankings), ``assessments`` (classification counts), ``home``
(the home page panels) and ``common`` (what they share).
"""

from .assessments import DistributionRow, classification_distribution
from .common import RECEIVED, STEP, Window
from .completeness import (
    CompletenessRow,
    completeness_by_child,
    completeness_by_level,
    counted_to,
    days_late,
    days_overdue,
    levels_in,
    missing_reports,
    periods_present,
)
from .home import HOME_CAMPAIGNS, HOME_ITEMS, CampaignProgress, ReportResult, home_panels
from .querysets import (
    assessment_qs_for,
    assessments_in,
    campaigns_with_reports_for,
    commune_overview,
    evidence_qs_for,
    expected_qs_for,
    report_qs_for,
    report_values_by_indicator,
    review_queue_qs_for,
)
from .rollups import (
    ACCEPTED_ONLY,
    RECEIVED_STATUSES,
    Cell,
    RankRow,
    Rollup,
    indicator_rollup,
    indicator_trend,
    unit_ranking,
)

__all__ = [
    "ACCEPTED_ONLY",
    "HOME_CAMPAIGNS",
    "HOME_ITEMS",
    "RECEIVED",
    "RECEIVED_STATUSES",
    "STEP",
    "CampaignProgress",
    "Cell",
    "CompletenessRow",
    "DistributionRow",
    "RankRow",
    "ReportResult",
    "Rollup",
    "Window",
    "assessment_qs_for",
    "assessments_in",
    "campaigns_with_reports_for",
    "classification_distribution",
    "commune_overview",
    "completeness_by_child",
    "completeness_by_level",
    "counted_to",
    "days_late",
    "days_overdue",
    "evidence_qs_for",
    "expected_qs_for",
    "home_panels",
    "indicator_rollup",
    "indicator_trend",
    "levels_in",
    "missing_reports",
    "periods_present",
    "report_qs_for",
    "report_values_by_indicator",
    "review_queue_qs_for",
    "unit_ranking",
]
