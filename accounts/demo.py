"""Demo users (development only: the shared password is refused when DEBUG is off)."""

from typing import Any

from django.conf import settings

from core.demo import set_m2m, upsert
from orgunits.models import Organisation

from .models import Role, RoleCode, User

DEMO_USERS = [
    # username, organisation code, roles, first name, last name, person key
    ("admin", None, [RoleCode.ADMIN], "Quản trị", "hệ thống", None),
    ("tinh", "CAT-67-PV05", [RoleCode.PROVINCE_STAFF], "Lan", "Trần Thị", "staff_pv05"),
    ("xa", "CA-24611", [RoleCode.COMMUNE_OFFICER], "Khoa", "Lê Minh", "officer_24611"),
    ("xa2", "CA-24612", [RoleCode.COMMUNE_OFFICER], "Mai", "Hoàng Thị", "officer_24612"),
    ("lanhdao", "UBND-67", [RoleCode.LEADER], "Chiến", "Lê Văn", "le_van_chien"),
    ("thamdinh", "SNV-67", [RoleCode.APPRAISER], "Hương", "Phạm Thu", "snv_67"),
    ("hoidong", "HDTDKT-67", [RoleCode.COUNCIL_MEMBER], "Hội đồng", "Thành viên", None),
    ("vanthu", "UBND-67", [RoleCode.CLERK], "Văn thư", "UBND tỉnh", None),
    ("xem", "CAT-67", [RoleCode.VIEWER], "Người xem", "Công an tỉnh", None),
    # Bình Phước (seed 003): a school reporting for itself, and the police reviewing it.
    ("truong", "THPT-QT-70", [RoleCode.COMMUNE_OFFICER], "Thảo", "Nguyễn Thị", None),
    ("tinhbp", "CAT-70-PV05", [RoleCode.PROVINCE_STAFF], "Dũng", "Võ Văn", None),
]


def load(people: dict[str, Any]) -> dict[str, User]:
    password = settings.THIDUA["DEMO_PASSWORD"]
    # Roles come from a data migration, but a flushed database (transactional tests) lacks them.
    Role.objects.bulk_create([Role(code=c) for c in RoleCode.values], ignore_conflicts=True)
    out: dict[str, User] = {}
    for username, org_code, roles, first, last, person_key in DEMO_USERS:
        org = Organisation.objects.get(code=org_code) if org_code else None
        user = upsert(
            User,
            {"username": username},
            {
                "organisation": org,
                "first_name": first,
                "last_name": last,
                "email": f"{username}@demo.thidua.local",
                "is_staff": username == "admin",
                "is_superuser": username == "admin",
                "person": people.get(person_key) if person_key else None,
            },
            clean=False,  # the password is set just below
        )
        # Only in development: a known password on a production server is an open door.
        if settings.DEBUG and not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        elif not settings.DEBUG and user.has_usable_password() and user.check_password(password):
            user.set_unusable_password()
            user.save(update_fields=["password"])
        set_m2m(user.roles, list(Role.objects.filter(code__in=roles)))
        out[username] = user
    return out
