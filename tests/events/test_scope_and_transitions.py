"""Scope (outsiders get 404 on every object URL), CSRF, status transitions per role."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from events import services
from events.models import EventStatus, ProgrammeItem
from tests.conftest import make_user

from .conftest import START


def object_urls(event, group, inv, item):  # type: ignore[no-untyped-def]
    e = event.pk
    return [
        ("get", reverse("events:event_detail", args=[e])),
        ("get", reverse("events:event_update", args=[e])),
        ("get", reverse("events:event_counts", args=[e])),
        ("get", reverse("events:programme_edit", args=[e])),
        ("get", reverse("events:programme_item_edit", args=[e, item.pk])),
        ("post", reverse("events:programme_move", args=[e, item.pk, "up"])),
        ("post", reverse("events:programme_reorder", args=[e])),
        ("post", reverse("events:group_create", args=[e])),
        ("get", reverse("events:group_detail", args=[e, group.pk])),
        ("post", reverse("events:group_expand", args=[e, group.pk])),
        ("get", reverse("events:group_import", args=[e, group.pk])),
        ("post", reverse("events:invitation_add", args=[e, group.pk])),
        ("get", reverse("events:invitation_list", args=[e])),
        ("get", reverse("events:invitation_card", args=[e, inv.pk])),
        ("post", reverse("events:invitation_delete", args=[e, inv.pk])),
        ("get", reverse("events:checkin", args=[e])),
        ("get", reverse("events:task_edit", args=[e])),
        ("post", reverse("events:event_transition", args=[e])),
        ("post", reverse("events:group_delete", args=[e, group.pk])),
        ("post", reverse("events:invitations_print", args=[e])),
        ("get", reverse("events:event_document", args=[e, "event-plan", "pdf"])),
        ("get", reverse("events:event_document", args=[e, "event-attendees", "docx"])),
    ]


def test_outsider_gets_404_everywhere(other_commune, client_for, commune_event, group, invitation):
    item = commune_event.programme.first()
    client = client_for(other_commune)
    for method, url in object_urls(commune_event, group, invitation, item):
        response = getattr(client, method)(url)
        assert response.status_code == 404, url
        assert "An Bình" not in response.content.decode()
    assert (
        "Lễ phát động phong trào thi đua phường An Bình"
        not in client.get(reverse("events:event_list")).content.decode()
    )


def test_insider_sees_the_event(commune_officer, province_staff, client_for, commune_event):
    for user in (commune_officer, province_staff):
        response = client_for(user).get(reverse("events:event_detail", args=[commune_event.pk]))
        assert response.status_code == 200
        assert "Chào cờ, tuyên bố lý do, giới thiệu đại biểu" in response.content.decode()


def test_posts_are_csrf_protected(commune_officer, commune_event, group):
    client = Client(enforce_csrf_checks=True)
    client.force_login(commune_officer, backend="accounts.backends.ScopedModelBackend")
    for url in (
        reverse("events:event_transition", args=[commune_event.pk]),
        reverse("events:group_expand", args=[commune_event.pk, group.pk]),
        reverse("events:checkin", args=[commune_event.pk]),
    ):
        assert client.post(url, {"target": "held", "token": "x"}).status_code == 403


def test_list_query_count_is_constant(
    tree, commune_officer, client_for, django_assert_max_num_queries
):
    for i in range(3):
        services.event_create(
            organiser=tree.police, title=f"Sự kiện {i}", starts_at=START, venue="Sân", kind="other"
        )
    client = client_for(commune_officer)
    client.get(reverse("events:event_list"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("events:event_list"))
    for i in range(10):
        services.event_create(
            organiser=tree.police, title=f"Thêm {i}", starts_at=START, venue="Sân", kind="other"
        )
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("events:event_list"))
    assert len(many) == len(few)


def test_sending_needs_invitations(tree, commune_officer, commune_event):
    with pytest.raises(ValidationError) as exc:
        services.event_transition(commune_event, EventStatus.INVITATIONS_SENT, user=commune_officer)
    assert exc.value.code == "no_invitations"


def test_transitions_per_role(tree, commune_event, invitation):
    officer = make_user("o1", tree.police, "commune_officer")
    clerk = make_user("c1", tree.police, "clerk")
    viewer = make_user("v1", tree.police, "viewer")
    with pytest.raises(ValidationError) as exc:
        services.event_transition(commune_event, EventStatus.INVITATIONS_SENT, user=viewer)
    assert exc.value.code == "role"
    # The clerk (văn thư) dispatches the invitations: every invitation is marked sent.
    services.event_transition(commune_event, EventStatus.INVITATIONS_SENT, user=clerk)
    invitation.refresh_from_db()
    assert invitation.sent_at is not None
    # Only province staff or admin may take the sending back.
    with pytest.raises(ValidationError):
        services.event_transition(commune_event, EventStatus.PLANNED, user=officer)
    # Not held before it starts.
    with pytest.raises(ValidationError) as exc:
        services.event_transition(commune_event, EventStatus.HELD, user=officer)
    assert exc.value.code == "not_started"
    with time_machine.travel(START + timedelta(hours=1), tick=False):
        services.event_transition(commune_event, EventStatus.HELD, user=officer)
    with pytest.raises(ValidationError) as exc:
        services.event_transition(commune_event, EventStatus.PLANNED, user=officer)
    assert exc.value.code == "bad_transition"
    leader = make_user("l1", tree.police, "leader")
    event = services.event_transition(commune_event, EventStatus.REPORTED, user=leader)
    assert event.status == EventStatus.REPORTED


def test_transition_view_message(commune_officer, client_for, commune_event):
    client = client_for(commune_officer)
    response = client.post(
        reverse("events:event_transition", args=[commune_event.pk]),
        {"target": "invitations_sent"},
        follow=True,
    )
    assert "Hãy thêm người được mời trước khi phát hành giấy mời." in response.content.decode()


def test_programme_template_and_reorder(commune_officer, client_for, commune_event):
    items = list(commune_event.programme.order_by("order"))
    assert len(items) == 6
    assert items[0].title == "Chào cờ, tuyên bố lý do, giới thiệu đại biểu"
    client = client_for(commune_officer)
    url = reverse("events:programme_reorder", args=[commune_event.pk])
    new = [items[5].pk] + [i.pk for i in items[:5]]
    assert client.post(url, {"item": new}).status_code == 204
    assert list(commune_event.programme.order_by("order").values_list("pk", flat=True)) == new
    # A stale list (one item missing) is refused with a Vietnamese message.
    stale = client.post(url, {"item": new[:5]})
    assert stale.status_code == 400
    assert "Chương trình vừa bị thay đổi; hãy tải lại trang." in stale.content.decode()
    first = ProgrammeItem.objects.get(pk=new[0])
    client.post(reverse("events:programme_move", args=[commune_event.pk, first.pk, "down"]))
    order = list(commune_event.programme.order_by("order").values_list("pk", flat=True))
    assert order[:2] == [new[1], new[0]]


def test_create_from_launch_template_view(tree, province_staff, client_for):
    client = client_for(province_staff)
    response = client.post(
        reverse("events:event_create"),
        {
            "template": "launch",
            "kind": "launch",
            "title": "Lễ phát động phong trào thi đua đặc biệt",
            "organiser": tree.cat.pk,
            "starts_at": "2030-09-27T07:30",
            "duration_hours": "4",
            "venue": "Hội trường Công an tỉnh",
            "expected_attendance": "250",
            "point_category": "none",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = tree.cat.organised_events.get()
    assert event.programme.count() == 6
    assert event.unit == tree.province
