"""The transitions table: every step only for its role and scope; the council vote."""

from itertools import pairwise

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import RoleCode
from awards import services
from awards.models import (
    AppraisalStatus,
    AwardRecord,
    BatchStatus,
    CouncilResult,
    Decision,
    NominationBatch,
)
from tests.awards.conftest import posted
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
S = BatchStatus


@pytest.fixture
def submitted(tree, award, build, commune_officer, no_reports):  # type: ignore[no-untyped-def]
    batch = build([tree.police], [tree.person])
    return services.batch_transition(batch, S.SUBMITTED, user=commune_officer)


def test_transitions_table_covers_the_path():
    path = [
        S.DRAFT,
        S.SUBMITTED,
        S.UNDER_APPRAISAL,
        S.COUNCIL_VOTE,
        S.LEADER_APPROVAL,
        S.APPROVED,
        S.DECISION_ISSUED,
        S.CERTIFICATES_PRINTED,
        S.AWARDED,
    ]
    for source, target in pairwise(path):
        assert (source, target) in services.TRANSITIONS


ALL_ROLES = [
    RoleCode.PROVINCE_STAFF,
    RoleCode.COMMUNE_OFFICER,
    RoleCode.APPRAISER,
    RoleCode.COUNCIL_MEMBER,
    RoleCode.LEADER,
    RoleCode.CLERK,
    RoleCode.VIEWER,
]


@pytest.mark.parametrize(("step", "roles"), list(services.TRANSITIONS.items()))
def test_each_transition_only_for_its_roles_and_scope(tree, award, step, roles):
    source, target = step
    batch = NominationBatch.objects.create(
        campaign=award.campaign, form=award.form, proposer=tree.police, year=2024, status=source
    )
    batch.council = award.council
    batch.save()
    for role in ALL_ROLES:
        insider = make_user(f"in-{role}", tree.cat, role)
        outsider = make_user(f"out-{role}", tree.far_org, role)
        if role == RoleCode.COUNCIL_MEMBER:
            award.council.members.add(insider, outsider)
        assert services.can_transition(insider, batch, target) == (role in roles), role
        assert not services.can_transition(outsider, batch, target), role
    # A commune officer of another commune never acts on this commune's proposal.
    other = make_user("other-officer", tree.other_police, RoleCode.COMMUNE_OFFICER)
    assert not services.can_transition(other, batch, target)


def test_council_member_outside_the_council_cannot_close(tree, award, submitted):
    submitted.status = S.COUNCIL_VOTE
    submitted.council = award.council
    submitted.save()
    stranger = make_user("stranger", award.council_org, RoleCode.COUNCIL_MEMBER)
    assert not services.can_transition(stranger, submitted, S.LEADER_APPROVAL)
    assert services.can_transition(award.members[0], submitted, S.LEADER_APPROVAL)


def test_service_refuses_a_role_not_in_the_table(submitted, commune_officer):
    with pytest.raises(PermissionDenied):
        services.batch_transition(submitted, S.UNDER_APPRAISAL, user=commune_officer)


def test_return_needs_a_reason(submitted, province_staff):
    with pytest.raises(ValidationError) as exc:
        services.batch_transition(submitted, S.DRAFT, user=province_staff, reason="  ")
    assert exc.value.messages == ["Nhập lý do trả lại đề nghị."]
    batch = services.batch_transition(submitted, S.DRAFT, user=province_staff, reason="Bổ sung")
    assert batch.return_reason == "Bổ sung"


def _to_council(batch, province_staff, appraiser):  # type: ignore[no-untyped-def]
    batch = services.batch_transition(batch, S.UNDER_APPRAISAL, user=province_staff)
    collective, individual = batch.nominations.order_by("kind")
    services.nomination_appraise(individual, user=appraiser, accept=True)
    with pytest.raises(ValidationError) as exc:
        services.batch_transition(batch, S.COUNCIL_VOTE, user=appraiser)
    assert exc.value.messages == [
        "Cần thẩm định xong từng đối tượng (chấp nhận hoặc trả lại) trước."
    ]
    with pytest.raises(ValidationError) as exc:
        services.nomination_appraise(collective, user=appraiser, accept=False)
    assert exc.value.messages == ["Nhập lý do trả lại đối tượng này."]
    services.nomination_appraise(collective, user=appraiser, accept=False, reason="Chưa đạt ANTT")
    return services.batch_transition(batch, S.COUNCIL_VOTE, user=appraiser)


def test_full_path_to_awarded(tree, award, submitted, province_staff, appraiser, leader, clerk):
    batch = _to_council(submitted, province_staff, appraiser)
    assert batch.council == award.council
    individual = batch.nominations.get(kind="individual")
    for member in award.members[:3]:
        services.council_vote_cast(individual, user=member, approve=True)
    batch = services.batch_transition(batch, S.LEADER_APPROVAL, user=award.members[0])
    individual.refresh_from_db()
    assert (individual.council_result, individual.votes_yes) == (CouncilResult.PASSED, 3)
    batch = services.batch_transition(batch, S.APPROVED, user=leader)
    # The list is posted publicly first; the rest of the path happens after the posting.
    with time_machine.travel(posted(batch, clerk), tick=False):
        batch = services.batch_transition(
            batch, S.DECISION_ISSUED, user=clerk, signer_name="Trần Tuệ Hiền"
        )
        decision = Decision.objects.get(batch=batch)
        assert decision.issuer == tree.ubnd and decision.number == 1
        assert decision.reference == "01/QĐ-UBND"
        record = AwardRecord.objects.get()
        assert (record.person, record.form, record.decision) == (
            tree.person,
            award.form,
            decision,
        )
        batch = services.batch_transition(batch, S.CERTIFICATES_PRINTED, user=clerk)
        batch = services.batch_transition(batch, S.AWARDED, user=province_staff)
    record.refresh_from_db()
    assert record.awarded_on is not None
    steps = list(batch.events.filter(action="transition").values_list("to_status", flat=True))
    assert steps == [
        "submitted",
        "under_appraisal",
        "council_vote",
        "leader_approval",
        "approved",
        "decision_issued",
        "certificates_printed",
        "awarded",
    ]


