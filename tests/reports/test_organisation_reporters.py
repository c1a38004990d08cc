"""Agencies, enterprises, schools and security teams report for themselves.

The ``tree`` (tests/conftest.py) has province Thử Nghiệm → district Sông Lam → phường
An Bình (police ``tree.police``, tổ dân phố 1 with the security team ``tree.team`` whose
parent is that police) and xã Hòa Lạc; the ``plan`` campaign runs 19/8/2024–19/8/2025
(13 monthly periods) with three commune indicators R, C and B.

The ``agencies`` fixture adds four schools (two in An Bình, one in Hòa Lạc, one at the
province itself), an indicator A for the agencies and an indicator T for the security
teams: 4 × 13 = 52 agency rows and 13 team rows beside the 26 commune rows.
"""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from accounts.models import RoleCode
from campaigns.models import Comparator, Frequency
from notifications.models import Deadline, DeadlineKind, ReminderRule
from notifications.tasks import deadlines_missing_task
from orgunits.models import OrganisationKind
from reports import selectors, services
from reports.models import ExpectedReport, IndicatorValue, Report, ReportStatus
from reports.permissions import can_fill_report, can_review_report
from tests.conftest import make_org, make_user
from tests.factories import IndicatorFactory

from .helpers import SEPT, accept, expected_for, submit, values

K = OrganisationKind
OCT = date(2024, 10, 1)
NOV = date(2024, 11, 1)
ON_TIME = date(2024, 10, 4)  # before the 5/10/2024 deadline of September


def org_expected(plan, org, start=SEPT):  # type: ignore[no-untyped-def]
    return ExpectedReport.objects.get(
        campaign=plan.campaign, organisation=org, frequency=Frequency.MONTHLY, period_start=start
    )


def save(expected, user, vals, submit=True):  # type: ignore[no-untyped-def]
    report = Report.objects.filter(expected=expected).first()
    return services.report_save(
        expected,
        user=user,
        version=report.version if report else 0,
        narrative="",
        values=vals,
        submit=submit,
    )


def ratio_form(indicator, version=0, action="save", num="45", den="50"):  # type: ignore[no-untyped-def]
    return {
        "version": str(version),
        "narrative": "Nhà trường phối hợp tốt",
        f"{indicator.pk}-numerator": num,
        f"{indicator.pk}-denominator": den,
        f"{indicator.pk}-note": "",
        "action": action,
    }


def edit_url(expected):  # type: ignore[no-untyped-def]
    return reverse("reports:report_edit", args=[expected.pk])


@pytest.fixture
def agencies(tree, plan):  # type: ignore[no-untyped-def]
    school = make_org("T-THPT1", "Trường THPT An Bình", K.SCHOOL, tree.commune)
    other_school = make_org("T-TH1", "Trường Tiểu học Lê Lợi", K.SCHOOL, tree.commune)
    far_school = make_org("T-THCS2", "Trường THCS Hòa Lạc", K.SCHOOL, tree.other_commune)
    province_school = make_org("T-THPTC", "Trường THPT chuyên Thử Nghiệm", K.SCHOOL, tree.province)
    agency_ratio = IndicatorFactory(
        campaign=plan.campaign,
        code="A",
        order=4,
        name="Tỷ lệ học sinh được tuyên truyền pháp luật",
        comparator=Comparator.GTE,
        target_value=Decimal(80),
        applies_to=["agency"],
    )
    patrol = IndicatorFactory(
        campaign=plan.campaign,
        code="T",
        order=5,
        name="Tổ tuần tra đủ số buổi",
        kind="boolean",
        comparator=Comparator.EQ,
        target_value=Decimal(1),
        aggregation="all",
        applies_to=["security_team"],
    )
    created = services.expected_reports_generate(plan.campaign)
    assert created == 4 * 13 + 13
    return SimpleNamespace(
        school=school,
        other_school=other_school,
        far_school=far_school,
        province_school=province_school,
        ratio=agency_ratio,
        patrol=patrol,
        teacher=make_user("teacher", school, RoleCode.COMMUNE_OFFICER),
        other_teacher=make_user("other-teacher", other_school, RoleCode.COMMUNE_OFFICER),
        principal=make_user("principal", province_school, RoleCode.COMMUNE_OFFICER),
    )


# 1. Generation ----------------------------------------------------------------------------


