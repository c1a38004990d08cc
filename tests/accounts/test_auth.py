import re

from django.core import mail
from django.urls import reverse

from tests.conftest import PASSWORD


def test_login_logout_and_session_is_gone(commune_officer, client):
    response = client.post(reverse("accounts:login"), {"username": "officer", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200
    client.post(reverse("accounts:logout"))
    response = client.get(reverse("core:home"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_logout_needs_post(commune_officer, client_for):
    client = client_for(commune_officer)
    assert client.get(reverse("accounts:logout")).status_code == 405


def test_password_reset_by_email(commune_officer, client):
    response = client.post(reverse("accounts:password_reset"), {"email": "officer@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", body).group(1)
    page = client.get(link, follow=True)
    assert page.status_code == 200
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else link
    done = client.post(
        form_url, {"new_password1": "Mat-khau-moi-2024!", "new_password2": "Mat-khau-moi-2024!"}
    )
    assert done.status_code == 302
    login = client.post(
        reverse("accounts:login"), {"username": "officer", "password": "Mat-khau-moi-2024!"}
    )
    assert login.status_code == 302


def test_password_reset_for_unknown_email_sends_nothing(db, client):
    client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert mail.outbox == []


def test_csrf_is_enforced_on_login(commune_officer):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("accounts:login"), {"username": "officer", "password": PASSWORD})
    assert response.status_code == 403
    assert "hết hạn" in response.content.decode()
