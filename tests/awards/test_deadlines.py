"""Dossier deadlines feed the reminders (issue 8): set, moved, taken over, closed, reopened."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from awards import services
from awards.models import BatchStatus, QuotaAllocation
from notifications.models import Deadline, DeadlineKind, ReminderStatus
from notifications.services import due_at_for_date

pytestmark = pytest.mark.django_db
S = BatchStatus
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(y: int, m: int, d: int, hh: int = 8, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=VN)


def deadline_of(obj) -> Deadline:  # type: ignore[no-untyped-def]
    return Deadline.objects.get(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        kind=DeadlineKind.AWARD_DOSSIER,
    )


def pending(deadline: Deadline, user) -> dict[int, datetime]:  # type: ignore[no-untyped-def]
    return dict(
        deadline.reminders.filter(recipient=user, status=ReminderStatus.PENDING).values_list(
            "stage", "send_at"
        )
    )


def set_quota_deadline(award, user, day) -> None:  # type: ignore[no-untyped-def]
    award.quota.submission_deadline = day
    services.quota_save(award.quota, user=user)


def test_an_allocated_unit_is_reminded_until_it_starts_a_proposal(
    tree, award, province_staff, commune_officer
):
    with time_machine.travel(at(2025, 5, 1), tick=False):
        set_quota_deadline(award, province_staff, date(2025, 5, 20))
        allocation = services.allocation_set(
            award.quota,
            organisation=tree.police,
            collectives=2,
            individuals=2,
            user=province_staff,
        )
    deadline = deadline_of(allocation)
    assert deadline.active and deadline.organisation == tree.police
    assert deadline.due_at == due_at_for_date(date(2025, 5, 20))
    assert award.form.name in deadline.title
    assert deadline.url.startswith(reverse("awards:batch_create"))
    reminders = pending(deadline, commune_officer)
    assert reminders[-7] == at(2025, 5, 13, 7, 30)
    assert reminders[0] == at(2025, 5, 20, 7, 30)

    with time_machine.travel(at(2025, 5, 2), tick=False):
        batch = services.batch_create(
            campaign=award.campaign, form=award.form, proposer=tree.police, user=commune_officer
        )
    # The draft takes over: one reminder source per unit, never two.
    deadline.refresh_from_db()
    assert not deadline.active and pending(deadline, commune_officer) == {}
    own = deadline_of(batch)
    assert own.active and own.due_at == due_at_for_date(date(2025, 5, 20))
    assert own.url == batch.get_absolute_url()
    assert pending(own, commune_officer)[-7] == at(2025, 5, 13, 7, 30)


def test_moving_the_deadline_reschedules_the_reminders(
    tree, award, build, province_staff, commune_officer
):
    with time_machine.travel(at(2025, 5, 1), tick=False):
        set_quota_deadline(award, province_staff, date(2025, 5, 20))
        batch = build([tree.police], done=False)
    deadline = deadline_of(batch)
    assert pending(deadline, commune_officer)[-3] == at(2025, 5, 17, 7, 30)

    with time_machine.travel(at(2025, 5, 2), tick=False):
        set_quota_deadline(award, province_staff, date(2025, 5, 30))
    deadline.refresh_from_db()
    assert deadline.due_at == due_at_for_date(date(2025, 5, 30))
    reminders = pending(deadline, commune_officer)
    assert reminders[-7] == at(2025, 5, 23, 7, 30)
    assert reminders[0] == at(2025, 5, 30, 7, 30)
    assert at(2025, 5, 20, 7, 30) not in reminders.values()

    # The unit's own deadline on its allocation wins over the quota's.
    with time_machine.travel(at(2025, 5, 3), tick=False):
        services.allocation_set(
            award.quota,
            organisation=tree.police,
            collectives=1,
            individuals=1,
            user=province_staff,
            submission_deadline=date(2025, 6, 10),
        )
    deadline.refresh_from_db()
    assert deadline.due_at == due_at_for_date(date(2025, 6, 10))
    assert pending(deadline, commune_officer)[0] == at(2025, 6, 10, 7, 30)
    assert services.batch_deadline(batch) == date(2025, 6, 10)

    # Saving the same values writes nothing (no history row, same reminders).
    history = deadline.history.count()
    ids = set(deadline.reminders.values_list("pk", flat=True))
    with time_machine.travel(at(2025, 5, 4), tick=False):
        set_quota_deadline(award, province_staff, date(2025, 5, 30))
    assert deadline.history.count() == history
    assert set(deadline.reminders.values_list("pk", flat=True)) == ids

    # No deadline any more: the reminders stop.
    with time_machine.travel(at(2025, 5, 5), tick=False):
        QuotaAllocation.objects.filter(quota=award.quota).delete()
        set_quota_deadline(award, province_staff, None)
    deadline.refresh_from_db()
    assert not deadline.active and pending(deadline, commune_officer) == {}


def test_submission_closes_the_deadline_and_a_return_reopens_it(
    tree, award, build, province_staff, commune_officer, no_reports
):
    with time_machine.travel(at(2025, 5, 1), tick=False):
        set_quota_deadline(award, province_staff, date(2025, 5, 20))
        batch = build([tree.police], [tree.person])
    deadline = deadline_of(batch)
    assert deadline.active

    with time_machine.travel(at(2025, 5, 2), tick=False):
        services.batch_transition(batch, S.SUBMITTED, user=commune_officer)
    deadline.refresh_from_db()
    assert not deadline.active
    assert not deadline.reminders.filter(status=ReminderStatus.PENDING).exists()

    # Moving the quota's deadline leaves a submitted proposal alone.
    with time_machine.travel(at(2025, 5, 3), tick=False):
        set_quota_deadline(award, province_staff, date(2025, 5, 25))
    deadline.refresh_from_db()
    assert not deadline.active

    with time_machine.travel(at(2025, 5, 4), tick=False):
        services.batch_transition(
            batch, S.DRAFT, user=province_staff, reason="Thiếu biên bản họp Hội đồng"
        )
    deadline.refresh_from_db()
    assert deadline.active and deadline.due_at == due_at_for_date(date(2025, 5, 25))
    assert pending(deadline, commune_officer)[-7] == at(2025, 5, 18, 7, 30)


def test_quota_and_allocation_pages_set_the_deadline(
    tree, award, build, client_for, province_staff, commune_officer
):
    with time_machine.travel(at(2025, 5, 1), tick=False):
        batch = build([tree.police], done=False)
        client = client_for(province_staff)
        quota = award.quota
        url = reverse("awards:quota_edit", args=[award.campaign.pk, quota.pk])
        response = client.post(
            url,
            {
                "form": award.form.pk,
                "max_collectives": 30,
                "max_individuals": 15,
                "leader_cap_percent": "40",
                "leader_rank_threshold": quota.leader_rank_threshold,
                "submission_deadline": "2025-05-20",
                "note": "",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        assert deadline_of(batch).due_at == due_at_for_date(date(2025, 5, 20))
        page = client.get(reverse("awards:quota_detail", args=[quota.pk])).content.decode()
        assert "Hạn nộp hồ sơ" in page and "20/05/2025" in page

        response = client.post(
            reverse("awards:quota_detail", args=[quota.pk]),
            {
                "organisation": tree.police.pk,
                "collectives": 1,
                "individuals": 1,
                "submission_deadline": "2025-06-02",
            },
        )
        assert response.status_code == 302
        assert deadline_of(batch).due_at == due_at_for_date(date(2025, 6, 2))

        page = client_for(commune_officer).get(batch.get_absolute_url()).content.decode()
        assert "Hạn nộp hồ sơ" in page and "02/06/2025" in page
