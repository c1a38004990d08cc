"""Reviewing through the queue: each row says how many targets the report meets; several
reports can be accepted at once, each at the version the reviewer saw (one changed
meanwhile, or one whose units below are not accepted yet, is refused with the reason,
the others accepted); opening a report from the queue leads on to the next one.
"""

from datetime import date

import pytest
from django.urls import reverse
from lxml import html as lxml_html

from accounts.models import RoleCode
from campaigns.models import Frequency
from orgunits.models import Organisation, OrganisationKind
from reports import services
from reports.models import ExpectedReport, Report, ReportStatus
from tests.conftest import make_user

from .helpers import SEPT, expected_for, submit

pytestmark = pytest.mark.django_db

QUEUE = "reports:review_queue"
ACCEPT_MANY = "reports:review_accept_many"


def texts(response, xpath):  # type: ignore[no-untyped-def]
    doc = lxml_html.fromstring(response.content.decode())
    return [" ".join(e.text_content().split()) for e in doc.xpath(xpath)]


def pick(*reports):  # type: ignore[no-untyped-def]
    return [f"{r.pk}:{r.version}" for r in reports]


def status(report):  # type: ignore[no-untyped-def]
    return Report.objects.get(pk=report.pk).status


def district_submits(tree, plan):  # type: ignore[no-untyped-def]
    """The district reports the ratio too (its own figures) and submits September."""
    plan.ratio.applies_to = ["commune", "district"]
    plan.ratio.save()
    services.expected_reports_generate(plan.campaign)
    district_expected = ExpectedReport.objects.get(
        campaign=plan.campaign, unit=tree.district, frequency=Frequency.MONTHLY, period_start=SEPT
    )
    police = Organisation.objects.create(
        code="T-CAH",
        name="Công an huyện Sông Lam",
        kind=OrganisationKind.DISTRICT_POLICE,
        unit=tree.district,
    )
    return services.report_save(
        district_expected,
        user=make_user("district", police, RoleCode.COMMUNE_OFFICER),
        version=0,
        narrative="",
        values={plan.ratio.pk: {"numerator": 30, "denominator": 40}},
        submit=True,
    )


def test_each_row_says_how_many_targets_the_report_meets(
    tree, plan, commune_officer, other_commune, province_staff, client_for
):
    submit(plan, tree.commune, commune_officer)  # 8/10, 1 model, yes: 3 of 3
    submit(plan, tree.other_commune, other_commune, num=5, count=0)  # 1 of 3
    response = client_for(province_staff).get(reverse(QUEUE))
    assert texts(response, "//*[@data-testid='queue-met']") == [
        "Đạt 3/3 chỉ tiêu",
        "Đạt 1/3 chỉ tiêu",
    ]
    links = lxml_html.fromstring(response.content.decode()).xpath(
        "//*[@data-testid='queue-item']/@href"
    )
    assert all(link.endswith("?from=queue") for link in links)


