"""People around one responsible organisation, and helpers for deadlines on a fixed clock."""

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from accounts.models import Role, RoleCode, User
from notifications.models import DeadlineKind, ReminderRule
from notifications.services import deadline_upsert
from people.models import Gender, Person, PositionRank

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(y: int, m: int, d: int, hh: int = 8, mm: int = 0) -> datetime:
    """A local (Vietnam) moment."""
    return datetime(y, m, d, hh, mm, tzinfo=VN)


def target(tree, name: str = "Đối tượng") -> Person:  # type: ignore[no-untyped-def]
    """Any saved object can own a deadline; a person is the cheapest to make."""
    return Person.objects.create(
        full_name=name, gender=Gender.MALE, organisation=tree.police, unit=tree.commune
    )


def add_deadline(tree, due, org=None, kind=DeadlineKind.EXPECTED_REPORT, title="Báo cáo tháng 5"):  # type: ignore[no-untyped-def]
    return deadline_upsert(
        target(tree, title),
        kind,
        due_at=due,
        organisation=org or tree.police,
        title=title,
        url="/reports/1/",
    )


def make_user(username: str, org, *roles: str, **kw) -> User:  # type: ignore[no-untyped-def]
    """Like tests.conftest.make_user without password hashing (tests log in with
    force_login), which keeps the fixture cheap on a busy machine."""
    user = User(username=username, organisation=org, email=f"{username}@example.org", **kw)
    user.set_unusable_password()
    user.save()
    user.roles.set(Role.objects.filter(code__in=roles))
    return user


def ensure_reference_data() -> None:
    """Rows that data migrations create: a transactional test elsewhere in the run may
    have flushed them (pytest-django runs those last and flushes after each)."""

    Role.objects.bulk_create([Role(code=c) for c in RoleCode.values], ignore_conflicts=True)
    if not ReminderRule.objects.filter(province__isnull=True).exists():
        ReminderRule.objects.bulk_create(
            [ReminderRule(kind=k) for k in DeadlineKind.values], ignore_conflicts=True
        )


@pytest.fixture
def people(tree):  # type: ignore[no-untyped-def]
    """Reporter and head in the commune police, staff of its parent (Công an tỉnh),
    the province leader, and people who must never be reminded."""
    ensure_reference_data()
    head_person = Person.objects.create(
        full_name="Trưởng Công an phường",
        gender=Gender.MALE,
        organisation=tree.police,
        unit=tree.commune,
        position_rank=PositionRank.HEAD_AGENCY,
    )
    return SimpleNamespace(
        reporter=make_user("reporter", tree.police, RoleCode.COMMUNE_OFFICER),
        head=make_user("head", tree.police, RoleCode.VIEWER, person=head_person),
        staff=make_user("pv05", tree.cat, RoleCode.PROVINCE_STAFF),
        leader=make_user("chutich", tree.ubnd, RoleCode.LEADER),
        outsider=make_user("outsider", tree.other_police, RoleCode.COMMUNE_OFFICER),
        far_leader=make_user("farleader", tree.far_org, RoleCode.LEADER),
        team=make_user("team", tree.team, RoleCode.COMMUNE_OFFICER),
    )


@pytest.fixture
def province_staff(tree):  # type: ignore[no-untyped-def]
    """tests.conftest's persona, with the reference rows ensured and no password hash."""
    ensure_reference_data()
    return make_user("staff", tree.cat, RoleCode.PROVINCE_STAFF)
