"""RSVP links (no login) and check-in at the door."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from events import services
from events.models import Event, EventStatus, Invitation, RsvpStatus

from .conftest import START


def test_tokens_are_long_random_and_distinct(invitation, invitation2):
    tokens = [
        invitation.rsvp_token,
        invitation.checkin_token,
        invitation2.rsvp_token,
        invitation2.checkin_token,
    ]
    assert len(set(tokens)) == 4
    assert all(len(t) >= 43 for t in tokens)  # token_urlsafe(32): 256 bits


def test_rsvp_without_login_accepts(client, invitation):
    url = reverse("events:rsvp", args=[invitation.rsvp_token])
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Phạm Văn Mời" in body and "trân trọng kính mời" in body
    response = client.post(url, {"answer": "accepted", "note": "Đến đúng giờ"})
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.rsvp_status == RsvpStatus.ACCEPTED
    assert invitation.rsvp_note == "Đến đúng giờ"
    assert invitation.responded_at is not None
    page = client.get(url)
    assert "Cảm ơn đồng chí, trả lời đã được ghi nhận." in page.content.decode()
    assert "<svg" in page.content.decode()  # the check-in QR code once accepted


def test_guessed_token_is_404(client, invitation):
    assert client.get(reverse("events:rsvp", args=["x" * 43])).status_code == 404
    assert (
        client.post(reverse("events:rsvp", args=["x" * 43]), {"answer": "accepted"}).status_code
        == 404
    )
    # The check-in token is not an RSVP key.
    assert client.get(reverse("events:rsvp", args=[invitation.checkin_token])).status_code == 404


def test_token_answers_only_its_own_invitation(client, invitation, invitation2):
    url = reverse("events:rsvp", args=[invitation.rsvp_token])
    client.post(url, {"answer": "declined", "invitation": invitation2.pk, "pk": invitation2.pk})
    invitation.refresh_from_db()
    invitation2.refresh_from_db()
    assert invitation.rsvp_status == RsvpStatus.DECLINED
    assert invitation2.rsvp_status == RsvpStatus.PENDING


def test_expired_link_is_refused(client, invitation):
    url = reverse("events:rsvp", args=[invitation.rsvp_token])
    with time_machine.travel(START + timedelta(hours=5), tick=False):
        page = client.get(url)
        assert "Đường dẫn giấy mời này đã hết hạn: sự kiện đã kết thúc." in page.content.decode()
        response = client.post(url, {"answer": "accepted"})
        assert response.status_code == 410
    invitation.refresh_from_db()
    assert invitation.rsvp_status == RsvpStatus.PENDING
    with time_machine.travel(START + timedelta(hours=3), tick=False):
        # During the event (4 hours) the link still answers.
        assert client.post(url, {"answer": "accepted"}).status_code == 302


def test_rsvp_missing_answer_message(client, invitation):
    url = reverse("events:rsvp", args=[invitation.rsvp_token])
    response = client.post(url, {"note": "?"})
    assert response.status_code == 200
    assert "Trường này là bắt buộc." in response.content.decode()


def test_rsvp_is_csrf_protected(invitation):
    client = Client(enforce_csrf_checks=True)
    url = reverse("events:rsvp", args=[invitation.rsvp_token])
    assert client.post(url, {"answer": "accepted"}).status_code == 403


def test_check_in_twice_counts_once(commune_event, invitation):
    inv, first = services.check_in(commune_event, invitation.checkin_token)
    assert first
    inv2, again = services.check_in(commune_event, invitation.checkin_token)
    assert not again and inv2.attended_at == inv.attended_at
    from events.selectors import event_counts

    assert event_counts(commune_event)["attended"] == 1


def test_check_in_view_with_scanned_url(commune_officer, client_for, commune_event, invitation):
    client = client_for(commune_officer)
    url = reverse("events:checkin", args=[commune_event.pk])
    page = client.get(url, {"t": invitation.checkin_token})
    assert "Phạm Văn Mời" in page.content.decode()
    scanned = f"http://testserver{url}?t={invitation.checkin_token}"
    r1 = client.post(url, {"token": scanned})
    assert "Chào mừng Phạm Văn Mời: đã điểm danh." in r1.content.decode()
    r2 = client.post(url, {"token": invitation.checkin_token})
    assert "đã điểm danh lúc" in r2.content.decode()
    assert Invitation.objects.filter(attended_at__isnull=False).count() == 1
    counts = client.get(reverse("events:event_counts", args=[commune_event.pk]))
    assert 'data-testid="count-attended">1<' in counts.content.decode()


def test_check_in_refuses_token_of_another_event(
    tree, commune_officer, client_for, commune_event, invitation
):
    other = services.event_create(
        organiser=tree.police, title="Sự kiện khác", starts_at=START, venue="Sân", kind="other"
    )
    client = client_for(commune_officer)
    response = client.post(
        reverse("events:checkin", args=[other.pk]), {"token": invitation.checkin_token}
    )
    assert "Không có giấy mời nào của sự kiện này mang mã này." in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.attended_at is None


def test_check_in_needs_a_door_role(tree, client_for, commune_event, invitation):
    from tests.conftest import make_user

    viewer = make_user("viewer1", tree.police, "viewer")
    response = client_for(viewer).post(
        reverse("events:checkin", args=[commune_event.pk]), {"token": invitation.checkin_token}
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_closed_event_refuses_rsvp(client, commune_event, invitation):
    Event.objects.filter(pk=commune_event.pk).update(status=EventStatus.HELD)
    url = reverse("events:rsvp", args=[invitation.rsvp_token])
    assert client.post(url, {"answer": "accepted"}).status_code == 410
