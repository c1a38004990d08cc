"""Units and organisations pages: scope (404 outside), lists in a constant number of queries."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orgunits.models import AdminLevel, OrganisationKind, Succession, SuccessionKind
from people.models import Gender, Person
from tests.conftest import make_org, make_unit


def outsider_urls(tree):  # type: ignore[no-untyped-def]
    return [
        reverse("orgunits:unit_detail", args=[tree.other_commune.pk]),
        reverse("orgunits:unit_detail", args=[tree.other_village.pk]),
        reverse("orgunits:unit_detail", args=[tree.district.pk]),
        reverse("orgunits:unit_detail", args=[tree.province.pk]),
        reverse("orgunits:unit_detail", args=[tree.other_province.pk]),
        reverse("orgunits:organisation_detail", args=[tree.other_police.pk]),
        reverse("orgunits:organisation_detail", args=[tree.cat.pk]),
        reverse("orgunits:organisation_detail", args=[tree.far_org.pk]),
    ]


def test_every_unit_and_organisation_page_of_another_commune_is_404(
    tree, commune_officer, client_for
):
    client = client_for(commune_officer)
    for url in outsider_urls(tree):
        response = client.get(url)
        assert response.status_code == 404, url
        body = response.content.decode()
        assert "Hòa Lạc" not in body and "Xa Xôi" not in body, url


def test_own_pages_do_not_leak_what_lies_outside(tree, commune_officer, client_for):
    client = client_for(commune_officer)
    village = client.get(reverse("orgunits:unit_detail", args=[tree.village.pk]))
    assert village.status_code == 200
    body = village.content.decode()
    # The breadcrumb stops at the officer's own commune.
    assert "Phường An Bình" in body and "Sông Lam" not in body
    police = client.get(reverse("orgunits:organisation_detail", args=[tree.police.pk]))
    body = police.content.decode()
    assert "Tổ bảo vệ ANTT tổ dân phố 1" in body and "Nguyễn Văn An" in body


def test_organisation_page_lists_only_children_and_people_in_scope(
    tree, commune_officer, client_for
):
    # A body in the officer's commune whose subordinate sits in the other commune.
    make_org("T-X", "Chi hội ngoài", OrganisationKind.OTHER, tree.other_commune, parent=tree.police)
    Person.objects.create(
        full_name="Lê Thị Ngoài",
        gender=Gender.FEMALE,
        organisation=tree.police,
        unit=tree.other_commune,
    )
    body = (
        client_for(commune_officer)
        .get(reverse("orgunits:organisation_detail", args=[tree.police.pk]))
        .content.decode()
    )
    assert "Chi hội ngoài" not in body and "Lê Thị Ngoài" not in body


def test_succession_to_a_unit_outside_the_area_is_named_but_not_linked(
    tree, commune_officer, client_for
):
    Succession.objects.create(
        kind=SuccessionKind.MERGE,
        from_unit=tree.commune,
        to_unit=tree.other_commune,
        effective_date=date(2025, 7, 1),
        legal_basis="Nghị quyết thử",
    )
    body = (
        client_for(commune_officer)
        .get(reverse("orgunits:unit_detail", args=[tree.commune.pk]))
        .content.decode()
    )
    assert "Xã Hòa Lạc" in body
    assert reverse("orgunits:unit_detail", args=[tree.other_commune.pk]) not in body


def test_lists_show_only_the_subtree(tree, commune_officer, client_for):
    client = client_for(commune_officer)
    units = client.get(reverse("orgunits:unit_list")).content.decode()
    assert "Phường An Bình" in units and "Hòa Lạc" not in units and "Xa Xôi" not in units
    assert "Sông Lam" not in units  # the district above the commune
    orgs = client.get(reverse("orgunits:organisation_list")).content.decode()
    assert "Công an phường An Bình" in orgs and "Công an xã Hòa Lạc" not in orgs


def grow(tree, n: int) -> None:  # type: ignore[no-untyped-def]
    """Add ``n`` villages, each with an organisation, under the province staff's province."""
    for i in range(n):
        village = make_unit(tree.other_commune, f"G-V{i}", f"Thôn {i}", "thôn", AdminLevel.VILLAGE)
        make_org(f"G-O{i}", f"Tổ bảo vệ thôn {i}", OrganisationKind.SECURITY_TEAM, village)


@pytest.mark.parametrize(
    "url_name",
    ["orgunits:unit_list", "orgunits:organisation_list"],
)
def test_lists_run_a_constant_number_of_queries(
    tree, province_staff, client_for, django_assert_num_queries, url_name
):
    client = client_for(province_staff)
    url = reverse(url_name)
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    few = len(small)  # now: the next request clears the log the context reads
    grow(tree, 30)
    client.get(url)  # new units make the cached user stale: load it again before counting
    with django_assert_num_queries(few):
        assert client.get(url).status_code == 200
    assert few <= 12


def test_unit_detail_runs_a_constant_number_of_queries(
    tree, province_staff, client_for, django_assert_num_queries
):
    client = client_for(province_staff)
    url = reverse("orgunits:unit_detail", args=[tree.other_commune.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    few = len(small)  # now: the next request clears the log the context reads
    grow(tree, 20)
    client.get(url)  # new units make the cached user stale: load it again before counting
    with django_assert_num_queries(few):
        assert "Thôn 19" in client.get(url).content.decode()


def test_list_names_the_parent_and_filters_units_existing_today(tree, province_staff, client_for):
    import time_machine

    tree.other_commune.valid_to = date(2025, 6, 30)
    tree.other_commune.save()
    make_unit(
        tree.province, "T-C5", "Tương Lai", "xã", AdminLevel.COMMUNE, valid_from=date(2030, 1, 1)
    )
    client = client_for(province_staff)
    body = client.get(reverse("orgunits:unit_list") + "?level=commune").content.decode()
    assert "Huyện Sông Lam" in body  # the parent tells same-named units apart
    with time_machine.travel(date(2026, 1, 1), tick=False):
        current = client.get(reverse("orgunits:unit_list") + "?level=commune&current=on")
    body = current.content.decode()
    assert "Phường An Bình" in body
    assert "Xã Hòa Lạc" not in body and "Tương Lai" not in body
