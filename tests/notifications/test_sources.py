"""Assignments, expected reports, event tasks and roll-out results become deadlines
(the owners' services call the sync functions; ``deadlines_sync`` and the beat catch up
with bulk creations)."""

from datetime import date

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from campaigns import services as campaign_services
from campaigns.models import Assignment, CampaignStatus, Frequency
from events import services as event_services
from events.deadlines import event_task_deadline_sync, registration_deadlines_sync
from events.deadlines import rollout_deadlines_sync as rollout_sync
from events.models import Event, EventKind, EventTask, Registration, RolloutPlan, TaskStatus
from notifications.models import Deadline, DeadlineKind, Reminder, ReminderStatus
from notifications.tasks import deadlines_missing_task
from orgunits.models import Organisation, OrganisationKind
from reports.models import ExpectedReport, Report, ReportStatus
from reports.services import expected_report_deadline_sync as report_sync
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
        campaign_services.campaign_deadlines_sync(campaign)
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
    campaign_services.campaign_deadlines_sync(campaign)
    assert not Deadline.objects.filter(object_id=assignment.pk, active=True).exists()


def test_issuing_the_plan_creates_the_assignment_deadlines(tree, people):
    """The transition service calls the sync itself, in its own transaction."""
    campaign = CampaignFactory(issuer=tree.ubnd, status=CampaignStatus.AWAITING_SIGNATURE)
    assignment = Assignment.objects.create(
        campaign=campaign, text="Việc", lead=tree.police, deadline=date(2025, 5, 10)
    )
    assert not Deadline.objects.filter(object_id=assignment.pk).exists()
    with time_machine.travel(at(2025, 4, 1), tick=False):
        campaign_services.campaign_transition(
            campaign, CampaignStatus.ISSUED, user=people.leader, issued_on=date(2025, 4, 1)
        )
    deadline = deadline_of(assignment)
    assert deadline.active
    assert deadline.reminders.filter(recipient=people.reporter).exists()
    assert not deadline.reminders.filter(recipient=people.outsider).exists()


def test_moving_the_assignment_deadline_moves_the_reminders(plan):
    _campaign, assignment = plan
    with time_machine.travel(at(2025, 4, 2), tick=False):
        assignment.deadline = date(2025, 6, 1)
        assignment.save()
        campaign_services.assignment_deadline_sync(assignment)
    deadline = deadline_of(assignment)
    assert deadline.due_at == at(2025, 6, 1, 23, 59)
    assert deadline.reminders.get(stage=0, recipient__username="reporter").send_at == at(
        2025, 6, 1, 7, 30
    )


def test_closing_the_plan_or_starting_a_revision_stops_reminders(plan, people):
    campaign, assignment = plan
    campaign.status = CampaignStatus.RUNNING
    campaign.save()
    campaign_services.campaign_transition(campaign, CampaignStatus.CLOSED, user=people.staff)
    deadline = deadline_of(assignment)
    assert not deadline.active
    assert not Reminder.objects.filter(deadline=deadline, status=ReminderStatus.PENDING).exists()
    campaign.status = CampaignStatus.RUNNING
    campaign.save()
    campaign_services.campaign_deadlines_sync(campaign)
    assert deadline_of(assignment).active
    # A new revision reopens the plan as a draft (its assignments may change): nobody
    # is chased until it is issued again.
    campaign_services.campaign_start_revision(campaign, user=people.staff)
    assert not deadline_of(assignment).active


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


# --- reports: expected reports ----------------------------------------------------------------


@pytest.fixture
def expected(tree, people):  # type: ignore[no-untyped-def]
    """An expected monthly report of the commune An Bình, due 10/6/2025; the row names
    no organisation (as the schedule creates them), so the commune police reports."""
    campaign = CampaignFactory(issuer=tree.ubnd, status=CampaignStatus.RUNNING)
    with time_machine.travel(at(2025, 5, 20), tick=False):
        expected = ExpectedReport.objects.create(
            campaign=campaign,
            unit=tree.commune,
            unit_path=tree.commune.path,
            level=tree.commune.level,
            province=tree.province,
            frequency=Frequency.MONTHLY,
            period_start=date(2025, 5, 1),
            period_end=date(2025, 5, 31),
            label="Tháng 5/2025",
            due_date=date(2025, 6, 10),
            last_on_time=date(2025, 6, 15),
        )
        report_sync(expected)
        return expected


def report_deadline(expected) -> Deadline:  # type: ignore[no-untyped-def]
    return Deadline.objects.get(kind=DeadlineKind.EXPECTED_REPORT, object_id=expected.pk)


def pending(deadline: Deadline) -> int:
    return deadline.reminders.filter(status=ReminderStatus.PENDING).count()


def test_an_expected_report_is_a_deadline_of_the_reporting_organisation(expected, tree, people):
    deadline = report_deadline(expected)
    assert deadline.organisation == tree.police  # not the UBND, not the security team
    assert deadline.active
    assert deadline.due_at == at(2025, 6, 10, 23, 59)
    assert deadline.url == reverse("reports:report_edit", args=[expected.pk])
    assert deadline.title == f"Tháng 5/2025 ({expected.campaign.reference})"
    reminder = deadline.reminders.get(recipient=people.reporter, stage=-7)
    assert reminder.send_at == at(2025, 6, 3, 7, 30)
    assert not deadline.reminders.filter(recipient=people.outsider).exists()


