"""The reporting schedule: which levels report an indicator, the periods of each
frequency inside a campaign, their due dates, and the generation of the expected
reports (one row per unit and period) that every other part of reporting hangs on.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from campaigns.models import Campaign, Frequency, Indicator, Phase
from orgunits.models import AdminLevel, AdminUnit, Organisation

from .. import cache as dashboard_cache
from ..models import ORGANISATION_LEVEL_KINDS, ExpectedReport, ReportingLevel

# A period's report is due on this day of the following month (configurable here).
DUE_DAY_OF_NEXT_MONTH = 5
# Days after the due date a report still counts as on time.
GRACE_DAYS = 0
# An indicator with no "applies to" is reported by communes.
DEFAULT_APPLIES_TO = ("commune",)
APPLIES_TO_LEVEL = {
    "province": AdminLevel.PROVINCE,
    "district": AdminLevel.DISTRICT,
    "commune": AdminLevel.COMMUNE,
    "village": AdminLevel.VILLAGE,
    "agency": ReportingLevel.AGENCY,
    "security_team": ReportingLevel.TEAM,
}
LEVEL_DEPTH = {
    AdminLevel.NATION: 0,
    AdminLevel.PROVINCE: 1,
    AdminLevel.DISTRICT: 2,
    AdminLevel.COMMUNE: 3,
    AdminLevel.VILLAGE: 4,
}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str
    phase_id: int | None = None


def indicator_levels(indicator: Indicator) -> set[str]:
    """The reporting levels of this indicator: administrative levels, and the agencies or
    security teams that report for themselves (:class:`~reports.models.ReportingLevel`)."""
    codes = indicator.applies_to or list(DEFAULT_APPLIES_TO)
    return {APPLIES_TO_LEVEL[c] for c in codes if c in APPLIES_TO_LEVEL}


def reporting_level(indicator: Indicator) -> str | None:
    """The deepest administrative level reporting ``indicator`` (None if only agencies or
    teams report it)."""
    levels = indicator_levels(indicator) & set(LEVEL_DEPTH)
    return max(levels, key=lambda lv: LEVEL_DEPTH[lv]) if levels else None


def rollup_levels(indicator: Indicator) -> set[str]:
    """The levels whose values an indicator's rollup sums: its deepest administrative
    level (the levels above it would count the same ground twice) and the agencies or
    teams, which no administrative level's report covers."""
    levels = indicator_levels(indicator)
    deepest = reporting_level(indicator)
    return {lv for lv in levels if lv not in LEVEL_DEPTH} | ({deepest} if deepest else set())


FREQUENCY_ORDER = [Frequency.MONTHLY, Frequency.QUARTERLY, Frequency.PHASE, Frequency.YEARLY]


def finest_frequency(campaign: Campaign) -> str:
    """The most frequent reporting of the campaign's unit-level indicators (monthly first)."""
    found = {i.frequency for i in campaign.indicators.all() if indicator_levels(i)}
    return next((f for f in FREQUENCY_ORDER if f in found), Frequency.MONTHLY)


def due_dates(period_end: date) -> tuple[date, date]:
    """(due date, last on-time date) for a period ending on ``period_end``."""
    year, month = period_end.year, period_end.month + 1
    if month == 13:
        year, month = year + 1, 1
    due = date(year, month, DUE_DAY_OF_NEXT_MONTH)
    return due, due + timedelta(days=GRACE_DAYS)


def _month_end(day: date) -> date:
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def periods_for(
    campaign: Campaign, frequency: str, phases: list[Phase] | None = None
) -> list[Period]:
    """The reporting periods of ``frequency`` inside the campaign, clipped to its dates."""
    start, end = campaign.start_date, campaign.end_date
    out: list[Period] = []
    with translation.override("vi"):
        if frequency == Frequency.PHASE:
            for phase in phases if phases is not None else campaign.phases.all():
                out.append(Period(phase.start_date, phase.end_date, phase.name, phase.pk))
            return out
        cursor = date(start.year, start.month, 1)
        while cursor <= end:
            if frequency == Frequency.MONTHLY:
                p_end = _month_end(cursor)
                label = _("Month %(month)s/%(year)s") % {"month": cursor.month, "year": cursor.year}
                nxt = p_end + timedelta(days=1)
            elif frequency == Frequency.QUARTERLY:
                q = (cursor.month - 1) // 3 + 1
                cursor = date(cursor.year, 3 * q - 2, 1)
                p_end = _month_end(date(cursor.year, 3 * q, 1))
                label = _("Quarter %(quarter)s/%(year)s") % {
                    "quarter": ROMAN[q],
                    "year": cursor.year,
                }
                nxt = p_end + timedelta(days=1)
            else:  # yearly
                cursor = date(cursor.year, 1, 1)
                p_end = date(cursor.year, 12, 31)
                label = _("Year %(year)s") % {"year": cursor.year}
                nxt = date(cursor.year + 1, 1, 1)
            out.append(Period(max(cursor, start), min(p_end, end), label))
            cursor = nxt
    return out


