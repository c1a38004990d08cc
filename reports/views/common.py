"""What the report pages share: the page size of the long lists, and for the dashboards
and assessments the request's parameters (campaign, root unit checked against the user's
scope, the periods counted for the chosen month or phase), the query string that carries
them, the level units are ranked at and the yes/no cell of an export.
"""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from accounts.scope import get_scoped_or_404
from campaigns.models import Campaign, Frequency, Phase
from orgunits.models import AdminLevel, AdminUnit

from .. import cache as dashboard_cache
from .. import selectors, services
from ..models import ORGANISATION_LEVELS, ReportingLevel
from ..permissions import can_view_dashboard

PAGE_SIZE = 30


def _pct(value: Any) -> str:
    return "" if value is None else f"{value}%"


def _dashboard_params(request: HttpRequest) -> dict[str, Any]:
    """Campaign, root unit (drill-down) and the periods counted (a ``Window``) of a
    dashboard request; the periods and phases offered are those with expected reports
    in the area (nothing is due after a unit ceased to exist)."""
    user = request.user
    if not can_view_dashboard(user):
        raise PermissionDenied
    campaigns = selectors.campaigns_with_reports_for(user)
    campaign: Campaign | None = None
    wanted = request.GET.get("campaign", "")
    for c in campaigns:
        if str(c.pk) == wanted:
            campaign = c
    if campaign is None and campaigns:
        if wanted:
            raise Http404
        campaign = campaigns[0]
    root: AdminUnit | None = None
    if campaign is not None:
        unit_id = request.GET.get("unit", "")
        if unit_id:
            if not unit_id.isdigit():
                raise Http404
            root = get_scoped_or_404(AdminUnit.objects.all(), user, path_field="path", pk=unit_id)
        else:
            scope = user.scope_unit if not user.is_national else None
            campaign_unit = AdminUnit.objects.get(pk=campaign.unit_id)
            root = scope if scope and scope.path.startswith(campaign_unit.path) else campaign_unit
    period = request.GET.get("period", "")
    phase_id = request.GET.get("phase", "")
    indicators: list[Any] = []
    phases: list[Phase] = []
    if campaign is not None:
        indicators = sorted(campaign.indicators.all(), key=lambda i: (i.order, i.pk))
        phases = list(campaign.phases.all())
    # The periods offered (and charted) are those of the campaign's finest frequency.
    frequencies = {i.frequency for i in indicators if services.indicator_levels(i)}
    frequency = next((f for f in services.FREQUENCY_ORDER if f in frequencies), Frequency.MONTHLY)
    periods = services.periods_for(campaign, frequency, phases) if campaign else []
    phase_windows = {ph.pk: _phase_window(campaign, ph, frequencies, phases) for ph in phases}
    present: set[tuple[str, date]] = set()
    if campaign is not None and root is not None:
        present = dashboard_cache.cached(
            campaign,
            ("periods", root.pk),
            lambda: selectors.periods_present(campaign, root),
            province_id=root.province_id,
        )
    months = [m for m in periods if (frequency, m.start) in present]
    offered_phases = [
        ph for ph in phases if any(phase_windows[ph.pk].contains(f, d) for f, d in present)
    ]
    start = end = None
    window: selectors.Window | None = None
    label = _("Whole campaign")
    note = ""
    if period:
        try:
            start = end = date.fromisoformat(period)
        except ValueError as exc:
            raise Http404 from exc
        chosen = next((m for m in periods if m.start == start), None)
        if chosen is None:
            raise Http404
        label = chosen.label
        window = selectors.Window.of({frequency: [start]})
        if len(frequencies) > 1:
            note = _("Counts the %(frequency)s reports of this period only.") % {
                "frequency": _frequency_name(frequency)
            }
    elif phase_id:
        phase = next((p for p in phases if str(p.pk) == phase_id), None)
        if phase is None:
            raise Http404
        start, end = phase.start_date, phase.end_date
        label = "{} ({}–{})".format(
            phase.name, phase.start_date.strftime("%d/%m/%Y"), phase.end_date.strftime("%d/%m/%Y")
        )
        window = phase_windows[phase.pk]
        note = _phase_note(campaign, window, phases)
    elif len(frequencies) > 1:
        note = _("Counts every report of the campaign: %(frequencies)s.") % {
            "frequencies": ", ".join(
                _frequency_name(f) for f in services.FREQUENCY_ORDER if f in frequencies
            )
        }
    ancestors = []
    if root is not None:
        scope_path = user.scope_path or ""
        step = AdminUnit.steplen
        paths = [root.path[:i] for i in range(step, len(root.path), step)]
        ancestors = [
            u for u in AdminUnit.objects.filter(path__in=paths) if u.path.startswith(scope_path)
        ]
    return {
        "campaigns": campaigns,
        "campaign": campaign,
        "root": root,
        "ancestors": ancestors,
        "start": start,
        "end": end,
        "window": window,
        "window_key": window.key if window else "",
        "indicators": indicators,
        "period": period,
        "phase": phase_id,
        "phases": offered_phases,
        "months": months,
        "frequency": frequency,
        "range_label": label,
        "range_note": note,
    }


