from datetime import time

from django.db import migrations

KINDS = ["campaign_assignment", "expected_report", "event_task", "event_rsvp", "award_dossier"]


def create(apps, schema_editor):
    ReminderRule = apps.get_model("notifications", "ReminderRule")
    for kind in KINDS:
        if not ReminderRule.objects.filter(kind=kind, province__isnull=True).exists():
            ReminderRule.objects.create(
                kind=kind,
                province=None,
                offsets=[-7, -3, -1, 0],
                overdue_every_days=3,
                overdue_repeats=4,
                send_time=time(7, 30),
                audience_roles=["commune_officer", "province_staff"],
                escalation=["reporter", "head", "parent_staff", "province_leader"],
                head_min_rank=30,
                parent_staff_roles=["province_staff", "commune_officer"],
                active=True,
            )


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
