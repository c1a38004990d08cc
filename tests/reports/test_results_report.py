"""The BÁO CÁO kết quả drafted from the dashboard: the same figures in the Decree 30
layout, as a PDF to read and a Word file to finish; only for those who see the dashboard.

The ``plan`` (tests/reports/conftest.py): phường An Bình reports September 2024 (8/10,
one model, yes) and it is accepted; xã Hòa Lạc sends nothing.
"""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from accounts.models import RoleCode
from reports.document_kinds import _num, result_text
from reports.selectors import Cell
from tests.conftest import make_user
from tests.documents.helpers import docx_paragraphs, norm, pdf_body_text

from .helpers import SEPT, accept, submit

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("reports:dashboard")


@pytest.fixture
def september(tree, plan, commune_officer, province_staff):  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime(2024, 10, 3, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))):
        accept(submit(plan, tree.commune, commune_officer), province_staff)  # on time
    return {"campaign": plan.campaign.pk, "period": SEPT.isoformat()}


def test_the_pdf_carries_the_dashboards_figures_in_the_state_layout(
    tree, plan, september, province_staff, client_for
):
    response = client_for(province_staff).get(DASHBOARD, {**september, "export": "report-pdf"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="bao-cao-ket-qua-')
    assert response.content.startswith(b"%PDF")
    text = norm(pdf_body_text(response.content))
    reference = plan.campaign.reference
    for expected in (
        "CÔNG AN TỈNH THỬ",  # the header's two columns interleave when extracted
        "/BC-CAT",
        "BÁO CÁO",
        f"Kết quả thực hiện Kế hoạch số {reference}",
        "(Tháng 9/2024)",
        "I. TÌNH HÌNH BÁO CÁO CỦA CÁC ĐƠN VỊ",
        # Two communes owe September: one received, on time.
        "- Xã: phải nộp 2 báo cáo, đã nhận 1 (50,0%), đúng hạn 1 (50,0%); còn thiếu 1.",
        "Chưa gửi báo cáo: Xã Hòa Lạc (Tháng 9/2024).",
        "II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU",
        "80,0% (8/10)",
        "Đạt 3/3 chỉ tiêu có số liệu.",
        "III. CÁC ĐƠN VỊ DẪN ĐẦU",
        "1. Phường An Bình: 100,0% lượt đạt chỉ tiêu (3/3).",
        "IV. NHẬN XÉT, ĐÁNH GIÁ VÀ ĐỀ XUẤT",
        "THỦ TRƯỞNG ĐƠN VỊ",
        "Nơi nhận:",
    ):
        assert expected in text, expected
    assert "./." in text


def test_the_word_file_holds_the_same_text(september, province_staff, client_for):
    client = client_for(province_staff)
    response = client.get(DASHBOARD, {**september, "export": "report-docx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    paragraphs = [norm(p) for p in docx_paragraphs(response.content)]
    assert "BÁO CÁO" in paragraphs
    assert "Chưa gửi báo cáo: Xã Hòa Lạc (Tháng 9/2024)." in " ".join(paragraphs)
    assert "80,0% (8/10)" in paragraphs
    assert any(p.endswith("./.") for p in paragraphs)


def test_only_those_who_see_the_dashboard_print_it(
    tree, plan, september, commune_officer, client_for
):
    params = {**september, "export": "report-pdf"}
    assert client_for(commune_officer).get(DASHBOARD, params).status_code == 403
    far = make_user("far-staff", tree.far_org, RoleCode.PROVINCE_STAFF)
    assert client_for(far).get(DASHBOARD, params).status_code == 404


def test_numbers_are_written_as_vietnamese_documents_write_them(plan):
    assert _num(Decimal("85.8")) == "85,8" and _num(1106) == "1.106"
    cell = Cell(plan.ratio, numerator=1106, denominator=1289, values=3)
    assert result_text(cell) == "85,8% (1.106/1.289)"
    assert result_text(Cell(plan.count, count=14, values=2)).startswith("14")
    assert result_text(Cell(plan.ratio)) == "Chưa có số liệu"