@pytest.mark.parametrize(("yes", "passed"), [(2, False), (3, True)])
def test_threshold_counts_all_members(
    tree, award, submitted, province_staff, appraiser, yes, passed
):
    """Five members, more than half needed: 3 yes pass, 2 yes fail even if nobody voted no."""
    batch = _to_council(submitted, province_staff, appraiser)
    individual = batch.nominations.get(kind="individual")
    for member in award.members[:yes]:
        services.council_vote_cast(individual, user=member, approve=True)
    services.batch_transition(batch, S.LEADER_APPROVAL, user=award.members[0])
    individual.refresh_from_db()
    assert individual.council_result == (CouncilResult.PASSED if passed else CouncilResult.FAILED)


def test_threshold_is_configurable(tree, award, submitted, province_staff, appraiser):
    award.council.threshold_percent = 80
    award.council.strictly_more = False
    award.council.save()
    batch = _to_council(submitted, province_staff, appraiser)
    individual = batch.nominations.get(kind="individual")
    for member in award.members[:3]:
        services.council_vote_cast(individual, user=member, approve=True)
    services.batch_transition(batch, S.LEADER_APPROVAL, user=award.members[0])
    individual.refresh_from_db()
    assert individual.council_result == CouncilResult.FAILED  # 3/5 = 60% < 80%


def test_only_members_vote_and_only_while_open(tree, award, submitted, province_staff, appraiser):
    batch = _to_council(submitted, province_staff, appraiser)
    individual = batch.nominations.get(kind="individual")
    stranger = make_user("stranger", award.council_org, RoleCode.COUNCIL_MEMBER)
    with pytest.raises(PermissionDenied):
        services.council_vote_cast(individual, user=stranger, approve=True)
    with pytest.raises(PermissionDenied):
        services.council_vote_cast(individual, user=province_staff, approve=True)
    returned = batch.nominations.get(kind="collective")
    with pytest.raises(ValidationError):
        services.council_vote_cast(returned, user=award.members[0], approve=True)
    services.batch_transition(batch, S.LEADER_APPROVAL, user=award.members[0])
    with pytest.raises(PermissionDenied):
        services.council_vote_cast(individual, user=award.members[0], approve=True)


def test_leader_strikes_with_a_reason(tree, award, submitted, province_staff, appraiser, leader):
    batch = _to_council(submitted, province_staff, appraiser)
    individual = batch.nominations.get(kind="individual")
    for member in award.members[:3]:
        services.council_vote_cast(individual, user=member, approve=True)
    batch = services.batch_transition(batch, S.LEADER_APPROVAL, user=award.members[0])
    with pytest.raises(PermissionDenied):
        services.nomination_strike(individual, user=appraiser, reason="x")
    with pytest.raises(ValidationError):
        services.nomination_strike(individual, user=leader, reason="")
    services.nomination_strike(individual, user=leader, reason="Đang bị xem xét kỷ luật")
    with pytest.raises(ValidationError) as exc:
        services.batch_transition(batch, S.APPROVED, user=leader)
    assert exc.value.messages == ["Không còn đối tượng nào để phê duyệt."]


def test_batch_appraisal_applies_the_single_checks(
    tree, award, submitted, province_staff, commune_officer
):
    batch = services.batch_transition(submitted, S.UNDER_APPRAISAL, user=province_staff)
    nominations = list(batch.nominations.all())
    errors = services.nominations_appraise(nominations, user=commune_officer, accept=True)
    assert set(errors) == {n.pk for n in nominations}
    errors = services.nominations_appraise(nominations, user=province_staff, accept=False)
    assert set(errors) == {n.pk for n in nominations}  # no reason given
    assert not batch.nominations.exclude(appraisal_status=AppraisalStatus.PENDING).exists()
    assert services.nominations_appraise(nominations, user=province_staff, accept=True) == {}


def test_batch_transition_of_several(
    tree, award, build, commune_officer, province_staff, no_reports
):
    first = build([tree.police], [])
    second = build([], [tree.person])
    services.batch_transition(first, S.SUBMITTED, user=commune_officer)
    errors = services.batches_transition([first, second], S.UNDER_APPRAISAL, user=province_staff)
    assert list(errors) == [second.pk]  # the draft cannot skip submission
    first.refresh_from_db()
    assert first.status == S.UNDER_APPRAISAL


def test_transitions_notify_the_next_actors(
    tree, award, province_staff, commune_officer, other_commune, submitted
):
    from notifications.models import Notification

    assert Notification.objects.filter(
        user=province_staff, url__endswith=f"/{submitted.pk}/"
    ).exists()
    assert not Notification.objects.filter(user=other_commune).exists()
    services.batch_transition(submitted, S.DRAFT, user=province_staff, reason="Bổ sung hồ sơ")
    note = Notification.objects.get(user=commune_officer)
    assert note.body == "Bổ sung hồ sơ"
    assert "Trả lại" not in note.title and "Dự thảo" in note.title
