"""Data entry: each validation rule with its Vietnamese message, values kept, draft, submit."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from reports import services
from reports.models import IndicatorValue, Report, ReportStatus

from .helpers import expected_for, form_data, values


@pytest.mark.parametrize(
    ("num", "den", "message"),
    [
        ("-1", "10", "Tử số không được âm."),
        ("1", "-10", "Mẫu số không được âm."),
        ("11", "10", "Tử số không được lớn hơn mẫu số."),
        ("5", "", "Nhập cả tử số và mẫu số."),
    ],
)
def test_ratio_rules_show_vietnamese_message_and_keep_input(
    tree, plan, commune_officer, client_for, num, den, message
):
    client = client_for(commune_officer)
    url = reverse("reports:report_edit", args=[expected_for(plan, tree.commune).pk])
    response = client.post(url, form_data(plan, num=num, den=den, count="3", yes="0"))
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    # What was typed is still there.
    assert f'value="{num}"' in body
    assert 'value="3"' in body
    assert "Tình hình ổn định" in body
    assert not Report.objects.exists()


def test_count_cannot_be_negative(tree, plan, commune_officer, client_for):
    client = client_for(commune_officer)
    url = reverse("reports:report_edit", args=[expected_for(plan, tree.commune).pk])
    response = client.post(url, form_data(plan, count="-2"))
    assert "Số lượng không được âm." in response.content.decode()
    assert not Report.objects.exists()


def test_not_a_number_is_refused_with_django_message(tree, plan, commune_officer, client_for):
    client = client_for(commune_officer)
    url = reverse("reports:report_edit", args=[expected_for(plan, tree.commune).pk])
    response = client.post(url, form_data(plan, num="abc"))
    assert "Nhập số nguyên, không có dấu chấm hoặc dấu phẩy." in response.content.decode()


def test_submit_needs_every_value(tree, plan, commune_officer, client_for):
    client = client_for(commune_officer)
    url = reverse("reports:report_edit", args=[expected_for(plan, tree.commune).pk])
    response = client.post(url, form_data(plan, action="submit", count="", yes=""))
    body = response.content.decode()
    assert "Nhập giá trị cho mọi chỉ tiêu trước khi gửi (còn thiếu 2)." in body
    assert "Nhập giá trị trước khi gửi." in body
    assert not Report.objects.exists()


def test_save_draft_then_submit(tree, plan, commune_officer, client_for):
    client = client_for(commune_officer)
    expected = expected_for(plan, tree.commune)
    url = reverse("reports:report_edit", args=[expected.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, form_data(plan, count="", yes=""))
    assert response.status_code == 302
    report = Report.objects.get(expected=expected)
    assert (report.status, report.version) == (ReportStatus.DRAFT, 1)
    assert report.values.get(indicator=plan.ratio).display == "8/10"
    with time_machine.travel(date(2024, 10, 5)):
        response = client.post(url, form_data(plan, version=1, action="submit"))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.version == 2
    assert report.on_time is True
    assert report.submitted_by == commune_officer
    met = dict(IndicatorValue.objects.values_list("indicator__code", "met"))
    assert met == {"R": True, "C": True, "B": True}


def test_late_submission_is_flagged_once(tree, plan, commune_officer, province_staff):
    expected = expected_for(plan, tree.commune)
    with time_machine.travel(date(2024, 10, 6)):
        report = services.report_save(
            expected,
            user=commune_officer,
            version=0,
            narrative="",
            values=values(plan),
            submit=True,
        )
    assert report.on_time is False
    services.report_transition(
        report, ReportStatus.RETURNED, user=province_staff, version=report.version, reason="Sai"
    )
    report.refresh_from_db()
    with time_machine.travel(date(2024, 10, 7)):
        report = services.report_save(
            expected,
            user=commune_officer,
            version=report.version,
            narrative="",
            values=values(plan),
            submit=True,
        )
    assert report.on_time is False
    assert report.first_submitted_at.date() == date(2024, 10, 6)


def test_province_staff_cannot_fill_a_commune_report(tree, plan, province_staff):
    with pytest.raises(PermissionDenied):
        services.report_save(
            expected_for(plan, tree.commune),
            user=province_staff,
            version=0,
            narrative="",
            values=values(plan),
        )


def test_service_errors_are_keyed_by_field(tree, plan, commune_officer):
    with pytest.raises(ValidationError) as exc:
        services.report_save(
            expected_for(plan, tree.commune),
            user=commune_officer,
            version=0,
            narrative="",
            values=values(plan, num=12, den=10),
        )
    assert exc.value.message_dict == {
        f"{plan.ratio.pk}-numerator": ["Tử số không được lớn hơn mẫu số."]
    }
