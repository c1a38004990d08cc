"""Group expansion from the registry, Excel import with a dry run, protocol order."""

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from events import services
from events.models import Invitation, InviteeGroup, ProtocolRank
from events.selectors import invitation_qs_for
from people.models import Gender, Person, PositionRank


def xlsx(rows):  # type: ignore[no-untyped-def]
    wb = Workbook()
    ws = wb.active
    ws.append(["Họ và tên", "Chức vụ", "Cơ quan, đơn vị", "Điện thoại"])
    for row in rows:
        ws.append(row)
    out = BytesIO()
    wb.save(out)
    return SimpleUploadedFile(
        "danh-sach.xlsx",
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def test_expand_matches_people_in_the_convening_subtree(tree, commune_event):
    chief = Person.objects.create(
        full_name="Đỗ Văn Trưởng",
        gender=Gender.MALE,
        position="Trưởng Công an phường",
        position_rank=PositionRank.HEAD_DIVISION,
        organisation=tree.police,
        unit=tree.commune,
    )
    group = InviteeGroup.objects.create(
        event=commune_event,
        description="Trưởng Công an các xã, phường",
        convening_organisation=tree.cat,
        match_kinds="commune_police",
        match_position="Trưởng",
        protocol_rank=ProtocolRank.COMMUNE,
    )
    # tree.person (no position) and other_person are in the subtree but do not match "Trưởng";
    # a chief in another province would be outside the subtree.
    Person.objects.create(
        full_name="Người Tỉnh Khác",
        gender=Gender.MALE,
        position="Trưởng Công an xã",
        organisation=tree.far_org,
        unit=tree.other_province,
    )
    assert services.group_expand(group) == 1
    inv = group.invitations.get()
    assert inv.person == chief and inv.position == "Trưởng Công an phường"
    assert services.group_expand(group) == 0  # nobody invited twice


def test_expand_without_criteria_is_refused(commune_officer, client_for, commune_event, group):
    response = client_for(commune_officer).post(
        reverse("events:group_expand", args=[commune_event.pk, group.pk]), follow=True
    )
    assert (
        "Hãy xác định trước ai thuộc nhóm (loại cơ quan, cấp hoặc chức vụ)."
        in response.content.decode()
    )
    assert not Invitation.objects.exists()


def test_import_with_bad_rows_writes_nothing(commune_officer, client_for, commune_event, group):
    services.invitation_add(group, full_name="Đã Mời Rồi")
    client = client_for(commune_officer)
    url = reverse("events:group_import", args=[commune_event.pk, group.pk])
    upload = xlsx(
        [
            ["Nguyễn Văn Một", "Trưởng thôn", "Thôn Đông", "0912 345 678"],
            ["", "Tổ viên", "Thôn Đông", ""],
            ["Nguyễn Văn Một", "", "", ""],
            ["Trần Văn Ba", "", "", "số điện thoại"],
            ["đã mời rồi", "", "", ""],
        ]
    )
    response = client.post(url, {"file": upload})
    body = response.content.decode()
    assert "Tệp có lỗi; chưa có gì được lưu." in body
    assert "Dòng 3: thiếu họ và tên." in body
    assert "Dòng 4: người này xuất hiện hai lần trong tệp." in body
    assert "Dòng 5: số điện thoại không hợp lệ." in body
    assert "Dòng 6: người này đã có trong danh sách mời." in body
    assert "Xác nhận nhập" not in body
    assert group.invitations.count() == 1
    # A confirmation without a clean preview writes nothing either.
    client.post(url, {"confirm": "1"})
    assert group.invitations.count() == 1


def test_import_preview_then_confirm(commune_officer, client_for, commune_event, group):
    client = client_for(commune_officer)
    url = reverse("events:group_import", args=[commune_event.pk, group.pk])
    response = client.post(
        url,
        {"file": xlsx([["Nguyễn Văn Một", "Trưởng thôn", "Thôn Đông", "0912345678"], ["Lê Hai"]])},
    )
    assert "2 dòng hợp lệ" in response.content.decode()
    assert group.invitations.count() == 0  # the dry run wrote nothing
    client.post(url, {"confirm": "1"})
    names = list(group.invitations.order_by("protocol_order").values_list("full_name", flat=True))
    assert names == ["Nguyễn Văn Một", "Lê Hai"]


def test_import_refuses_a_file_that_is_not_excel(commune_officer, client_for, commune_event, group):
    url = reverse("events:group_import", args=[commune_event.pk, group.pk])
    fake = SimpleUploadedFile("danh-sach.xlsx", b"not a workbook at all")
    response = client_for(commune_officer).post(url, {"file": fake})
    assert "Tệp không phải là bảng tính Excel (.xlsx)." in response.content.decode()
    wrong_ext = SimpleUploadedFile("danh-sach.csv", b"a,b")
    response = client_for(commune_officer).post(url, {"file": wrong_ext})
    assert "Hãy tải lên tệp Excel (.xlsx)." in response.content.decode()
    assert group.invitations.count() == 0


def test_protocol_order_puts_party_and_state_leaders_first(commune_event):
    def grp(desc, rank, order):  # type: ignore[no-untyped-def]
        return InviteeGroup.objects.create(
            event=commune_event, description=desc, protocol_rank=rank, order=order
        )

    # Created in the "wrong" order on purpose.
    teams = grp("Tổ bảo vệ ANTT", ProtocolRank.GRASSROOTS, 1)
    state = grp("Lãnh đạo UBND tỉnh", ProtocolRank.PROVINCIAL_STATE, 2)
    party = grp("Thường trực Tỉnh ủy", ProtocolRank.PROVINCIAL_PARTY, 3)
    services.invitation_add(teams, full_name="Tổ trưởng A")
    services.invitation_add(state, full_name="Phó Chủ tịch UBND")
    services.invitation_add(party, full_name="Bí thư Tỉnh ủy")
    services.invitation_add(state, full_name="Chủ tịch UBND")
    names = [i.full_name for i in invitation_qs_for(commune_event)]
    assert names == ["Bí thư Tỉnh ủy", "Phó Chủ tịch UBND", "Chủ tịch UBND", "Tổ trưởng A"]


def test_same_person_cannot_be_invited_twice(tree, commune_event, group):
    services.invitation_add(group, person=tree.person)
    with pytest.raises(ValidationError) as exc:
        services.invitation_add(group, person=tree.person)
    assert "Người này đã có trong danh sách mời." in exc.value.messages
