"""Review: accept locks, return and reopen need a reason, child first, roles and levels."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import RoleCode
from campaigns.models import Frequency
from reports import services
from reports.models import ExpectedReport, ReportStatus
from tests.conftest import make_user

from .helpers import SEPT, expected_for, form_data, submit, values


def test_accept_locks_the_report(tree, plan, commune_officer, province_staff, client_for):
    report = submit(plan, tree.commune, commune_officer)
    services.report_transition(
        report, ReportStatus.ACCEPTED, user=province_staff, version=report.version
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    assert report.reviewed_by == province_staff
    with pytest.raises(ValidationError) as exc:
        services.report_save(
            report.expected,
            user=commune_officer,
            version=report.version,
            narrative="x",
            values=values(plan, num=1),
        )
    assert exc.value.messages == ["Báo cáo đã được duyệt và bị khóa. Cấp trên có thể mở lại."]
    # The form is no longer offered: the edit URL shows the locked report.
    client = client_for(commune_officer)
    url = reverse("reports:report_edit", args=[report.expected_id])
    assert client.get(url).status_code == 302
    client.post(url, form_data(plan, version=report.version, num="1"))
    assert report.values.get(indicator=plan.ratio).numerator == 8


def test_submitted_report_cannot_be_edited(tree, plan, commune_officer):
    report = submit(plan, tree.commune, commune_officer)
    with pytest.raises(ValidationError) as exc:
        services.report_save(
            report.expected,
            user=commune_officer,
            version=report.version,
            narrative="",
            values=values(plan),
        )
    assert "đang chờ duyệt" in exc.value.messages[0]


def test_return_needs_a_reason_and_the_form_keeps_it(
    tree, plan, commune_officer, province_staff, client_for
):
    report = submit(plan, tree.commune, commune_officer)
    client = client_for(province_staff)
    url = reverse("reports:report_review", args=[report.pk])
    response = client.post(url, {"target": "returned", "version": report.version, "reason": " "})
    assert response.status_code == 400
    assert "Nêu lý do trả lại." in response.content.decode()
    response = client.post(
        url, {"target": "returned", "version": report.version, "reason": "Số liệu chưa khớp"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.return_reason) == (ReportStatus.RETURNED, "Số liệu chưa khớp")
    body = client_for(commune_officer).get(reverse("reports:my_reports")).content.decode()
    assert "Số liệu chưa khớp" in body
    # The unit fixes and resubmits.
    report = services.report_save(
        report.expected,
        user=commune_officer,
        version=report.version,
        narrative="",
        values=values(plan, num=9),
        submit=True,
    )
    assert report.status == ReportStatus.SUBMITTED


def test_reopen_by_a_higher_level_with_a_reason(tree, plan, commune_officer, province_staff):
    report = submit(plan, tree.commune, commune_officer)
    report = services.report_transition(
        report, ReportStatus.ACCEPTED, user=province_staff, version=report.version
    )
    with pytest.raises(ValidationError) as exc:
        services.report_transition(
            report, ReportStatus.REOPENED, user=province_staff, version=report.version
        )
    assert exc.value.message_dict == {"reason": ["Nêu lý do mở lại."]}
    # The commune cannot reopen its own accepted report.
    with pytest.raises(PermissionDenied):
        services.report_transition(
            report,
            ReportStatus.REOPENED,
            user=commune_officer,
            version=report.version,
            reason="x",
        )
    report = services.report_transition(
        report,
        ReportStatus.REOPENED,
        user=province_staff,
        version=report.version,
        reason="Bổ sung số liệu",
    )
    assert report.status == ReportStatus.REOPENED and report.reopen_reason == "Bổ sung số liệu"
    report = services.report_save(
        report.expected,
        user=commune_officer,
        version=report.version,
        narrative="",
        values=values(plan, num=10),
        submit=True,
    )
    assert report.status == ReportStatus.SUBMITTED


def test_a_lower_reviewer_cannot_reopen_what_a_higher_level_accepted(
    tree, plan, commune_officer, province_staff
):
    from orgunits.models import Organisation, OrganisationKind

    district_police = Organisation.objects.create(
        code="T-CAH",
        name="Công an huyện Sông Lam",
        kind=OrganisationKind.DISTRICT_POLICE,
        unit=tree.district,
    )
    district_staff = make_user("district", district_police, RoleCode.PROVINCE_STAFF)
    report = submit(plan, tree.commune, commune_officer)
    report = services.report_transition(
        report, ReportStatus.ACCEPTED, user=province_staff, version=report.version
    )
    with pytest.raises(PermissionDenied):
        services.report_transition(
            report,
            ReportStatus.REOPENED,
            user=district_staff,
            version=report.version,
            reason="x",
        )


def test_commune_cannot_review_its_own_report(tree, plan, commune_officer):
    report = submit(plan, tree.commune, commune_officer)
    assert services.allowed_transitions(commune_officer, report) == []
    with pytest.raises(PermissionDenied):
        services.report_transition(
            report, ReportStatus.ACCEPTED, user=commune_officer, version=report.version
        )


def test_child_first_approval(tree, plan, commune_officer, other_commune, province_staff):
    from orgunits.models import Organisation, OrganisationKind

    # The district reports too (its own figures), and is accepted only after its communes.
    plan.ratio.applies_to = ["commune", "district"]
    plan.ratio.save()
    services.expected_reports_generate(plan.campaign)
    district_expected = ExpectedReport.objects.get(
        campaign=plan.campaign,
        unit=tree.district,
        frequency=Frequency.MONTHLY,
        period_start=SEPT,
    )
    district_police = Organisation.objects.create(
        code="T-CAH",
        name="Công an huyện Sông Lam",
        kind=OrganisationKind.DISTRICT_POLICE,
        unit=tree.district,
    )
    district_officer = make_user("district", district_police, RoleCode.COMMUNE_OFFICER)
    district_report = services.report_save(
        district_expected,
        user=district_officer,
        version=0,
        narrative="",
        values={plan.ratio.pk: {"numerator": 30, "denominator": 40}},
        submit=True,
    )
    mine = submit(plan, tree.commune, commune_officer)
    services.report_transition(
        mine, ReportStatus.ACCEPTED, user=province_staff, version=mine.version
    )
    with pytest.raises(ValidationError) as exc:
        services.report_transition(
            district_report,
            ReportStatus.ACCEPTED,
            user=province_staff,
            version=district_report.version,
        )
    assert exc.value.messages == [
        "Phải duyệt báo cáo của các đơn vị cấp dưới trước (còn 1 chưa duyệt: Xã Hòa Lạc)."
    ]
    theirs = submit(plan, tree.other_commune, other_commune)
    services.report_transition(
        theirs, ReportStatus.ACCEPTED, user=province_staff, version=theirs.version
    )
    district_report = services.report_transition(
        district_report,
        ReportStatus.ACCEPTED,
        user=province_staff,
        version=district_report.version,
    )
    assert district_report.status == ReportStatus.ACCEPTED
    assert expected_for(plan, tree.commune).report.status == ReportStatus.ACCEPTED


def test_history_records_every_step(tree, plan, commune_officer, province_staff):
    report = submit(plan, tree.commune, commune_officer)
    services.report_transition(
        report, ReportStatus.RETURNED, user=province_staff, version=report.version, reason="x"
    )
    statuses = list(report.history.order_by("history_date").values_list("status", flat=True))
    assert statuses == ["submitted", "returned"]


# The report's detail and review page ---------------------------------------------------


def test_detail_shows_the_rate_and_met_in_words_for_the_unit_and_the_reviewer(
    tree, plan, commune_officer, province_staff, client_for
):
    report = submit(plan, tree.commune, commune_officer, num=17, den=23)
    for user in (commune_officer, province_staff):
        response = client_for(user).get(reverse("reports:report_detail", args=[report.pk]))
        body = response.content.decode()
        # 17/23 = 73.9 % against ≥ 80 %, in the table (md and up) and in the phone cards.
        assert body.count("<strong>73,9&nbsp;%</strong>") == 2
        assert body.count("(17/23)") == 2
        assert "Chưa đạt" in body and "Đạt" in body
        assert 'data-testid="values-cards"' in body and 'class="d-none d-md-block"' in body
        # No value has a note: no empty note column.
        assert "<th>Ghi chú</th>" not in body
    assert 'data-testid="review-form"' in body  # the reviewer reviews on the same page


def test_detail_keeps_the_note_column_when_a_value_has_a_note(
    tree, plan, commune_officer, client_for
):
    report = submit(plan, tree.commune, commune_officer)
    report.values.filter(indicator=plan.count).update(note="Mô hình Camera an ninh")
    body = client_for(commune_officer).get(reverse("reports:report_detail", args=[report.pk]))
    body = body.content.decode()
    assert "<th>Ghi chú</th>" in body
    assert body.count("Mô hình Camera an ninh") == 2


def test_history_says_version_like_the_header(
    tree, plan, commune_officer, province_staff, client_for
):
    report = submit(plan, tree.commune, commune_officer)
    report = services.report_transition(
        report, ReportStatus.RETURNED, user=province_staff, version=report.version, reason="x"
    )
    body = client_for(commune_officer).get(reverse("reports:report_detail", args=[report.pk]))
    body = body.content.decode()
    history = body[body.index("<details") :]
    assert "· phiên bản 2" in body[: body.index("<details")]
    assert "Bị trả lại · phiên bản 2" in history and "Đã gửi · phiên bản 1" in history
    assert " · v1" not in history and " · v2" not in history


def test_outsiders_get_404_on_the_detail_page(
    tree, plan, commune_officer, other_commune, client_for
):
    report = submit(plan, tree.commune, commune_officer)
    response = client_for(other_commune).get(reverse("reports:report_detail", args=[report.pk]))
    assert response.status_code == 404