def test_the_organisation_named_on_the_expected_report_wins(expected, tree):
    expected.organisation = tree.other_police
    expected.save()
    report_sync(expected)
    assert report_deadline(expected).organisation == tree.other_police


def test_the_organisation_in_existence_during_the_period_reports(expected, tree):
    """After a merger the old commune police still owes its periods; the new one the rest."""
    tree.police.valid_to = date(2025, 6, 30)
    tree.police.save()
    successor = Organisation.objects.create(
        code="T-CA1-MOI",
        name="Công an phường An Bình (mới)",
        kind=OrganisationKind.COMMUNE_POLICE,
        unit=tree.commune,
        parent=tree.cat,
        valid_from=date(2025, 7, 1),
    )
    report_sync(expected)
    assert report_deadline(expected).organisation == tree.police
    later = ExpectedReport.objects.create(
        campaign=expected.campaign,
        unit=tree.commune,
        unit_path=tree.commune.path,
        level=tree.commune.level,
        frequency=Frequency.MONTHLY,
        period_start=date(2025, 7, 1),
        period_end=date(2025, 7, 31),
        label="Tháng 7/2025",
        due_date=date(2025, 8, 10),
        last_on_time=date(2025, 8, 15),
    )
    report_sync(later)
    assert report_deadline(later).organisation == successor


def test_submitting_closes_the_deadline_and_returning_reopens_it(expected, tree):
    with time_machine.travel(at(2025, 6, 1), tick=False):
        report = Report.objects.create(
            expected=expected, unit=tree.commune, unit_path=tree.commune.path
        )
        report_sync(expected, report)
        assert report_deadline(expected).active  # a draft is still owed
        report.status = ReportStatus.SUBMITTED
        report.save()
        report_sync(expected, report)
        deadline = report_deadline(expected)
        assert not deadline.active
        assert pending(deadline) == 0
        report.status = ReportStatus.RETURNED
        report.save()
        report_sync(expected, report)
        deadline = report_deadline(expected)
        assert deadline.active
        assert pending(deadline) > 0
        report.status = ReportStatus.ACCEPTED
        report.save()
        report_sync(expected, report)
        assert not report_deadline(expected).active
        report.status = ReportStatus.REOPENED
        report.save()
        report_sync(expected, report)
        assert report_deadline(expected).active


def test_moving_the_due_date_reschedules_the_reminders(expected):
    with time_machine.travel(at(2025, 5, 21), tick=False):
        expected.due_date = date(2025, 6, 20)
        expected.save()
        report_sync(expected)
    deadline = report_deadline(expected)
    assert deadline.due_at == at(2025, 6, 20, 23, 59)
    assert deadline.reminders.get(stage=0, recipient__username="reporter").send_at == at(
        2025, 6, 20, 7, 30
    )
    assert not deadline.reminders.filter(send_at__date=date(2025, 6, 10)).exists()


def test_deleting_the_report_or_the_expected_row(expected, tree):
    report = Report.objects.create(
        expected=expected,
        unit=tree.commune,
        unit_path=tree.commune.path,
        status=ReportStatus.SUBMITTED,
    )
    report_sync(expected)
    assert not report_deadline(expected).active
    report.delete()
    report_sync(expected)
    assert report_deadline(expected).active


