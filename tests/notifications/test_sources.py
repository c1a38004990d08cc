"""Campaign assignments become deadlines (signals now, ``deadlines_sync`` for bulk)."""

from datetime import date

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from campaigns.models import Assignment, CampaignStatus
from notifications.models import Deadline, DeadlineKind, Reminder, ReminderStatus
from tests.factories import CampaignFactory

from .conftest import at


@pytest.fixture
def plan(tree, people):  # type: ignore[no-untyped-def]
    with time_machine.travel(at(2025, 4, 1), tick=False):
        campaign = CampaignFactory(issuer=tree.ubnd, status=CampaignStatus.ISSUED)
        assignment = Assignment.objects.create(
            campaign=campaign,
            number="1.",
            text="Xây dựng kế hoạch tổ chức Ngày hội",
            lead=tree.police,
            deadline=date(2025, 5, 10),
        )
    return campaign, assignment


def deadline_of(assignment) -> Deadline:  # type: ignore[no-untyped-def]
    return Deadline.objects.get(kind=DeadlineKind.CAMPAIGN_ASSIGNMENT, object_id=assignment.pk)


def test_an_assignment_of_an_issued_plan_gets_a_deadline(plan, tree, people):
    campaign, assignment = plan
    deadline = deadline_of(assignment)
    assert deadline.organisation == tree.police
    assert deadline.due_at == at(2025, 5, 10, 23, 59)
    assert deadline.url == reverse("campaigns:campaign_detail", args=[campaign.pk])
    assert deadline.title.startswith("Xây dựng kế hoạch tổ chức Ngày hội")
    assert deadline.reminders.filter(recipient=people.reporter, stage=-7).exists()


def test_a_draft_plan_reminds_nobody(tree, people):
    campaign = CampaignFactory(issuer=tree.ubnd)
    assignment = Assignment.objects.create(
        campaign=campaign, text="Việc", lead=tree.police, deadline=date(2025, 5, 10)
    )
    assert not Deadline.objects.filter(object_id=assignment.pk, active=True).exists()


def test_moving_the_assignment_deadline_moves_the_reminders(plan):
    _campaign, assignment = plan
    with time_machine.travel(at(2025, 4, 2), tick=False):
        assignment.deadline = date(2025, 6, 1)
        assignment.save()
    deadline = deadline_of(assignment)
    assert deadline.due_at == at(2025, 6, 1, 23, 59)
    assert deadline.reminders.get(stage=0, recipient__username="reporter").send_at == at(
        2025, 6, 1, 7, 30
    )


def test_closing_the_plan_or_deleting_the_assignment_stops_reminders(plan):
    campaign, assignment = plan
    campaign.status = CampaignStatus.CLOSED
    campaign.save()
    deadline = deadline_of(assignment)
    assert not deadline.active
    assert not Reminder.objects.filter(deadline=deadline, status=ReminderStatus.PENDING).exists()
    campaign.status = CampaignStatus.RUNNING
    campaign.save()
    assert deadline_of(assignment).active
    pk = assignment.pk
    assignment.delete()
    assert not Deadline.objects.get(object_id=pk, kind=DeadlineKind.CAMPAIGN_ASSIGNMENT).active


def test_deadlines_sync_is_idempotent(plan):
    _campaign, assignment = plan
    Deadline.objects.all().delete()
    call_command("deadlines_sync", verbosity=0)
    deadline = deadline_of(assignment)
    history = deadline.history.count()
    reminders = set(deadline.reminders.values_list("pk", flat=True))
    call_command("deadlines_sync", verbosity=0)
    assert deadline.history.count() == history
    assert set(deadline.reminders.values_list("pk", flat=True)) == reminders
