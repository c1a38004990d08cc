"""The awards demo: seed 003's rules and Bình Phước proposals that show them; idempotent."""

from datetime import date

import pytest
from django.core.management import call_command

from awards import services
from awards.models import (
    AwardForm,
    AwardRecord,
    BatchStatus,
    Criterion,
    Nomination,
    NominationBatch,
    Objection,
    ObjectionStatus,
    Quota,
)
from notifications.models import Deadline, DeadlineKind
from notifications.services import due_at_for_date
from people.models import PersonHold

pytestmark = pytest.mark.django_db


def history_counts() -> dict[str, int]:
    models = [
        AwardForm,
        Criterion,
        Quota,
        NominationBatch,
        Nomination,
        AwardRecord,
        Objection,
        PersonHold,
    ]
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


def test_demo_shows_a_flag_a_hold_and_a_posted_list(demo, client):
    from django.urls import reverse

    from accounts.models import User

    tinh = User.objects.get(username="tinh")
    posted = NominationBatch.objects.get(proposer__code="CA-24612", posted_on__isnull=False)
    assert posted.status == BatchStatus.APPROVED
    assert posted.objections.filter(status=ObjectionStatus.OPEN).count() == 1
    flags = services.nomination_duplicates(list(posted.nominations.all()), tinh)
    assert sum(1 for hits in flags.values() if hits) == 1
    assert PersonHold.objects.active().filter(person__unit__path__startswith=posted.unit.path)
    # The public page lists it without login; the decision waits for the objection.
    response = client.get(reverse("awards:public_list"))
    assert reverse("awards:public_batch", args=[posted.public_token]) in response.content.decode()
    assert [p.code for p in services.posting.posting_problems(posted, date(2025, 1, 6))] == [
        "objection_open"
    ]
    # Bình Phước: the nominee under appraisal has another award the same year.
    dp = NominationBatch.objects.get(proposer__code="UBND-70-697")
    an = dp.nominations.get(person__full_name="Nguyễn Văn An")
    assert services.is_flagged(an)
