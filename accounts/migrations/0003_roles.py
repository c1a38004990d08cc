from django.db import migrations

ROLES = [
    "admin",
    "province_staff",
    "commune_officer",
    "appraiser",
    "council_member",
    "leader",
    "clerk",
    "viewer",
]


def create_roles(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for code in ROLES:
        Role.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_initial")]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
