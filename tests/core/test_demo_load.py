"""load_demo is idempotent: a second run changes no row count and adds no history row."""

from django.apps import apps
from django.core.management import call_command

from accounts.models import RoleCode, User
from orgunits.models import AdminUnit


def row_counts() -> dict[str, int]:
    # Every model, the simple-history tables and the many-to-many tables included.
    counts = {m._meta.label: m._default_manager.count() for m in apps.get_models()}
    for model in apps.get_models():
        for m2m in model._meta.local_many_to_many:
            through = m2m.remote_field.through
            counts[through._meta.label] = through._default_manager.count()
    return counts


def test_load_demo_twice_changes_nothing(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo", verbosity=0)
    first = row_counts()
    assert first["orgunits.AdminUnit"] > 100 and first["people.Person"] > 0
    assert first["orgunits.HistoricalAdminUnit"] >= first["orgunits.AdminUnit"]

    call_command("load_demo", verbosity=0)
    second = row_counts()
    changed = {k: (first[k], second[k]) for k in first if first[k] != second[k]}
    assert changed == {}

    # The demo users of the README act where the seeds say.
    tinh = User.objects.get(username="tinh")
    assert tinh.has_role(RoleCode.PROVINCE_STAFF)
    assert tinh.scope_unit == AdminUnit.objects.get(code="67")
    xa, xa2 = User.objects.get(username="xa"), User.objects.get(username="xa2")
    assert xa.scope_unit.name == "Nghĩa Đức" and xa2.scope_unit.name == "Nghĩa Thành"
    assert xa.has_role(RoleCode.COMMUNE_OFFICER)
    assert User.objects.get(username="lanhdao").organisation.code == "UBND-67"
