"""Every object page of the foundation refuses another commune's objects with a 404."""

import pytest
from django.urls import reverse


def object_urls(tree):  # type: ignore[no-untyped-def]
    """URLs of objects that belong to the *other* commune (outside the officer's scope)."""
    return [
        reverse("orgunits:unit_detail", args=[tree.other_commune.pk]),
        reverse("orgunits:unit_detail", args=[tree.other_village.pk]),
        reverse("orgunits:unit_detail", args=[tree.province.pk]),
        reverse("orgunits:organisation_detail", args=[tree.other_police.pk]),
        reverse("orgunits:organisation_detail", args=[tree.far_org.pk]),
        reverse("people:person_detail", args=[tree.other_person.pk]),
        reverse("people:person_update", args=[tree.other_person.pk]),
    ]


def test_outsider_objects_are_404_with_nothing_of_theirs(tree, commune_officer, client_for):
    client = client_for(commune_officer)
    for url in object_urls(tree):
        response = client.get(url)
        assert response.status_code == 404, url
        body = response.content.decode()
        assert "Hòa Lạc" not in body and "Trần Thị Bích" not in body, url


def test_own_objects_are_visible(tree, commune_officer, client_for):
    client = client_for(commune_officer)
    for url in [
        reverse("orgunits:unit_detail", args=[tree.commune.pk]),
        reverse("orgunits:unit_detail", args=[tree.village.pk]),
        reverse("orgunits:organisation_detail", args=[tree.police.pk]),
        reverse("people:person_detail", args=[tree.person.pk]),
    ]:
        assert client.get(url).status_code == 200, url


def test_lists_show_only_the_subtree(tree, commune_officer, client_for):
    client = client_for(commune_officer)
    units = client.get(reverse("orgunits:unit_list")).content.decode()
    assert "An Bình" in units and "Hòa Lạc" not in units and "Xa Xôi" not in units
    orgs = client.get(reverse("orgunits:organisation_list")).content.decode()
    assert "Công an phường An Bình" in orgs and "Công an xã Hòa Lạc" not in orgs
    people = client.get(reverse("people:person_list")).content.decode()
    assert "Nguyễn Văn An" in people and "Trần Thị Bích" not in people


def test_province_staff_sees_the_whole_province_but_not_another(tree, province_staff, client_for):
    client = client_for(province_staff)
    assert (
        client.get(reverse("orgunits:unit_detail", args=[tree.other_commune.pk])).status_code == 200
    )
    assert (
        client.get(reverse("people:person_detail", args=[tree.other_person.pk])).status_code == 200
    )
    far = client.get(reverse("orgunits:organisation_detail", args=[tree.far_org.pk]))
    assert far.status_code == 404


def test_anonymous_is_sent_to_login(tree, client):
    response = client.get(reverse("orgunits:unit_detail", args=[tree.commune.pk]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("field", ["organisation", "unit"])
def test_person_form_refuses_ids_outside_scope(tree, commune_officer, client_for, field):
    client = client_for(commune_officer)
    data = {
        "full_name": "Lê Văn Cường",
        "gender": "male",
        "birth_year": "1985",
        "position_rank": "0",
        "organisation": tree.police.pk,
        "unit": tree.commune.pk,
    }
    data[field] = tree.other_police.pk if field == "organisation" else tree.other_commune.pk
    response = client.post(reverse("people:person_create"), data)
    assert response.status_code == 200
    assert "Lê Văn Cường" in response.content.decode()  # what was typed is kept
    from people.models import Person

    assert not Person.objects.filter(full_name="Lê Văn Cường").exists()
