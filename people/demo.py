"""Demo people: the signers the seeds name, officers, and the security teams' members."""

from datetime import date
from typing import Any

from core.demo import upsert
from orgunits.models import Organisation

from .models import Gender, Person, PositionRank, TeamMembership, TeamRole

# Names of signers come from the seeds; other names are fictitious demo names.
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Minh", "Quang"]
MIDDLE_F = ["Thị", "Ngọc", "Thu", "Thanh", "Kim"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khoa", "Long", "Nam", "Phong"]
GIVEN_F = ["Hà", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga", "Thảo", "Trang", "Yến"]


def person(key: str, full_name: str, gender: str, org: Organisation, **extra: Any) -> Person:
    """``key`` is a stable demo identifier kept in the email so reloading finds the row."""
    return upsert(
        Person,
        {"email": f"{key}@demo.thidua.local"},
        {"full_name": full_name, "gender": gender, "organisation": org, "unit": org.unit, **extra},
    )


def load(units: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    o = Organisation.objects.get
    out["le_van_chien"] = person(
        "le-van-chien",
        "Lê Văn Chiến",
        Gender.MALE,
        o(code="UBND-67"),
        position="Phó Chủ tịch Ủy ban nhân dân tỉnh",
        position_rank=PositionRank.DEPUTY_HEAD_AGENCY,
        birth_year=1968,
    )
    out["mai_son"] = person(
        "mai-son",
        "Mai Sơn",
        Gender.MALE,
        o(code="UBND-24"),
        position="Phó Chủ tịch Thường trực UBND tỉnh, Phó Trưởng ban thứ nhất Ban Chỉ đạo",
        position_rank=PositionRank.DEPUTY_HEAD_AGENCY,
        birth_year=1967,
    )
    out["tran_tue_hien"] = person(
        "tran-tue-hien",
        "Trần Tuệ Hiền",
        Gender.MALE,
        o(code="UBND-70"),
        position="Chủ tịch Ủy ban nhân dân tỉnh",
        position_rank=PositionRank.HEAD_AGENCY,
        birth_year=1969,
    )
    out["vu_anh_tuan"] = person(
        "vu-anh-tuan",
        "Vũ Anh Tuấn",
        Gender.MALE,
        o(code="CAT-24-PV01"),
        position="Trung tá, cán bộ Phòng Tham mưu",
        phone="0976636640",
        birth_year=1982,
    )
    out["gd_cat_67"] = person(
        "gd-cat-67",
        "Nguyễn Văn Hùng",
        Gender.MALE,
        o(code="CAT-67"),
        position="Giám đốc Công an tỉnh",
        position_rank=PositionRank.HEAD_AGENCY,
        birth_year=1970,
    )
    out["staff_pv05"] = person(
        "staff-pv05",
        "Trần Thị Lan",
        Gender.FEMALE,
        o(code="CAT-67-PV05"),
        position="Cán bộ thường trực Phòng PV05",
        birth_year=1988,
    )
    out["snv_67"] = person(
        "snv-67",
        "Phạm Thu Hương",
        Gender.FEMALE,
        o(code="SNV-67"),
        position="Chuyên viên thi đua - khen thưởng",
        birth_year=1985,
    )
    for code, name, gender in [
        ("24611", "Lê Minh Khoa", Gender.MALE),
        ("24612", "Hoàng Thị Mai", Gender.FEMALE),
    ]:
        out[f"officer_{code}"] = person(
            f"officer-{code}",
            name,
            gender,
            o(code=f"CA-{code}"),
            position="Trưởng Công an phường",
            position_rank=PositionRank.HEAD_DIVISION,
            birth_year=1986,
        )

    # Three members per security team: tổ trưởng, tổ phó, tổ viên (service dates matter for
    # the Kỷ niệm chương: 15 years for men, 10 for women).
    n = 0
    for team in units["teams"]:
        for role in (TeamRole.LEADER, TeamRole.DEPUTY, TeamRole.MEMBER):
            gender = Gender.FEMALE if n % 3 == 2 else Gender.MALE
            middle = (MIDDLE_F if gender == Gender.FEMALE else MIDDLE_M)[n % 5]
            given = (GIVEN_F if gender == Gender.FEMALE else GIVEN_M)[(n * 7) % 10]
            p = person(
                f"team-{team.code}-{role}",
                f"{FAMILY[n % 10]} {middle} {given}",
                gender,
                team,
                birth_year=1960 + n % 35,
                position={"leader": "Tổ trưởng", "deputy": "Tổ phó", "member": "Tổ viên"}[role],
                position_rank=PositionRank.TEAM_LEADER if role == TeamRole.LEADER else 0,
            )
            upsert(
                TeamMembership,
                {"person": p, "team": team},
                {"role": role, "started_on": date(2005 + n % 15, 1 + n % 12, 1)},
            )
            n += 1
    return out
