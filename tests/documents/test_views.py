"""Downloads and batches through scoped views: outsiders get 404."""

import io
import zipfile
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import RoleCode
from campaigns.models import Recipient
from documents.models import BatchStatus, DocumentBatch
from tests.conftest import make_user
from tests.factories import CampaignFactory


@pytest.fixture
def commune_plan(tree):  # type: ignore[no-untyped-def]
    """A plan issued by the commune police: the other commune must not see it."""
    c = CampaignFactory(
        issuer=tree.police, start_date=date(2024, 9, 1), end_date=date(2024, 12, 31)
    )
    Recipient.objects.create(campaign=c, order=1, text="Các tổ bảo vệ an ninh, trật tự")
    Recipient.objects.create(campaign=c, order=2, text="Ban Chỉ huy Quân sự phường")
    return c


@pytest.fixture
def far_user(tree):  # type: ignore[no-untyped-def]
    return make_user("far", tree.far_org, RoleCode.PROVINCE_STAFF)


@pytest.mark.parametrize(("kind", "fmt"), [("plan", "pdf"), ("plan", "docx"), ("list", "pdf")])
def test_insider_downloads_campaign_documents(client_for, commune_officer, commune_plan, kind, fmt):
    url = reverse("documents:campaign_document", args=[commune_plan.pk, kind, fmt])
    response = client_for(commune_officer).get(url)
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF" if fmt == "pdf" else b"PK")
    assert "attachment" in response["Content-Disposition"]


@pytest.mark.parametrize(("kind", "fmt"), [("plan", "pdf"), ("plan", "docx"), ("list", "docx")])
def test_outsider_gets_404_on_downloads(client_for, other_commune, commune_plan, kind, fmt):
    url = reverse("documents:campaign_document", args=[commune_plan.pk, kind, fmt])
    assert client_for(other_commune).get(url).status_code == 404


def test_province_plan_is_404_for_another_province(client_for, far_user, plan):
    url = reverse("documents:campaign_document", args=[plan.pk, "plan", "pdf"])
    assert client_for(far_user).get(url).status_code == 404


def test_unknown_kind_or_format_is_404(client_for, commune_officer, commune_plan):
    c = client_for(commune_officer)
    for kind, fmt in [("letter", "pdf"), ("plan", "odt"), ("nope", "pdf")]:
        url = reverse("documents:campaign_document", args=[commune_plan.pk, kind, fmt])
        assert c.get(url).status_code == 404


def test_anonymous_is_sent_to_login(client, commune_plan):
    url = reverse("documents:campaign_document", args=[commune_plan.pk, "plan", "pdf"])
    assert client.get(url).status_code == 302


def test_campaign_page_has_the_print_menu(client_for, commune_officer, commune_plan):
    response = client_for(commune_officer).get(
        reverse("campaigns:campaign_detail", args=[commune_plan.pk])
    )
    html = response.content.decode()
    assert 'data-testid="print-menu"' in html
    assert reverse("documents:campaign_document", args=[commune_plan.pk, "plan", "pdf"]) in html
    assert reverse("documents:campaign_letters", args=[commune_plan.pk]) in html


def test_letter_batch_end_to_end(
    client_for, commune_officer, commune_plan, django_capture_on_commit_callbacks
):
    c = client_for(commune_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(
            reverse("documents:campaign_letters", args=[commune_plan.pk]),
            {"time": "2024-09-20T07:30", "venue": "Hội trường UBND phường"},
        )
    batch = DocumentBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("documents:batch_detail", args=[batch.pk])
    assert batch.status == BatchStatus.DONE and batch.done == batch.total == 2
    assert batch.options["time"] == "07 giờ 30 phút, ngày 20/9/2024"
    page = c.get(response["Location"]).content.decode()
    assert "100%" in page and 'data-testid="download-pdf"' in page
    assert 'hx-trigger="every 1s"' not in page  # finished: polling stops
    merged = b"".join(
        c.get(reverse("documents:batch_download", args=[batch.pk, "pdf"])).streaming_content
    )
    reader = PdfReader(io.BytesIO(merged))
    assert len(reader.pages) == 2
    assert "Hội trường UBND phường" in reader.pages[0].extract_text()
    archive = b"".join(
        c.get(reverse("documents:batch_download", args=[batch.pk, "zip"])).streaming_content
    )
    names = zipfile.ZipFile(io.BytesIO(archive)).namelist()
    assert len(names) == 2 and all(n.endswith(".pdf") for n in names)


def test_batch_page_polls_while_running(client_for, commune_officer, tree):
    batch = DocumentBatch.objects.create(
        kind="letter",
        title="Giấy mời",
        object_ids=[1, 2, 3, 4],
        unit=tree.commune,
        total=4,
        done=1,
        status=BatchStatus.RUNNING,
        created_by=commune_officer,
    )
    c = client_for(commune_officer)
    page = c.get(reverse("documents:batch_detail", args=[batch.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page and "25%" in page and "<html" in page
    partial = c.get(reverse("documents:batch_detail", args=[batch.pk]), HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode() and "25%" in partial.content.decode()
    assert c.get(reverse("documents:batch_download", args=[batch.pk, "pdf"])).status_code == 404


def test_outsider_gets_404_on_batches(client_for, commune_officer, other_commune, tree):
    batch = DocumentBatch.objects.create(
        kind="letter",
        title="Giấy mời",
        object_ids=[1],
        unit=tree.commune,
        total=1,
        created_by=commune_officer,
    )
    c = client_for(other_commune)
    assert c.get(reverse("documents:batch_detail", args=[batch.pk])).status_code == 404
    for what in ("zip", "pdf"):
        assert c.get(reverse("documents:batch_download", args=[batch.pk, what])).status_code == 404


def test_outsider_cannot_start_a_batch(client_for, other_commune, commune_plan):
    response = client_for(other_commune).post(
        reverse("documents:campaign_letters", args=[commune_plan.pk])
    )
    assert response.status_code == 404
    assert not DocumentBatch.objects.exists()


def test_batch_post_requires_csrf(commune_officer, commune_plan):
    c = Client(enforce_csrf_checks=True)
    c.force_login(commune_officer, backend="accounts.backends.ScopedModelBackend")
    response = c.post(reverse("documents:campaign_letters", args=[commune_plan.pk]))
    assert response.status_code == 403
    assert not DocumentBatch.objects.exists()


def test_get_does_not_start_a_batch(client_for, commune_officer, commune_plan):
    response = client_for(commune_officer).get(
        reverse("documents:campaign_letters", args=[commune_plan.pk])
    )
    assert response.status_code == 405


def test_batch_without_recipients_shows_a_vietnamese_message(
    client_for, commune_officer, commune_plan
):
    commune_plan.recipients.all().delete()
    response = client_for(commune_officer).post(
        reverse("documents:campaign_letters", args=[commune_plan.pk]), follow=True
    )
    assert "Không có văn bản nào để in." in response.content.decode()
    assert not DocumentBatch.objects.exists()
