"""The awards demo: seed 003's rules and Bình Phước proposals that show them; idempotent."""

from datetime import date

import pytest
from django.core.management import call_command

from awards import services
from awards.models import (
    AwardForm,
    BatchStatus,
    Criterion,
    Nomination,
    NominationBatch,
    Quota,
)
from notifications.models import Deadline, DeadlineKind
from notifications.services import due_at_for_date

pytestmark = pytest.mark.django_db


def history_counts() -> dict[str, int]:
    models = [AwardForm, Criterion, Quota, NominationBatch, Nomination]
    return {m.__name__: m.history.count() for m in models}


def test_demo_shows_the_rules_and_loads_twice_without_changes(demo, settings):
    chairman = AwardForm.objects.get(code="bk-chu-tich-ubnd-tinh")
    quota = Quota.objects.get(form=chairman, campaign__issuer__code="UBND-70")
    assert (quota.max_collectives, quota.max_individuals, quota.leader_cap_percent) == (30, 15, 40)
    assert Criterion.objects.filter(campaign=quota.campaign).count() == 16
    batches = {b.proposer.code: b for b in NominationBatch.objects.filter(campaign=quota.campaign)}
    assert batches["UBND-70-697"].status == BatchStatus.UNDER_APPRAISAL
    codes = {
        code: [e.code for e in services.submission_problems(batch)]
        for code, batch in batches.items()
    }
    assert codes == {
        "UBND-70-697": [],
        "UBND-70-689": ["leader_cap"],
        "UBND-70-691": ["dossier_incomplete"],
    }
    # The seed 003 dossier deadline reaches the reminders: the two drafts are due, the
    # proposal under appraisal and the allocations (their units have started) are not.
    assert quota.submission_deadline == date(2023, 11, 30)
    dossiers = Deadline.objects.filter(kind=DeadlineKind.AWARD_DOSSIER, active=True)
    assert {d.organisation.code for d in dossiers} == {"UBND-70-689", "UBND-70-691"}
    assert {d.due_at for d in dossiers} == {due_at_for_date(date(2023, 11, 30))}
    before = history_counts()
    deadlines_before = Deadline.history.count()
    call_command("load_demo", verbosity=0)
    assert history_counts() == before
    assert Deadline.history.count() == deadlines_before
