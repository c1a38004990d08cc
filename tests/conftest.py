"""Shared fixtures: a small territory and the personas of STYLE.md.

``tree`` is a province with one district, two communes (each with police and a
village), so every scope rule can be tested with an insider and an outsider.
"""

import os
import shutil
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.management import call_command

from accounts.models import Role, RoleCode, User
from orgunits.models import AdminLevel, AdminUnit, Organisation, OrganisationKind
from people.models import Gender, Person

PASSWORD = "correct-horse-battery-42"


def pytest_collection_modifyitems(config, items):  # type: ignore[no-untyped-def]
    """Skip integration tests only outside CI when the services are missing."""
    if os.environ.get("THIDUA_SERVICES_MISSING") != "1":
        return
    if os.environ.get("CI") == "true":
        raise pytest.UsageError("CI=true: integration services are required, not skipped.")
    skip = pytest.mark.skip(reason="PostgreSQL/Redis not available on this machine")
    for item in items:
        if "integration" in item.keywords or "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _fresh_page_cache() -> None:
    """No cached page or user outlives its test (primary keys repeat across tests)."""
    from core import cachegen

    cachegen.bump_all()


def make_unit(parent: AdminUnit | None, code: str, name: str, type_name: str, level: str, **kw):  # type: ignore[no-untyped-def]
    if parent is None:
        unit = AdminUnit.objects.add_root(
            dict(code=code, name=name, type_name=type_name, level=level, **kw)
        )
    else:
        unit = AdminUnit.objects.add_child(
            parent,
            dict(
                code=code,
                name=name,
                type_name=type_name,
                level=level,
                province=parent.province,
                **kw,
            ),
        )
    if level == AdminLevel.PROVINCE:
        unit.province = unit
        unit.save(update_fields=["province"])
    return unit


def make_org(code: str, name: str, kind: str, unit: AdminUnit, **kw) -> Organisation:  # type: ignore[no-untyped-def]
    return Organisation.objects.create(code=code, name=name, kind=kind, unit=unit, **kw)


def make_user(username: str, org: Organisation | None, *roles: str, **kw) -> User:  # type: ignore[no-untyped-def]
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        organisation=org,
        email=f"{username}@example.org",
        **kw,
    )
    # Transactional tests flush the roles the data migration made: make sure they exist.
    Role.objects.bulk_create([Role(code=c) for c in RoleCode.values], ignore_conflicts=True)
    user.roles.set(Role.objects.filter(code__in=roles))
    return user


@pytest.fixture
def tree(db):  # type: ignore[no-untyped-def]
    K = OrganisationKind
    nation = make_unit(None, "T-VN", "Việt Nam", "", AdminLevel.NATION)
    province = make_unit(nation, "T-P1", "Thử Nghiệm", "tỉnh", AdminLevel.PROVINCE)
    other_province = make_unit(nation, "T-P2", "Xa Xôi", "tỉnh", AdminLevel.PROVINCE)
    district = make_unit(province, "T-D1", "Sông Lam", "huyện", AdminLevel.DISTRICT)
    commune = make_unit(district, "T-C1", "An Bình", "phường", AdminLevel.COMMUNE)
    other_commune = make_unit(district, "T-C2", "Hòa Lạc", "xã", AdminLevel.COMMUNE)
    village = make_unit(commune, "T-V1", "1", "tổ dân phố", AdminLevel.VILLAGE)
    other_village = make_unit(other_commune, "T-V2", "Đông", "thôn", AdminLevel.VILLAGE)
    ubnd = make_org(
        "T-UBND", "Ủy ban nhân dân tỉnh Thử Nghiệm", K.PEOPLES_COMMITTEE, province, doc_code="UBND"
    )
    cat = make_org(
        "T-CAT", "Công an tỉnh Thử Nghiệm", K.PROVINCIAL_POLICE, province, doc_code="CAT"
    )
    police = make_org("T-CA1", "Công an phường An Bình", K.COMMUNE_POLICE, commune, parent=cat)
    other_police = make_org(
        "T-CA2", "Công an xã Hòa Lạc", K.COMMUNE_POLICE, other_commune, parent=cat
    )
    far_org = make_org("T-UBND2", "UBND tỉnh Xa Xôi", K.PEOPLES_COMMITTEE, other_province)
    team = make_org(
        "T-TBV1", "Tổ bảo vệ ANTT tổ dân phố 1", K.SECURITY_TEAM, village, parent=police
    )
    person = Person.objects.create(
        full_name="Nguyễn Văn An",
        gender=Gender.MALE,
        birth_year=1980,
        organisation=police,
        unit=commune,
    )
    other_person = Person.objects.create(
        full_name="Trần Thị Bích",
        gender=Gender.FEMALE,
        birth_year=1990,
        organisation=other_police,
        unit=other_commune,
    )
    return SimpleNamespace(
        nation=nation,
        province=province,
        other_province=other_province,
        district=district,
        commune=commune,
        other_commune=other_commune,
        village=village,
        other_village=other_village,
        ubnd=ubnd,
        cat=cat,
        police=police,
        other_police=other_police,
        far_org=far_org,
        team=team,
        person=person,
        other_person=other_person,
    )


@pytest.fixture
def province_staff(tree):  # type: ignore[no-untyped-def]
    return make_user("staff", tree.cat, RoleCode.PROVINCE_STAFF)


@pytest.fixture
def commune_officer(tree):  # type: ignore[no-untyped-def]
    return make_user("officer", tree.police, RoleCode.COMMUNE_OFFICER)


@pytest.fixture
def other_commune(tree):  # type: ignore[no-untyped-def]
    return make_user("outsider", tree.other_police, RoleCode.COMMUNE_OFFICER)


@pytest.fixture
def leader(tree):  # type: ignore[no-untyped-def]
    return make_user("leader", tree.ubnd, RoleCode.LEADER)


@pytest.fixture
def admin_user(tree):  # type: ignore[no-untyped-def]
    return make_user("root", None, RoleCode.ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def client_for(client):  # type: ignore[no-untyped-def]
    """``client_for(user)`` logs the test client in as ``user`` (bypassing axes)."""

    def _login(user: User):  # type: ignore[no-untyped-def]
        client.force_login(user, backend="accounts.backends.ScopedModelBackend")
        return client

    return _login


@pytest.fixture
def demo(db):  # type: ignore[no-untyped-def]
    call_command("load_demo", verbosity=0)


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):  # type: ignore[no-untyped-def]
    """PBKDF2 costs most of load_demo's time in tests; the hash strength is not under test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


CHROMIUM = os.environ.get("THIDUA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium through Playwright, one per test session (never downloaded).

    Playwright's sync API runs an asyncio loop in this thread; Django refuses ORM calls from
    such a thread unless told it is safe (it is: the loop does no work while the ORM runs).
    """
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and no Chromium at {CHROMIUM} (apt-get install chromium).")
        pytest.skip(f"No Chromium at {CHROMIUM}")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # The live server answers Chromium's keep-alive connections in threads that outlive
    # the request; with persistent database connections each such thread would hold one
    # open past the test database's teardown ("being accessed by other users"). Closed
    # at the end of every request instead.
    connections.settings["default"]["CONN_MAX_AGE"] = 0
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
        # While Playwright's loop runs, Django keeps this thread's connections in
        # context-local storage (asgiref's Local, as under ASGI); once it stops, the
        # thread-local ones are used. A connection opened meanwhile (a module fixture of a
        # later test module) would outlive the run and block the test database's teardown:
        # close them while they are still reachable.
        connections.close_all()
