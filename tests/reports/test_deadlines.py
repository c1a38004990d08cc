"""The report services keep the expected report's deadline in step themselves, in their
own transaction (no signal receivers): submitting closes it, returning reopens it,
accepting closes it again."""

from notifications.models import Deadline, DeadlineKind, ReminderRule, ReminderStatus
from notifications.tasks import deadlines_missing_task
from reports import services
from reports.models import ReportStatus

from .helpers import expected_for, submit


def report_deadline(expected) -> Deadline:  # type: ignore[no-untyped-def]
    return Deadline.objects.get(kind=DeadlineKind.EXPECTED_REPORT, object_id=expected.pk)


def test_submit_return_and_accept_move_the_deadline(tree, plan, commune_officer, province_staff):
    ReminderRule.objects.bulk_create(
        [ReminderRule(kind=k) for k in DeadlineKind.values], ignore_conflicts=True
    )
    expected = expected_for(plan, tree.commune)
    # The schedule is created in bulk: the beat gives the rows their deadlines.
    assert not Deadline.objects.filter(kind=DeadlineKind.EXPECTED_REPORT).exists()
    deadlines_missing_task()
    assert report_deadline(expected).active
    assert report_deadline(expected).organisation == tree.police

    report = submit(plan, tree.commune, commune_officer)
    deadline = report_deadline(expected)
    assert not deadline.active
    assert not deadline.reminders.filter(status=ReminderStatus.PENDING).exists()

    report = services.report_transition(
        report, ReportStatus.RETURNED, user=province_staff, version=report.version, reason="Sai"
    )
    assert report_deadline(expected).active

    report = submit(plan, tree.commune, commune_officer)
    services.report_transition(
        report, ReportStatus.ACCEPTED, user=province_staff, version=report.version
    )
    assert not report_deadline(expected).active