@transaction.atomic
def expected_reports_generate(campaign: Campaign, *, ending_from: date | None = None) -> int:
    """Create the missing expected reports of ``campaign``; returns how many were created.

    One row per (unit in the campaign's subtree at a level its indicators apply to,
    period of the indicators' frequency), for units existing during the period; and one
    per (agency or security team in the subtree, period) when indicators apply to them,
    for organisations existing during the period.
    Idempotent: existing rows (and their stored dates) are never touched, so it can run
    again whenever the schedule changes. ``ending_from`` limits it to the periods ending
    on or after that day: the daily refresh gives a unit or school registered mid-campaign
    the reports still to come, not months it was never asked for.
    """
    # Serialise concurrent runs for the same campaign.
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    levels_by_freq: dict[str, set[str]] = {}
    for ind in campaign.indicators.all():
        levels_by_freq.setdefault(ind.frequency, set()).update(indicator_levels(ind))
    if not levels_by_freq:
        return 0
    all_levels = set().union(*levels_by_freq.values())
    alive = Q(valid_to__isnull=True) | Q(valid_to__gte=campaign.start_date)
    units = list(
        AdminUnit.objects.filter(path__startswith=campaign.unit.path, level__in=all_levels)
        .filter(alive, valid_from__lte=campaign.end_date)
        .only("pk", "path", "level", "province_id", "valid_from", "valid_to")
    )
    # Organisations that report for themselves, as (reporter, level, unit): the unit's own
    # rows have no organisation.
    reporters: list[tuple[Organisation | None, str, AdminUnit]] = [
        (None, u.level, u) for u in units
    ]
    org_kinds = {
        kind: level
        for level, kinds in ORGANISATION_LEVEL_KINDS.items()
        if level in all_levels
        for kind in kinds
    }
    if org_kinds:
        for org in (
            Organisation.objects.filter(
                unit__path__startswith=campaign.unit.path, kind__in=list(org_kinds)
            )
            .filter(alive, valid_from__lte=campaign.end_date)
            .select_related("unit")
            .order_by("unit__path", "name", "pk")
        ):
            reporters.append((org, org_kinds[org.kind], org.unit))
    existing = set(
        ExpectedReport.objects.filter(campaign=campaign).values_list(
            "unit_id", "organisation_id", "frequency", "period_start"
        )
    )
    phases = list(campaign.phases.all())
    new: list[ExpectedReport] = []
    for frequency, levels in levels_by_freq.items():
        for period in periods_for(campaign, frequency, phases):
            if ending_from is not None and period.end < ending_from:
                continue
            due, last = due_dates(period.end)
            for org, level, unit in reporters:
                if level not in levels:
                    continue
                alive_in = org or unit
                if alive_in.valid_from > period.end or (
                    alive_in.valid_to and alive_in.valid_to < period.start
                ):
                    continue
                org_id = org.pk if org else None
                if (unit.pk, org_id, frequency, period.start) in existing:
                    continue
                new.append(
                    ExpectedReport(
                        campaign=campaign,
                        unit_id=unit.pk,
                        organisation_id=org_id,
                        unit_path=unit.path,
                        level=level,
                        province_id=unit.province_id,
                        frequency=frequency,
                        phase_id=period.phase_id,
                        period_start=period.start,
                        period_end=period.end,
                        label=period.label,
                        due_date=due,
                        last_on_time=last,
                    )
                )
    if new:
        # No ignore_conflicts: the campaign row lock serialises runs, and with it
        # simple-history would look every row up again (one OR-filter per batch: minutes
        # for a national campaign instead of seconds).
        bulk_create_with_history(new, ExpectedReport, batch_size=2000)
        dashboard_cache.bump(campaign)
    return len(new)
