"""The awards demo: seed 003's rules and Bình Phước proposals that show them; idempotent."""

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
    before = history_counts()
    call_command("load_demo", verbosity=0)
    assert history_counts() == before
