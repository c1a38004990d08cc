"""Writes on reports: the schedule, data entry, review, evidence and assessments.

Every write locks the row it changes (``select_for_update``) and checks the version
the user saw (optimistic locking), so two people editing the same draft never
overwrite each other silently; status changes go through one ``TRANSITIONS`` table.
"""

import calendar
import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from campaigns.models import (
    Campaign,
    Classification,
    Frequency,
    Indicator,
    IndicatorKind,
    Phase,
)
from core.uploads import check_upload
from notifications.models import DeadlineKind
from notifications.services import deadline_close, deadline_upsert
from orgunits.models import AdminLevel, AdminUnit, Organisation, OrganisationKind

from . import cache as dashboard_cache
from .models import (
    EDITABLE_STATUSES,
    Assessment,
    AssessmentSource,
    Evidence,
    ExpectedReport,
    IndicatorValue,
    Report,
    ReportStatus,
)
from .permissions import can_fill_report, can_reopen_report, can_review_report

# --- Schedule -----------------------------------------------------------------------

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
    """The administrative levels that report this indicator (agencies are not units)."""
    codes = indicator.applies_to or list(DEFAULT_APPLIES_TO)
    return {APPLIES_TO_LEVEL[c] for c in codes if c in APPLIES_TO_LEVEL}


