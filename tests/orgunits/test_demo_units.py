"""The demo territory: Đắk Nông's 2025 successions, and a real-size export → import."""

from datetime import date

import pytest
from django.urls import reverse

from accounts import demo as accounts_demo
from accounts.models import User
from orgunits import demo as orgunits_demo
from orgunits.models import AdminUnit
from orgunits.selectors import successors_of, unit_qs_for
from tests.orgunits.helpers import upload

REFORM = date(2025, 7, 1)
EVE = date(2025, 6, 30)


@pytest.fixture
def territory(db, settings):  # type: ignore[no-untyped-def]
    """The demo units, organisations and users only (not the campaigns and later apps)."""
    from people import demo as people_demo

    # Hashing the demo passwords at full strength is most of the loading time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    accounts_demo.load(people_demo.load(orgunits_demo.load()))


def test_dak_nong_wards_map_to_the_new_lam_dong_wards(territory):
    expected = {
        "Nghĩa Đức": "Bắc Gia Nghĩa",
        "Nghĩa Phú": "Bắc Gia Nghĩa",
        "Nghĩa Tân": "Bắc Gia Nghĩa",
        "Nghĩa Thành": "Nam Gia Nghĩa",
        "Đắk R'Moan": "Nam Gia Nghĩa",
        "Quảng Thành": "Nam Gia Nghĩa",
        "Nghĩa Trung": "Đông Gia Nghĩa",
        "Đắk Nia": "Đông Gia Nghĩa",
    }
    gia_nghia = AdminUnit.objects.get(code="660")
    wards = AdminUnit.objects.filter(path__startswith=gia_nghia.path, level="commune")
    assert {w.name for w in wards} == set(expected)
    for ward in wards:
        assert successors_of(ward, EVE) == [ward]
        (successor,) = successors_of(ward, REFORM)
        assert successor.name == expected[ward.name]
        assert successor.province.name == "Lâm Đồng"
        assert successor.is_active_on(REFORM) and not ward.is_active_on(REFORM)
    dak_nong = AdminUnit.objects.get(code="67")
    assert [u.name for u in successors_of(dak_nong, REFORM)] == ["Lâm Đồng"]
    village = AdminUnit.objects.get(code="24611-01")
    assert [u.name for u in successors_of(village, REFORM)] == ["1 (Nghĩa Đức)"]
    # Districts ended with the level: none of Đắk Nông's is active after the reform.
    districts = AdminUnit.objects.filter(path__startswith=dak_nong.path, level="district")
    assert districts.exists() and not districts.active_on(REFORM).exists()


def test_tinh_round_trips_the_whole_province(territory, client):
    tinh = User.objects.get(username="tinh")
    client.force_login(tinh, backend="accounts.backends.ScopedModelBackend")
    exported = client.get(reverse("orgunits:unit_export") + "?format=xlsx").content
    history = AdminUnit.history.model.objects.count()
    response = client.post(reverse("orgunits:unit_import"), {"file": upload("dn.xlsx", exported)})
    plan = response.context["plan"]
    assert not plan.has_errors, [(r.line, r.errors) for r in plan.error_rows[:5]]
    assert len(plan.unchanged) == unit_qs_for(tinh).count() > 80
    assert AdminUnit.history.model.objects.count() == history


def test_commune_bodies_are_named_as_official_texts_write_them(territory):
    """The unit's type in lower case inside an organ's name (Nghị định 30 capitalisation)."""
    from orgunits.models import Organisation, OrganisationKind

    police = Organisation.objects.filter(kind=OrganisationKind.COMMUNE_POLICE)
    ubnd = Organisation.objects.filter(
        kind=OrganisationKind.PEOPLES_COMMITTEE, unit__level="commune"
    )
    assert police.filter(name="Công an phường Nghĩa Đức").exists()
    assert ubnd.filter(name="UBND phường Nghĩa Đức").exists()
    for o in [*police, *ubnd]:
        assert o.name.split(" ")[1 if o.name.startswith("UBND") else 2][0].islower(), o.name
