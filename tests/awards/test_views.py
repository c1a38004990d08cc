"""Awards pages: scope (outsiders get 404), CSRF, query counts, search, secrecy, PDFs."""

import io

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import RoleCode
from awards import services
from awards.models import AwardRecord, BatchStatus, DossierKind, NominationBatch, Quota
from tests.awards.conftest import pdf, person, posted
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
S = BatchStatus


@pytest.fixture
def batch(tree, award, build, commune_officer, no_reports):  # type: ignore[no-untyped-def]
    return build([tree.police], [tree.person])


def object_urls(batch):  # type: ignore[no-untyped-def]
    nomination = batch.nominations.first()
    document = batch.documents.first()
    quota = Quota.objects.get(campaign=batch.campaign)
    return {
        "get": [
            reverse("awards:batch_detail", args=[batch.pk]),
            reverse("awards:batch_counters", args=[batch.pk]),
            reverse("awards:nominee_search", args=[batch.pk]) + "?q=nguyen",
            reverse("awards:nomination_edit", args=[nomination.pk]),
            reverse("awards:document_download", args=[document.pk]),
            reverse("awards:batch_vote", args=[batch.pk]),
            reverse("awards:batch_print", args=[batch.pk, "list"]),
            reverse("awards:campaign_rules", args=[batch.campaign.pk]),
        ],
        # The province's quota is public to its communes; another province never sees it.
        "far": [reverse("awards:quota_detail", args=[quota.pk])],
        "post": [
            reverse("awards:nominee_add", args=[batch.pk]),
            reverse("awards:nomination_remove", args=[nomination.pk]),
            reverse("awards:nomination_strike", args=[nomination.pk]),
            reverse("awards:document_upload", args=[batch.pk]),
            reverse("awards:document_delete", args=[document.pk]),
            reverse("awards:batch_transition", args=[batch.pk]),
            reverse("awards:nominations_appraise", args=[batch.pk]),
        ],
    }


def test_outsider_gets_404_on_every_object_url(batch, client_for, other_commune, tree):
    client = client_for(other_commune)
    urls = object_urls(batch)
    for url in urls["get"]:
        assert client.get(url).status_code == 404, url
    for url in urls["post"]:
        assert client.post(url, {"target": "submitted", "reason": "x"}).status_code == 404, url
    batch.refresh_from_db()
    assert batch.status == S.DRAFT and batch.nominations.count() == 2
    far = make_user("far", tree.far_org, RoleCode.PROVINCE_STAFF)
    client = client_for(far)
    for url in urls["get"] + urls["far"]:
        assert client.get(url).status_code == 404, url
    assert b"An B" not in client.get(reverse("awards:batch_list")).content


def test_history_pages_are_scoped(batch, client_for, other_commune, tree, award):
    AwardRecord.objects.create(form=award.form, year=2023, person=tree.person)
    client = client_for(other_commune)
    assert client.get(reverse("awards:person_history", args=[tree.person.pk])).status_code == 404
    url = reverse("awards:organisation_history", args=[tree.police.pk])
    assert client.get(url).status_code == 404
    assert "Nguyễn Văn An" not in client.get(reverse("awards:history")).content.decode()


