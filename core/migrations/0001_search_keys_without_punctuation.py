"""Stored search keys follow core.text.fold's punctuation rule: apostrophes dropped, other
punctuation a space ("Đắk R'Moan" is found by "dak rmoan", "591/KH-UBND" by "kh ubnd").

The keys were already folded (lower case, no diacritics), so the rule is applied to them
as they are. Its copy lives here: a migration never imports app code.
"""

import re

from django.db import migrations

_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc`]")
_PUNCTUATION = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")
MODELS = (
    ("orgunits", "AdminUnit"),
    ("orgunits", "Organisation"),
    ("people", "Person"),
    ("campaigns", "Campaign"),
    ("events", "Event"),
    ("awards", "AwardRecord"),
)
BATCH = 2000


def _key(old: str) -> str:
    return _SPACES.sub(" ", _PUNCTUATION.sub(" ", _APOSTROPHES.sub("", old))).strip()


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    for app_label, name in MODELS:
        model = apps.get_model(app_label, name)
        changed = []
        rows = model.objects.only("pk", "search_key").order_by("pk").iterator(chunk_size=BATCH)
        for row in rows:
            key = _key(row.search_key)
            if key != row.search_key:
                row.search_key = key
                changed.append(row)
            if len(changed) >= BATCH:
                model.objects.bulk_update(changed, ["search_key"])
                changed = []
        if changed:
            model.objects.bulk_update(changed, ["search_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("orgunits", "0002_documentseries"),
        ("people", "0002_add_person_hold"),
        ("campaigns", "0001_initial"),
        ("events", "0003_rsvp_by_and_rollout_published"),
        ("awards", "0006_council_member_history"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