def test_generation_creates_rows_for_agencies_and_teams_of_the_subtree(tree, plan):
    school = make_org("T-THPT1", "Trường THPT An Bình", K.SCHOOL, tree.commune)
    primary = make_org("T-TH1", "Trường Tiểu học An Bình", K.SCHOOL, tree.commune)
    enterprise = make_org("T-DN1", "Công ty TNHH Sông Lam", K.ENTERPRISE, tree.district)
    department = make_org("T-SGD", "Sở Giáo dục và Đào tạo", K.DEPARTMENT, tree.province)
    closing = make_org(
        "T-THCS2", "Trường THCS Hòa Lạc", K.SCHOOL, tree.other_commune, valid_to=date(2024, 12, 31)
    )
    opening = make_org(
        "T-THCS3", "Trường THCS Đông", K.SCHOOL, tree.other_village, valid_from=date(2025, 3, 15)
    )
    gone = make_org("T-THCS4", "Trường THCS cũ", K.SCHOOL, tree.commune, valid_to=date(2024, 1, 31))
    outside = make_org("T-THPT9", "Trường THPT Xa Xôi", K.SCHOOL, tree.other_province)
    IndicatorFactory(campaign=plan.campaign, code="A", applies_to=["agency"])
    IndicatorFactory(campaign=plan.campaign, code="T", applies_to=["security_team"])

    created = services.expected_reports_generate(plan.campaign)

    # school, primary, enterprise, department: 13 months each; closing: Aug–Dec 2024 (5);
    # opening: Mar–Aug 2025 (6); the security team: 13.
    assert created == 4 * 13 + 5 + 6 + 13
    rows = ExpectedReport.objects.filter(campaign=plan.campaign)
    assert rows.count() == 26 + created
    assert rows.filter(organisation__isnull=True).count() == 26
    per_org = {
        org.code: rows.filter(organisation=org).count()
        for org in (school, primary, enterprise, department, closing, opening, gone, outside)
    }
    assert per_org == {
        "T-THPT1": 13,
        "T-TH1": 13,
        "T-DN1": 13,
        "T-SGD": 13,
        "T-THCS2": 5,
        "T-THCS3": 6,
        "T-THCS4": 0,
        "T-THPT9": 0,
    }
    # Organisations of other kinds never report for themselves.
    for org in (tree.ubnd, tree.cat, tree.police, tree.other_police, tree.far_org):
        assert not rows.filter(organisation=org).exists()
    assert rows.filter(organisation=tree.team).count() == 13

    sept = org_expected(plan, school)
    assert (sept.level, sept.unit_id, sept.unit_path) == (
        "agency",
        tree.commune.pk,
        tree.commune.path,
    )
    assert (sept.province_id, sept.label) == (tree.province.pk, "Tháng 9/2024")
    assert (sept.due_date, sept.period_end) == (date(2024, 10, 5), date(2024, 9, 30))
    assert sept.reporter_name == "Trường THPT An Bình"
    assert str(sept) == "Trường THPT An Bình – Tháng 9/2024"
    dept = org_expected(plan, department)
    assert (dept.level, dept.unit_path) == ("agency", tree.province.path)
    assert org_expected(plan, enterprise).unit_path == tree.district.path
    team = org_expected(plan, tree.team)
    assert (team.level, team.unit_id, team.unit_path) == (
        "team",
        tree.village.pk,
        tree.village.path,
    )
    assert team.reporter_name == "Tổ bảo vệ ANTT tổ dân phố 1"
    assert set(rows.filter(level="agency").values_list("organisation__kind", flat=True)) == {
        K.SCHOOL,
        K.ENTERPRISE,
        K.DEPARTMENT,
    }
    closing_rows = rows.filter(organisation=closing).order_by("period_start")
    assert closing_rows.last().label == "Tháng 12/2024"
    opening_rows = rows.filter(organisation=opening).order_by("period_start")
    assert opening_rows.first().period_start == date(2025, 3, 1)
    assert opening_rows.first().unit_path == tree.other_village.path

    # Idempotent.
    assert services.expected_reports_generate(plan.campaign) == 0
    assert rows.count() == 26 + created


def test_a_unit_and_its_organisations_have_separate_rows_for_one_period(tree, plan):
    school = make_org("T-THPT1", "Trường THPT An Bình", K.SCHOOL, tree.commune)
    primary = make_org("T-TH1", "Trường Tiểu học An Bình", K.SCHOOL, tree.commune)
    IndicatorFactory(campaign=plan.campaign, code="A", applies_to=["agency"])
    services.expected_reports_generate(plan.campaign)
    same_period = ExpectedReport.objects.filter(
        campaign=plan.campaign, unit=tree.commune, frequency=Frequency.MONTHLY, period_start=SEPT
    )
    assert sorted(same_period.values_list("level", "organisation__code")) == [
        ("agency", "T-TH1"),
        ("agency", "T-THPT1"),
        ("commune", None),
    ]
    assert expected_for(plan, tree.commune) == same_period.get(organisation__isnull=True)

    def copy(row):  # type: ignore[no-untyped-def]
        row = ExpectedReport.objects.get(pk=row.pk)
        row.pk = None
        row._state.adding = True
        return row

    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        copy(org_expected(plan, school)).save()
    assert "expected_report_organisation_unique" in str(exc.value)
    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        copy(expected_for(plan, tree.commune)).save()
    assert "expected_report_unique" in str(exc.value)
    # Two organisations of one unit report side by side; the unit's own row stays one.
    assert same_period.filter(organisation=primary).count() == 1
    assert same_period.filter(organisation__isnull=True).count() == 1