def test_posts_need_csrf(batch, commune_officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(commune_officer, backend="accounts.backends.ScopedModelBackend")
    url = reverse("awards:batch_transition", args=[batch.pk])
    assert client.post(url, {"target": "submitted"}).status_code == 403
    batch.refresh_from_db()
    assert batch.status == S.DRAFT


def test_submit_page_lists_what_is_missing(
    tree, award, build, client_for, commune_officer, no_reports
):
    batch = build([tree.police], [], done=False)
    client = client_for(commune_officer)
    response = client.post(
        reverse("awards:batch_transition", args=[batch.pk]), {"target": "submitted"}, follow=True
    )
    text = response.content.decode()
    assert "Hồ sơ chưa đủ. Còn thiếu: Biên bản họp Hội đồng Thi đua - Khen thưởng" in text
    batch.refresh_from_db()
    assert batch.status == S.DRAFT


def test_builder_by_the_proposing_unit(tree, award, client_for, commune_officer, no_reports):
    client = client_for(commune_officer)
    response = client.post(
        reverse("awards:batch_create"),
        {"campaign": award.campaign.pk, "form": award.form.pk, "proposer": tree.police.pk},
    )
    assert response.status_code == 302
    batch = NominationBatch.objects.get()
    # Accent-blind search in the proposing unit's area only.
    search = reverse("awards:nominee_search", args=[batch.pk])
    found = client.get(search, {"q": "nguyen van an", "kind": "individual"}).content.decode()
    assert "Nguyễn Văn An" in found
    assert "Trần Thị Bích" not in client.get(search, {"q": "tran thi"}).content.decode()
    client.post(
        reverse("awards:nominee_add", args=[batch.pk]),
        {"nominee": f"person:{tree.person.pk}", "category": award.cat_individual.pk},
    )
    nomination = batch.nominations.get()
    assert nomination.person == tree.person
    # Someone else's person cannot be added by forging the id.
    client.post(
        reverse("awards:nominee_add", args=[batch.pk]),
        {"nominee": f"person:{tree.other_person.pk}"},
    )
    assert batch.nominations.count() == 1
    upload = client.post(
        reverse("awards:document_upload", args=[batch.pk]),
        {"kind": DossierKind.ACHIEVEMENT_REPORT, "nomination": nomination.pk, "file": pdf()},
    )
    assert upload.status_code == 302
    assert batch.documents.count() == 1
    counters = client.get(reverse("awards:batch_counters", args=[batch.pk])).content.decode()
    assert "1 / 15" in counters


def test_batch_list_queries_do_not_grow(tree, award, build, client_for, province_staff, no_reports):
    client = client_for(province_staff)
    url = reverse("awards:batch_list")
    build([tree.police], [], done=False)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for i in range(4):
        build([], [person(tree.commune, tree.police, f"Người thứ {i}")], done=False)
    with CaptureQueriesContext(connection) as five:
        client.get(url)
    assert len(one) == len(five)


def test_history_search_is_accent_blind(tree, award, client_for, province_staff):
    AwardRecord.objects.create(form=award.form, year=2023, person=tree.person)
    AwardRecord.objects.create(form=award.form, year=2023, person=tree.other_person)
    client = client_for(province_staff)
    text = client.get(reverse("awards:history"), {"q": "nguyen van an"}).content.decode()
    assert "Nguyễn Văn An" in text and "Trần Thị Bích" not in text
    page = client.get(reverse("awards:person_history", args=[tree.person.pk])).content.decode()
    assert "Bằng khen của Chủ tịch UBND tỉnh" in page


def test_vote_is_secret_until_closed(
    tree, award, batch, client_for, commune_officer, province_staff
):
    services.batch_transition(batch, S.SUBMITTED, user=commune_officer)
    services.batch_transition(batch, S.UNDER_APPRAISAL, user=province_staff)
    services.nominations_appraise(list(batch.nominations.all()), user=province_staff, accept=True)
    services.batch_transition(batch, S.COUNCIL_VOTE, user=province_staff)
    first, second = award.members[:2]
    client = client_for(first)
    vote_url = reverse("awards:batch_vote", args=[batch.pk])
    nominations = list(batch.nominations.all())
    client.post(vote_url, {f"vote_{n.pk}": "yes" for n in nominations})
    # Another member sees neither the first member's ballot nor any tally.
    client = client_for(second)
    ballot = client.get(vote_url).content.decode()
    assert "checked" not in ballot
    detail = client.get(reverse("awards:batch_detail", args=[batch.pk])).content.decode()
    assert "/5)" not in detail and "Đạt" not in detail
    assert "Phiếu của bạn được giữ kín" in ballot
    # Staff cannot open the ballot.
    assert client_for(province_staff).get(vote_url).status_code == 403
    services.batch_transition(batch, S.LEADER_APPROVAL, user=first)
    detail = client_for(second).get(reverse("awards:batch_detail", args=[batch.pk]))
    assert "(1/5)" in detail.content.decode()


def test_decision_pdf_lists_the_approved_nominee(
    tree, award, batch, client_for, commune_officer, province_staff, leader, clerk
):
    services.batch_transition(batch, S.SUBMITTED, user=commune_officer)
    services.batch_transition(batch, S.UNDER_APPRAISAL, user=province_staff)
    collective, individual = batch.nominations.order_by("kind")
    services.nomination_appraise(collective, user=province_staff, accept=False, reason="Thiếu")
    services.nomination_appraise(individual, user=province_staff, accept=True)
    services.batch_transition(batch, S.COUNCIL_VOTE, user=province_staff)
    for member in award.members[:3]:
        services.council_vote_cast(individual, user=member, approve=True)
    services.batch_transition(batch, S.LEADER_APPROVAL, user=award.members[0])
    services.batch_transition(batch, S.APPROVED, user=leader)
    client = client_for(clerk)
    first = posted(batch, clerk)
    with time_machine.travel(first, tick=False):
        response = client.post(
            reverse("awards:batch_transition", args=[batch.pk]),
            {
                "target": "decision_issued",
                "issued_on": first.date().isoformat(),
                "signer_name": "Trần Tuệ Hiền",
            },
        )
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == S.DECISION_ISSUED
    response = client.get(reverse("awards:batch_print", args=[batch.pk, "decision"]))
    assert response.content.startswith(b"%PDF")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "QUYẾT ĐỊNH" in text and "01/QĐ-UBND" in text
    assert "Nguyễn Văn An" in text
    assert "Công an phường An Bình" not in text.split("DANH SÁCH")[-1]
