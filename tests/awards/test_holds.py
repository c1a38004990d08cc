"""Holds (DOMAIN.md 5): a person under discipline, investigation or complaint is not awarded."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards import services
from awards.models import AppraisalStatus, BatchStatus, Nomination
from people.models import HoldKind, PersonHold
from tests.awards.conftest import person

pytestmark = pytest.mark.django_db
S = BatchStatus
HELD = (
    "Nguyễn Văn An đang bị tạm hoãn khen thưởng (đang bị điều tra, từ 01/01/2024): "
    "chưa được đề nghị hoặc phê duyệt khen thưởng cho đến khi được giải quyết."
)


def hold(p, **kw):  # type: ignore[no-untyped-def]
    return PersonHold.objects.create(
        person=p, kind=kw.pop("kind", HoldKind.INVESTIGATION), started_on=date(2024, 1, 1), **kw
    )


def test_held_person_cannot_be_nominated(tree, award, build, commune_officer, client_for):
    hold(tree.person)
    batch = build(done=False)
    with pytest.raises(ValidationError) as exc:
        services.nomination_add(batch, user=commune_officer, person=tree.person)
    assert exc.value.messages == [HELD]
    assert exc.value.error_list[0].code == "person_on_hold"
    # Through the page: the message is shown and nothing is added.
    client = client_for(commune_officer)
    response = client.post(
        reverse("awards:nominee_add", args=[batch.pk]), {"nominee": f"person:{tree.person.pk}"}
    )
    assert response.status_code == 302
    page = client.get(reverse("awards:batch_detail", args=[batch.pk])).content.decode()
    assert "đang bị tạm hoãn khen thưởng" in page
    assert not batch.nominations.exists()


def test_ended_hold_no_longer_blocks(tree, award, build, commune_officer):
    hold(tree.person, ended_on=date(2024, 2, 1))
    batch = build(done=False)
    services.nomination_add(batch, user=commune_officer, person=tree.person)


def test_hold_added_after_nomination_blocks_submit_appraisal_and_approval(
    tree, award, build, commune_officer, province_staff, appraiser, leader, no_reports, client_for
):
    other = person(tree.commune, tree.police, "Lê Văn Cường")
    batch = build([], [tree.person, other])
    h = hold(tree.person)
    with pytest.raises(ValidationError) as exc:
        services.batch_transition(batch, S.SUBMITTED, user=commune_officer)
    assert HELD in exc.value.messages
    h.ended_on = date(2024, 1, 2)
    h.save()
    services.batch_transition(batch, S.SUBMITTED, user=commune_officer)
    services.batch_transition(batch, S.UNDER_APPRAISAL, user=province_staff)
    h.ended_on = None
    h.save()
    nomination = batch.nominations.get(person=tree.person)
    with pytest.raises(ValidationError) as exc:
        services.nomination_appraise(nomination, user=appraiser, accept=True)
    assert exc.value.messages == [HELD]
    nomination.refresh_from_db()
    assert nomination.appraisal_status == AppraisalStatus.PENDING
    # The leader's approval is refused while an approved nominee is held.
    page = client_for(leader).get(reverse("awards:batch_detail", args=[batch.pk]))
    assert "Đang bị tạm hoãn khen thưởng: không được đề nghị hoặc phê duyệt." in (
        page.content.decode()
    )
    Nomination.objects.filter(batch=batch).update(appraisal_status=AppraisalStatus.ACCEPTED)
    batch.status = S.LEADER_APPROVAL
    batch.save()
    with pytest.raises(ValidationError) as exc:
        services.batch_transition(batch, S.APPROVED, user=leader)
    assert exc.value.messages == [HELD]
    batch.refresh_from_db()
    assert batch.status == S.LEADER_APPROVAL
    services.nomination_strike(nomination, user=leader, reason="Đang bị điều tra")
    services.batch_transition(batch, S.APPROVED, user=leader)