# 2. Scope and filling over HTTP ----------------------------------------------------------


def test_school_user_fills_saves_and_submits_its_own_report(tree, plan, agencies, client_for):
    client = client_for(agencies.teacher)
    expected = org_expected(plan, agencies.school)
    url = edit_url(expected)
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Trường THPT An Bình" in body
    assert "Tỷ lệ học sinh được tuyên truyền pháp luật" in body
    # Only the agencies' indicator: not the commune's nor the team's.
    assert plan.ratio.name not in body and agencies.patrol.name not in body

    response = client.post(url, ratio_form(agencies.ratio))
    assert response.status_code == 302 and response["Location"] == url
    report = Report.objects.get(expected=expected)
    assert (report.status, report.version) == (ReportStatus.DRAFT, 1)
    with time_machine.travel(ON_TIME):
        response = client.post(url, ratio_form(agencies.ratio, version=1, action="submit"))
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:report_detail", args=[report.pk])
    report.refresh_from_db()
    assert (report.status, report.version) == (ReportStatus.SUBMITTED, 2)
    assert (report.submitted_by, report.on_time) == (agencies.teacher, True)
    assert (report.unit_id, report.unit_path) == (tree.commune.pk, tree.commune.path)
    assert report.reporter_name == "Trường THPT An Bình"
    value = IndicatorValue.objects.get(report=report)
    assert (value.indicator_id, value.numerator, value.denominator) == (agencies.ratio.pk, 45, 50)
    assert (value.level, value.unit_path, value.met) == ("agency", tree.commune.path, True)
    assert value.status == ReportStatus.SUBMITTED
    detail = client.get(reverse("reports:report_detail", args=[report.pk]))
    assert detail.status_code == 200
    assert "Trường THPT An Bình – Tháng 9/2024" in detail.content.decode()


