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
from .notices import resubmission_notify
from .review import _check_transition, _conflict, _locked_error, _values_follow
from .schedule import indicator_levels

# A report in these states was sent back to its unit; sending it again tells the reviewer.
SENT_BACK = (ReportStatus.RETURNED, ReportStatus.REOPENED)


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


# A label quoted in a message is cut at a word boundary past this many characters: the
# messages name two fields, and the seed plans' labels run to 75 characters.
LABEL_IN_MESSAGE = 40


def _short(label: str) -> str:
    if len(label) <= LABEL_IN_MESSAGE:
        return label
    return label[: LABEL_IN_MESSAGE + 1].rsplit(" ", 1)[0].rstrip(" ,;:-–") + "…"


def field_labels(indicator: Indicator) -> dict[str, str]:
    """The labels of an indicator's input fields, keyed by field: the form shows them and
    the messages name the fields by them ("Số vụ", not the bare unit "vụ")."""
    if indicator.kind == IndicatorKind.RATIO:
        return {
            "numerator": indicator.numerator_label or _("Numerator"),
            "denominator": indicator.denominator_label or _("Denominator"),
        }
    if indicator.kind == IndicatorKind.COUNT:
        unit = indicator.unit_label.strip()
        return {"count": _("Number of %(unit)s") % {"unit": unit} if unit else _("Count")}
    return {"boolean": _("Achieved")}


def _error(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _ratio_errors(
    indicator: Indicator, num: int | None, den: int | None, unreadable: frozenset[str]
) -> dict[str, ValidationError]:
    errors: dict[str, ValidationError] = {}
    # An indicator without its own labels shows "Tử số"/"Mẫu số": say it that way.
    named = bool(indicator.numerator_label or indicator.denominator_label)
    labels = {k: _short(v) for k, v in field_labels(indicator).items()}
    for field, value in (("numerator", num), ("denominator", den)):
        if value is not None and value < 0:
            if named:
                message = _("«%(label)s» cannot be negative.") % {"label": labels[field]}
            elif field == "numerator":
                message = _("The numerator cannot be negative.")
            else:
                message = _("The denominator cannot be negative.")
            errors[field] = _error(message, "negative")
    if unreadable:
        return errors  # the other part was typed but not read: nothing to compare with
    if (num is None) != (den is None):
        field = "denominator" if den is None else "numerator"
        message = (
            _("«%(label)s» is missing.") % {"label": labels[field]}
            if named
            else _("Enter both the numerator and the denominator.")
        )
        errors.setdefault(field, _error(message, "incomplete"))
    if not errors and num is not None and den is not None and num > den:
        message = (
            _("«%(numerator)s» cannot be greater than «%(denominator)s».") % labels
            if named
            else _("The numerator cannot be greater than the denominator.")
        )
        errors["numerator"] = _error(message, "greater_than_denominator")
    return errors


def value_errors(
    indicator: Indicator, data: dict[str, Any], unreadable: frozenset[str] = frozenset()
) -> dict[str, ValidationError]:
    """The errors of one indicator's input, keyed by field.

    ``unreadable`` names the fields whose input the form could not read as a number (it
    reports those itself); the other fields are still checked, so every problem shows at
    once.
    """
    if indicator.kind == IndicatorKind.RATIO:
        return _ratio_errors(indicator, data.get("numerator"), data.get("denominator"), unreadable)
    if indicator.kind == IndicatorKind.COUNT:
        count = data.get("count")
        if count is not None and count < 0:
            label = field_labels(indicator)["count"]
            message = _("«%(label)s» cannot be negative.") % {"label": _short(label)}
            return {"count": _error(message, "negative")}
    return {}


def _missing_error(indicator: Indicator) -> tuple[str, ValidationError]:
    """The field that gets the "enter a value" error of an empty indicator, and the error."""
    if indicator.kind == IndicatorKind.RATIO:
        if indicator.numerator_label or indicator.denominator_label:
            labels = {k: _short(v) for k, v in field_labels(indicator).items()}
            message = _("Enter «%(numerator)s» and «%(denominator)s» before submitting.") % labels
        else:
            message = _("Enter the numerator and the denominator before submitting.")
        return "numerator", _error(message, "missing")
    field = "count" if indicator.kind == IndicatorKind.COUNT else "boolean"
    return field, _error(_("Enter a value before submitting."), "missing")


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


def evidence_errors(files: list[Any] | None) -> tuple[list[Any], list[ValidationError]]:
    """Each uploaded file checked by content: the ones that pass (with their data) and the
    errors of the others."""
    checked, errors = [], []
    for f in files or []:
        try:
            checked.append((f, evidence_check(f)))
        except ValidationError as exc:
            errors.extend(exc.error_list)
    return checked, errors


def _cleaned(raw: dict[str, Any]) -> dict[str, Any]:
    return {
        "numerator": _int_or_none(raw.get("numerator")),
        "denominator": _int_or_none(raw.get("denominator")),
        "count": _int_or_none(raw.get("count")),
        "boolean": raw.get("boolean"),
        "note": (raw.get("note") or "").strip(),
    }


def report_input_errors(
    indicators: list[Indicator],
    values: dict[int, dict[str, Any]],
    *,
    submit: bool = False,
    unreadable: frozenset[str] = frozenset(),
) -> dict[str, list[ValidationError]]:
    """Every problem of a report's values at once: the value rules of each indicator
    and, on ``submit``, each indicator left empty. Keys as in :func:`report_save`.

    ``unreadable`` holds the ``"<indicator id>-<field>"`` keys the form could not read
    as numbers: they have an error already, so they are neither checked nor "missing".
    The form calls this with what it could read, so a typing error does not hide the
    rest until the next round.
    """
    errors: dict[str, list[ValidationError]] = {}
    missing = 0
    for ind in indicators:
        data = _cleaned(values.get(ind.pk, {}))
        prefix = f"{ind.pk}-"
        bad = frozenset(k[len(prefix) :] for k in unreadable if k.startswith(prefix))
        found = value_errors(ind, data, bad)
        for field, error in found.items():
            errors.setdefault(prefix + field, []).append(error)
        if submit and not found and not bad and value_is_empty(ind, data):
            field, error = _missing_error(ind)
            errors.setdefault(prefix + field, []).append(error)
            missing += 1
    if missing:
        errors.setdefault("__all__", []).append(
            _error(
                _("Enter a value for every indicator before submitting (%(count)s missing).")
                % {"count": missing},
                "missing",
            )
        )
    return errors


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
    are ``"<indicator id>-<field>"``, ``"narrative"``, ``"evidence"`` or ``"__all__"``;
    all of them are reported together (:func:`report_input_errors`, evidence checks).
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
    errors = report_input_errors(indicators, values, submit=submit)
    checked_files, file_errors = evidence_errors(files)
    if file_errors:
        errors["evidence"] = file_errors
    if errors:
        raise ValidationError(errors)
    cleaned = {ind.pk: _cleaned(values.get(ind.pk, {})) for ind in indicators}

    now = timezone.now()
    sent_back = submit and report is not None and report.status in SENT_BACK
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
        dashboard_cache.bump(expected.campaign, expected.province_id)
    if sent_back:
        resubmission_notify(report, user)
    for f, (data, content_type) in checked_files:
        _evidence_store(report, f.name, data, content_type, user)
    return report
