"""Status changes of a report: the one ``TRANSITIONS`` table and who may apply each step,
the child-first rule for acceptance, :func:`report_transition`, and the errors a locked
or concurrently saved report raises (shared with data entry and evidence).
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import cache as dashboard_cache
from ..models import EDITABLE_STATUSES, ExpectedReport, IndicatorValue, Report, ReportStatus
from ..permissions import can_fill_report, can_reopen_report, can_review_report
from .deadlines import expected_report_deadline_sync
from .notices import review_outcome_notify


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
    """The same period's expected reports below ``report``'s unit not yet accepted.

    Only units' own rows: an agency or a team located below is reviewed on its own line,
    and an organisation's report has no children.
    """
    expected = report.expected
    if expected.organisation_id is not None:
        return []
    return list(
        ExpectedReport.objects.filter(
            campaign_id=expected.campaign_id,
            frequency=expected.frequency,
            period_start=expected.period_start,
            unit_path__startswith=expected.unit_path,
            organisation__isnull=True,
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
        Report.objects.select_for_update(of=("self", "expected"))
        .select_related("expected", "expected__campaign", "expected__organisation", "unit")
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
    dashboard_cache.bump(report.expected.campaign, report.expected.province_id)
    review_outcome_notify(report, user)
    return report


def _values_follow(report: Report) -> None:
    """Copy the report's status onto its values (the rollups filter on the copy).

    A plain UPDATE: the copy is derived data, so it writes no audit-history rows.
    """
    IndicatorValue.objects.filter(report=report).exclude(status=report.status).update(
        status=report.status
    )


# A batch is accepted in one request: bounded, so the request stays short.
BULK_ACCEPT_MAX = 100


def reports_accept(user: Any, picks: list[tuple[Report, int]]) -> list[tuple[Report, str]]:
    """Accept each picked report at the version the reviewer saw; the ones that could
    not be, each with why (in the portal's words). Each report is its own transaction
    (one refused leaves the others accepted); deeper units go first, so a commune's
    report and its villages' picked together pass the child-first rule.
    """
    if len(picks) > BULK_ACCEPT_MAX:
        raise ValidationError(
            _("Pick at most %(max)s reports at a time.") % {"max": BULK_ACCEPT_MAX},
            code="too_many",
        )
    refused: list[tuple[Report, str]] = []
    for report, version in sorted(picks, key=lambda p: (-len(p[0].unit_path), p[0].pk)):
        try:
            report_transition(report, ReportStatus.ACCEPTED, user=user, version=version)
        except PermissionDenied:
            refused.append((report, _("You may not review this report.")))
        except ValidationError as exc:
            refused.append((report, " ".join(exc.messages)))
    return refused
