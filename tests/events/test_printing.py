"""Printed event documents: the invitation letter with its QR code and RSVP link, the
event plan with the event's data and its banner page, and the batch of letters started
from the event page (Celery, progress, downloads; scoped, POST + CSRF)."""

import io
import zipfile
from datetime import date

import pdfplumber
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import RoleCode
from documents.blocks import Banner, Bullet, Heading, Image, Paragraph, block_text
from documents.models import BatchStatus, DocumentBatch
from documents.registry import get_kind
from documents.render import render_docx, render_pdf
from events import services
from events.document_kinds import checkin_url, rsvp_url
from events.models import EventTask, InviteeGroup, ProtocolRank
from events.qr import qr_png
from tests.conftest import make_user

from ..documents.helpers import docx_paragraphs, norm, pdf_body_text


def _text(doc) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(line for b in doc.blocks for line in block_text(b))


# --- the invitation letter ------------------------------------------------------------


def test_invitation_carries_its_checkin_qr_code_and_rsvp_link(invitation, settings):
    settings.SITE_URL = "https://thidua.example.vn"
    kind = get_kind("event-invitation")
    doc = kind.build(invitation)
    image = next(b for b in doc.blocks if isinstance(b, Image))
    link = f"https://thidua.example.vn/events/rsvp/{invitation.rsvp_token}/"
    assert rsvp_url(invitation) == link
    checkin = checkin_url(invitation)
    assert checkin.endswith(f"/checkin/?t={invitation.checkin_token}")
    assert image.data == qr_png(checkin)  # the QR code holds this invitation's check-in URL
    text = _text(doc)
    assert link in text and invitation.checkin_token in text
    assert "trân trọng kính mời" in text and "Tới dự" in text
    assert "Thời gian" in text and "07 giờ 30 phút, thứ Sáu, ngày 27/9/2030" in text
    assert "Địa điểm" in text and "Hội trường Công an phường" in text

    pdf = render_pdf(kind, doc)
    with pdfplumber.open(io.BytesIO(pdf)) as reader:
        assert len(reader.pages) == 1
        assert len(reader.pages[0].images) == 1
    flat = norm(pdf_body_text(pdf)).replace(" ", "")
    assert link in flat and invitation.checkin_token in flat
    docx = render_docx(kind, doc)
    assert any(link in p for p in docx_paragraphs(docx))


def test_each_invitee_gets_their_own_code(invitation, invitation2):
    kind = get_kind("event-invitation")
    one, two = (
        next(b for b in kind.build(i).blocks if isinstance(b, Image))
        for i in (invitation, invitation2)
    )
    assert one.key != two.key


# --- the event plan -------------------------------------------------------------------


def test_event_plan_without_a_plan_prints_the_events_own_sections(commune_event, group):
    commune_event.banner_top = "CÔNG AN PHƯỜNG AN BÌNH"
    commune_event.banner_middle = "LỄ PHÁT ĐỘNG\nPHONG TRÀO THI ĐUA NĂM 2030"
    commune_event.banner_bottom = "An Bình, ngày 27 tháng 9 năm 2030"
    commune_event.press_invited = True
    commune_event.dress_code = "Đại biểu mặc trang phục lịch sự"
    commune_event.save()
    EventTask.objects.create(
        event=commune_event,
        order=1,
        assignee=commune_event.organiser,
        text="Chuẩn bị hội trường, khánh tiết.",
        deadline=date(2030, 9, 20),
    )
    EventTask.objects.create(
        event=commune_event, order=2, assignee_text="Các đơn vị", text="Cử đại biểu dự."
    )
    kind = get_kind("event-plan")
    event = kind.prepare(type(commune_event).objects.filter(pk=commune_event.pk)).get()
    doc = kind.build(event)
    assert doc.type_name == "KẾ HOẠCH" and doc.summary.startswith("Tổ chức Lễ phát động")
    headings = [b.runs[0].text for b in doc.blocks if isinstance(b, Heading)]
    assert headings == [
        "I. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN",
        "II. CHƯƠNG TRÌNH",
        "III. PHÂN CÔNG NHIỆM VỤ",
    ]
    text = _text(doc)
    assert "Dự kiến 50 người." in text
    assert "Trưởng Công an các xã, phường, thị trấn (do Công an tỉnh triệu tập)." in text
    assert "tuyên truyền Lễ phát động." in text
    assert "Chào cờ, tuyên bố lý do, giới thiệu đại biểu" in text
    organiser = commune_event.organiser.name
    assert f"Giao {organiser} chuẩn bị hội trường, khánh tiết." in text
    assert "Các đơn vị cử đại biểu dự." in text
    assert "Đại biểu mặc trang phục lịch sự." in text
    banner = doc.blocks[-1]
    assert isinstance(banner, Banner) and banner.new_page
    assert banner.lines == ["LỄ PHÁT ĐỘNG", "PHONG TRÀO THI ĐUA NĂM 2030"]
    # The body ends with "./." before the signature and the banner page.
    last_text = [b for b in doc.blocks if isinstance(b, Paragraph | Bullet)][-1]
    assert last_text.runs[-1].text.endswith("./.")
    with pdfplumber.open(io.BytesIO(render_pdf(kind, doc))) as reader:
        last = reader.pages[-1].extract_text()
    assert "PHONG TRÀO THI ĐUA NĂM 2030" in last and "Dự kiến" not in last


def test_event_plan_follows_the_data(commune_event, group):
    """Change the venue and a group: the printed plan changes with them."""
    kind = get_kind("event-plan")
    commune_event.venue = "Nhà văn hóa phường An Bình"
    commune_event.save()
    InviteeGroup.objects.create(
        event=commune_event,
        description="Đại diện Thường trực Đảng ủy phường",
        protocol_rank=ProtocolRank.PROVINCIAL_PARTY,
    )
    text = _text(kind.build(commune_event))
    assert "Nhà văn hóa phường An Bình" in text
    # Protocol order: the party leaders first.
    assert text.index("Thường trực Đảng ủy phường") < text.index("Trưởng Công an các xã")


