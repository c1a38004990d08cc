"""Scoped querysets: every report, expected report, evidence file and assessment a view
fetches goes through these (outside the user's subtree a row does not exist), with
the review queue, the campaigns that have a schedule in the user's area, a commune's
own overview and one report's values by indicator.
"""

from datetime import date
from typing import Any

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When

from accounts.scope import scoped
from campaigns.models import CLASSIFICATION_RANK, Campaign
from orgunits.models import AdminLevel, AdminUnit

from ..models import (
    Assessment,
    Evidence,
    ExpectedReport,
    IndicatorValue,
    Report,
    ReportingLevel,
    ReportStatus,
)
from ..permissions import own_reporting_level, sees_own_rows_only


def _own_rows_only(qs: QuerySet[Any], user: Any, prefix: str = "") -> QuerySet[Any]:
    """The staff of an agency or a security team who only report see their organisation's
    rows (their unit's subtree holds other units' and organisations' reports)."""
    if not sees_own_rows_only(user):
        return qs
    own = Q(**{f"{prefix}organisation_id": user.organisation_id})
    if own_reporting_level(user) == ReportingLevel.TEAM:
        # A team also reports for its village (the unit's own rows).
        own |= Q(
            **{
                f"{prefix}organisation__isnull": True,
                f"{prefix}unit_id": user.organisation.unit_id,
                f"{prefix}level": AdminLevel.VILLAGE,
            }
        )
    return qs.filter(own)


def expected_qs_for(user: Any) -> QuerySet[ExpectedReport]:
    qs = ExpectedReport.objects.select_related("campaign", "unit", "organisation")
    return _own_rows_only(scoped(qs, user, path_field="unit_path"), user)


def report_qs_for(user: Any) -> QuerySet[Report]:
    qs = Report.objects.select_related(
        "expected", "expected__campaign", "expected__organisation", "unit"
    )
    return _own_rows_only(scoped(qs, user, path_field="unit_path"), user, "expected__")


def evidence_qs_for(user: Any) -> QuerySet[Evidence]:
    qs = Evidence.objects.select_related("report")
    return _own_rows_only(
        scoped(qs, user, path_field="report__unit_path"), user, "report__expected__"
    )


def assessment_qs_for(user: Any) -> QuerySet[Assessment]:
    return scoped(Assessment.objects.select_related("unit"), user, path_field="unit_path")


def assessments_in(user: Any, campaign: Campaign, root: AdminUnit, year: int) -> list[Assessment]:
    """The year's assessments in ``root``, best first: by class, then score, then name
    (one query)."""
    rank = Case(
        *(When(classification=c, then=Value(r)) for c, r in CLASSIFICATION_RANK.items()),
        default=Value(0),
        output_field=IntegerField(),
    )
    return list(
        assessment_qs_for(user)
        .filter(campaign=campaign, unit_path__startswith=root.path, year=year)
        .order_by(rank.desc(), F("score").desc(nulls_last=True), "unit__name", "pk")
    )


def review_queue_qs_for(user: Any) -> QuerySet[Report]:
    """Submitted reports of the units below the user, oldest first."""
    qs = report_qs_for(user).filter(status=ReportStatus.SUBMITTED)
    if user.scope_path is not None:
        # The user's own unit's rows are reviewed above; its agencies' rows here.
        qs = qs.exclude(unit_path=user.scope_path, expected__organisation__isnull=True)
    if user.organisation_id:
        qs = qs.exclude(expected__organisation_id=user.organisation_id).exclude(
            expected__level=ReportingLevel.TEAM,
            expected__organisation__parent_id=user.organisation_id,
        )
    return qs.order_by("submitted_at", "pk")


def campaigns_with_reports_for(user: Any) -> list[Campaign]:
    """Campaigns that have a reporting schedule in the user's subtree, newest first."""
    ids = expected_qs_for(user).values("campaign_id")
    return list(Campaign.objects.filter(pk__in=ids).order_by("-start_date", "-pk"))


def commune_overview(user: Any, today: date, *, with_scores: bool = False) -> dict[str, list[Any]]:
    """The user's own unit: what is due (not yet submitted), returned, and accepted.

    "Own" is the unit's rows and those of the security teams the user's police body
    manages; for the staff of an agency or a team, their organisation's rows.
    ``with_scores`` annotates each row with ``n_met`` and ``n_judged`` (its values meeting
    the target, and judged against one), in the same single query.
    """
    out: dict[str, list[Any]] = {
        "due": [],
        "returned": [],
        "accepted": [],
        "waiting": [],
        # The accepted reports of the security teams the user's police fills for, apart
        # from the unit's own results (64 teams would bury them), also by period.
        "teams_accepted": [],
    }
    unit = user.scope_unit
    if unit is None:
        return out
    level = own_reporting_level(user)
    if level is not None:
        own = Q(organisation_id=user.organisation_id)
        if level == ReportingLevel.TEAM:
            own |= Q(unit=unit, organisation__isnull=True, level=AdminLevel.VILLAGE)
    else:
        own = Q(unit=unit, organisation__isnull=True) | Q(
            level=ReportingLevel.TEAM, organisation__parent_id=user.organisation_id
        )
        if unit.level == AdminLevel.COMMUNE:
            # The commune's villages' own rows (their teams seldom have accounts).
            own |= Q(
                level=AdminLevel.VILLAGE,
                organisation__isnull=True,
                unit_path__startswith=unit.path,
            )
    qs = ExpectedReport.objects.filter(own, period_start__lte=today).select_related(
        "campaign", "report", "organisation"
    )
    if with_scores:
        qs = qs.annotate(
            n_met=Count("report__values", filter=Q(report__values__met=True)),
            n_judged=Count("report__values", filter=Q(report__values__met__isnull=False)),
        )
    for exp in qs.order_by("due_date", "pk"):
        report = getattr(exp, "report", None)
        status = report.status if report else None
        if status in (ReportStatus.RETURNED, ReportStatus.REOPENED):
            out["returned"].append(exp)
        elif status is None or status == ReportStatus.DRAFT:
            out["due"].append(exp)
        elif status == ReportStatus.SUBMITTED:
            out["waiting"].append(exp)
        elif exp.level == ReportingLevel.TEAM and own_reporting_level(user) is None:
            out["teams_accepted"].append(exp)
        else:
            out["accepted"].append(exp)
    out["accepted"].reverse()
    out["teams_accepted"].reverse()
    out["teams_by_period"] = _by_period(out["teams_accepted"])
    return out


def _by_period(rows: list[ExpectedReport]) -> list[dict[str, Any]]:
    """Rows grouped by campaign and period, in the rows' order (newest first): a commune
    with 64 teams sees one line a month, opened on demand."""
    groups: dict[tuple[int, date, str], list[ExpectedReport]] = {}
    for exp in rows:
        groups.setdefault((exp.campaign_id, exp.period_start, exp.frequency), []).append(exp)
    return [
        {
            "label": group[0].label,
            "campaign": group[0].campaign,
            "rows": group,
            "late": sum(1 for e in group if not e.report.on_time),
        }
        for group in groups.values()
    ]


def report_values_by_indicator(report: Report) -> dict[int, IndicatorValue]:
    return {v.indicator_id: v for v in report.values.all()}
