"""The demo's report history is dated by the reports' own steps, not by the load."""

from datetime import datetime
from zoneinfo import ZoneInfo

from reports.demo import _date_history
from reports.models import Report, ReportStatus

from .helpers import expected_for

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
SENT = datetime(2024, 10, 4, 9, 0, tzinfo=HCM)
REVIEWED = datetime(2024, 10, 6, 14, 0, tzinfo=HCM)


def _loaded(plan, unit, **fields):  # type: ignore[no-untyped-def]
    """A report as the demo's upsert writes it: saved now, with no acting user."""
    expected = expected_for(plan, unit)
    return Report.objects.create(
        expected=expected, unit=unit, unit_path=unit.path, submitted_at=SENT, **fields
    )


def test_an_accepted_demo_report_shows_its_submission_and_its_review(
    tree, plan, commune_officer, province_staff
):
    report = _loaded(
        plan,
        tree.commune,
        status=ReportStatus.ACCEPTED,
        version=3,
        reviewed_at=REVIEWED,
        submitted_by=commune_officer,
        reviewed_by=province_staff,
    )
    _date_history(report, SENT, commune_officer, province_staff)
    rows = list(
        report.history.order_by("history_date").values_list(
            "history_date", "history_user", "status", "version", "history_type"
        )
    )
    assert rows == [
        (SENT, commune_officer.pk, ReportStatus.SUBMITTED, 2, "+"),
        (REVIEWED, province_staff.pk, ReportStatus.ACCEPTED, 3, "~"),
    ]
    # A second load changes nothing.
    _date_history(report, SENT, commune_officer, province_staff)
    assert report.history.count() == 2


def test_a_submitted_demo_report_is_dated_by_its_submission(tree, plan, commune_officer):
    report = _loaded(plan, tree.commune, status=ReportStatus.SUBMITTED, version=2)
    report.save()  # an older load's row, dropped
    _date_history(report, SENT, commune_officer, None)
    assert list(report.history.values_list("history_date", "history_user", "version")) == [
        (SENT, commune_officer.pk, 2)
    ]


def test_rows_of_real_actions_are_left_alone(tree, plan, commune_officer):
    report = _loaded(plan, tree.commune, status=ReportStatus.SUBMITTED, version=2)
    report.history.update(history_user=commune_officer)
    before = list(report.history.values_list("history_date", "history_user"))
    _date_history(report, SENT, commune_officer, None)
    assert list(report.history.values_list("history_date", "history_user")) == before


def test_a_returned_demo_report_leaves_its_officer_one_notice_dated_by_the_return(
    tree, plan, commune_officer, province_staff
):
    from notifications.models import Notification
    from reports.demo import _return_notice

    report = _loaded(
        plan,
        tree.commune,
        status=ReportStatus.RETURNED,
        version=3,
        reviewed_at=REVIEWED,
        submitted_by=commune_officer,
        reviewed_by=province_staff,
        return_reason="Số liệu chưa khớp",
    )
    _return_notice(report, commune_officer, province_staff)
    _return_notice(report, commune_officer, province_staff)  # a second load
    [notice] = Notification.objects.filter(user=commune_officer)
    assert notice.title.startswith("Báo cáo bị trả lại: Phường An Bình")
    assert notice.body == "Lý do: Số liệu chưa khớp"
    assert notice.created_at == REVIEWED
