"""Adapter to the assessment data other apps hold (DOMAIN.md section 3).

Two award criteria in seed 003 refer to data the portal keeps elsewhere: the unit was
recognised "An toàn về an ninh, trật tự" this year, and its movement was classified
Khá or better. This module is the only place the awards app asks for them, so the
source can change (the ``reports`` app) without touching the rules, and tests can
stub it.

Each function returns ``None`` when the portal holds no data for the nominee and year;
the criterion then falls back to the proposing unit's own confirmation.
"""

from typing import Any

from django.apps import apps

from campaigns.models import CLASSIFICATION_RANK, Classification


def _nominee_org_and_unit(nominee: Any) -> tuple[Any, Any]:
    """(organisation, administrative unit) that an assessment would be about."""
    from orgunits.models import AdminUnit, Organisation

    if isinstance(nominee, Organisation):
        return nominee, nominee.unit
    if isinstance(nominee, AdminUnit):
        return None, nominee
    organisation = getattr(nominee, "organisation", None)
    return organisation, getattr(organisation, "unit", None) or getattr(nominee, "unit", None)


class _AssessmentAdapter:
    """Reads ``reports.Assessment`` (one row per unit, campaign and year).

    Assessments are per administrative unit: an organisation nominee (a commune's
    police, an agency) is judged by its unit's result. Any campaign's assessment of the
    year counts; a recognised row in one campaign is enough.
    """

    def __init__(self, model: Any) -> None:
        self.model = model

    def _rows(self, unit: Any, year: int) -> list[Any]:
        if unit is None:
            return []
        return list(self.model.objects.filter(unit=unit, year=year))

    def safe_antt_recognised(self, *, organisation: Any, unit: Any, year: int) -> bool | None:
        rows = self._rows(unit, year)
        return any(r.safe_recognised for r in rows) if rows else None

    def movement_classification(self, *, organisation: Any, unit: Any, year: int) -> str | None:
        ranked = [r.classification for r in self._rows(unit, year) if r.classification]
        if not ranked:
            return None
        return max(ranked, key=lambda c: CLASSIFICATION_RANK.get(c, 0))


def _reports_api() -> Any:
    """The source of assessment data: the reports app's ``Assessment``, if installed."""
    try:
        return _AssessmentAdapter(apps.get_model("reports", "Assessment"))
    except LookupError:
        return None


def safe_antt_recognised(nominee: Any, year: int) -> bool | None:
    """Was the nominee's unit recognised "An toàn về ANTT" in ``year``? ``None``: unknown."""
    api = _reports_api()
    if api is None or not hasattr(api, "safe_antt_recognised"):
        return None
    organisation, unit = _nominee_org_and_unit(nominee)
    result = api.safe_antt_recognised(organisation=organisation, unit=unit, year=year)
    return None if result is None else bool(result)


def movement_classification(nominee: Any, year: int) -> str | None:
    """The nominee's movement classification in ``year`` (a Classification value)."""
    api = _reports_api()
    if api is None or not hasattr(api, "movement_classification"):
        return None
    organisation, unit = _nominee_org_and_unit(nominee)
    return api.movement_classification(organisation=organisation, unit=unit, year=year)


def classified_good_or_better(nominee: Any, year: int) -> bool | None:
    value = movement_classification(nominee, year)
    if value is None:
        return None
    return CLASSIFICATION_RANK.get(value, 0) >= CLASSIFICATION_RANK[Classification.GOOD]


def achievement_figures(nominee: Any, campaign: Any, year: int) -> list[dict[str, Any]]:
    """The campaign's indicators for the nominee's unit in ``year``, from reviewed reports.

    One row per indicator that has values: ``{"name", "value", "target", "met"}``, summed
    over the unit's subtree (the rollup the dashboards show). Empty when the reports app
    is missing or holds nothing for the unit.
    """
    from datetime import date
    from decimal import Decimal

    try:
        from reports.selectors import RECEIVED_STATUSES, indicator_rollup
    except ImportError:
        return []
    _organisation, unit = _nominee_org_and_unit(nominee)
    if unit is None or campaign is None:
        return []
    rollup = indicator_rollup(
        campaign,
        unit,
        date(year, 1, 1),
        date(year, 12, 31),
        statuses=RECEIVED_STATUSES,
    )
    rows = []
    for indicator in rollup.indicators:
        cell = rollup.totals[indicator.pk]
        if not cell.values:
            continue
        value = cell.value
        if value is None:
            shown = ""
        elif indicator.kind == "count":
            shown = f"{value.normalize():f} {indicator.unit_label}".strip()
        else:
            shown = f"{value.quantize(Decimal('0.1')).normalize():f}%".replace(".", ",")
        rows.append(
            {
                "name": indicator.name,
                "value": shown,
                "target": indicator.target_display,
                "met": cell.met_target,
            }
        )
    return rows
