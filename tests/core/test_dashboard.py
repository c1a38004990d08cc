"""Home dashboard and profile: scoped counts, a constant number of queries, dated counts."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import cachegen
from orgunits.models import AdminLevel, OrganisationKind
from people.models import Gender, Person
from tests.conftest import make_org, make_unit

HOME = reverse("core:home")


def grow(tree, n: int) -> None:  # type: ignore[no-untyped-def]
    """Add ``n`` villages, organisations and people in both communes."""
    for i in range(n):
        for commune in (tree.commune, tree.other_commune):
            village = make_unit(commune, f"G{commune.pk}-{i}", str(i), "thôn", AdminLevel.VILLAGE)
            org = make_org(
                f"GO{commune.pk}-{i}", f"Tổ {i}", OrganisationKind.SECURITY_TEAM, village
            )
            Person.objects.create(
                full_name=f"Người {i}", gender=Gender.MALE, organisation=org, unit=village
            )


@pytest.mark.parametrize("persona", ["province_staff", "commune_officer", "admin_user", "leader"])
def test_home_runs_a_constant_number_of_queries(
    tree, client_for, django_assert_num_queries, request, persona, settings
):
    settings.PAGE_CACHE = True
    client = client_for(request.getfixturevalue(persona))
    client.get(HOME)  # warm the session
    cachegen.bump_all()  # count the page as rendered, not as served from the page cache
    with CaptureQueriesContext(connection) as small:
        assert client.get(HOME).status_code == 200
    grow(tree, 25)  # new units and people: the cached page and user are stale
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(HOME).status_code == 200
    assert len(small.captured_queries) <= 12
    with django_assert_num_queries(0):  # unchanged data: the page cache answers
        assert client.get(HOME).status_code == 200


def test_home_counts_only_the_users_subtree(tree, commune_officer, client_for):
    grow(tree, 3)
    response = client_for(commune_officer).get(HOME)
    assert response.context["unit_counts"]["village"] == 1 + 3
    assert response.context["organisation_count"] == 2 + 3  # police, team, new teams
    assert response.context["person_count"] == 1 + 3
    body = response.content.decode()
    assert "Hòa Lạc" not in body and "Trần Thị Bích" not in body
    # A commune officer gets no card for the levels above the commune.
    assert [level for level, _ in response.context["level_cards"]] == ["village"]


def test_province_counts_follow_the_day(tree, province_staff, client_for):
    tree.other_commune.valid_to = date(2025, 6, 30)
    tree.other_commune.save()
    client = client_for(province_staff)
    with time_machine.travel(date(2025, 6, 30), tick=False):
        before = client.get(HOME)
    with time_machine.travel(date(2025, 7, 1), tick=False):
        after = client.get(HOME)
    assert before.context["unit_counts"]["commune"] == 2
    assert after.context["unit_counts"]["commune"] == 1
    assert "30/06/2025" in before.content.decode() and "01/07/2025" in after.content.decode()


def test_profile_shows_only_the_users_own_account(tree, commune_officer, other_commune, client_for):
    body = client_for(commune_officer).get(reverse("accounts:profile")).content.decode()
    assert "officer" in body and "Công an phường An Bình" in body
    assert "outsider" not in body and "Công an xã Hòa Lạc" not in body


def test_home_and_profile_need_login(client):
    for url in (HOME, reverse("accounts:profile")):
        response = client.get(url)
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
