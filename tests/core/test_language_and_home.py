"""Vietnamese is the default whatever the browser asks; English is an explicit choice.
A user whose unit was dissolved sees its territory as of its last day."""

from datetime import date

import pytest
from django.conf import settings

from accounts.models import RoleCode
from tests.conftest import make_user


@pytest.mark.django_db
def test_vietnamese_even_when_the_browser_asks_for_english(client):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    body = response.content.decode()
    assert 'lang="vi"' in body
    assert "Đăng nhập" in body
    assert "accept-language" not in response.get("Vary", "").lower()


@pytest.mark.django_db
def test_english_after_choosing_it(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    body = client.get("/accounts/login/").content.decode()
    assert 'lang="en"' in body
    assert "Đăng nhập" not in body


def test_dissolved_unit_dashboard_counts_as_of_its_last_day(tree, client_for):
    tree.commune.valid_to = date(2025, 6, 30)
    tree.commune.save()
    tree.village.valid_to = date(2025, 6, 30)
    tree.village.save()
    officer = make_user("officer", tree.police, RoleCode.COMMUNE_OFFICER)
    response = client_for(officer).get("/")
    body = response.content.decode()
    assert response.context["as_of"] == date(2025, 6, 30)
    assert response.context["unit_counts"]["village"] == 1
    assert "30/06/2025" in body
    assert 'data-testid="dissolved-notice"' in body


def test_live_unit_dashboard_has_no_notice(tree, client_for):
    officer = make_user("officer", tree.police, RoleCode.COMMUNE_OFFICER)
    response = client_for(officer).get("/")
    assert response.context["as_of"] == response.context["today"]
    assert 'data-testid="dissolved-notice"' not in response.content.decode()
