"""In-app notices of a report's review (:func:`notifications.services.notify`): the
officers who fill a report hear at once that it was returned, reopened or accepted, with
the reason; the reviewer who returned it hears when it comes back corrected. A first
submission notifies nobody: the review queue lists it, and 3,000 communes a month would
drown the province's bell.
"""

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from notifications.models import Notification
from notifications.services import notify, notify_each

from ..models import ExpectedReport, Report, ReportStatus
from ..permissions import can_fill_report, can_review_report
from .deadlines import expected_report_organisation

# One click nudges at most this many overdue reports (the request stays short).
NUDGE_MAX = 500


def _subject(report: Report) -> str:
    expected = report.expected
    return f"{expected.reporter_name} – {expected.label} ({expected.campaign.reference})"


def _fillers(report: Report, actor: Any) -> list[int]:
    """The active users who fill ``report``: the reporting organisation's officers and
    whoever submitted it, if they still may fill it (not the acting reviewer)."""
    expected = report.expected
    organisation = expected_report_organisation(expected)
    who = Q(pk=report.submitted_by_id) if report.submitted_by_id else Q(pk__in=[])
    if organisation is not None:
        who |= Q(organisation=organisation)
    users = (
        get_user_model()
        .objects.filter(who, is_active=True)
        .exclude(pk=actor.pk)
        .select_related("organisation__unit")
        .prefetch_related("roles")
    )
    return [u.pk for u in users if can_fill_report(u, expected)]


def review_outcome_notify(report: Report, actor: Any) -> int:
    """After ``report`` was accepted, returned or reopened by ``actor``: tell its fillers."""
    notice = review_notice(report, actor)
    if notice is None:
        return 0
    title, body, url = notice
    return notify(_fillers(report, actor), title=title, body=body, url=url)


def review_notice(report: Report, actor: Any) -> tuple[str, str, str] | None:
    """The title, text and link of the notice of ``report``'s review by ``actor`` (None
    for a state that is no review outcome)."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _subject(report)
        if report.status == ReportStatus.RETURNED:
            title = _("Report returned: %(report)s") % {"report": subject}
            body = _("Reason: %(reason)s") % {"reason": report.return_reason}
        elif report.status == ReportStatus.REOPENED:
            title = _("Report reopened: %(report)s") % {"report": subject}
            body = _("Reason: %(reason)s") % {"reason": report.reopen_reason}
        elif report.status == ReportStatus.ACCEPTED:
            title = _("Report accepted: %(report)s") % {"report": subject}
            reviewer = actor.organisation.name if actor.organisation_id else ""
            body = _("Accepted by %(reviewer)s.") % {"reviewer": reviewer} if reviewer else ""
        else:
            return None
    editable = report.status != ReportStatus.ACCEPTED
    url = (
        reverse("reports:report_edit", args=[report.expected_id])
        if editable
        else reverse("reports:report_detail", args=[report.pk])
    )
    return title, body, url


def resubmission_notify(report: Report, actor: Any) -> int:
    """After a returned or reopened ``report`` was sent again: tell the reviewer who
    last reviewed it, if they still may review it."""
    reviewer = report.reviewed_by
    if reviewer is None or reviewer.pk == actor.pk or not can_review_report(reviewer, report):
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Report sent again: %(report)s") % {"report": _subject(report)}
        body = _("Corrected and sent again after your review; it waits for review.")
    url = reverse("reports:report_detail", args=[report.pk])
    return notify([reviewer.pk], title=title, body=body, url=url)


def _nudge_title(expected: ExpectedReport) -> str:
    return _("Please send the report: %(report)s") % {
        "report": f"{expected.reporter_name} – {expected.label} ({expected.campaign.reference})"
    }


def missing_nudge(rows: list[ExpectedReport], actor: Any) -> tuple[int, int]:
    """Remind the officers who fill each overdue report of ``rows`` (already scoped by
    the caller) in the app, today, in the actor's name: what province staff did by
    phone. A report already nudged today is left alone. Returns (reports nudged,
    notices written); a fixed number of queries for any number of rows.
    """
    today = timezone.localdate()
    overdue = [e for e in rows[:NUDGE_MAX] if e.last_on_time < today]
    if not overdue:
        return 0, 0
    urls = {e.pk: reverse("reports:report_edit", args=[e.pk]) for e in overdue}
    with translation.override(settings.LANGUAGE_CODE):
        titles = {e.pk: _nudge_title(e) for e in overdue}
        sender = actor.organisation.name if actor.organisation_id else _("The province")
        bodies = {
            e.pk: _("Overdue since %(day)s. %(sender)s asks you to send it now.")
            % {"day": e.last_on_time.strftime("%d/%m/%Y"), "sender": sender}
            for e in overdue
        }
    done_today = set(
        Notification.objects.filter(
            url__in=list(urls.values()),
            title__in=list(titles.values()),
            created_at__date=today,
        ).values_list("url", flat=True)
    )
    todo = [e for e in overdue if urls[e.pk] not in done_today]
    cache: dict[int, list[Any]] = {}
    organisations = {e.pk: expected_report_organisation(e, cache) for e in todo}
    org_ids = {o.pk for o in organisations.values() if o is not None}
    users_by_org: dict[int, list[Any]] = {}
    for u in (
        get_user_model()
        .objects.filter(organisation_id__in=org_ids, is_active=True)
        .select_related("organisation__unit", "organisation__parent")
        .prefetch_related("roles")
    ):
        users_by_org.setdefault(u.organisation_id, []).append(u)
    notices = []
    nudged = 0
    for e in todo:
        org = organisations[e.pk]
        fillers = [u for u in users_by_org.get(org.pk, []) if can_fill_report(u, e)] if org else []
        if fillers:
            nudged += 1
            notices += [(u.pk, titles[e.pk], bodies[e.pk], urls[e.pk]) for u in fillers]
    return nudged, notify_each(notices)
