"""Bulk appraisal from the appraisal queue: several nominees, one decision, one reason.

Each nominee goes through the single-nominee service, so the same checks apply (role,
scope, the proposal's status, a reason to return).
"""

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import RoleCode
from awards import services
from awards.models import AppraisalStatus, BatchEvent, BatchStatus, Nomination
from tests.awards.conftest import person
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
S = BatchStatus
QUEUE = reverse("awards:queue", args=["appraisal"])
BULK = reverse("awards:queue_appraise")


@pytest.fixture
def under_appraisal(tree, build, commune_officer, other_commune, province_staff, no_reports):  # type: ignore[no-untyped-def]
    """Two proposals (two communes) under appraisal: three nominees and one."""
    ours = build([tree.police], [tree.person, person(tree.commune, tree.police, "Lê Thị Cúc")])
    theirs = build([], [tree.other_person], proposer=tree.other_police, user=other_commune)
    for batch, user in ((ours, commune_officer), (theirs, other_commune)):
        services.batch_transition(batch, S.SUBMITTED, user=user)
        services.batch_transition(batch, S.UNDER_APPRAISAL, user=province_staff)
    return ours, theirs


def texts(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(m) for m in get_messages(response.wsgi_request)]


def status(*nominations: Nomination) -> list[str]:
    return [Nomination.objects.get(pk=n.pk).appraisal_status for n in nominations]


def test_queue_lists_nominees_of_every_proposal_and_accepts_several_at_once(
    under_appraisal, client_for, province_staff
):
    ours, theirs = under_appraisal
    client = client_for(province_staff)
    page = client.get(QUEUE).content.decode()
    for name in ("Nguyễn Văn An", "Lê Thị Cúc", "Trần Thị Bích", "Công an phường An Bình"):
        assert name in page
    assert "Đối tượng chờ thẩm định" in page and 'id="queue-appraise-form"' in page

    picked = [*ours.nominations.filter(kind="individual"), *theirs.nominations.all()]
    response = client.post(BULK, {"ids": [n.pk for n in picked], "decision": "accept"})
    assert response.status_code == 302 and response.url == QUEUE
    assert status(*picked) == [AppraisalStatus.ACCEPTED] * 3
    assert texts(response) == ["Đã lưu kết quả thẩm định của 3 đối tượng."]
    assert status(ours.nominations.get(kind="collective")) == [AppraisalStatus.PENDING]
    # Appraised nominees leave the default view of the queue and stay in the full one.
    page = client.get(QUEUE).content.decode()
    assert "Lê Thị Cúc" not in page and "Công an phường An Bình" in page
    assert "Lê Thị Cúc" in client.get(QUEUE, {"nominees": "all"}).content.decode()


def test_bulk_return_needs_a_reason_and_gives_it_to_each(
    under_appraisal, client_for, province_staff
):
    ours, theirs = under_appraisal
    picked = [ours.nominations.get(kind="collective"), *theirs.nominations.all()]
    ids = [n.pk for n in picked]
    client = client_for(province_staff)
    response = client.post(BULK, {"ids": ids, "decision": "return", "reason": "  "})
    assert status(*picked) == [AppraisalStatus.PENDING] * 2
    # One message for the one problem, naming both nominees.
    assert texts(response) == [
        "Công an phường An Bình, Trần Thị Bích: Nhập lý do trả lại đối tượng này."
    ]

    reason = "Chưa có xác nhận thành tích của cấp trên"
    client.post(BULK, {"ids": ids, "decision": "return", "reason": reason})
    assert status(*picked) == [AppraisalStatus.RETURNED] * 2
    assert set(
        Nomination.objects.filter(pk__in=ids).values_list("appraisal_reason", flat=True)
    ) == {reason}
    events = BatchEvent.objects.filter(action="returned", nomination__in=ids)
    assert sorted(e.batch_id for e in events) == sorted([ours.pk, theirs.pk])
    assert {e.reason for e in events} == {reason}


def test_each_nominee_gets_the_single_checks(
    tree, under_appraisal, build, client_for, province_staff, commune_officer
):
    ours, _theirs = under_appraisal
    # A proposal only submitted, not yet taken into appraisal: its nominee is refused.
    waiting = build([], [person(tree.commune, tree.police, "Phan Văn Dũng")])
    services.batch_transition(waiting, S.SUBMITTED, user=commune_officer)
    early = waiting.nominations.get()
    ok = ours.nominations.get(person=tree.person)
    response = client_for(province_staff).post(
        BULK, {"ids": [early.pk, ok.pk], "decision": "accept"}
    )
    assert status(early, ok) == [AppraisalStatus.PENDING, AppraisalStatus.ACCEPTED]
    assert texts(response) == [
        "Phan Văn Dũng: Bạn không được thực hiện thao tác này ở bước hiện tại.",
        "Đã lưu kết quả thẩm định của 1 đối tượng.",
    ]


def test_roles_scope_and_csrf(tree, under_appraisal, client_for, commune_officer, province_staff):
    ours, _theirs = under_appraisal
    ids = [n.pk for n in ours.nominations.all()]
    # A proposing unit's officer does not appraise: no form, and a post is refused.
    client = client_for(commune_officer)
    assert 'id="queue-appraise-form"' not in client.get(QUEUE).content.decode()
    assert client.post(BULK, {"ids": ids, "decision": "accept"}).status_code == 403
    # An appraiser of another province finds none of these nominees: 404, nothing changes.
    far = make_user("far-appraiser", tree.far_org, RoleCode.APPRAISER)
    client = client_for(far)
    assert "Nguyễn Văn An" not in client.get(QUEUE).content.decode()
    assert client.post(BULK, {"ids": ids, "decision": "accept"}).status_code == 404
    assert set(status(*ours.nominations.all())) == {AppraisalStatus.PENDING}
    # Nothing chosen: a Vietnamese message, back to the queue.
    response = client_for(province_staff).post(BULK, {"decision": "accept"})
    assert response.url == QUEUE
    assert texts(response) == ["Chọn đối tượng rồi chấp nhận hoặc trả lại."]
    csrf = Client(enforce_csrf_checks=True)
    csrf.force_login(province_staff, backend="accounts.backends.ScopedModelBackend")
    assert csrf.post(BULK, {"ids": ids, "decision": "accept"}).status_code == 403
    assert set(status(*ours.nominations.all())) == {AppraisalStatus.PENDING}


def test_queue_page_queries_do_not_grow_with_nominees(
    tree, under_appraisal, build, client_for, province_staff, commune_officer
):
    client = client_for(province_staff)
    client.get(QUEUE)
    with CaptureQueriesContext(connection) as before:
        assert client.get(QUEUE).status_code == 200
    more = build(
        [tree.team], [person(tree.commune, tree.police, f"Người thứ {i}") for i in range(4)]
    )
    services.batch_transition(more, S.SUBMITTED, user=commune_officer)
    services.batch_transition(more, S.UNDER_APPRAISAL, user=province_staff)
    with CaptureQueriesContext(connection) as after:
        page = client.get(QUEUE).content.decode()
    assert "Người thứ 3" in page
    assert len(after) == len(before)
