"""Completeness and timeliness: received and on-time reports against the expected ones,
per reporting level or per unit directly below the root (with a row for the reports
owed at the root itself, so the rows add up to the totals), the periods that have
expected reports, and the list of who has not reported (or reported late).
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr

from campaigns.models import Campaign
from core.text import fold
from orgunits.models import AdminUnit

from ..models import ExpectedReport, ReportingLevel
from .common import RECEIVED, STEP, Rates, Window, _expected_in


@dataclass
class CompletenessRow(Rates):
    key: str
    label: str
    expected: int
    received: int
    on_time: int
    unit: AdminUnit | None = None
    # The reports owed at the root unit itself (a province's own agencies), which no
    # unit below it holds.
    direct: bool = False


_FIGURES = {
    "n": Count("pk"),
    "received": Count("pk", filter=RECEIVED),
    "on_time": Count("pk", filter=Q(report__on_time=True)),
}


def completeness_by_level(
    campaign: Campaign,
    root: AdminUnit,
    start: date | None = None,
    end: date | None = None,
    *,
    window: Window | None = None,
) -> list[CompletenessRow]:
    """Received / expected and on time / expected, per reporting level: the administrative
    levels, then agencies and security teams (one query)."""
    rows = (
        _expected_in(campaign, root.path, start, end, window)
        .values("level")
        .annotate(**_FIGURES)
        .order_by("level")
    )
    labels = dict(ReportingLevel.choices)
    order = {lv: i for i, lv in enumerate(ReportingLevel.values)}
    out = [
        CompletenessRow(
            r["level"], str(labels.get(r["level"], r["level"])), r["n"], r["received"], r["on_time"]
        )
        for r in rows
    ]
    return sorted(out, key=lambda r: order.get(r.key, 99))


def levels_in(
    campaign: Campaign,
    root: AdminUnit,
    start: date | None = None,
    end: date | None = None,
    *,
    window: Window | None = None,
) -> list[str]:
    """The reporting levels with expected reports under ``root`` (one query)."""
    return list(
        _expected_in(campaign, root.path, start, end, window)
        .values_list("level", flat=True)
        .distinct()
        .order_by()
    )


def periods_present(campaign: Campaign, root: AdminUnit) -> set[tuple[str, date]]:
    """The (frequency, period start) pairs with expected reports under ``root`` (one
    query): the periods worth offering in a filter (nothing is due after a unit ended)."""
    return set(
        ExpectedReport.objects.filter(campaign=campaign, unit_path__startswith=root.path)
        .values_list("frequency", "period_start")
        .distinct()
        .order_by()
    )


def completeness_by_child(
    campaign: Campaign,
    root: AdminUnit,
    start: date | None = None,
    end: date | None = None,
    *,
    window: Window | None = None,
) -> list[CompletenessRow]:
    """The same figures per unit directly below ``root``, every level of its area together,
    and last a row for the reports owed at ``root`` itself when there are any (two
    queries): the rows add up to the totals of :func:`completeness_by_level`."""
    from django.utils.translation import gettext as _

    width = len(root.path) + STEP
    rows = list(
        _expected_in(campaign, root.path, start, end, window)
        .annotate(child=Substr("unit_path", 1, width))
        .values("child")
        .annotate(**_FIGURES)
        .order_by("child")
    )
    units = {u.path: u for u in AdminUnit.objects.filter(path__in=[r["child"] for r in rows])}
    out, direct = [], None
    for r in rows:
        if r["child"] == root.path:  # shorter than a child's path: owed at the root
            direct = CompletenessRow(
                root.path,
                _("%(unit)s (directly)") % {"unit": root.full_name},
                r["n"],
                r["received"],
                r["on_time"],
                direct=True,
            )
            continue
        unit = units.get(r["child"])
        out.append(
            CompletenessRow(
                r["child"],
                unit.full_name if unit else r["child"],
                r["n"],
                r["received"],
                r["on_time"],
                unit=unit,
            )
        )
    return [*out, direct] if direct else out


def missing_reports(
    campaign: Campaign,
    root: AdminUnit,
    *,
    level: str = "",
    start: date | None = None,
    end: date | None = None,
    window: Window | None = None,
    search: str = "",
    late_only: bool = False,
) -> QuerySet[ExpectedReport]:
    """Who has not reported (or, ``late_only``, who reported after the last on-time day),
    with an accent-blind search on the unit's or the organisation's name."""
    qs = _expected_in(campaign, root.path, start, end, window).select_related(
        "unit", "organisation", "report"
    )
    if level:
        qs = qs.filter(level=level)
    qs = qs.filter(Q(report__on_time=False)) if late_only else qs.exclude(RECEIVED)
    if search:
        key = fold(search)
        qs = qs.filter(
            Q(unit__search_key__contains=key) | Q(organisation__search_key__contains=key)
        )
    return qs.order_by("period_start", "unit_path")


def counted_to(expected: ExpectedReport, today: date) -> date:
    """The day a missing report's delay is counted to: today or, for a unit or
    organisation that has ceased to exist, its last day (its figures stop there)."""
    reporter = expected.organisation if expected.organisation_id else expected.unit
    if reporter.valid_to and reporter.valid_to < today:
        return reporter.valid_to
    return today


def days_overdue(expected: ExpectedReport, today: date) -> int:
    """Days past the last on-time day, to :func:`counted_to`."""
    return max((counted_to(expected, today) - expected.last_on_time).days, 0)


def days_late(expected: ExpectedReport) -> int | None:
    """Days between the last on-time day and the first submission (None if not sent)."""
    from django.utils import timezone

    report = getattr(expected, "report", None)
    if report is None or report.first_submitted_at is None:
        return None
    sent = timezone.localdate(report.first_submitted_at)
    return max((sent - expected.last_on_time).days, 0)
