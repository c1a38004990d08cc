"""Security headers with production settings, and ``check --deploy`` (ENGINEERING.md §Security).

scripts/test.sh runs the suite with DEBUG=false (and the TLS toggles off, as the test client
speaks plain HTTP); a request marked secure gets HSTS.
"""

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD

BASE_DIR = Path(settings.BASE_DIR)


def assert_hardened(response) -> None:  # type: ignore[no-untyped-def]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_debug_is_off_under_test():
    assert settings.DEBUG is False


@pytest.mark.django_db
def test_login_page_headers_and_no_hsts_over_plain_http(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert_hardened(response)
    assert "Strict-Transport-Security" not in response


def test_a_signed_in_page_over_https_gets_hsts(commune_officer, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    client = Client()
    client.force_login(commune_officer, backend="accounts.backends.ScopedModelBackend")
    response = client.get(reverse("core:home"), secure=True)
    assert response.status_code == 200
    assert_hardened(response)
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")


def test_hsts_is_on_by_default_when_debug_is_off():
    """thidua/settings.py turns HSTS on unless DEBUG (scripts/test.sh leaves it on)."""
    assert settings.SECURE_HSTS_SECONDS >= 31536000


def test_cookies_are_httponly_and_samesite(commune_officer, client):
    response = client.post(reverse("accounts:login"), {"username": "officer", "password": PASSWORD})
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    csrf = client.get(reverse("accounts:login")).cookies.get(settings.CSRF_COOKIE_NAME)
    if csrf is not None:
        assert csrf["samesite"] == "Lax"


@pytest.mark.django_db
def test_error_pages_are_hardened_too(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert_hardened(response)


def _deploy_env(**extra: str) -> dict[str, str]:
    """The environment of a production start: only what the operator sets."""
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", str(BASE_DIR)),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "thidua.settings",
        "DEBUG": "0",
        "SECRET_KEY": "".join(secrets.choice(alphabet) for _ in range(50)),
        "ALLOWED_HOSTS": "example.org",
    }
    env.update(extra)
    return env


def _check_deploy(env: dict[str, str]) -> subprocess.CompletedProcess:  # type: ignore[type-arg]
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _check_deploy(_deploy_env())
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_catches_a_weakened_setting():
    """The control: turning HSTS off is reported, so the clean run above means something."""
    result = _check_deploy(_deploy_env(SECURE_HSTS_SECONDS="0"))
    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr


def test_a_short_secret_key_refuses_to_start():
    result = _check_deploy(_deploy_env(SECRET_KEY="too-short"))
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
