"""Emulation councils managed in the portal: scope, choices, the members rule, history."""

import re
from decimal import Decimal

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import RoleCode
from awards import services
from awards.admin import CouncilAdmin
from awards.models import BatchStatus, Council
from tests.conftest import make_org, make_user

pytestmark = pytest.mark.django_db
S = BatchStatus

PASS_MARK_FROZEN = (
    "Không thể thay đổi ngưỡng thông qua khi hội đồng đang biểu quyết: các phiếu đã bỏ được "
    "tính theo ngưỡng này. Hãy thay đổi sau khi kết thúc biểu quyết."
)
FROZEN = (
    "Không thể thay đổi thành viên khi hội đồng đang biểu quyết 1 đề nghị: tỷ lệ thông qua "
    "được tính trên tổng số thành viên. Hãy thay đổi sau khi kết thúc biểu quyết."
)
INVALID_CHOICE = "Hãy chọn một lựa chọn hợp lệ."


def data(council: Council, **overrides):  # type: ignore[no-untyped-def]
    """The edit form as the browser posts it, from the council's saved state."""
    values = {
        "name": council.name,
        "organisation": council.organisation_id,
        "members": [u.pk for u in council.members.all()],
        "threshold_percent": council.threshold_percent,
        "strictly_more": "on" if council.strictly_more else "",
        "posting_days": council.posting_days,
    }
    values.update(overrides)
    if not values["strictly_more"]:
        del values["strictly_more"]
    return values


def edit_url(council: Council) -> str:
    return reverse("awards:council_edit", args=[council.pk])


@pytest.fixture
def far_council(tree):  # type: ignore[no-untyped-def]
    org = make_org("T-HD2", "Hội đồng TĐKT tỉnh Xa Xôi", "emulation_council", tree.other_province)
    council = Council.objects.create(name="Hội đồng TĐKT tỉnh Xa Xôi", organisation=org)
    council.members.set([make_user("far-hd", org, RoleCode.COUNCIL_MEMBER)])
    return council


@pytest.fixture
def voting(tree, award, build, commune_officer, province_staff, no_reports):  # type: ignore[no-untyped-def]
    """A proposal at the vote of the award's council."""
    batch = build([tree.police], [tree.person])
    services.batch_transition(batch, S.SUBMITTED, user=commune_officer)
    services.batch_transition(batch, S.UNDER_APPRAISAL, user=province_staff)
    for nomination in batch.nominations.all():
        services.nomination_appraise(nomination, user=province_staff, accept=True)
    batch = services.batch_transition(batch, S.COUNCIL_VOTE, user=province_staff)
    assert batch.council == award.council
    return batch


# --- Who reaches which council ----------------------------------------------------------


