from django.db import migrations


def no_overdue_stages(apps, schema_editor):
    """The answer deadline closes when its date passes (late answers are still taken,
    nobody is chased for them): the default rule keeps only the stages before and on
    the day. A rule already edited by an administrator is left as it is."""
    ReminderRule = apps.get_model("notifications", "ReminderRule")
    ReminderRule.objects.filter(
        kind="event_rsvp",
        province__isnull=True,
        offsets=[-7, -3, -1, 0],
        overdue_every_days=3,
        overdue_repeats=4,
    ).update(offsets=[-5, -2, 0], overdue_repeats=0)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0004_event_registration_kind"),
    ]

    operations = [migrations.RunPython(no_overdue_stages, migrations.RunPython.noop)]