def test_the_owner_and_its_deadline_commit_or_fail_together(tree, people, monkeypatch):
    """Direct calls run in the owner's transaction: a failing sync leaves no half write
    (no receiver swallows it any more; ``deadlines_sync`` is the repair tool)."""
    event = Event.objects.create(
        kind=EventKind.LAUNCH,
        organiser=tree.police,
        unit=tree.commune,
        title="Lễ phát động",
        starts_at=at(2030, 5, 19),
    )
    task = EventTask.objects.create(event=event, assignee=tree.police, text="Việc")

    def boom(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    monkeypatch.setattr("events.services.lifecycle.event_task_deadline_sync", boom)
    task.deadline = date(2030, 5, 1)
    with pytest.raises(RuntimeError):
        event_services.event_tasks_save(event, [task], [])
    task.refresh_from_db()
    assert task.deadline is None


def test_bulk_created_expected_reports_get_their_deadline_from_the_beat(expected, tree):
    campaign = expected.campaign
    bulk = ExpectedReport.objects.bulk_create(
        [
            ExpectedReport(
                campaign=campaign,
                unit=tree.other_commune,
                unit_path=tree.other_commune.path,
                level=tree.other_commune.level,
                frequency=Frequency.MONTHLY,
                period_start=date(2025, 5, 1),
                period_end=date(2025, 5, 31),
                label="Tháng 5/2025",
                due_date=date(2025, 6, 10),
                last_on_time=date(2025, 6, 15),
            )
        ]
    )
    assert not Deadline.objects.filter(object_id=bulk[0].pk, kind="expected_report").exists()
    assert deadlines_missing_task() == 1
    assert report_deadline(bulk[0]).organisation == tree.other_police
    assert deadlines_missing_task() == 0


# --- events: tasks and roll-out results -----------------------------------------------------------


@pytest.fixture
def task(tree, people):  # type: ignore[no-untyped-def]
    with time_machine.travel(at(2025, 4, 1), tick=False):
        event = Event.objects.create(
            kind=EventKind.LAUNCH,
            organiser=tree.ubnd,
            unit=tree.province,
            title="Lễ phát động phong trào",
            starts_at=at(2025, 5, 19),
        )
        task = EventTask.objects.create(
            event=event,
            assignee=tree.police,
            text="Chuẩn bị hội trường\nvà âm thanh",
            deadline=date(2025, 5, 15),
        )
        event_task_deadline_sync(task)
        return task


def task_deadline(task) -> Deadline:  # type: ignore[no-untyped-def]
    return Deadline.objects.get(kind=DeadlineKind.EVENT_TASK, object_id=task.pk)


def test_an_event_task_creates_moves_and_closes_its_deadline(task, tree, people):
    deadline = task_deadline(task)
    assert deadline.organisation == tree.police
    assert deadline.due_at == at(2025, 5, 15, 23, 59)
    assert deadline.title == "Chuẩn bị hội trường (Lễ phát động phong trào)"
    assert deadline.url == reverse("events:event_detail", args=[task.event_id])
    assert deadline.reminders.filter(recipient=people.reporter, stage=-7).exists()
    with time_machine.travel(at(2025, 4, 2), tick=False):
        task.deadline = date(2025, 5, 12)
        event_services.event_tasks_save(task.event, [task], [])
    deadline = task_deadline(task)
    assert deadline.due_at == at(2025, 5, 12, 23, 59)
    assert deadline.reminders.get(stage=0, recipient=people.reporter).send_at == at(
        2025, 5, 12, 7, 30
    )
    task.status = TaskStatus.IN_PROGRESS
    event_services.event_tasks_save(task.event, [task], [])
    assert task_deadline(task).active
    task.status = TaskStatus.DONE
    event_services.event_tasks_save(task.event, [task], [])
    deadline = task_deadline(task)
    assert not deadline.active
    assert pending(deadline) == 0


def test_an_event_task_without_assignee_or_deadline_reminds_nobody(task):
    task.assignee = None
    event_services.event_tasks_save(task.event, [task], [])
    assert not task_deadline(task).active
    undated = EventTask(event=task.event, text="Việc chung", deadline=None)
    event_services.event_tasks_save(task.event, [task, undated], [])
    assert not Deadline.objects.filter(kind=DeadlineKind.EVENT_TASK, object_id=undated.pk)


def test_a_registered_commune_owes_its_results(tree, people):
    rollout = RolloutPlan.objects.create(
        organiser=tree.ubnd,
        unit=tree.province,
        title="Ngày hội toàn dân bảo vệ ANTQ năm 2025",
        window_start=date(2025, 8, 1),
        window_end=date(2025, 8, 19),
        registration_deadline=date(2025, 5, 15),
        report_deadline=date(2025, 8, 25),
    )
    with time_machine.travel(at(2025, 5, 1), tick=False):
        reg = Registration.objects.create(
            rollout=rollout, host=tree.police, registered_at=at(2025, 5, 1)
        )
        registration_deadlines_sync(reg)
    deadline = Deadline.objects.get(kind=DeadlineKind.EVENT_REPORT, object_id=reg.pk)
    assert (deadline.organisation, deadline.due_at) == (tree.police, at(2025, 8, 25, 23, 59))
    rollout.report_deadline = date(2025, 8, 31)
    rollout.save()
    rollout_sync(rollout)
    deadline.refresh_from_db()
    assert deadline.due_at == at(2025, 8, 31, 23, 59)
    reg.reported_at = at(2025, 8, 20)
    reg.save()
    registration_deadlines_sync(reg)
    deadline.refresh_from_db()
    assert not deadline.active


def test_deadlines_sync_covers_every_source_and_is_idempotent(plan, expected, task):
    _campaign, assignment = plan
    Deadline.objects.all().delete()
    call_command("deadlines_sync", verbosity=0)
    deadlines = {
        d.kind: d
        for d in Deadline.objects.filter(
            object_id__in=[assignment.pk, expected.pk, task.pk], active=True
        )
    }
    assert set(deadlines) == {
        DeadlineKind.CAMPAIGN_ASSIGNMENT,
        DeadlineKind.EXPECTED_REPORT,
        DeadlineKind.EVENT_TASK,
    }
    before = {
        kind: (d.history.count(), set(d.reminders.values_list("pk", flat=True)))
        for kind, d in deadlines.items()
    }
    call_command("deadlines_sync", verbosity=0)
    after = {
        kind: (d.history.count(), set(d.reminders.values_list("pk", flat=True)))
        for kind, d in deadlines.items()
    }
    assert after == before
    assert Deadline.objects.count() == 3