def _frequency_name(frequency: str) -> str:
    return str(dict(Frequency.choices)[frequency]).lower()


def _phase_window(
    campaign: Campaign, phase: Phase, frequencies: set[str], phases: list[Phase]
) -> selectors.Window:
    """A phase counts its own reports and those of the periods ending inside it: a month
    split by the phase boundary counts in the phase it ends in."""
    starts: dict[str, list[date]] = {}
    for f in frequencies:
        if f == Frequency.PHASE:
            starts[f] = [phase.start_date]
        else:
            starts[f] = [
                p.start
                for p in services.periods_for(campaign, f, phases)
                if phase.start_date <= p.end <= phase.end_date
            ]
    return selectors.Window.of(starts)


def _phase_note(campaign: Campaign, window: selectors.Window, phases: list[Phase]) -> str:
    """What a phase's figures count, in words: "Gồm: báo cáo theo đợt; báo cáo hằng tháng
    từ Tháng 8/2024 đến Tháng 1/2025."."""
    parts = []
    for f in services.FREQUENCY_ORDER:
        starts = dict(window.periods).get(f)
        if not starts:
            continue
        if f == Frequency.PHASE:
            parts.append(_("the per-phase reports"))
            continue
        labels = {p.start: p.label for p in services.periods_for(campaign, f, phases)}
        first, last = labels[starts[0]], labels[starts[-1]]
        values = {"frequency": _frequency_name(f), "first": first, "last": last}
        if first == last:
            parts.append(_("the %(frequency)s reports of %(first)s") % values)
        else:
            parts.append(_("the %(frequency)s reports from %(first)s to %(last)s") % values)
    if not parts:
        return ""
    return _("Counts: %(parts)s.") % {"parts": "; ".join(parts)}


def _query(params: dict[str, Any], **extra: Any) -> str:
    from urllib.parse import urlencode

    base = {
        "campaign": params["campaign"].pk if params["campaign"] else "",
        "unit": params["root"].pk if params["root"] else "",
        "period": params["period"],
        "phase": params["phase"],
    }
    base.update(extra)
    return urlencode({k: v for k, v in base.items() if v not in ("", None)})


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return _("Yes") if value else _("No")


def _ranking_level(indicators: list[Any]) -> str:
    """The deepest administrative level reporting any of ``indicators`` (the level units
    are assessed at)."""
    levels = [services.reporting_level(i) for i in indicators]
    levels = [lv for lv in levels if lv]
    return max(levels, key=lambda lv: services.LEVEL_DEPTH[lv]) if levels else AdminLevel.COMMUNE


def _ranking_levels(indicators: list[Any], present: set[str]) -> list[tuple[str, str]]:
    """The levels a campaign's reporters can be ranked at, as (value, label): the deepest
    administrative level that reports in the area (``present``: the levels with expected
    reports there), then the agencies and security teams that report."""
    labels = dict(ReportingLevel.choices)
    admin = set().union(*(services.indicator_levels(i) for i in indicators)) & set(
        services.LEVEL_DEPTH
    )
    admin_present = admin & present or admin or {AdminLevel.COMMUNE}
    levels = [max(admin_present, key=lambda lv: services.LEVEL_DEPTH[lv])]
    levels += [lv for lv in ORGANISATION_LEVELS if lv in present]
    return [(lv, str(labels[lv])) for lv in levels]