def test_list_shows_the_councils_of_the_area_only(
    tree, award, far_council, province_staff, client_for
):
    client = client_for(province_staff)
    response = client.get(reverse("awards:council_list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Hội đồng TĐKT tỉnh" in page
    assert edit_url(award.council) in page
    assert "Xa Xôi" not in page
    assert edit_url(far_council) not in page
    # Five members, and the pass mark of the default rule: more than half.
    row = page[page.index(edit_url(award.council)) :]
    assert ">5<" in row.replace(" ", "")
    assert "&gt; 50% tổng số thành viên" in row


def test_the_list_costs_the_same_queries_for_more_councils(tree, award, province_staff, client_for):
    client = client_for(province_staff)
    url = reverse("awards:council_list")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(3):
        org = make_org(f"T-HDX{n}", f"Hội đồng huyện {n}", "emulation_council", tree.district)
        Council.objects.create(name=f"Hội đồng huyện {n}", organisation=org).members.set(
            award.members[:2]
        )
    client.get(url)  # new organisations: the signed-in user is read afresh once
    with CaptureQueriesContext(connection) as four:
        response = client.get(url)
    assert len(re.findall(r'href="/awards/councils/\d+/"', response.content.decode())) == 4
    assert len(four) == len(one)


def test_another_provinces_council_is_a_404(far_council, province_staff, client_for):
    client = client_for(province_staff)
    assert client.get(edit_url(far_council)).status_code == 404
    response = client.post(edit_url(far_council), data(far_council, name="Sửa trái phép"))
    assert response.status_code == 404
    far_council.refresh_from_db()
    assert far_council.name == "Hội đồng TĐKT tỉnh Xa Xôi"


def test_commune_officers_and_leaders_manage_no_council(
    tree, award, commune_officer, leader, client_for
):
    own = Council.objects.create(name="Hội đồng phường An Bình", organisation=tree.police)
    officer = client_for(commune_officer)
    assert officer.get(reverse("awards:council_list")).status_code == 403
    assert officer.get(reverse("awards:council_create")).status_code == 403
    new = {"name": "Hội đồng mới", "organisation": tree.police.pk, "threshold_percent": 50}
    assert (
        officer.post(reverse("awards:council_create"), {**new, "posting_days": 5}).status_code
        == 403
    )
    # The province's council is outside the commune: it does not exist for the officer.
    assert officer.get(edit_url(award.council)).status_code == 404
    assert officer.post(edit_url(award.council), data(award.council)).status_code == 404
    # The commune's own council is in the officer's area, but not theirs to manage.
    assert officer.get(edit_url(own)).status_code == 403
    assert officer.post(edit_url(own), data(own, name="Đổi tên")).status_code == 403
    # The province leader sees the province's council, and may not change it either.
    assert client_for(leader).get(edit_url(award.council)).status_code == 403
    assert Council.objects.filter(name__in=["Hội đồng mới", "Đổi tên"]).count() == 0


def test_menu_and_proposal_page_link_to_the_council(
    tree, award, voting, province_staff, commune_officer, client_for
):
    staff = client_for(province_staff)
    home = staff.get(reverse("awards:batch_list")).content.decode()
    assert f'href="{reverse("awards:council_list")}"' in home
    page = staff.get(reverse("awards:batch_detail", args=[voting.pk])).content.decode()
    assert f'<a href="{edit_url(award.council)}">Hội đồng TĐKT tỉnh</a> (5 thành viên)' in page
    officer = client_for(commune_officer)
    assert (
        reverse("awards:council_list")
        not in officer.get(reverse("awards:batch_list")).content.decode()
    )
    page = officer.get(reverse("awards:batch_detail", args=[voting.pk])).content.decode()
    assert "Hội đồng TĐKT tỉnh (5 thành viên)" in page
    assert edit_url(award.council) not in page


# --- Choices come from the user's area ---------------------------------------------------


def test_the_form_offers_only_the_area(tree, award, far_council, province_staff, client_for):
    outsider = make_user("xa-xoi", tree.far_org, RoleCode.COUNCIL_MEMBER)
    response = client_for(province_staff).get(edit_url(award.council))
    assert response.status_code == 200
    form = response.context["form"]
    organisations = set(form.fields["organisation"].queryset)
    assert {tree.cat, tree.ubnd, tree.police, award.council_org} <= organisations
    assert tree.far_org not in organisations
    assert tree.team not in organisations  # a village's security team holds no council
    members = list(form.fields["members"].queryset)
    assert outsider not in members
    assert set(members[:5]) == set(award.members)  # the members first
    page = response.content.decode()
    # Each user with their organisation and whether they hold the role.
    assert "Công an phường An Bình" in page
    assert "Có vai trò Thành viên Hội đồng" in page
    assert "Chưa có vai trò Thành viên Hội đồng: không thêm được" in page
    assert "xa-xoi" not in page


def test_an_organisation_outside_the_area_is_refused(tree, award, province_staff, client_for):
    client = client_for(province_staff)
    for org in (tree.far_org, tree.team):
        response = client.post(
            edit_url(award.council), data(award.council, organisation=org.pk, name="Sai")
        )
        assert response.status_code == 200
        assert INVALID_CHOICE in response.context["form"].errors["organisation"][0]
        assert 'value="Sai"' in response.content.decode()
    award.council.refresh_from_db()
    assert (award.council.name, award.council.organisation) == (
        "Hội đồng TĐKT tỉnh",
        award.council_org,
    )


def test_a_member_outside_the_area_is_refused(tree, award, province_staff, client_for):
    outsider = make_user("xa-xoi", tree.far_org, RoleCode.COUNCIL_MEMBER)
    members = [*[u.pk for u in award.members], outsider.pk]
    response = client_for(province_staff).post(
        edit_url(award.council), data(award.council, members=members)
    )
    assert response.status_code == 200
    assert INVALID_CHOICE in response.context["form"].errors["members"][0]
    assert set(award.council.members.all()) == set(award.members)


def test_an_inactive_user_cannot_be_added(tree, award, province_staff, client_for):
    gone = make_user("nghi-huu", award.council_org, RoleCode.COUNCIL_MEMBER, is_active=False)
    members = [*[u.pk for u in award.members], gone.pk]
    response = client_for(province_staff).post(
        edit_url(award.council), data(award.council, members=members)
    )
    assert response.status_code == 200
    assert INVALID_CHOICE in response.context["form"].errors["members"][0]
    assert gone not in award.council.members.all()


def test_a_user_without_the_council_role_is_refused(
    tree, award, province_staff, commune_officer, client_for
):
    commune_officer.first_name, commune_officer.last_name = "Bình", "Lê Văn"
    commune_officer.save()
    members = [*[u.pk for u in award.members], commune_officer.pk]
    response = client_for(province_staff).post(
        edit_url(award.council), data(award.council, members=members, name="Tên mới gõ vào")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["members"] == [
        "Chỉ thêm được người dùng có vai trò Thành viên Hội đồng; chưa có vai trò này: "
        "Lê Văn Bình. Quản trị viên cấp vai trò trong tài khoản của người dùng."
    ]
    page = response.content.decode()
    assert 'value="Tên mới gõ vào"' in page
    # The refused user stays ticked, so the choice can be corrected, not retyped.
    assert f'value="{commune_officer.pk}" id="id_members_' in page
    assert page.count(" checked>") == 6 + 1  # and "strictly more"
    award.council.refresh_from_db()
    assert award.council.name == "Hội đồng TĐKT tỉnh"
    assert commune_officer not in award.council.members.all()
    assert RoleCode.COUNCIL_MEMBER not in commune_officer.roles.values_list("code", flat=True)


def test_members_already_seated_stay_whatever_their_state(
    tree, award, far_council, province_staff, client_for
):
    """The admin may have seated someone without the role, or from elsewhere: saving the
    form keeps them (every member counts) and marks who cannot vote."""
    no_role = make_user("thu-ky", award.council_org)
    elsewhere = far_council.members.get()
    award.council.members.add(no_role, elsewhere)
    client = client_for(province_staff)
    page = client.get(edit_url(award.council)).content.decode()
    assert "không bỏ phiếu được nhưng vẫn được tính vào tỷ lệ thông qua" in page
    response = client.post(edit_url(award.council), data(award.council, posting_days=7))
    assert response.status_code == 302
    award.council.refresh_from_db()
    assert award.council.posting_days == 7
    assert set(award.council.members.all()) == {*award.members, no_role, elsewhere}


# --- Create and edit ---------------------------------------------------------------------


def test_staff_create_a_council_with_history(tree, award, province_staff, client_for):
    client = client_for(province_staff)
    assert client.get(reverse("awards:council_create")).status_code == 200
    response = client.post(
        reverse("awards:council_create"),
        {
            "name": "Hội đồng Thi đua - Khen thưởng Công an tỉnh",
            "organisation": tree.cat.pk,
            "members": [award.members[0].pk, award.members[1].pk],
            "threshold_percent": "66.67",
            "posting_days": 3,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("awards:council_list")
    council = Council.objects.get(name="Hội đồng Thi đua - Khen thưởng Công an tỉnh")
    assert (council.organisation, council.unit) == (tree.cat, tree.province)
    assert set(council.members.all()) == set(award.members[:2])
    assert council.threshold_percent == Decimal("66.67")
    assert council.strictly_more is False  # the box was left unticked
    assert council.posting_days == 3
    history = list(council.history.order_by("history_id"))
    assert [h.history_type for h in history] == ["+", "~"]
    assert {h.history_user for h in history} == {province_staff}
    assert {m.user for m in history[-1].members.all()} == set(award.members[:2])


def test_staff_edit_a_council_in_one_history_row(tree, award, province_staff, client_for):
    newcomer = make_user("hd6", award.council_org, RoleCode.COUNCIL_MEMBER)
    members = [u.pk for u in award.members[1:]] + [newcomer.pk]
    before = award.council.history.count()
    client = client_for(province_staff)
    response = client.post(
        edit_url(award.council),
        data(award.council, name="Hội đồng TĐKT tỉnh Thử Nghiệm", members=members, posting_days=10),
    )
    assert response.status_code == 302
    award.council.refresh_from_db()
    assert award.council.name == "Hội đồng TĐKT tỉnh Thử Nghiệm"
    assert award.council.posting_days == 10
    assert set(award.council.members.all()) == {*award.members[1:], newcomer}
    assert award.council.history.count() == before + 1
    row = award.council.history.first()
    assert (row.history_type, row.history_user, row.name) == (
        "~",
        province_staff,
        award.council.name,
    )
    assert {m.user for m in row.members.all()} == {*award.members[1:], newcomer}
    # The page lists the change and what it touched.
    page = client.get(edit_url(award.council)).content.decode()
    assert "sửa: Thành viên, Tên, Số ngày làm việc công khai" in page


# --- Members are frozen while the council votes ------------------------------------------


def test_members_cannot_change_during_the_vote(award, voting, province_staff, client_for):
    client = client_for(province_staff)
    page = client.get(edit_url(award.council)).content.decode()
    assert "Hội đồng đang biểu quyết 1 đề nghị" in page
    assert reverse("awards:batch_detail", args=[voting.pk]) in page
    response = client.post(
        edit_url(award.council),
        data(
            award.council,
            members=[u.pk for u in award.members[:4]],
            name="Hội đồng đổi tên trong lúc bỏ phiếu",
            threshold_percent="60",
            posting_days=9,
        ),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["members"] == [FROZEN]
    assert response.context["form"].errors["threshold_percent"] == [PASS_MARK_FROZEN]
    page = response.content.decode()
    assert FROZEN in page
    # Nothing typed is lost: the fields and the four boxes still ticked come back.
    assert 'value="Hội đồng đổi tên trong lúc bỏ phiếu"' in page
    assert 'value="60"' in page and 'value="9"' in page
    assert page.count(" checked>") == 4 + 1  # four members and "strictly more"
    award.council.refresh_from_db()
    assert award.council.name == "Hội đồng TĐKT tỉnh"
    assert award.council.members.count() == 5
    # The other fields may still change, with the members as they are.
    response = client.post(edit_url(award.council), data(award.council, posting_days=9))
    assert response.status_code == 302
    award.council.refresh_from_db()
    assert award.council.posting_days == 9


def test_members_change_again_once_the_vote_is_closed(award, voting, province_staff):
    with pytest.raises(ValidationError) as exc:
        services.council_save(award.council, user=province_staff, members=award.members[:4])
    assert exc.value.message_dict == {"members": [FROZEN]}
    assert exc.value.error_dict["members"][0].code == "members_frozen"
    for member in award.members[:3]:
        for nomination in voting.nominations.all():
            services.council_vote_cast(nomination, user=member, approve=True)
    services.batch_transition(voting, S.LEADER_APPROVAL, user=award.members[0])
    services.council_save(award.council, user=province_staff, members=award.members[:4])
    assert award.council.members.count() == 4


def test_the_pass_mark_cannot_change_during_the_vote(award, voting, province_staff):
    before = (award.council.threshold_percent, award.council.strictly_more)
    for change in ({"threshold_percent": 40}, {"strictly_more": False}):
        council = Council.objects.get(pk=award.council.pk)
        for field, value in change.items():
            setattr(council, field, value)
        with pytest.raises(ValidationError) as exc:
            services.council_save(council, user=province_staff, members=award.members)
        assert exc.value.message_dict == {"threshold_percent": [PASS_MARK_FROZEN]}
        assert exc.value.error_dict["threshold_percent"][0].code == "pass_mark_frozen"
    award.council.refresh_from_db()
    assert (award.council.threshold_percent, award.council.strictly_more) == before
    for member in award.members[:3]:
        for nomination in voting.nominations.all():
            services.council_vote_cast(nomination, user=member, approve=True)
    services.batch_transition(voting, S.LEADER_APPROVAL, user=award.members[0])
    council = Council.objects.get(pk=award.council.pk)
    council.threshold_percent = 40
    services.council_save(council, user=province_staff, members=award.members)
    award.council.refresh_from_db()
    assert award.council.threshold_percent == 40


def test_the_admin_locks_the_members_during_the_vote(award, voting, admin_user, rf):
    council_admin = CouncilAdmin(Council, admin.site)
    request = rf.get("/")
    request.user = admin_user
    locked = council_admin.get_readonly_fields(request, award.council)
    assert {"members", "threshold_percent", "strictly_more"} <= set(locked)
    other = Council.objects.create(name="Hội đồng khác", organisation=award.council_org)
    assert "members" not in council_admin.get_readonly_fields(request, other)
