"""The reporting panels of the home page, per role, on a fixed clock.

On 20/11/2024 the months August to October are past their last on-time day (5/9, 5/10,
5/11): six reports overdue or received in the test province (two communes × three).
An Bình (the commune officer's): August accepted on time, September late and returned,
October never sent, November not due yet. Hòa Lạc (the outsider's): August on time and
waiting for review, September late and returned.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import cachegen
from reports import selectors, services
from reports.models import ReportStatus

from .helpers import accept, submit

VN = ZoneInfo("Asia/Ho_Chi_Minh")
AUG, SEPT, OCT = date(2024, 8, 1), date(2024, 9, 1), date(2024, 10, 1)
TODAY = datetime(2024, 11, 20, 9, 0, tzinfo=VN)
HOME = reverse("core:home")


def _return(report, user, reason):  # type: ignore[no-untyped-def]
    return services.report_transition(
        report, ReportStatus.RETURNED, user=user, version=report.version, reason=reason
    )


@pytest.fixture
def history(tree, plan, admin_user, province_staff):  # type: ignore[no-untyped-def]
    # August's period starts on 19/8 (the campaign's first day).
    aug = date(2024, 8, 19)
    with time_machine.travel(datetime(2024, 9, 3, 10, 0, tzinfo=VN)):
        accept(submit(plan, tree.commune, admin_user, start=aug), province_staff)
        submit(plan, tree.other_commune, admin_user, start=aug)
    with time_machine.travel(datetime(2024, 10, 9, 10, 0, tzinfo=VN)):
        _return(
            submit(plan, tree.commune, admin_user, start=SEPT, num=5),
            province_staff,
            "Số liệu của An Bình chưa khớp sổ theo dõi.",
        )
        _return(
            submit(plan, tree.other_commune, admin_user, start=SEPT),
            province_staff,
            "Thiếu minh chứng của Hòa Lạc.",
        )
    return plan


def test_commune_officer_sees_what_is_due_returned_and_results(
    history, commune_officer, client_for
):
    with time_machine.travel(TODAY, tick=False):
        response = client_for(commune_officer).get(HOME)
    panels = response.context["report_panels"]
    c = panels["commune"]
    assert [e.label for e in c["due"]] == ["Tháng 10/2024", "Tháng 11/2024"]
    assert (c["due_count"], c["overdue_count"], c["returned_count"], c["waiting_count"]) == (
        2,
        1,
        1,
        0,
    )
    [result] = c["results"]
    assert (result.expected.label, result.met, result.judged) == ("Tháng 8/2024", 3, 3)
    # A commune officer is not shown the province's completeness panel.
    assert panels["campaigns"] is None and panels["review_waiting"] is None
    body = response.content.decode()
    assert "Báo cáo của tôi" in body and "Kết quả gần đây của tôi" in body
    assert "Số liệu của An Bình chưa khớp sổ theo dõi." in body
    assert "Đạt 3/3 chỉ tiêu" in body and "1 quá hạn" in body
    assert reverse("reports:report_edit", args=[c["due"][0].pk]) in body


def test_a_commune_sees_only_its_own_figures(history, commune_officer, other_commune, client_for):
    with time_machine.travel(TODAY, tick=False):
        mine = client_for(commune_officer).get(HOME).content.decode()
        theirs = client_for(other_commune).get(HOME)
    assert "Hòa Lạc" not in mine and "Thiếu minh chứng" not in mine
    c = theirs.context["report_panels"]["commune"]
    # Hòa Lạc: August waits for review, September came back, October is overdue.
    assert (c["due_count"], c["returned_count"], c["waiting_count"], c["results"]) == (2, 1, 1, [])
    body = theirs.content.decode()
    assert "Thiếu minh chứng của Hòa Lạc." in body
    assert "An Bình chưa khớp" not in body


def test_province_staff_see_completeness_timeliness_and_the_review_queue(
    history, province_staff, client_for
):
    with time_machine.travel(TODAY, tick=False):
        response = client_for(province_staff).get(HOME)
    panels = response.context["report_panels"]
    assert panels["commune"] is None
    [progress] = panels["campaigns"]
    assert progress.campaign == history.campaign and progress.running
    assert (progress.expected, progress.received, progress.on_time, progress.missing) == (
        6,
        4,
        2,
        2,
    )
    assert (str(progress.completeness), str(progress.timeliness)) == ("66.7", "33.3")
    assert panels["review_waiting"] == 1
    body = response.content.decode()
    assert f"{reverse('reports:dashboard')}?campaign={history.campaign.pk}" in body
    assert f"{reverse('reports:missing')}?campaign={history.campaign.pk}" in body
    assert "66,7%" in body and "33,3%" in body
    assert "1 báo cáo chờ duyệt" in body and "Đang triển khai" in body


def test_leader_sees_the_campaign_figures_but_reviews_nothing(history, leader, client_for):
    with time_machine.travel(TODAY, tick=False):
        panels = client_for(leader).get(HOME).context["report_panels"]
    [progress] = panels["campaigns"]
    assert (progress.expected, progress.received) == (6, 4)
    assert panels["review_waiting"] is None and panels["commune"] is None


def test_staff_of_another_province_see_nothing_of_this_one(tree, history):
    from accounts.models import RoleCode
    from orgunits.models import OrganisationKind
    from tests.conftest import make_org, make_user

    org = make_org(
        "T-CAT2", "Công an tỉnh Xa Xôi", OrganisationKind.PROVINCIAL_POLICE, tree.other_province
    )
    far = make_user("far", org, RoleCode.PROVINCE_STAFF)
    with time_machine.travel(TODAY, tick=False):
        panels = selectors.home_panels(far, TODAY.date())
    assert panels["campaigns"] == [] and panels["review_waiting"] == 0


def test_an_ended_campaign_is_labelled_and_counts_every_period(history, province_staff):
    with time_machine.travel(datetime(2025, 12, 1, tzinfo=VN), tick=False):
        [progress] = selectors.home_panels(province_staff, date(2025, 12, 1))["campaigns"]
    assert not progress.running
    assert (progress.expected, progress.received) == (2 * 13, 4)


@pytest.mark.parametrize("persona", ["commune_officer", "province_staff"])
def test_home_queries_do_not_grow_with_reports(
    tree, plan, admin_user, province_staff, client_for, request, persona
):
    client = client_for(request.getfixturevalue(persona))
    with time_machine.travel(datetime(2025, 9, 20, tzinfo=VN), tick=False):
        client.get(HOME)
        cachegen.bump("reports")  # count the page as rendered, not as served from the cache
        with CaptureQueriesContext(connection) as few:
            assert client.get(HOME).status_code == 200
        for month in (SEPT, OCT, date(2024, 11, 1), date(2024, 12, 1)):
            for unit in (tree.commune, tree.other_commune):
                accept(submit(plan, unit, admin_user, start=month), province_staff)
        submit(plan, tree.commune, admin_user, start=date(2025, 1, 1))
        with CaptureQueriesContext(connection) as many:
            assert client.get(HOME).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)