def test_school_user_gets_404_on_every_other_row(
    tree, plan, agencies, commune_officer, admin_user, client_for
):
    commune_report = submit(plan, tree.commune, commune_officer)
    other_report = save(
        org_expected(plan, agencies.other_school),
        agencies.other_teacher,
        {agencies.ratio.pk: {"numerator": 1, "denominator": 2}},
    )
    client = client_for(agencies.teacher)
    others = [
        expected_for(plan, tree.commune),
        expected_for(plan, tree.commune, OCT),
        org_expected(plan, agencies.other_school),
        org_expected(plan, agencies.other_school, OCT),
        org_expected(plan, agencies.far_school),
        org_expected(plan, tree.team),
    ]
    for expected in others:
        assert client.get(edit_url(expected)).status_code == 404, expected
        response = client.post(edit_url(expected), ratio_form(agencies.ratio, action="submit"))
        assert response.status_code == 404, expected
    for report in (commune_report, other_report):
        response = client.get(reverse("reports:report_detail", args=[report.pk]))
        assert response.status_code == 404
        assert "Lê Lợi" not in response.content.decode()
    assert Report.objects.count() == 2
    assert Report.objects.get(pk=other_report.pk).version == 1
    # Evidence: another's file is a 404, its own downloads.
    own = save(
        org_expected(plan, agencies.school),
        agencies.teacher,
        {agencies.ratio.pk: {"numerator": 45, "denominator": 50}},
        submit=False,
    )
    files = {
        report: services.evidence._evidence_store(
            report, "bien-ban.pdf", b"%PDF-1.4 " + str(report.pk).encode(), "application/pdf", user
        )
        for report, user in (
            (commune_report, commune_officer),
            (other_report, agencies.other_teacher),
            (own, agencies.teacher),
        )
    }
    for report in (commune_report, other_report):
        url = reverse("reports:evidence_download", args=[files[report].pk])
        assert client.get(url).status_code == 404
        url = reverse("reports:evidence_remove", args=[files[report].pk])
        assert client.post(url).status_code == 404
    assert commune_report.evidence.count() == 1 and other_report.evidence.count() == 1
    response = client.get(reverse("reports:evidence_download", args=[files[own].pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 " + str(own.pk).encode()
    # The service refuses too (the unit's rows are not the school's to fill).
    assert can_fill_report(agencies.teacher, expected_for(plan, tree.commune, NOV)) is False
    with pytest.raises(PermissionDenied):
        services.report_save(
            expected_for(plan, tree.commune, NOV),
            user=agencies.teacher,
            version=0,
            narrative="",
            values=values(plan),
        )
    # Its own page lists its own rows only.
    body = client.get(reverse("reports:my_reports")).content.decode()
    assert edit_url(org_expected(plan, agencies.school)) in body
    assert edit_url(expected_for(plan, tree.commune, NOV)) not in body
    assert edit_url(org_expected(plan, agencies.other_school, NOV)) not in body
    assert edit_url(org_expected(plan, tree.team)) not in body
    assert "Trường THPT An Bình" in body


def test_commune_officer_lists_its_commune_and_team_rows_not_the_schools(
    tree, plan, agencies, commune_officer, client_for
):
    body = client_for(commune_officer).get(reverse("reports:my_reports")).content.decode()
    assert edit_url(expected_for(plan, tree.commune)) in body
    assert edit_url(org_expected(plan, tree.team)) in body
    assert "Tổ bảo vệ ANTT tổ dân phố 1" in body
    for school in (agencies.school, agencies.other_school):
        assert edit_url(org_expected(plan, school)) not in body
        assert school.name not in body
    overview = selectors.commune_overview(commune_officer, date(2026, 12, 3))
    due = overview["due"]
    assert len(due) == 2 * 13
    assert {(e.level, e.organisation_id) for e in due} == {
        ("commune", None),
        ("team", tree.team.pk),
    }


def test_commune_officer_cannot_fill_a_school_row(
    tree, plan, agencies, commune_officer, client_for
):
    client = client_for(commune_officer)
    expected = org_expected(plan, agencies.school)
    assert can_fill_report(commune_officer, expected) is False
    assert client.get(edit_url(expected)).status_code == 403
    response = client.post(edit_url(expected), ratio_form(agencies.ratio, action="submit"))
    assert response.status_code == 403
    assert not Report.objects.exists()
    with pytest.raises(PermissionDenied):
        save(expected, commune_officer, {agencies.ratio.pk: {"numerator": 1, "denominator": 2}})
    assert not Report.objects.exists()
    # Once the school has a draft, the officer is sent to read it, and cannot change it.
    report = save(
        expected,
        agencies.teacher,
        {agencies.ratio.pk: {"numerator": 45, "denominator": 50}},
        submit=False,
    )
    response = client.post(edit_url(expected), ratio_form(agencies.ratio, version=1, num="1"))
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:report_detail", args=[report.pk])
    report.refresh_from_db()
    assert (report.status, report.version) == (ReportStatus.DRAFT, 1)
    assert report.values.get().numerator == 45


def test_commune_police_submits_its_security_team_row(
    tree, plan, agencies, commune_officer, other_commune, client_for
):
    expected = org_expected(plan, tree.team)
    url = edit_url(expected)
    assert client_for(other_commune).get(url).status_code == 404
    client = client_for(commune_officer)
    response = client.get(url)
    assert response.status_code == 200
    assert "Tổ tuần tra đủ số buổi" in response.content.decode()
    data = {
        "version": "0",
        "narrative": "Tuần tra 8 buổi",
        f"{agencies.patrol.pk}-boolean": "1",
        f"{agencies.patrol.pk}-note": "",
        "action": "submit",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    report = Report.objects.get(expected=expected)
    assert (report.status, report.submitted_by) == (ReportStatus.SUBMITTED, commune_officer)
    value = report.values.get()
    assert (value.boolean, value.met, value.level) == (True, True, "team")
    assert value.unit_path == tree.village.path
    body = client.get(reverse("reports:my_reports")).content.decode()
    assert reverse("reports:report_detail", args=[report.pk]) in body
    # The team's own member fills it too, and sees nothing else.
    member = make_user("member", tree.team, RoleCode.COMMUNE_OFFICER)
    assert can_fill_report(member, org_expected(plan, tree.team, OCT)) is True
    assert can_fill_report(member, expected_for(plan, tree.commune)) is False
    assert client_for(member).get(edit_url(expected_for(plan, tree.commune))).status_code == 404
    # The other commune's police never fills it.
    assert can_fill_report(other_commune, org_expected(plan, tree.team, OCT)) is False


# 3. Review -------------------------------------------------------------------------------


def test_province_staff_review_schools_at_their_own_unit_and_below(
    tree, plan, agencies, province_staff, client_for
):
    school_report = save(
        org_expected(plan, agencies.school),
        agencies.teacher,
        {agencies.ratio.pk: {"numerator": 45, "denominator": 50}},
    )
    province_report = save(
        org_expected(plan, agencies.province_school),
        agencies.principal,
        {agencies.ratio.pk: {"numerator": 9, "denominator": 10}},
    )
    assert province_report.unit_path == tree.province.path == province_staff.scope_path
    queue = list(selectors.review_queue_qs_for(province_staff))
    assert queue == [school_report, province_report]
    client = client_for(province_staff)
    for report in (province_report, school_report):
        assert can_review_report(province_staff, report) is True
        response = client.post(
            reverse("reports:report_review", args=[report.pk]),
            {"target": "accepted", "version": report.version},
        )
        assert response.status_code == 302
        report.refresh_from_db()
        assert (report.status, report.reviewed_by) == (ReportStatus.ACCEPTED, province_staff)
        assert report.reviewer_unit_path == tree.province.path
        assert report.values.get().status == ReportStatus.ACCEPTED
    assert not selectors.review_queue_qs_for(province_staff).exists()
    # The level that accepted reopens; the school never does.
    assert services.allowed_transitions(province_staff, school_report) == ["reopened"]
    assert services.allowed_transitions(agencies.teacher, school_report) == []


def test_an_organisation_never_reviews_its_own_report(
    tree, plan, agencies, commune_officer, client_for
):
    report = save(
        org_expected(plan, agencies.school),
        agencies.teacher,
        {agencies.ratio.pk: {"numerator": 45, "denominator": 50}},
    )
    assert can_review_report(agencies.teacher, report) is False
    assert can_review_report(commune_officer, report) is False
    response = client_for(agencies.teacher).post(
        reverse("reports:report_review", args=[report.pk]),
        {"target": "accepted", "version": report.version},
    )
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    # A Sở's reviewer reviews the schools, never the Sở's own report.
    department = make_org("T-SGD", "Sở Giáo dục và Đào tạo", K.DEPARTMENT, tree.province)
    assert services.expected_reports_generate(plan.campaign) == 13
    reviewer = make_user("sgd-staff", department, RoleCode.PROVINCE_STAFF)
    own = save(
        org_expected(plan, department),
        reviewer,
        {agencies.ratio.pk: {"numerator": 7, "denominator": 7}},
    )
    assert can_review_report(reviewer, own) is False
    assert can_review_report(reviewer, report) is True
    assert own not in selectors.review_queue_qs_for(reviewer)
    assert report in selectors.review_queue_qs_for(reviewer)
    with pytest.raises(PermissionDenied):
        services.report_transition(own, ReportStatus.ACCEPTED, user=reviewer, version=own.version)
    # The police managing a team fill its reports and so never review them.
    team_report = save(
        org_expected(plan, tree.team), commune_officer, {agencies.patrol.pk: {"boolean": True}}
    )
    police_reviewer = make_user("ca-staff", tree.police, RoleCode.PROVINCE_STAFF)
    assert can_review_report(police_reviewer, team_report) is False
    assert team_report not in selectors.review_queue_qs_for(police_reviewer)
    admin = make_user("cat-staff", tree.cat, RoleCode.PROVINCE_STAFF)
    assert can_review_report(admin, team_report) is True


def test_child_first_ignores_organisation_rows(tree, plan, agencies, commune_officer, admin_user):
    # Neither the schools nor the team of An Bình (in its village) have reported.
    school_report = save(
        org_expected(plan, agencies.school),
        agencies.teacher,
        {agencies.ratio.pk: {"numerator": 45, "denominator": 50}},
    )
    assert services.children_not_accepted(school_report) == []
    report = submit(plan, tree.commune, commune_officer)
    assert services.children_not_accepted(report) == []
    accept(report, admin_user)
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    # A village's own row still holds the commune back.
    IndicatorFactory(campaign=plan.campaign, code="V", order=6, applies_to=["village"])
    assert services.expected_reports_generate(plan.campaign) == 2 * 13
    october = submit(plan, tree.commune, commune_officer, start=OCT)
    assert [e.unit_id for e in services.children_not_accepted(october)] == [tree.village.pk]
    with pytest.raises(ValidationError) as exc:
        accept(october, admin_user)
    assert exc.value.messages == [
        "Phải duyệt báo cáo của các đơn vị cấp dưới trước (còn 1 chưa duyệt: Tổ dân phố 1)."
    ]


# 4. Rollups ------------------------------------------------------------------------------


@pytest.fixture
def shared(tree, plan):  # type: ignore[no-untyped-def]
    """An indicator reported by the communes and by the agencies."""
    indicator = IndicatorFactory(
        campaign=plan.campaign,
        code="S",
        order=4,
        name="Tỷ lệ tin báo được xử lý",
        comparator=Comparator.GTE,
        target_value=Decimal(80),
        applies_to=["commune", "agency"],
    )
    school = make_org("T-THPT1", "Trường THPT An Bình", K.SCHOOL, tree.commune)
    far_school = make_org("T-THCS2", "Trường THCS Hòa Lạc", K.SCHOOL, tree.other_commune)
    services.expected_reports_generate(plan.campaign)
    return SimpleNamespace(indicator=indicator, school=school, far_school=far_school)


def test_rollup_sums_the_communes_and_the_agencies(tree, plan, shared, admin_user):
    ind = shared.indicator
    assert services.rollup_levels(ind) == {"commune", "agency"}
    commune_values = {**values(plan), ind.pk: {"numerator": 8, "denominator": 10}}
    accept(save(expected_for(plan, tree.commune), admin_user, commune_values), admin_user)
    school = save(
        org_expected(plan, shared.school),
        admin_user,
        {ind.pk: {"numerator": 45, "denominator": 50}},
    )
    accept(school, admin_user)
    # Submitted only: not in the default (accepted) figures.
    save(
        org_expected(plan, shared.far_school),
        admin_user,
        {ind.pk: {"numerator": 0, "denominator": 40}},
    )

    rollup = selectors.indicator_rollup(plan.campaign, tree.province, SEPT, SEPT)
    total = rollup.totals[ind.pk]
    assert (total.numerator, total.denominator, total.ratio) == (53, 60, Decimal("88.3"))
    assert (total.values, total.met, total.judged, total.met_target) == (2, 2, 2, True)
    district = rollup.by_child[ind.pk][tree.district.path]
    assert (district.numerator, district.denominator, district.ratio) == (53, 60, Decimal("88.3"))
    # The commune-only indicator keeps the commune's figure alone.
    r = rollup.totals[plan.ratio.pk]
    assert (r.numerator, r.denominator) == (8, 10)
    down = selectors.indicator_rollup(plan.campaign, tree.district, SEPT, SEPT)
    an_binh = down.by_child[ind.pk][tree.commune.path]
    assert (an_binh.numerator, an_binh.denominator) == (53, 60)
    assert tree.other_commune.path not in down.by_child[ind.pk]
    received = selectors.indicator_rollup(
        plan.campaign, tree.province, SEPT, SEPT, statuses=selectors.RECEIVED_STATUSES
    )
    total = received.totals[ind.pk]
    assert (total.numerator, total.denominator, total.ratio) == (53, 100, Decimal("53.0"))
    assert received.by_child[ind.pk][tree.district.path].denominator == 100
    trend = selectors.indicator_trend(plan.campaign, tree.province, [ind])
    assert trend[ind.pk][SEPT].ratio == Decimal("88.3")


def test_rollup_counts_an_agency_located_at_the_root_in_the_total_only(
    tree, plan, shared, admin_user
):
    ind = shared.indicator
    department = make_org("T-SGD", "Sở Giáo dục và Đào tạo", K.DEPARTMENT, tree.province)
    services.expected_reports_generate(plan.campaign)
    for expected, (num, den) in (
        (org_expected(plan, shared.school), (45, 50)),
        (org_expected(plan, department), (9, 10)),
    ):
        accept(
            save(expected, admin_user, {ind.pk: {"numerator": num, "denominator": den}}),
            admin_user,
        )
    rollup = selectors.indicator_rollup(plan.campaign, tree.province, SEPT, SEPT)
    total = rollup.totals[ind.pk]
    assert (total.numerator, total.denominator, total.ratio) == (54, 60, Decimal("90.0"))
    assert rollup.by_child[ind.pk][tree.district.path].denominator == 50


def test_rollup_levels_leave_out_the_upper_administrative_levels(tree, plan):
    """``rollup_levels`` keeps the deepest administrative level and the agencies."""
    ind = IndicatorFactory(
        campaign=plan.campaign, code="D", order=4, applies_to=["district", "commune", "agency"]
    )
    assert services.rollup_levels(ind) == {"commune", "agency"}
    assert services.indicator_levels(ind) == {"district", "commune", "agency"}


# 5. Completeness and missing reports -----------------------------------------------------


def test_completeness_has_agency_and_team_rows(tree, plan, agencies, commune_officer):
    with time_machine.travel(ON_TIME):
        save(
            org_expected(plan, agencies.school),
            agencies.teacher,
            {agencies.ratio.pk: {"numerator": 45, "denominator": 50}},
        )
        save(
            org_expected(plan, agencies.province_school),
            agencies.principal,
            {agencies.ratio.pk: {"numerator": 9, "denominator": 10}},
        )
        submit(plan, tree.commune, commune_officer)
    # Late: after 5/11/2024.
    save(
        org_expected(plan, agencies.school, OCT),
        agencies.teacher,
        {agencies.ratio.pk: {"numerator": 40, "denominator": 50}},
    )
    with translation.override("vi"):
        rows = selectors.completeness_by_level(plan.campaign, tree.province)
    got = [(r.key, r.label, r.expected, r.received, r.on_time) for r in rows]
    assert got == [
        ("commune", "Xã", 26, 1, 1),
        ("agency", "Cơ quan, doanh nghiệp, cơ sở giáo dục", 52, 3, 2),
        ("team", "Tổ bảo vệ an ninh, trật tự", 13, 0, 0),
    ]
    agency = rows[1]
    assert (agency.missing, agency.completeness, agency.timeliness) == (
        49,
        Decimal("5.8"),
        Decimal("3.8"),
    )
    with translation.override("vi"):
        sept = selectors.completeness_by_level(plan.campaign, tree.province, SEPT, SEPT)
    got = {r.key: (r.expected, r.received, r.on_time, r.completeness) for r in sept}
    assert got == {
        "commune": (2, 1, 1, Decimal("50.0")),
        "agency": (4, 2, 2, Decimal("50.0")),
        "team": (1, 0, 0, Decimal("0.0")),
    }
    # Under the district: the province's school is not there.
    with translation.override("vi"):
        below = selectors.completeness_by_level(plan.campaign, tree.district, SEPT, SEPT)
    assert {r.key: (r.expected, r.received) for r in below}["agency"] == (3, 1)


def test_missing_reports_search_matches_the_organisation_name(tree, plan, agencies):
    save(
        org_expected(plan, agencies.school),
        agencies.teacher,
        {agencies.ratio.pk: {"numerator": 45, "denominator": 50}},
    )
    nov = selectors.missing_reports(
        plan.campaign, tree.province, start=NOV, end=NOV, search="truong"
    )
    assert sorted(e.reporter_name for e in nov) == [
        "Trường THCS Hòa Lạc",
        "Trường THPT An Bình",
        "Trường THPT chuyên Thử Nghiệm",
        "Trường Tiểu học Lê Lợi",
    ]
    thpt = selectors.missing_reports(
        plan.campaign, tree.province, start=SEPT, end=SEPT, search="truong thpt"
    )
    assert [e.reporter_name for e in thpt] == ["Trường THPT chuyên Thử Nghiệm"]
    # The unit's name still matches: An Bình's own row and the school located there that
    # has not reported (the team sits in tổ dân phố 1, whose name is not An Bình).
    an_binh = selectors.missing_reports(
        plan.campaign, tree.province, start=SEPT, end=SEPT, search="an binh"
    )
    assert sorted(e.reporter_name for e in an_binh) == ["Phường An Bình", "Trường Tiểu học Lê Lợi"]
    agency = selectors.missing_reports(
        plan.campaign, tree.province, level="agency", start=SEPT, end=SEPT
    )
    assert agency.count() == 3


def test_missing_view_filters_on_the_agency_level(tree, plan, agencies, province_staff, client_for):
    client = client_for(province_staff)
    url = reverse("reports:missing")
    response = client.get(
        url, {"campaign": plan.campaign.pk, "period": SEPT.isoformat(), "level": "agency"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    for name in (
        "Trường THPT An Bình",
        "Trường Tiểu học Lê Lợi",
        "Trường THCS Hòa Lạc",
        "Trường THPT chuyên Thử Nghiệm",
    ):
        assert name in body
    assert "Tổ bảo vệ ANTT tổ dân phố 1" not in body
    team = client.get(
        url, {"campaign": plan.campaign.pk, "period": SEPT.isoformat(), "level": "team"}
    )
    assert team.status_code == 200
    assert "Tổ bảo vệ ANTT tổ dân phố 1" in team.content.decode()
    assert "Trường THPT An Bình" not in team.content.decode()
    bogus = client.get(url, {"campaign": plan.campaign.pk, "level": "bogus"})
    assert bogus.status_code == 404


# 6. Ranking ------------------------------------------------------------------------------


def test_ranking_view_ranks_the_agencies(tree, plan, agencies, province_staff, client_for):
    accept(
        save(
            org_expected(plan, agencies.school),
            agencies.teacher,
            {agencies.ratio.pk: {"numerator": 45, "denominator": 50}},
        ),
        province_staff,
    )
    accept(
        save(
            org_expected(plan, agencies.other_school),
            agencies.other_teacher,
            {agencies.ratio.pk: {"numerator": 10, "denominator": 50}},
        ),
        province_staff,
    )
    rows = selectors.unit_ranking(plan.campaign, tree.province, "agency", SEPT, SEPT)
    assert [(r.name, r.met, r.judged) for r in rows] == [
        ("Trường THPT An Bình", 1, 1),
        ("Trường Tiểu học Lê Lợi", 0, 1),
        ("Trường THCS Hòa Lạc", 0, 0),
        ("Trường THPT chuyên Thử Nghiệm", 0, 0),
    ]
    assert rows[0].unit_id == agencies.school.pk
    searched = selectors.unit_ranking(plan.campaign, tree.province, "agency", search="le loi")
    assert [r.name for r in searched] == ["Trường Tiểu học Lê Lợi"]

    client = client_for(province_staff)
    url = reverse("reports:ranking")
    response = client.get(url, {"campaign": plan.campaign.pk, "level": "agency"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Trường THPT An Bình" in body and "Trường THPT chuyên Thử Nghiệm" in body
    assert "Phường An Bình" not in body.split('id="ranking-rows"')[1]
    assert "Cơ quan, doanh nghiệp, cơ sở giáo dục" in body
    default = client.get(url, {"campaign": plan.campaign.pk})
    assert default.status_code == 200
    rows_html = default.content.decode().split('id="ranking-rows"')[1]
    assert "Phường An Bình" in rows_html and "Trường THPT An Bình" not in rows_html
    team = client.get(url, {"campaign": plan.campaign.pk, "level": "team"})
    assert team.status_code == 200
    assert "Tổ bảo vệ ANTT tổ dân phố 1" in team.content.decode()
    for level in ("bogus", "village", "district"):
        response = client.get(url, {"campaign": plan.campaign.pk, "level": level})
        assert response.status_code == 404, level


def test_ranking_level_must_be_one_the_campaign_has(tree, plan, province_staff, client_for):
    client = client_for(province_staff)
    url = reverse("reports:ranking")
    assert client.get(url, {"campaign": plan.campaign.pk, "level": "commune"}).status_code == 200
    for level in ("agency", "team"):
        assert client.get(url, {"campaign": plan.campaign.pk, "level": level}).status_code == 404


# Deadlines ---------------------------------------------------------------------------------


def report_deadline(expected):  # type: ignore[no-untyped-def]
    return Deadline.objects.get(kind=DeadlineKind.EXPECTED_REPORT, object_id=expected.pk)


def test_deadlines_go_to_the_school_and_to_the_teams_police(tree, plan, agencies, commune_officer):
    ReminderRule.objects.bulk_create(
        [ReminderRule(kind=k) for k in DeadlineKind.values], ignore_conflicts=True
    )
    deadlines_missing_task()
    school_row = org_expected(plan, agencies.school)
    team_row = org_expected(plan, tree.team)
    assert report_deadline(school_row).organisation == agencies.school
    assert report_deadline(team_row).organisation == tree.police
    assert report_deadline(expected_for(plan, tree.commune)).organisation == tree.police
    assert report_deadline(team_row).url == edit_url(team_row)
    assert report_deadline(team_row).active and report_deadline(school_row).active
    save(team_row, commune_officer, {agencies.patrol.pk: {"boolean": True}})
    save(
        school_row,
        agencies.teacher,
        {agencies.ratio.pk: {"numerator": 45, "denominator": 50}},
    )
    assert not report_deadline(team_row).active
    assert not report_deadline(school_row).active


def test_a_village_reminder_goes_to_someone_who_can_open_it(tree, plan, client_for):
    ReminderRule.objects.bulk_create(
        [ReminderRule(kind=k) for k in DeadlineKind.values], ignore_conflicts=True
    )
    IndicatorFactory(campaign=plan.campaign, code="V", order=4, applies_to=["village"])
    services.expected_reports_generate(plan.campaign)
    expected = expected_for(plan, tree.village)
    services.expected_report_deadline_sync(expected)
    deadline = report_deadline(expected)
    # The commune police above the village report for it (its team seldom has accounts).
    assert deadline.organisation == tree.police
    recipient = make_user("recipient", deadline.organisation, RoleCode.COMMUNE_OFFICER)
    assert client_for(recipient).get(deadline.url).status_code == 200
    # The village's own team may fill it too, and sees it among its reports.
    team_user = make_user("to-bao-ve", tree.team, RoleCode.COMMUNE_OFFICER)
    team_client = client_for(team_user)
    assert team_client.get(deadline.url).status_code == 200
    assert deadline.url in team_client.get(reverse("reports:my_reports")).content.decode()
    # Not the police of another commune.
    other = make_user("ca-hoa-lac", tree.other_police, RoleCode.COMMUNE_OFFICER)
    assert client_for(other).get(deadline.url).status_code == 404


def test_a_commune_officer_fills_the_village_rows_of_the_commune(
    tree, plan, commune_officer, client_for
):
    IndicatorFactory(campaign=plan.campaign, code="V", order=4, applies_to=["village"])
    services.expected_reports_generate(plan.campaign)
    expected = expected_for(plan, tree.village)
    assert can_fill_report(commune_officer, expected)
    assert not can_fill_report(commune_officer, expected_for(plan, tree.other_village))
    body = client_for(commune_officer).get(reverse("reports:my_reports")).content.decode()
    assert f"/reports/due/{expected.pk}/" in body


# 7. Validation ---------------------------------------------------------------------------


def test_an_organisation_row_is_validated_like_a_unit_row(tree, plan, agencies, client_for):
    client = client_for(agencies.teacher)
    expected = org_expected(plan, agencies.school)
    response = client.post(edit_url(expected), ratio_form(agencies.ratio, num="51", den="50"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Tử số không được lớn hơn mẫu số." in body
    assert 'value="51"' in body and 'value="50"' in body
    assert not Report.objects.exists()
    response = client.post(edit_url(expected), ratio_form(agencies.ratio, action="submit", num=""))
    body = response.content.decode()
    assert "Nhập cả tử số và mẫu số." in body
    assert not Report.objects.exists()
    with pytest.raises(ValidationError) as exc:
        save(expected, agencies.teacher, {agencies.ratio.pk: {"numerator": 51, "denominator": 50}})
    assert exc.value.message_dict == {
        f"{agencies.ratio.pk}-numerator": ["Tử số không được lớn hơn mẫu số."]
    }
    with pytest.raises(ValidationError) as exc:
        save(expected, agencies.teacher, {})
    assert exc.value.message_dict["__all__"] == [
        "Nhập giá trị cho mọi chỉ tiêu trước khi gửi (còn thiếu 1)."
    ]
