"""Báo cáo thành tích drafted from the portal's data: PDF and DOCX from one block list."""

import io

import docx
import pytest
from django.urls import reverse
from pypdf import PdfReader

from awards import services
from awards.models import AwardRecord
from reports.models import Assessment
from tests.reports.conftest import plan  # noqa: F401  (fixture)
from tests.reports.helpers import submit

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())  # lines wrap anywhere in a PDF


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture
def batch(tree, award, plan, commune_officer, admin_user):  # type: ignore[no-untyped-def]  # noqa: F811
    submit(plan, tree.commune, admin_user, num=9, den=10, count=2, yes=True)
    Assessment.objects.create(
        campaign=plan.campaign,
        unit=tree.commune,
        unit_path=tree.commune.path,
        level="commune",
        province=tree.province,
        year=2024,
        classification="kha",
        safe_recognised=True,
    )
    batch = services.batch_create(
        campaign=plan.campaign, form=award.form, proposer=tree.police, user=commune_officer
    )
    services.nomination_add(batch, user=commune_officer, organisation=tree.police)
    services.nomination_add(
        batch,
        user=commune_officer,
        person=tree.person,
        achievement="Phát hiện, cung cấp 12 nguồn tin có giá trị.\n- Tham gia bắt 2 đối tượng",
    )
    AwardRecord.objects.create(
        form=award.form, year=2022, person=tree.person, reference="Quyết định 99/QĐ-UBND"
    )
    return batch


def test_collective_report_from_reports_and_assessment(batch, commune_officer, client_for):
    collective = batch.nominations.get(kind="collective")
    client = client_for(commune_officer)
    response = client.get(reverse("awards:nomination_report", args=[collective.pk, "pdf"]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "BÁO CÁO" in text and "Thành tích đề nghị tặng Bằng khen" in text
    assert "Tỷ lệ nguồn tin do Nhân dân cung cấp" in text and "90%" in text
    assert "Mô hình hiệu quả" in text
    assert "xếp loại Khá" in text
    assert "An toàn về an ninh, trật tự" in text
    docx_response = client.get(reverse("awards:nomination_report", args=[collective.pk, "docx"]))
    assert docx_response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument")
    text = docx_text(docx_response.content)
    assert "Tỷ lệ nguồn tin do Nhân dân cung cấp" in text and "xếp loại" in text


def test_individual_report_from_summary_and_position(batch, commune_officer, client_for):
    individual = batch.nominations.get(kind="individual")
    client = client_for(commune_officer)
    data = client.get(reverse("awards:nomination_report", args=[individual.pk, "docx"]))
    text = docx_text(data.content)
    assert "Họ và tên: Nguyễn Văn An" in text and "năm sinh: 1980" in text
    assert "Phát hiện, cung cấp 12 nguồn tin có giá trị." in text
    assert "Quyết định 99/QĐ-UBND" in text
    assert "NGƯỜI BÁO CÁO" in text


def test_checklist_offers_the_draft_and_outsider_gets_404(
    batch, commune_officer, other_commune, client_for
):
    individual = batch.nominations.get(kind="individual")
    url = reverse("awards:nomination_report", args=[individual.pk, "pdf"])
    page = client_for(commune_officer).get(reverse("awards:batch_detail", args=[batch.pk]))
    body = page.content.decode()
    assert "Tạo bản dự thảo" in body and url in body
    outsider = client_for(other_commune)
    assert outsider.get(url).status_code == 404
    bad = reverse("awards:nomination_report", args=[individual.pk, "exe"])
    assert client_for(commune_officer).get(bad).status_code == 404