def reporting_level(indicator: Indicator) -> str | None:
    """The deepest level reporting ``indicator``: its rollups sum that level's values."""
    levels = indicator_levels(indicator)
    return max(levels, key=lambda lv: LEVEL_DEPTH[lv]) if levels else None


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
def expected_reports_generate(campaign: Campaign) -> int:
    """Create the missing expected reports of ``campaign``; returns how many were created.

    One row per (unit in the campaign's subtree at a level its indicators apply to,
    period of the indicators' frequency), for units existing during the period.
    Idempotent: existing rows (and their stored dates) are never touched, so it can run
    again whenever the schedule changes.
    """
    # Serialise concurrent runs for the same campaign.
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    levels_by_freq: dict[str, set[str]] = {}
    for ind in campaign.indicators.all():
        levels_by_freq.setdefault(ind.frequency, set()).update(indicator_levels(ind))
    if not levels_by_freq:
        return 0
    all_levels = set().union(*levels_by_freq.values())
    units = list(
        AdminUnit.objects.filter(path__startswith=campaign.unit.path, level__in=all_levels)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=campaign.start_date))
        .filter(valid_from__lte=campaign.end_date)
        .only("pk", "path", "level", "province_id", "valid_from", "valid_to")
    )
    existing = set(
        ExpectedReport.objects.filter(campaign=campaign).values_list(
            "unit_id", "frequency", "period_start"
        )
    )
    phases = list(campaign.phases.all())
    new: list[ExpectedReport] = []
    for frequency, levels in levels_by_freq.items():
        for period in periods_for(campaign, frequency, phases):
            due, last = due_dates(period.end)
            for unit in units:
                if unit.level not in levels:
                    continue
                if unit.valid_from > period.end or (unit.valid_to and unit.valid_to < period.start):
                    continue
                if (unit.pk, frequency, period.start) in existing:
                    continue
                new.append(
                    ExpectedReport(
                        campaign=campaign,
                        unit_id=unit.pk,
                        unit_path=unit.path,
                        level=unit.level,
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


# --- Deadlines (reminders) -------------------------------------------------------------

# Who reports for a unit when the expected row names no organisation: its police first
# (the portal's reporting line), then its People's Committee, then any organisation.
REPORTING_KINDS = [
    OrganisationKind.COMMUNE_POLICE,
    OrganisationKind.DISTRICT_POLICE,
    OrganisationKind.PROVINCIAL_POLICE,
    OrganisationKind.SECURITY_TEAM,
    OrganisationKind.PEOPLES_COMMITTEE,
]
# A report in these states has been handed in: nothing more is owed.
REPORT_DONE = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


def reporting_organisation(
    unit: AdminUnit | int, day: date, organisations: list[Organisation] | None = None
) -> Organisation | None:
    """The organisation that reports for ``unit`` about ``day`` (see :data:`REPORTING_KINDS`).

    One in existence that day first (a commune police dissolved by a merger still owes
    the reports of the periods it existed in); ``organisations`` are the unit's own,
    when already fetched.
    """
    if organisations is None:
        unit_id = unit if isinstance(unit, int) else unit.pk
        organisations = list(Organisation.objects.filter(unit_id=unit_id))
    pks = {o.pk for o in organisations}

    def rank(org: Organisation) -> tuple[int, int, int, int]:
        kind = REPORTING_KINDS.index(org.kind) if org.kind in REPORTING_KINDS else 99
        # The head organisation of the unit before its divisions (Công an tỉnh, not PV05).
        division = 1 if org.parent_id in pks else 0
        return (0 if org.is_active_on(day) else 1, kind, division, org.pk)

    return min(organisations, key=rank, default=None)


def expected_report_title(expected: ExpectedReport) -> str:
    return f"{expected.label} ({expected.campaign.reference})"[:300]


# "Look the report up": ``None`` already means "there is no report yet".
_FETCH: Any = object()


@transaction.atomic
def expected_report_deadline_sync(
    expected: ExpectedReport,
    report: Report | None = _FETCH,
    *,
    organisations: dict[int, list[Organisation]] | None = None,
) -> None:
    """Upsert the deadline of one expected report, open while its report is owed:
    closed once submitted or accepted, open again when returned or reopened.

    ``report`` (its report or ``None``, when already known) and ``organisations`` (a
    cache of each unit's organisations by unit id) spare queries in bulk runs. The
    schedule's bulk creation gets its deadlines from the beat
    (``notifications.tasks.deadlines_missing_task``).
    """
    if report is _FETCH:
        report = Report.objects.filter(expected_id=expected.pk).only("pk", "status").first()
    organisation = expected.organisation
    if organisation is None:
        own = None
        if organisations is not None:
            if expected.unit_id not in organisations:
                organisations[expected.unit_id] = list(
                    Organisation.objects.filter(unit_id=expected.unit_id)
                )
            own = organisations[expected.unit_id]
        organisation = reporting_organisation(expected.unit_id, expected.period_end, own)
    if organisation is None:
        deadline_close(expected, DeadlineKind.EXPECTED_REPORT)
        return
    deadline_upsert(
        expected,
        DeadlineKind.EXPECTED_REPORT,
        due_at=expected.due_date,
        organisation=organisation,
        title=expected_report_title(expected),
        url=reverse("reports:report_edit", args=[expected.pk]),
        active=report is None or report.status not in REPORT_DONE,
    )


# --- Data entry -----------------------------------------------------------------------


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


def _conflict(report: Report) -> ValidationError:
    return ValidationError(
        _(
            "Someone else saved this report while you were editing it (it is now at version "
            "%(version)s). Nothing of yours was saved: reload the report, check their changes "
            "and enter yours again."
        )
        % {"version": report.version},
        code="conflict",
    )


def _locked_error(report: Report) -> ValidationError:
    if report.status == ReportStatus.ACCEPTED:
        return ValidationError(
            _("This report has been accepted and is locked. A higher level can reopen it."),
            code="locked",
        )
    return ValidationError(
        _("This report has been submitted and waits for review; it cannot be changed now."),
        code="locked",
    )


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
        ExpectedReport.objects.select_for_update()
        .select_related("campaign", "unit")
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


# --- Review -------------------------------------------------------------------------

# (from, to) -> the predicate the acting user must satisfy.
TRANSITIONS: dict[tuple[str, str], str] = {
    (ReportStatus.DRAFT, ReportStatus.SUBMITTED): "fill",
    (ReportStatus.RETURNED, ReportStatus.SUBMITTED): "fill",
    (ReportStatus.REOPENED, ReportStatus.SUBMITTED): "fill",
    (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED): "review",
    (ReportStatus.SUBMITTED, ReportStatus.RETURNED): "review",
    (ReportStatus.ACCEPTED, ReportStatus.REOPENED): "reopen",
}
_PREDICATES = {
    "fill": lambda user, report: can_fill_report(user, report.expected),
    "review": can_review_report,
    "reopen": can_reopen_report,
}


def allowed_transitions(user: Any, report: Report) -> list[str]:
    return [
        target
        for (source, target), who in TRANSITIONS.items()
        if source == report.status
        and target != ReportStatus.SUBMITTED
        and _PREDICATES[who](user, report)
    ]


def _check_transition(report: Report, target: str, user: Any) -> None:
    who = TRANSITIONS.get((report.status, target))
    if who is None:
        if report.status not in EDITABLE_STATUSES and target == ReportStatus.SUBMITTED:
            raise _locked_error(report)
        raise ValidationError(
            _("A report cannot go from %(source)s to %(target)s.")
            % {
                "source": ReportStatus(report.status).label,
                "target": ReportStatus(target).label,
            },
            code="invalid_transition",
        )
    if not _PREDICATES[who](user, report):
        raise PermissionDenied


def children_not_accepted(report: Report) -> list[ExpectedReport]:
    """The same period's expected reports below ``report``'s unit not yet accepted."""
    expected = report.expected
    return list(
        ExpectedReport.objects.filter(
            campaign_id=expected.campaign_id,
            frequency=expected.frequency,
            period_start=expected.period_start,
            unit_path__startswith=expected.unit_path,
        )
        .exclude(unit_path=expected.unit_path)
        .exclude(report__status=ReportStatus.ACCEPTED)
        .select_related("unit")
        .order_by("unit_path")
    )


@transaction.atomic
def report_transition(
    report: Report, target: str, *, user: Any, version: int, reason: str = ""
) -> Report:
    """Accept, return (with a reason) or reopen (with a reason) a report.

    Child first: a unit's report is accepted only when the reports of the units below
    it for the same period are. Acceptance locks the report against edits.
    """
    report = (
        Report.objects.select_for_update()
        .select_related("expected", "expected__campaign", "unit")
        .get(pk=report.pk)
    )
    if report.version != version:
        raise _conflict(report)
    _check_transition(report, target, user)
    reason = reason.strip()
    if target in (ReportStatus.RETURNED, ReportStatus.REOPENED) and not reason:
        raise ValidationError(
            {"reason": _("Give the reason.")}
            if target == ReportStatus.RETURNED
            else {"reason": _("Give the reason for reopening.")},
            code="reason_required",
        )
    if target == ReportStatus.ACCEPTED:
        pending = children_not_accepted(report)
        if pending:
            names = ", ".join(e.unit.full_name for e in pending[:5])
            if len(pending) > 5:
                names += "…"
            raise ValidationError(
                _(
                    "The reports of the units below must be accepted first "
                    "(%(count)s not yet: %(names)s)."
                )
                % {"count": len(pending), "names": names},
                code="children_pending",
            )
    now = timezone.now()
    if target in (ReportStatus.ACCEPTED, ReportStatus.RETURNED):
        report.reviewed_at = now
        report.reviewed_by = user
        report.reviewer_unit_path = user.scope_path or ""
    if target == ReportStatus.RETURNED:
        report.return_reason = reason
    if target == ReportStatus.REOPENED:
        report.reopen_reason = reason
    report.status = target
    report.version += 1
    report.save()
    _values_follow(report)
    expected_report_deadline_sync(report.expected, report)
    dashboard_cache.bump(report.expected.campaign)
    return report


def _values_follow(report: Report) -> None:
    """Copy the report's status onto its values (the rollups filter on the copy).

    A plain UPDATE: the copy is derived data, so it writes no audit-history rows.
    """
    IndicatorValue.objects.filter(report=report).exclude(status=report.status).update(
        status=report.status
    )


# --- Evidence -------------------------------------------------------------------------

# What a report may carry as evidence; core.uploads checks the name, size and content.
EVIDENCE_TYPES = (".pdf", ".jpg", ".jpeg", ".png", ".docx", ".xlsx")


def evidence_check(upload: Any) -> tuple[bytes, str]:
    """Read and check an uploaded evidence file; returns (content, content type)."""
    checked = check_upload(upload, allowed=EVIDENCE_TYPES)
    return checked.data, checked.content_type


def _evidence_store(
    report: Report, name: str, data: bytes, content_type: str, user: Any
) -> Evidence:
    evidence = Evidence(
        report=report,
        original_name=name,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=user,
    )
    # upload_to gives a random name; the user's name is kept only as a label.
    evidence.file.save(name, ContentFile(data), save=False)
    evidence.save()
    return evidence


@transaction.atomic
def evidence_delete(evidence: Evidence, *, user: Any) -> None:
    """Remove a file from a report that can still be edited."""
    report = (
        Report.objects.select_for_update().select_related("expected").get(pk=evidence.report_id)
    )
    if not can_fill_report(user, report.expected):
        raise PermissionDenied
    if not report.is_editable:
        raise _locked_error(report)
    stored = evidence.file.name
    evidence.delete()
    storage = evidence.file.storage
    transaction.on_commit(lambda: storage.delete(stored))


# --- Assessment -----------------------------------------------------------------------

# Score thresholds of the classes (QĐ 510/QĐ-BCA-V05 defaults; configurable here).
CLASSIFICATION_THRESHOLDS: list[tuple[Decimal, str]] = [
    (Decimal(90), Classification.EXCELLENT),
    (Decimal(70), Classification.GOOD),
    (Decimal(50), Classification.AVERAGE),
]


def classify(score: Decimal) -> str:
    for threshold, cls in CLASSIFICATION_THRESHOLDS:
        if score >= threshold:
            return cls
    return Classification.WEAK


@transaction.atomic
def assessment_compute(campaign: Campaign, unit: AdminUnit, year: int, *, user: Any) -> Assessment:
    """Score a unit's year from its accepted values: the share of values meeting target.

    The class follows the thresholds; "An toàn về ANTT" needs every value to meet its
    target. An assessment entered by hand is never overwritten.
    """
    values = list(
        IndicatorValue.objects.filter(
            report__expected__campaign=campaign,
            report__status=ReportStatus.ACCEPTED,
            unit_path=unit.path,
            period_start__year=year,
        ).values_list("met", flat=True)
    )
    judged = [m for m in values if m is not None]
    existing = (
        Assessment.objects.select_for_update()
        .filter(campaign=campaign, unit=unit, year=year)
        .first()
    )
    if existing and existing.source == AssessmentSource.ENTERED:
        return existing
    assessment = existing or Assessment(campaign=campaign, unit=unit, year=year)
    if judged:
        score = (Decimal(sum(judged)) * 100 / len(judged)).quantize(Decimal("0.01"))
        assessment.score = score
        assessment.classification = classify(score)
        assessment.safe_recognised = all(judged)
    else:
        assessment.score = None
        assessment.classification = ""
        assessment.safe_recognised = False
    assessment.source = AssessmentSource.COMPUTED
    assessment.decided_by = user
    assessment.save()
    dashboard_cache.bump(campaign)
    return assessment


@transaction.atomic
def assessment_enter(
    campaign: Campaign,
    unit: AdminUnit,
    year: int,
    *,
    user: Any,
    classification: str,
    safe_recognised: bool,
    score: Decimal | None = None,
    note: str = "",
) -> Assessment:
    """Record a decided assessment (entered by the steering committee's staff)."""
    if score is not None and not (0 <= score <= 100):
        raise ValidationError({"score": _("The score must be between 0 and 100.")}, code="score")
    if classification not in Classification.values:
        raise ValidationError(
            {"classification": _("Choose a classification.")}, code="classification"
        )
    assessment = Assessment.objects.select_for_update().filter(
        campaign=campaign, unit=unit, year=year
    ).first() or Assessment(campaign=campaign, unit=unit, year=year)
    assessment.classification = classification
    assessment.safe_recognised = safe_recognised
    assessment.score = score
    assessment.note = note
    assessment.source = AssessmentSource.ENTERED
    assessment.decided_by = user
    assessment.save()
    dashboard_cache.bump(campaign)
    return assessment
