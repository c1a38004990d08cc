"""Report pages: a commune's own reports, the form, review, dashboards and exports.

Every object is fetched through a scoped selector, so another unit's report is a 404.

A package: ``entry`` (the unit's reports and the report form), ``review`` (detail, review
and the review queue), ``evidence`` (download and removal of files), ``dashboards`` (the
dashboard, missing reports and ranking), ``assessment`` (year-end classifications) and
``common`` (the page size, the dashboards' request parameters and query strings).
"""

from .assessment import assessment_edit, assessments
from .common import PAGE_SIZE
from .dashboards import dashboard, missing, missing_nudge, ranking
from .entry import my_reports, report_edit
from .evidence import evidence_download, evidence_remove
from .review import report_detail, report_review, review_accept_many, review_queue

__all__ = [
    "PAGE_SIZE",
    "assessment_edit",
    "assessments",
    "dashboard",
    "evidence_download",
    "evidence_remove",
    "missing",
    "missing_nudge",
    "my_reports",
    "ranking",
    "report_detail",
    "report_edit",
    "report_review",
    "review_accept_many",
    "review_queue",
]
