"""Data entry: the indicators a report covers, the per-indicator input checks and the
achieved value, and :func:`report_save`, which stores the values (with optimistic
locking on the report version) and optionally submits the report for review.
"""

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Indicator, IndicatorKind

from .. import cache as dashboard_cache
from ..models import ExpectedReport, IndicatorValue, Report, ReportStatus
from ..permissions import can_fill_report
from .deadlines import expected_report_deadline_sync
from .evidence import _evidence_store, evidence_check
from .review import _check_transition, _conflict, _locked_error, _values_follow
from .schedule import indicator_levels


def indicators_for(
    expected: ExpectedReport, indicators: list[Indicator] | None = None
) -> list[Indicator]:
    """The indicators ``expected``'s unit reports for its frequency, in plan order.

    ``indicators`` (the campaign's, in plan order) saves the query when looping over rows.
    """
    if indicators is None:
        indicators = list(expected.campaign.indicators.order_by("order", "pk"))
    return [
        ind
        for ind in indicators
        if ind.frequency == expected.frequency and expected.level in indicator_levels(ind)
    ]


def _int_or_none(value: Any) -> int | None:
    if value is None or value == "":
        return None
    return int(value)


def value_errors(indicator: Indicator, data: dict[str, Any]) -> dict[str, str]:
    """The Vietnamese errors of one indicator's input, keyed by field."""
    errors: dict[str, str] = {}
    if indicator.kind == IndicatorKind.RATIO:
        num, den = data.get("numerator"), data.get("denominator")
        if num is not None and num < 0:
            errors["numerator"] = _("The numerator cannot be negative.")
        if den is not None and den < 0:
            errors["denominator"] = _("The denominator cannot be negative.")
        if (num is None) != (den is None):
            field = "denominator" if den is None else "numerator"
            errors.setdefault(field, _("Enter both the numerator and the denominator."))
        if not errors and num is not None and den is not None and num > den:
            errors["numerator"] = _("The numerator cannot be greater than the denominator.")
    elif indicator.kind == IndicatorKind.COUNT:
        count = data.get("count")
        if count is not None and count < 0:
            errors["count"] = _("A count cannot be negative.")
    return errors


def value_is_empty(indicator: Indicator, data: dict[str, Any]) -> bool:
    if indicator.kind == IndicatorKind.RATIO:
        return data.get("numerator") is None or data.get("denominator") is None
    if indicator.kind == IndicatorKind.COUNT:
        return data.get("count") is None
    return data.get("boolean") is None


def achieved_value(indicator: Indicator, data: dict[str, Any]) -> Decimal | None:
    """The value compared with the target: a percentage, a count, or 1/0."""
    if indicator.kind == IndicatorKind.RATIO:
        num, den = data.get("numerator"), data.get("denominator")
        if num is None or not den:
            return None
        return Decimal(num) * 100 / Decimal(den)
    if indicator.kind == IndicatorKind.COUNT:
        count = data.get("count")
        return None if count is None else Decimal(count)
    boolean = data.get("boolean")
    return None if boolean is None else Decimal(int(boolean))


@transaction.atomic
def report_save(
    expected: ExpectedReport,
    *,
    user: Any,
    version: int,
    narrative: str,
    values: dict[int, dict[str, Any]],
    files: list[Any] | None = None,
    submit: bool = False,
) -> Report:
    """Save a report's values (and new evidence files); with ``submit``, send it for review.

    ``version`` is the report version the user's form was built from (0 before the
    first save); a different current version means someone else saved meanwhile and
    nothing is written. ``values`` maps indicator ids to ``numerator``, ``denominator``,
    ``count``, ``boolean`` and ``note``. Errors are a ``ValidationError`` whose dict keys
    are ``"<indicator id>-<field>"``, ``"narrative"``, ``"evidence"`` or ``"__all__"``.
    """
    # The expected row is the lock: the first save of two racing users creates the
    # report once, and every later save is serialised behind it.
    expected = (
        ExpectedReport.objects.select_for_update(of=("self",))
        .select_related("campaign", "unit", "organisation")
        .get(pk=expected.pk)
    )
    if not can_fill_report(user, expected):
        raise PermissionDenied
    report = Report.objects.filter(expected=expected).first()
    current = report.version if report else 0
    if version != current:
        raise _conflict(report) if report else ValidationError(_("Invalid version."))
    if report is not None and not report.is_editable:
        raise _locked_error(report)

    indicators = indicators_for(expected)
    errors: dict[str, list[str]] = {}
    cleaned: dict[int, dict[str, Any]] = {}
    for ind in indicators:
        raw = values.get(ind.pk, {})
        data = {
            "numerator": _int_or_none(raw.get("numerator")),
            "denominator": _int_or_none(raw.get("denominator")),
            "count": _int_or_none(raw.get("count")),
            "boolean": raw.get("boolean"),
            "note": (raw.get("note") or "").strip(),
        }
        for field, message in value_errors(ind, data).items():
            errors.setdefault(f"{ind.pk}-{field}", []).append(message)
        cleaned[ind.pk] = data
    if submit and not errors:
        missing = [ind for ind in indicators if value_is_empty(ind, cleaned[ind.pk])]
        for ind in missing:
            field = {"ratio": "numerator", "count": "count"}.get(ind.kind, "boolean")
            errors.setdefault(f"{ind.pk}-{field}", []).append(_("Enter a value before submitting."))
        if missing:
            errors.setdefault("__all__", []).append(
                _("Enter a value for every indicator before submitting (%(count)s missing).")
                % {"count": len(missing)}
            )
    checked_files = []
    for f in files or []:
        try:
            checked_files.append((f, evidence_check(f)))
        except ValidationError as exc:
            errors.setdefault("evidence", []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)

    now = timezone.now()
    if report is None:
        report = Report(expected=expected, unit=expected.unit, unit_path=expected.unit_path)
    report.narrative = narrative.strip()
    if submit:
        _check_transition(report, ReportStatus.SUBMITTED, user)
        report.status = ReportStatus.SUBMITTED
        report.submitted_at = now
        report.submitted_by = user
        if report.first_submitted_at is None:
            report.first_submitted_at = now
            report.on_time = timezone.localdate(now) <= expected.last_on_time
    report.version = current + 1
    report.save()

    existing = {v.indicator_id: v for v in report.values.all()}
    for ind in indicators:
        data = cleaned[ind.pk]
        row = existing.get(ind.pk) or IndicatorValue(
            report=report,
            indicator=ind,
            campaign_id=expected.campaign_id,
            status=report.status,
            unit_path=expected.unit_path,
            level=expected.level,
            period_start=expected.period_start,
        )
        new = {
            "numerator": data["numerator"] if ind.kind == IndicatorKind.RATIO else None,
            "denominator": data["denominator"] if ind.kind == IndicatorKind.RATIO else None,
            "count": data["count"] if ind.kind == IndicatorKind.COUNT else None,
            "boolean": data["boolean"] if ind.kind == IndicatorKind.BOOLEAN else None,
            "note": data["note"],
            "met": ind.is_met(achieved_value(ind, data)),
        }
        if row.pk and all(getattr(row, k) == v for k, v in new.items()):
            continue  # unchanged: no write, no history row
        for key, value in new.items():
            setattr(row, key, value)
        row.save()
    _values_follow(report)
    expected_report_deadline_sync(expected, report)
    if submit:
        dashboard_cache.bump(expected.campaign)
    for f, (data, content_type) in checked_files:
        _evidence_store(report, f.name, data, content_type, user)
    return report
