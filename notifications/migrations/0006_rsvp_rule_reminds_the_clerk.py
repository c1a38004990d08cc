from django.db import migrations


def add_clerk(apps, schema_editor):
    """The clerk (văn thư) dispatches the invitations and follows the answers: the
    default answer rule reminds the organiser's clerks too (a People's Committee that
    organises an event has clerks and leaders, no officers). An edited rule is kept."""
    ReminderRule = apps.get_model("notifications", "ReminderRule")
    ReminderRule.objects.filter(
        kind="event_rsvp",
        province__isnull=True,
        audience_roles=["commune_officer", "province_staff"],
    ).update(audience_roles=["commune_officer", "province_staff", "clerk"])


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0005_rsvp_rule_closes_on_the_date"),
    ]

    operations = [migrations.RunPython(add_clerk, migrations.RunPython.noop)]
