"""New deadline sources of the events app, on a fixed clock: the organiser's answer
deadline for invitations (RSVP) and the per-commune registration and results
deadlines of a published roll-out."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events import services
from events.deadlines import rollout_deadlines_sync
from events.models import EventStatus, InviteeGroup, Registration, RolloutPlan, RsvpStatus
from notifications.models import Deadline, DeadlineKind, ReminderRule, ReminderStatus
from notifications.tasks import deadlines_missing_task
from orgunits.models import AdminLevel, Organisation, OrganisationKind
from tests.conftest import make_unit

from .conftest import at
from .test_views import login


def pending(deadline: Deadline) -> int:
    return deadline.reminders.filter(status=ReminderStatus.PENDING).count()


# --- invitations: the organiser's answer deadline ----------------------------------------------


@pytest.fixture
def ceremony(tree, people):  # type: ignore[no-untyped-def]
    """A ceremony of the commune police on 20/6/2025 with three invitees, created 1/5.

    The answer rule as migration 0005 leaves it (a flush by another test may have
    replaced it with the model's defaults): no overdue stages.
    """
    ReminderRule.objects.update_or_create(
        kind=DeadlineKind.EVENT_RSVP,
        province=None,
        defaults={
            "offsets": [-5, -2, 0],
            "overdue_repeats": 0,
            "audience_roles": ["commune_officer", "province_staff", "clerk"],
        },
    )
    with time_machine.travel(at(2025, 5, 1), tick=False):
        event = services.event_create_from_template(
            "launch",
            organiser=tree.police,
            title="Lễ phát động phong trào phường An Bình",
            starts_at=at(2025, 6, 20, 7, 30),
            venue="Hội trường Công an phường",
        )
        group = InviteeGroup.objects.create(event=event, description="Khách mời")
        invitations = [
            services.invitation_add(group, full_name=name)
            for name in ("Phạm Văn Mời", "Lê Thị Hai", "Trần Văn Ba")
        ]
    return event, invitations


def rsvp_deadline(event) -> Deadline:  # type: ignore[no-untyped-def]
    return Deadline.objects.get(kind=DeadlineKind.EVENT_RSVP, object_id=event.pk)


def send(event, user):  # type: ignore[no-untyped-def]
    with time_machine.travel(at(2025, 5, 2), tick=False):
        return services.event_transition(event, EventStatus.INVITATIONS_SENT, user=user)


def test_no_answer_deadline_before_the_invitations_are_sent(ceremony):
    event, _invitations = ceremony
    assert event.rsvp_deadline == date(2025, 6, 17)  # three days before, by default
    assert not Deadline.objects.filter(kind=DeadlineKind.EVENT_RSVP, object_id=event.pk)


def test_sending_the_invitations_creates_the_organisers_deadline(ceremony, tree, people):
    event, _invitations = ceremony
    send(event, people.reporter)
    deadline = rsvp_deadline(event)
    assert deadline.active
    assert deadline.organisation == tree.police
    assert deadline.due_at == at(2025, 6, 17, 23, 59)
    assert deadline.title == "Khách mời chưa trả lời: 3 (Lễ phát động phong trào phường An Bình)"
    assert deadline.url == reverse("events:invitation_list", args=[event.pk])
    assert deadline.reminders.get(recipient=people.reporter, stage=-5).send_at == at(
        2025, 6, 12, 7, 30
    )
    # Nothing after the date: it closes then, nobody is chased for late answers.
    assert set(deadline.reminders.values_list("stage", flat=True)) == {-5, -2, 0}
    # Only the organiser's hierarchy: never the neighbouring commune or another province.
    assert not deadline.reminders.filter(
        recipient__in=[people.outsider, people.far_leader, people.team]
    ).exists()


def test_a_peoples_committee_event_reminds_its_clerk(ceremony, tree, people):
    """UBND tỉnh has leaders and clerks, no officers: the clerk follows the answers."""
    from accounts.models import RoleCode

    from .conftest import make_user

    clerk = make_user("vanthu", tree.ubnd, RoleCode.CLERK)
    with time_machine.travel(at(2025, 5, 1), tick=False):
        event = services.event_create(
            kind="launch",
            organiser=tree.ubnd,
            title="Lễ phát động cấp tỉnh",
            starts_at=at(2025, 6, 20, 7, 30),
            venue="Hội trường UBND tỉnh",
        )
        group = InviteeGroup.objects.create(event=event, description="Khách mời")
        services.invitation_add(group, full_name="Phạm Văn Mời")
        services.event_transition(event, EventStatus.INVITATIONS_SENT, user=people.staff)
    deadline = rsvp_deadline(event)
    assert deadline.organisation == tree.ubnd
    assert set(deadline.reminders.values_list("recipient", flat=True)) == {clerk.pk}


def test_moving_the_answer_date_reschedules_the_reminders(ceremony, people):
    event, _invitations = ceremony
    event = send(event, people.reporter)
    with time_machine.travel(at(2025, 5, 3), tick=False):
        event.rsvp_by = date(2025, 6, 12)
        services.event_update(event, user=people.reporter)
    deadline = rsvp_deadline(event)
    assert deadline.due_at == at(2025, 6, 12, 23, 59)
    assert deadline.reminders.get(recipient=people.reporter, stage=0).send_at == at(
        2025, 6, 12, 7, 30
    )
    assert not deadline.reminders.filter(send_at__date=date(2025, 6, 17)).exists()


def test_the_answer_date_cannot_be_after_the_event(ceremony, people):
    from django.core.exceptions import ValidationError

    event, _invitations = ceremony
    event.rsvp_by = date(2025, 6, 21)
    with pytest.raises(ValidationError) as exc:
        services.event_update(event, user=people.reporter)
    assert exc.value.message_dict["rsvp_by"] == ["Hạn trả lời không được sau ngày tổ chức sự kiện."]


def test_answers_count_down_and_the_last_one_closes_it(ceremony, people):
    event, invitations = ceremony
    send(event, people.reporter)
    with time_machine.travel(at(2025, 5, 10), tick=False):
        services.rsvp_answer(invitations[0].rsvp_token, RsvpStatus.ACCEPTED)
        assert rsvp_deadline(event).title.startswith("Khách mời chưa trả lời: 2 ")
        services.rsvp_answer(invitations[1].rsvp_token, RsvpStatus.DECLINED)
        assert rsvp_deadline(event).active
        services.rsvp_answer(invitations[2].rsvp_token, RsvpStatus.ACCEPTED)
    deadline = rsvp_deadline(event)
    assert not deadline.active
    assert pending(deadline) == 0
    # A new invitee after that opens it again.
    with time_machine.travel(at(2025, 5, 11), tick=False):
        services.invitation_add(invitations[0].group, full_name="Người Mời Thêm")
    assert rsvp_deadline(event).active


def test_the_date_passing_closes_it_and_a_late_answer_is_kept_marked_late(ceremony, people, client):
    event, invitations = ceremony
    send(event, people.reporter)
    with time_machine.travel(at(2025, 6, 17, 12), tick=False):
        assert deadlines_missing_task() == 0  # not yet past: nothing to close
    with time_machine.travel(at(2025, 6, 18, 8), tick=False):
        assert deadlines_missing_task() == 1
        deadline = rsvp_deadline(event)
        assert not deadline.active
        assert pending(deadline) == 0
        url = reverse("events:rsvp", args=[invitations[0].rsvp_token])
        page = client.get(url).content.decode()
        assert "Đã quá hạn trả lời" in page
        assert "17/06/2025" in page
        response = client.post(url, {"answer": RsvpStatus.ACCEPTED, "note": ""}, follow=True)
        assert "sau hạn trả lời" in response.content.decode()
    invitations[0].refresh_from_db()
    assert invitations[0].rsvp_status == RsvpStatus.ACCEPTED
    assert invitations[0].answered_late
    assert not rsvp_deadline(event).active  # a late answer does not reopen it
    page = login(people.reporter).get(reverse("events:invitation_list", args=[event.pk]))
    assert 'data-testid="answered-late"' in page.content.decode()


def test_an_answer_on_time_is_not_late_and_the_page_shows_the_date(ceremony, people, client):
    event, invitations = ceremony
    send(event, people.reporter)
    with time_machine.travel(at(2025, 6, 17, 20), tick=False):
        url = reverse("events:rsvp", args=[invitations[0].rsvp_token])
        page = client.get(url).content.decode()
        assert 'data-testid="rsvp-deadline">17/06/2025' in page
        assert "Đã quá hạn trả lời" not in page
        services.rsvp_answer(invitations[0].rsvp_token, RsvpStatus.DECLINED)
    invitations[0].refresh_from_db()
    assert not invitations[0].answered_late


def test_the_event_form_edits_the_answer_date(ceremony, people):
    event, _invitations = ceremony
    send(event, people.reporter)
    url = reverse("events:event_update", args=[event.pk])
    data = {
        "kind": event.kind,
        "title": event.title,
        "organiser": str(event.organiser_id),
        "starts_at": "2025-06-20T07:30",
        "duration_hours": "4",
        "venue": event.venue,
        "rsvp_by": "2025-06-14",
        "expected_attendance": "50",
        "point_category": event.point_category,
    }
    with time_machine.travel(at(2025, 5, 3), tick=False):
        response = login(people.reporter).post(url, data)
        assert response.status_code == 302, response.context["form"].errors
        assert rsvp_deadline(event).due_at == at(2025, 6, 14, 23, 59)
        data["rsvp_by"] = "2025-06-21"
        response = login(people.reporter).post(url, data)
        assert response.status_code == 200
        assert "Hạn trả lời không được sau ngày tổ chức sự kiện." in response.content.decode()
    # Outside the organiser's subtree the edit page does not exist.
    assert login(people.outsider).get(url).status_code == 404


# --- roll-out: registration and results per commune ---------------------------------------------


@pytest.fixture
def rollout(tree, people):  # type: ignore[no-untyped-def]
    """The province's Ngày hội: register by 15/5, results by 20/8/2025 (seed 002's dates)."""
    return RolloutPlan.objects.create(
        organiser=tree.ubnd,
        unit=tree.province,
        title="Ngày hội toàn dân bảo vệ ANTQ năm 2025",
        window_start=date(2025, 8, 1),
        window_end=date(2025, 8, 19),
        registration_deadline=date(2025, 5, 15),
        report_deadline=date(2025, 8, 20),
    )


def publish(rollout, user, registration=date(2025, 5, 15), report=date(2025, 8, 20)):  # type: ignore[no-untyped-def]
    return services.rollout_publish(
        rollout, user=user, registration_deadline=registration, report_deadline=report
    )


def reg_of(rollout, unit) -> Registration:  # type: ignore[no-untyped-def]
    return Registration.objects.get(rollout=rollout, unit=unit)


def deadline(reg, kind) -> Deadline:  # type: ignore[no-untyped-def]
    return Deadline.objects.get(kind=kind, object_id=reg.pk)


def test_an_unpublished_roll_out_chases_nobody(rollout):
    rollout_deadlines_sync(rollout)
    assert not Registration.objects.filter(rollout=rollout).exists()
    assert not Deadline.objects.filter(kind=DeadlineKind.EVENT_REGISTRATION).exists()


def test_publishing_gives_every_commune_its_two_deadlines(rollout, tree, people):
    with time_machine.travel(at(2025, 4, 20), tick=False):
        publish(rollout, people.staff)
    ours, theirs = reg_of(rollout, tree.commune), reg_of(rollout, tree.other_commune)
    assert (ours.host, theirs.host) == (tree.police, tree.other_police)
    register = deadline(ours, DeadlineKind.EVENT_REGISTRATION)
    assert register.active
    assert (register.organisation, register.due_at) == (tree.police, at(2025, 5, 15, 23, 59))
    assert register.url == reverse("events:registration_edit", args=[rollout.pk, ours.pk])
    assert register.title == "Đăng ký tổ chức: Ngày hội toàn dân bảo vệ ANTQ năm 2025"
    results = deadline(ours, DeadlineKind.EVENT_REPORT)
    assert results.active and results.due_at == at(2025, 8, 20, 23, 59)
    assert deadline(theirs, DeadlineKind.EVENT_REGISTRATION).organisation == tree.other_police
    # Recipients stay in each commune's hierarchy: the officers of the commune itself
    # before the date, the province staff above it only when overdue.
    assert register.reminders.filter(recipient=people.reporter, stage=-7).exists()
    assert not register.reminders.filter(recipient=people.outsider).exists()
    assert not register.reminders.filter(recipient=people.staff, stage__lte=0).exists()
    assert register.reminders.filter(recipient=people.staff, stage__gt=0).exists()
    assert not register.reminders.filter(recipient=people.far_leader).exists()
    assert not deadline(theirs, DeadlineKind.EVENT_REGISTRATION).reminders.filter(
        recipient=people.reporter
    )


def test_publishing_again_is_idempotent(rollout, tree, people):
    with time_machine.travel(at(2025, 4, 20), tick=False):
        publish(rollout, people.staff)
        register = deadline(reg_of(rollout, tree.commune), DeadlineKind.EVENT_REGISTRATION)
        before = (register.history.count(), set(register.reminders.values_list("pk", flat=True)))
        assert rollout_deadlines_sync(rollout) == 0
        publish(rollout, people.staff)
    assert (register.history.count(), set(register.reminders.values_list("pk", flat=True))) == (
        before
    )
    assert Registration.objects.filter(rollout=rollout).count() == 2


def test_moving_the_dates_reschedules_every_commune(rollout, tree, people):
    with time_machine.travel(at(2025, 4, 20), tick=False):
        publish(rollout, people.staff)
    with time_machine.travel(at(2025, 4, 25), tick=False):
        publish(rollout, people.staff, registration=date(2025, 5, 20), report=date(2025, 8, 25))
    for unit in (tree.commune, tree.other_commune):
        reg = reg_of(rollout, unit)
        register = deadline(reg, DeadlineKind.EVENT_REGISTRATION)
        assert register.due_at == at(2025, 5, 20, 23, 59)
        assert register.reminders.filter(stage=0, status=ReminderStatus.PENDING).get(
            recipient__organisation=reg.host
        ).send_at == at(2025, 5, 20, 7, 30)
        assert not register.reminders.filter(send_at__date=date(2025, 5, 15)).exists()
        assert deadline(reg, DeadlineKind.EVENT_REPORT).due_at == at(2025, 8, 25, 23, 59)


def test_results_cannot_be_due_before_the_registration(rollout, people):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        publish(rollout, people.staff, registration=date(2025, 5, 15), report=date(2025, 5, 1))
    rollout.refresh_from_db()
    assert rollout.published_at is None


def test_registering_closes_the_registration_and_reporting_closes_the_results(
    rollout, tree, people
):
    with time_machine.travel(at(2025, 4, 20), tick=False):
        publish(rollout, people.staff)
    ours = reg_of(rollout, tree.commune)
    with time_machine.travel(at(2025, 5, 10), tick=False):
        services.registration_register(
            ours, user=people.reporter, planned_date=date(2025, 8, 10), venue="Nhà văn hóa"
        )
    register = deadline(ours, DeadlineKind.EVENT_REGISTRATION)
    assert not register.active
    assert pending(register) == 0
    assert deadline(ours, DeadlineKind.EVENT_REPORT).active
    # The neighbour has not registered: still chased.
    assert deadline(reg_of(rollout, tree.other_commune), DeadlineKind.EVENT_REGISTRATION).active
    with time_machine.travel(at(2025, 8, 12), tick=False):
        services.registration_report(
            ours, user=people.reporter, held_on=date(2025, 8, 10), attendance=300, result_text="Tốt"
        )
    results = deadline(ours, DeadlineKind.EVENT_REPORT)
    assert not results.active
    assert pending(results) == 0


def test_a_commune_added_later_is_picked_up_by_the_beat(rollout, tree, people):
    with time_machine.travel(at(2025, 4, 20), tick=False):
        publish(rollout, people.staff)
        new_unit = make_unit(tree.district, "T-C9", "Tân Mới", "xã", AdminLevel.COMMUNE)
        ubnd = Organisation.objects.create(
            code="T-UBND-C9",
            name="UBND xã Tân Mới",
            kind=OrganisationKind.PEOPLES_COMMITTEE,
            unit=new_unit,
        )
        police = Organisation.objects.create(
            code="T-CA9",
            name="Công an xã Tân Mới",
            kind=OrganisationKind.COMMUNE_POLICE,
            unit=new_unit,
            parent=tree.cat,
        )
        assert deadlines_missing_task() == 3  # one row, two deadlines
        assert deadlines_missing_task() == 0
    reg = reg_of(rollout, new_unit)
    assert reg.host == police != ubnd  # the commune police hosts, as for the others
    assert deadline(reg, DeadlineKind.EVENT_REGISTRATION).organisation == police


def test_publishing_many_communes_takes_a_fixed_number_of_queries(rollout, tree, people):
    def add_communes(start: int, n: int) -> None:
        for i in range(start, start + n):
            unit = make_unit(tree.district, f"T-X{i}", f"Xã {i}", "xã", AdminLevel.COMMUNE)
            Organisation.objects.create(
                code=f"T-CAX{i}",
                name=f"Công an xã {i}",
                kind=OrganisationKind.COMMUNE_POLICE,
                unit=unit,
                parent=tree.cat,
            )

    add_communes(0, 5)
    other = RolloutPlan.objects.create(
        organiser=tree.ubnd,
        unit=tree.province,
        title="Ngày hội thử",
        window_start=date(2025, 8, 1),
        window_end=date(2025, 8, 19),
        registration_deadline=date(2025, 5, 15),
        report_deadline=date(2025, 8, 20),
    )
    with time_machine.travel(at(2025, 4, 20), tick=False):
        with CaptureQueriesContext(connection) as few:
            publish(other, people.staff)
        add_communes(5, 40)
        with CaptureQueriesContext(connection) as many:
            publish(rollout, people.staff)
    assert Registration.objects.filter(rollout=rollout).count() == 47
    assert (
        Deadline.objects.filter(
            kind=DeadlineKind.EVENT_REGISTRATION, object_id__in=rollout.registrations.values("pk")
        ).count()
        == 47
    )
    # Bulk inserts grow only with batches, never one query per commune.
    assert len(many) <= len(few) + 4, (len(few), len(many))


def test_publish_page_scope_and_roles(rollout, tree, people):
    url = reverse("events:rollout_publish", args=[rollout.pk])
    data = {"registration_deadline": "2025-05-15", "report_deadline": "2025-08-20"}
    # Another province does not see the roll-out at all.
    assert login(people.far_leader).post(url, data).status_code == 404
    # A commune sees it (to register) but may not publish it.
    assert login(people.reporter).post(url, data).status_code == 403
    rollout.refresh_from_db()
    assert rollout.published_at is None
    with time_machine.travel(at(2025, 4, 20), tick=False):
        response = login(people.staff).post(url, data, follow=True)
    assert "Đã công bố kế hoạch" in response.content.decode()
    rollout.refresh_from_db()
    assert rollout.published_at is not None
    page = login(people.staff).get(reverse("events:rollout_detail", args=[rollout.pk]))
    assert 'data-testid="rollout-publish-form"' in page.content.decode()
    page = login(people.reporter).get(reverse("events:rollout_detail", args=[rollout.pk]))
    assert 'data-testid="rollout-publish-form"' not in page.content.decode()
    # The deadline's link opens the commune's own registration; a neighbour gets a 404.
    ours = reg_of(rollout, tree.commune)
    link = deadline(ours, DeadlineKind.EVENT_REGISTRATION).url
    assert login(people.reporter).get(link).status_code == 200
    assert login(people.outsider).get(link).status_code == 404


# --- event tasks through the page (the formset goes through the service) -------------------


def test_the_task_page_creates_and_closes_task_deadlines(ceremony, tree, people):
    event, _invitations = ceremony
    url = reverse("events:task_edit", args=[event.pk])
    row = {
        "tasks-TOTAL_FORMS": "1",
        "tasks-INITIAL_FORMS": "0",
        "tasks-0-assignee": str(tree.police.pk),
        "tasks-0-assignee_text": "",
        "tasks-0-text": "Chuẩn bị hội trường",
        "tasks-0-deadline": "2025-06-15",
        "tasks-0-status": "open",
        "tasks-0-notes": "",
    }
    client = login(people.reporter)
    with time_machine.travel(at(2025, 5, 5), tick=False):
        assert client.post(url, row).status_code == 302
    task = event.tasks.get()
    deadline = Deadline.objects.get(kind=DeadlineKind.EVENT_TASK, object_id=task.pk)
    assert deadline.active and deadline.due_at == at(2025, 6, 15, 23, 59)
    with time_machine.travel(at(2025, 5, 6), tick=False):
        response = client.post(
            url,
            {
                **row,
                "tasks-INITIAL_FORMS": "1",
                "tasks-0-id": str(task.pk),
                "tasks-0-DELETE": "on",
            },
        )
    assert response.status_code == 302
    deadline.refresh_from_db()
    assert not deadline.active and pending(deadline) == 0
    assert login(people.outsider).post(url, row).status_code == 404


def test_deadlines_of_deleted_objects_are_closed_by_the_beat(rollout, tree, people):
    """A cascade (here: a roll-out deleted with its registrations) reaches no service;
    the beat closes the deadlines left behind, so nobody is reminded of a deleted row."""
    with time_machine.travel(at(2025, 4, 20), tick=False):
        publish(rollout, people.staff)
        ids = list(rollout.registrations.values_list("pk", flat=True))
        rollout.delete()
        assert deadlines_missing_task() == 4  # two communes, two deadlines each
    left = Deadline.objects.filter(object_id__in=ids, kind__startswith="event_")
    assert left.count() == 4 and not left.filter(active=True).exists()
    assert not left.filter(reminders__status=ReminderStatus.PENDING).exists()