# --- the batch from the event page ----------------------------------------------------


def test_print_invitations_runs_a_batch_with_one_pdf_per_invitee(
    commune_officer,
    client_for,
    commune_event,
    invitation,
    invitation2,
    django_capture_on_commit_callbacks,
):
    client = client_for(commune_officer)
    detail = client.get(reverse("events:event_detail", args=[commune_event.pk]))
    assert 'data-testid="print-invitations"' in detail.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:invitations_print", args=[commune_event.pk]))
    batch = DocumentBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("documents:batch_detail", args=[batch.pk])
    # Protocol order: Phạm Văn Mời was added first, in the same group.
    assert batch.kind == "event-invitation"
    assert batch.object_ids == [invitation.pk, invitation2.pk]
    assert batch.unit_id == commune_event.unit_id
    batch.refresh_from_db()  # the task ran (eagerly) on commit
    assert batch.status == BatchStatus.DONE and batch.done == batch.total == 2
    names = zipfile.ZipFile(batch.file.open("rb")).namelist()
    assert names == [
        f"001-giay-moi-{commune_event.pk}-{invitation.pk}.pdf",
        f"002-giay-moi-{commune_event.pk}-{invitation2.pk}.pdf",
    ]
    merged = PdfReader(io.BytesIO(batch.merged_file.read()))
    assert len(merged.pages) == 2
    assert "Lê Thị Hai" in merged.pages[1].extract_text()
    page = client.get(reverse("documents:batch_detail", args=[batch.pk]))
    assert 'data-testid="download-pdf"' in page.content.decode()
    # The way back to the event the letters were printed for.
    back = reverse("events:event_detail", args=[commune_event.pk])
    assert f'<a href="{back}" data-testid="batch-back">' in page.content.decode()
    assert f"&larr; {commune_event.title}</a>" in page.content.decode()
    progress = client.get(
        reverse("documents:batch_detail", args=[batch.pk]), HTTP_HX_REQUEST="true"
    )
    assert "hx-get" not in progress.content.decode()  # finished: polling stops
    download = client.get(reverse("documents:batch_download", args=[batch.pk, "zip"]))
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"


def test_print_invitations_progress_polls_while_rendering(
    commune_officer, client_for, commune_event, invitation
):
    batch = DocumentBatch.objects.create(
        kind="event-invitation",
        title="Giấy mời",
        object_ids=[invitation.pk],
        unit=commune_event.unit,
        total=4,
        done=1,
        status=BatchStatus.RUNNING,
        created_by=commune_officer,
    )
    body = (
        client_for(commune_officer)
        .get(reverse("documents:batch_detail", args=[batch.pk]), HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert 'hx-trigger="every 1s"' in body and "25%" in body


def test_print_invitations_is_post_only_with_csrf(commune_officer, commune_event, invitation):
    url = reverse("events:invitations_print", args=[commune_event.pk])
    client = Client(enforce_csrf_checks=True)
    client.force_login(commune_officer, backend="accounts.backends.ScopedModelBackend")
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 403
    assert not DocumentBatch.objects.exists()


def test_print_invitations_scope_and_role(
    other_commune, client_for, tree, commune_event, invitation
):
    url = reverse("events:invitations_print", args=[commune_event.pk])
    assert client_for(other_commune).post(url).status_code == 404
    viewer = make_user("viewer", tree.police, RoleCode.VIEWER)
    assert client_for(viewer).post(url).status_code == 403
    assert not DocumentBatch.objects.exists()


def test_print_invitations_with_no_invitee_says_so(commune_officer, client_for, commune_event):
    client = client_for(commune_officer)
    response = client.post(
        reverse("events:invitations_print", args=[commune_event.pk]), follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("events:event_detail", args=[commune_event.pk])
    assert "Không có văn bản nào để in." in response.content.decode()
    assert not DocumentBatch.objects.exists()


def test_event_documents_download(commune_officer, other_commune, client_for, commune_event):
    url = reverse("events:event_document", args=[commune_event.pk, "event-plan", "pdf"])
    response = client_for(commune_officer).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    docx = client_for(commune_officer).get(
        reverse("events:event_document", args=[commune_event.pk, "event-programme", "docx"])
    )
    assert docx.status_code == 200
    bad = reverse("events:event_document", args=[commune_event.pk, "event-invitation", "pdf"])
    assert client_for(commune_officer).get(bad).status_code == 404
    assert client_for(other_commune).get(url).status_code == 404


def test_expanding_and_printing_use_the_same_protocol_order(commune_event, tree):
    """Groups of higher protocol rank print first in the batch."""
    leaders = InviteeGroup.objects.create(
        event=commune_event,
        description="Lãnh đạo UBND phường",
        protocol_rank=ProtocolRank.PROVINCIAL_STATE,
    )
    commune = InviteeGroup.objects.create(
        event=commune_event, description="Tổ trưởng", protocol_rank=ProtocolRank.GRASSROOTS
    )
    later = services.invitation_add(commune, full_name="Tổ trưởng A")
    first = services.invitation_add(leaders, full_name="Chủ tịch B")
    user = make_user("printer", tree.police, RoleCode.COMMUNE_OFFICER)
    client = Client()
    client.force_login(user, backend="accounts.backends.ScopedModelBackend")
    client.post(reverse("events:invitations_print", args=[commune_event.pk]))
    assert DocumentBatch.objects.get().object_ids == [first.pk, later.pk]
