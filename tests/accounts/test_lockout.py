"""django-axes: 5 failures lock the username for 15 minutes, even the right password."""

from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD


def attempt(client, username, password):  # type: ignore[no-untyped-def]
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_fifth_failure_locks_and_right_password_is_refused(commune_officer, client):
    for _ in range(4):
        response = attempt(client, "officer", "wrong-password")
        assert response.status_code == 200
        assert "Sai tên đăng nhập hoặc mật khẩu" in response.content.decode()
    locked = attempt(client, "officer", "wrong-password")
    assert locked.status_code == 429
    assert "tạm khóa" in locked.content.decode()
    again = attempt(client, "officer", PASSWORD)
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lock_cools_off_after_15_minutes(commune_officer, client):
    for _ in range(5):
        attempt(client, "officer", "wrong-password")
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        response = attempt(client, "officer", PASSWORD)
        assert response.status_code == 302
        assert response["Location"] == reverse("core:home")


def test_other_user_is_not_locked(commune_officer, other_commune, client):
    for _ in range(5):
        attempt(client, "officer", "wrong-password")
    assert attempt(client, "outsider", PASSWORD).status_code == 302