def test_picked_reports_are_accepted_and_a_changed_one_is_refused(
    tree, plan, commune_officer, other_commune, province_staff, client_for
):
    mine = submit(plan, tree.commune, commune_officer)
    theirs = submit(plan, tree.other_commune, other_commune)
    october = submit(plan, tree.commune, commune_officer, start=date(2024, 10, 1))
    picks = pick(mine, theirs, october)
    # Returned and sent again meanwhile: the version the reviewer saw is gone.
    october = services.report_transition(
        october, ReportStatus.RETURNED, user=province_staff, version=october.version, reason="x"
    )
    submit(plan, tree.commune, commune_officer, start=date(2024, 10, 1))
    client = client_for(province_staff)
    response = client.post(reverse(ACCEPT_MANY), {"report": picks, "q": "an"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse(QUEUE) + "?q=an"
    assert (status(mine), status(theirs)) == (ReportStatus.ACCEPTED, ReportStatus.ACCEPTED)
    assert status(october) == ReportStatus.SUBMITTED
    said = [str(m) for m in response.context["messages"]]
    assert said[0] == "Đã duyệt 2 báo cáo."
    assert said[1].startswith("Chưa duyệt được: Phường An Bình – Tháng 10/2024: Người khác")


def test_a_commune_and_the_district_above_it_picked_together_pass_child_first(
    tree, plan, commune_officer, other_commune, province_staff, client_for
):
    district_report = district_submits(tree, plan)
    mine = submit(plan, tree.commune, commune_officer)
    theirs = submit(plan, tree.other_commune, other_commune)
    client = client_for(province_staff)
    # The district first in the form: accepted after its communes all the same.
    client.post(reverse(ACCEPT_MANY), {"report": pick(district_report, mine, theirs)})
    assert {status(r) for r in (district_report, mine, theirs)} == {ReportStatus.ACCEPTED}


def test_a_district_whose_commune_is_not_picked_is_refused_with_the_reason(
    tree, plan, commune_officer, other_commune, province_staff, client_for
):
    district_report = district_submits(tree, plan)
    mine = submit(plan, tree.commune, commune_officer)
    response = client_for(province_staff).post(
        reverse(ACCEPT_MANY), {"report": pick(district_report, mine)}, follow=True
    )
    assert status(mine) == ReportStatus.ACCEPTED
    assert status(district_report) == ReportStatus.SUBMITTED
    said = [str(m) for m in response.context["messages"]]
    assert said == [
        "Đã duyệt 1 báo cáo.",
        "Chưa duyệt được: Huyện Sông Lam – Tháng 9/2024: Phải duyệt báo cáo của các đơn vị "
        "cấp dưới trước (còn 1 chưa duyệt: Xã Hòa Lạc).",
    ]


def test_ids_outside_the_queue_are_ignored_and_bad_input_changes_nothing(
    tree, plan, commune_officer, other_commune, province_staff, client_for, monkeypatch
):
    mine = submit(plan, tree.commune, commune_officer)
    theirs = submit(plan, tree.other_commune, other_commune)
    # A commune officer has no queue: the ids are not theirs to accept.
    response = client_for(other_commune).post(
        reverse(ACCEPT_MANY), {"report": pick(mine)}, follow=True
    )
    assert status(mine) == ReportStatus.SUBMITTED
    assert [str(m) for m in response.context["messages"]] == [
        "1 báo cáo không còn chờ bạn duyệt (có thể đã được xử lý trong lúc đó)."
    ]
    staff = client_for(province_staff)
    response = staff.post(reverse(ACCEPT_MANY), {"report": ["abc", "1:x", ""]}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Hãy chọn các báo cáo cần duyệt trước."
    ]
    monkeypatch.setattr(services.review, "BULK_ACCEPT_MAX", 1)
    response = staff.post(reverse(ACCEPT_MANY), {"report": pick(mine, theirs)}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Mỗi lần chỉ chọn tối đa 1 báo cáo."]
    assert (status(mine), status(theirs)) == (ReportStatus.SUBMITTED, ReportStatus.SUBMITTED)
    assert staff.get(reverse(ACCEPT_MANY)).status_code == 405


def test_a_review_from_the_queue_leads_on_to_the_next_report(
    tree, plan, commune_officer, other_commune, province_staff, client_for
):
    mine = submit(plan, tree.commune, commune_officer)
    theirs = submit(plan, tree.other_commune, other_commune)
    client = client_for(province_staff)
    detail = reverse("reports:report_detail", args=[mine.pk])
    response = client.get(detail + "?from=queue")
    assert texts(response, "//*[@data-testid='queue-nav']") == [
        "← Báo cáo chờ duyệt · còn 1 báo cáo chờ duyệt sau báo cáo này"
    ]
    review = reverse("reports:report_review", args=[mine.pk])
    response = client.post(
        review, {"target": "accepted", "version": mine.version, "reason": "", "next": "queue"}
    )
    assert response.url == reverse("reports:report_detail", args=[theirs.pk]) + "?from=queue"
    response = client.post(
        reverse("reports:report_review", args=[theirs.pk]),
        {"target": "returned", "version": theirs.version, "reason": "Thiếu", "next": "queue"},
    )
    assert response.url == reverse(QUEUE)
    # Opened from elsewhere, a review stays on the report.
    october = submit(plan, tree.commune, commune_officer, start=date(2024, 10, 1))
    response = client.post(
        reverse("reports:report_review", args=[october.pk]),
        {"target": "accepted", "version": october.version, "reason": ""},
    )
    assert response.url == reverse("reports:report_detail", args=[october.pk])
    assert not texts(client.get(detail), "//*[@data-testid='queue-nav']")
    assert expected_for(plan, tree.commune).report.status == ReportStatus.ACCEPTED
