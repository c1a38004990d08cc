"""Who edits the catalogue: national forms by national administrators, a province's by its staff."""

import pytest
from django.urls import reverse

from accounts.models import RoleCode
from awards.models import AwardForm, AwardLevel, SubjectScope
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def form_data(form: AwardForm, **overrides):  # type: ignore[no-untyped-def]
    data = {
        "code": form.code,
        "name": form.name,
        "authority": form.authority,
        "level": form.level,
        "subject": form.subject,
        "dossier_items": ["proposal"],
        "order": 1,
        "active": "on",
        "min_service_years_male": 15,
        "min_service_years_female": 10,
    }
    data.update(overrides)
    return data


@pytest.fixture
def forms(tree):  # type: ignore[no-untyped-def]
    national = AwardForm.objects.create(
        code="bk-bt",
        name="Bằng khen của Bộ trưởng Bộ Công an",
        authority="Bộ trưởng Bộ Công an",
        level=AwardLevel.MINISTRY,
        subject=SubjectScope.BOTH,
    )
    mine = AwardForm.objects.create(
        code="gk-gd-cat-tn",
        name="Giấy khen của Giám đốc Công an tỉnh Thử Nghiệm",
        authority="Giám đốc Công an tỉnh",
        level=AwardLevel.PROVINCIAL_POLICE,
        owner_unit=tree.province,
    )
    theirs = AwardForm.objects.create(
        code="gk-gd-cat-xx",
        name="Giấy khen của Giám đốc Công an tỉnh Xa Xôi",
        authority="Giám đốc Công an tỉnh",
        level=AwardLevel.PROVINCIAL_POLICE,
        owner_unit=tree.other_province,
    )
    return national, mine, theirs


def edit(client, form, **overrides):  # type: ignore[no-untyped-def]
    return client.post(reverse("awards:form_edit", args=[form.pk]), form_data(form, **overrides))


def test_province_staff_edit_their_own_form_only(tree, forms, province_staff, client_for):
    national, mine, theirs = forms
    client = client_for(province_staff)
    assert client.get(reverse("awards:form_edit", args=[mine.pk])).status_code == 200
    assert edit(client, mine, name="Giấy khen của Giám đốc CAT").status_code == 302
    mine.refresh_from_db()
    assert mine.name == "Giấy khen của Giám đốc CAT"
    # The national catalogue: visible, not editable.
    assert client.get(reverse("awards:form_edit", args=[national.pk])).status_code == 403
    assert edit(client, national, name="Sửa trái phép").status_code == 403
    # Another province's form does not exist for them.
    assert client.get(reverse("awards:form_edit", args=[theirs.pk])).status_code == 404
    assert edit(client, theirs, name="Sửa trái phép").status_code == 404
    national.refresh_from_db()
    theirs.refresh_from_db()
    assert "Sửa trái phép" not in (national.name, theirs.name)
    page = client.get(reverse("awards:form_list")).content.decode()
    assert "Giấy khen của Giám đốc Công an tỉnh Xa Xôi" not in page
    assert reverse("awards:form_edit", args=[national.pk]) not in page
    assert reverse("awards:form_edit", args=[mine.pk]) in page


def test_outsider_and_commune_officer(tree, forms, other_commune, commune_officer, client_for):
    _national, mine, theirs = forms
    far = make_user("far", tree.far_org, RoleCode.PROVINCE_STAFF)
    client = client_for(far)
    assert client.get(reverse("awards:form_edit", args=[mine.pk])).status_code == 404
    assert edit(client, mine, name="Sửa trái phép").status_code == 404
    for user in (other_commune, commune_officer):
        client = client_for(user)
        assert client.get(reverse("awards:form_edit", args=[mine.pk])).status_code == 403
        assert client.get(reverse("awards:form_edit", args=[theirs.pk])).status_code == 404
    mine.refresh_from_db()
    assert mine.name != "Sửa trái phép"


def test_only_national_administrators_edit_national_forms(tree, forms, admin_user, client_for):
    national, _mine, theirs = forms
    provincial_admin = make_user("padmin", tree.cat, RoleCode.ADMIN)
    assert edit(client_for(provincial_admin), national, name="X").status_code == 403
    client = client_for(admin_user)
    assert edit(client, national, name="Bằng khen của Bộ trưởng").status_code == 302
    national.refresh_from_db()
    assert national.name == "Bằng khen của Bộ trưởng"
    assert edit(client, theirs, name="Giấy khen (sửa)").status_code == 302


def test_bad_input_keeps_what_was_typed(tree, forms, province_staff, client_for):
    _national, mine, _theirs = forms
    response = edit(client_for(province_staff), mine, name="Tên mới", min_service_years_male="")
    assert response.status_code == 200
    assert "Tên mới" in response.content.decode()
    mine.refresh_from_db()
    assert mine.name == "Giấy khen của Giám đốc Công an tỉnh Thử Nghiệm"
