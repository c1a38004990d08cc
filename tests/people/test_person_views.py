"""People pages: another commune's people are 404 on every URL; lists stay constant in queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import RoleCode
from people.models import Gender, Person
from tests.conftest import make_user


def person_data(tree, **overrides):  # type: ignore[no-untyped-def]
    data = {
        "full_name": "Phạm Văn Dũng",
        "gender": "male",
        "birth_year": "1979",
        "position": "Tổ trưởng",
        "position_rank": "5",
        "organisation": tree.police.pk,
        "unit": tree.commune.pk,
    }
    data.update(overrides)
    return data


def test_another_communes_person_is_404_on_every_url(tree, commune_officer, client_for):
    client = client_for(commune_officer)
    detail = reverse("people:person_detail", args=[tree.other_person.pk])
    edit = reverse("people:person_update", args=[tree.other_person.pk])
    for response in (client.get(detail), client.get(edit), client.post(edit, person_data(tree))):
        assert response.status_code == 404
        assert "Trần Thị Bích" not in response.content.decode()
    tree.other_person.refresh_from_db()
    assert tree.other_person.full_name == "Trần Thị Bích"


def test_list_shows_only_the_subtree(tree, commune_officer, client_for):
    body = client_for(commune_officer).get(reverse("people:person_list")).content.decode()
    assert "Nguyễn Văn An" in body and "Trần Thị Bích" not in body
    search = client_for(commune_officer).get(reverse("people:person_list") + "?q=bich")
    assert "Trần Thị Bích" not in search.content.decode()


def test_officer_adds_and_edits_a_person_of_the_commune(tree, commune_officer, client_for):
    client = client_for(commune_officer)
    response = client.post(reverse("people:person_create"), person_data(tree))
    person = Person.objects.get(full_name="Phạm Văn Dũng")
    assert response.status_code == 302
    assert response["Location"] == reverse("people:person_detail", args=[person.pk])
    edit = reverse("people:person_update", args=[person.pk])
    assert client.get(edit).status_code == 200
    client.post(edit, person_data(tree, position="Tổ phó"))
    person.refresh_from_db()
    assert person.position == "Tổ phó" and person.history.count() == 2


def test_viewer_may_read_but_not_edit(tree, client_for):
    viewer = make_user("viewer", tree.police, RoleCode.VIEWER)
    client = client_for(viewer)
    assert client.get(reverse("people:person_detail", args=[tree.person.pk])).status_code == 200
    assert client.get(reverse("people:person_create")).status_code == 403
    edit = reverse("people:person_update", args=[tree.person.pk])
    assert client.post(edit, person_data(tree)).status_code == 403
    assert (
        "Sửa"
        not in client.get(reverse("people:person_detail", args=[tree.person.pk])).content.decode()
    )


def test_person_list_runs_a_constant_number_of_queries(
    tree, province_staff, client_for, django_assert_num_queries
):
    client = client_for(province_staff)
    url = reverse("people:person_list")
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for i in range(30):
        Person.objects.create(
            full_name=f"Người Thứ {i}",
            gender=Gender.FEMALE,
            organisation=tree.other_police,
            unit=tree.other_commune,
        )
    with django_assert_num_queries(len(small.captured_queries)):
        assert "Người Thứ 29" in client.get(url).content.decode()
