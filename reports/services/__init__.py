"""Writes on reports: the schedule, data entry, review, evidence and assessments.

Every write locks the row it changes (``select_for_update``) and checks the version
the user saw (optimistic locking), so two people editing the same draft never
overwrite each other silently; status changes go through one ``TRANSITIONS`` table.

A package: ``schedule`` (periods, due dates, expected reports), ``deadlines`` (the
reminders of expected reports), ``entry`` (values and :func:`report_save`), ``review``
(the ``TRANSITIONS`` table and :func:`report_transition`), ``notices`` (the in-app
notices of a review and of a report sent again), ``evidence`` (files) and ``assessment``
(yearly classification).
"""

from .assessment import CLASSIFICATION_THRESHOLDS, assessment_compute, assessment_enter, classify
from .deadlines import (
    REPORT_DONE,
    REPORTING_KINDS,
    expected_report_deadline_sync,
    expected_report_title,
    reporting_organisation,
)
from .entry import (
    achieved_value,
    evidence_errors,
    field_labels,
    indicators_for,
    report_input_errors,
    report_save,
    value_errors,
    value_is_empty,
)
from .evidence import EVIDENCE_TYPES, evidence_check, evidence_delete
from .notices import (
    NUDGE_MAX,
    missing_nudge,
    resubmission_notify,
    review_notice,
    review_outcome_notify,
)
from .review import (
    BULK_ACCEPT_MAX,
    TRANSITIONS,
    allowed_transitions,
    children_not_accepted,
    report_transition,
    reports_accept,
)
from .schedule import (
    APPLIES_TO_LEVEL,
    DEFAULT_APPLIES_TO,
    DUE_DAY_OF_NEXT_MONTH,
    FREQUENCY_ORDER,
    GRACE_DAYS,
    LEVEL_DEPTH,
    ROMAN,
    Period,
    due_dates,
    expected_reports_generate,
    finest_frequency,
    indicator_levels,
    periods_for,
    reporting_level,
    rollup_levels,
)

__all__ = [
    "APPLIES_TO_LEVEL",
    "BULK_ACCEPT_MAX",
    "CLASSIFICATION_THRESHOLDS",
    "DEFAULT_APPLIES_TO",
    "DUE_DAY_OF_NEXT_MONTH",
    "EVIDENCE_TYPES",
    "FREQUENCY_ORDER",
    "GRACE_DAYS",
    "LEVEL_DEPTH",
    "NUDGE_MAX",
    "REPORTING_KINDS",
    "REPORT_DONE",
    "ROMAN",
    "TRANSITIONS",
    "Period",
    "achieved_value",
    "allowed_transitions",
    "assessment_compute",
    "assessment_enter",
    "children_not_accepted",
    "classify",
    "due_dates",
    "evidence_check",
    "evidence_delete",
    "evidence_errors",
    "expected_report_deadline_sync",
    "expected_report_title",
    "expected_reports_generate",
    "field_labels",
    "finest_frequency",
    "indicator_levels",
    "indicators_for",
    "missing_nudge",
    "periods_for",
    "report_input_errors",
    "report_save",
    "report_transition",
    "reporting_level",
    "reporting_organisation",
    "reports_accept",
    "resubmission_notify",
    "review_notice",
    "review_outcome_notify",
    "rollup_levels",
    "value_errors",
    "value_is_empty",
]
