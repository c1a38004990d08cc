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
    assert "«Số lượng» không được âm." in response.content.decode()
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


# The user review of the entry form -----------------------------------------------------

NUM_LABEL = "Nguồn tin do Nhân dân cung cấp qua lực lượng tham gia bảo vệ ANTT ở cơ sở"
DEN_LABEL = "Tổng số nguồn tin do Nhân dân cung cấp cho Công an cấp xã"


def _labelled(plan, code="R2", order=4, **kw):  # type: ignore[no-untyped-def]
    from tests.factories import IndicatorFactory

    defaults = {
        "numerator_label": NUM_LABEL,
        "denominator_label": DEN_LABEL,
        "applies_to": ["commune"],
    }
    return IndicatorFactory(campaign=plan.campaign, code=code, order=order, **{**defaults, **kw})


def test_every_problem_comes_back_in_one_round_with_a_summary(
    tree, plan, commune_officer, client_for
):
    """1.5 in one field, 50/20 and −3/10 in ratios, −1 in a count and a yes/no left empty,
    submitted once: each error next to its field and counted, with a link, at the top."""
    second = _labelled(plan, "R2", 4, numerator_label="Vụ việc có mặt kịp thời")
    third = _labelled(plan, "R3", 5, numerator_label="Thành viên tham gia tuần tra")
    client = client_for(commune_officer)
    url = reverse("reports:report_edit", args=[expected_for(plan, tree.commune).pk])
    data = form_data(plan, action="submit", num="1.5", den="10", count="-1", yes="")
    data.update(
        {
            f"{second.pk}-numerator": "50",
            f"{second.pk}-denominator": "20",
            f"{third.pk}-numerator": "-3",
            f"{third.pk}-denominator": "10",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    body = response.content.decode()
    problems = {
        f"{plan.ratio.pk}-numerator": "Nhập số nguyên, không có dấu chấm hoặc dấu phẩy.",
        f"{second.pk}-numerator": "«Vụ việc có mặt kịp thời» không được lớn hơn "
        "«Tổng số nguồn tin do Nhân dân cung cấp…».",
        f"{third.pk}-numerator": "«Thành viên tham gia tuần tra» không được âm.",
        f"{plan.count.pk}-count": "«Số lượng» không được âm.",
        f"{plan.yes.pk}-boolean": "Nhập giá trị trước khi gửi.",
    }
    form = response.context["form"]
    assert {k: [str(m) for m in v] for k, v in form.errors.items() if k != "__all__"} == {
        k: [v] for k, v in problems.items()
    }
    assert "Có 5 lỗi cần sửa" in body
    for field, message in problems.items():
        # Next to the field (crispy's feedback) and in the summary, linked to the field.
        assert body.count(message) == 2, message
        assert f'href="#id_{field}"' in body
        assert f'id="id_{field}"' in body
    # The ratio whose numerator could not be read is not "missing" as well.
    assert "Nhập cả tử số và mẫu số." not in body
    # What was typed is still there.
    for typed in ("1.5", "-1", "50", "20", "-3"):
        assert f'value="{typed}"' in body
    assert "Tình hình ổn định" in body
    assert not Report.objects.exists()


def test_a_bad_file_is_reported_in_the_same_round_as_a_typing_error(
    tree, plan, commune_officer, client_for
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(commune_officer)
    url = reverse("reports:report_edit", args=[expected_for(plan, tree.commune).pk])
    fake = SimpleUploadedFile("bien-ban.pdf", b"not a pdf at all", content_type="application/pdf")
    response = client.post(url, {**form_data(plan, num="abc"), "evidence": fake})
    form = response.context["form"]
    assert set(form.errors) == {f"{plan.ratio.pk}-numerator", "evidence"}
    assert 'href="#id_evidence"' in response.content.decode()


def test_ratio_messages_name_the_fields_by_their_labels(tree, plan, commune_officer):
    labelled = _labelled(plan)
    expected = expected_for(plan, tree.commune)

    def errors(num, den, submit=False):  # type: ignore[no-untyped-def]
        with pytest.raises(ValidationError) as exc:
            services.report_save(
                expected,
                user=commune_officer,
                version=0,
                narrative="",
                values={**values(plan), labelled.pk: {"numerator": num, "denominator": den}},
                submit=submit,
            )
        return exc.value.message_dict

    num, den = f"{labelled.pk}-numerator", f"{labelled.pk}-denominator"
    short_num = "Nguồn tin do Nhân dân cung cấp qua lực…"
    short_den = "Tổng số nguồn tin do Nhân dân cung cấp…"
    assert errors(50, 20) == {num: [f"«{short_num}» không được lớn hơn «{short_den}»."]}
    assert errors(-3, 10) == {num: [f"«{short_num}» không được âm."]}
    assert errors(3, -10) == {den: [f"«{short_den}» không được âm."]}
    assert errors(3, None) == {den: [f"Chưa nhập «{short_den}»."]}
    assert errors(None, None, submit=True) == {
        num: [f"Nhập «{short_num}» và «{short_den}» trước khi gửi."],
        "__all__": ["Nhập giá trị cho mọi chỉ tiêu trước khi gửi (còn thiếu 1)."],
    }
    # No maths words when the plan names the parts.
    for messages in (errors(50, 20), errors(-3, 10), errors(3, None)):
        for message in [m for ms in messages.values() for m in ms]:
            assert "tử số" not in message.lower() and "mẫu số" not in message.lower()


def test_count_fields_are_labelled_with_their_unit(tree, plan):
    from campaigns.models import IndicatorKind
    from reports.forms import ReportForm
    from tests.factories import IndicatorFactory

    cases = {"cơ sở": "Số cơ sở", "vụ": "Số vụ", "trường hợp": "Số trường hợp"}
    cases |= {"việc tốt": "Số việc tốt", "mô hình": "Số mô hình", "": "Số lượng"}
    indicators = [
        IndicatorFactory(
            campaign=plan.campaign, code=f"K{i}", kind=IndicatorKind.COUNT, unit_label=unit
        )
        for i, unit in enumerate(cases)
    ]
    form = ReportForm(indicators=indicators)
    labels = [str(form.fields[f"{ind.pk}-count"].label) for ind in indicators]
    assert labels == list(cases.values())


def test_number_inputs_say_whole_and_not_negative(tree, plan, commune_officer, client_for):
    import re

    client = client_for(commune_officer)
    url = reverse("reports:report_edit", args=[expected_for(plan, tree.commune).pk])
    body = client.get(url).content.decode()
    for name in (f"{plan.ratio.pk}-numerator", f"{plan.ratio.pk}-denominator"):
        tag = re.search(rf'<input [^>]*name="{name}"[^>]*>', body).group(0)
        assert 'type="number"' in tag and 'min="0"' in tag and 'step="1"' in tag
    # The live rate (static/js/report_form.js) gets the target and the words it shows.
    assert 'data-comparator="gte" data-target="80.00"' in body
    assert 'data-met="Đạt" data-not-met="Chưa đạt"' in body
    assert "js/report_form.js" in body
    # The file picker has its own Vietnamese label beside the browser's input.
    assert "Chọn tệp…" in body and "Chưa chọn tệp nào" in body


def test_the_form_title_reads_as_a_sentence(tree, plan, commune_officer, client_for):
    """ "Báo cáo tháng 9/2024": the period's label keeps its capital only standing alone."""
    expected = expected_for(plan, tree.commune)
    body = client_for(commune_officer).get(reverse("reports:report_edit", args=[expected.pk]))
    html = body.content.decode()
    assert "Báo cáo tháng 9/2024" in html and "Báo cáo Tháng" not in html
    assert 'aria-current="page">Tháng 9/2024<' in html  # the breadcrumb: a label on its own
    assert 'aria-label="Đường dẫn"' in html
