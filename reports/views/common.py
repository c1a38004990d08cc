"""What the report pages share: the page size of the long lists, and for the dashboards
and assessments the request's parameters (campaign, root unit checked against the user's
scope, period or phase), the query string that carries them, the level units are ranked
at and the yes/no cell of an export.
"""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from accounts.scope import get_scoped_or_404
from campaigns.models import Campaign, Frequency, Phase
from orgunits.models import AdminLevel, AdminUnit

from .. import selectors, services
from ..models import ORGANISATION_LEVELS, ReportingLevel
from ..permissions import can_view_dashboard

PAGE_SIZE = 30


def _pct(value: Any) -> str:
    return "" if value is None else f"{value}%"


def _dashboard_params(request: HttpRequest) -> dict[str, Any]:
    """Campaign, root unit (drill-down) and date range of a dashboard request."""
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
    start = end = None
    period = request.GET.get("period", "")
    phase_id = request.GET.get("phase", "")
    phases: list[Phase] = list(campaign.phases.all()) if campaign else []
    # The periods offered (and charted) are those of the campaign's finest frequency.
    frequency = services.finest_frequency(campaign) if campaign else Frequency.MONTHLY
    months = services.periods_for(campaign, frequency, phases) if campaign else []
    label = _("Whole campaign")
    if period:
        try:
            start = end = date.fromisoformat(period)
        except ValueError as exc:
            raise Http404 from exc
        label = next((p.label for p in months if p.start == start), period)
    elif phase_id:
        phase = next((p for p in phases if str(p.pk) == phase_id), None)
        if phase is None:
            raise Http404
        start, end, label = phase.start_date, phase.end_date, phase.name
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
        "period": period,
        "phase": phase_id,
        "phases": phases,
        "months": months,
        "frequency": frequency,
        "range_label": label,
    }


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
