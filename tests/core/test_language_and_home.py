"""Vietnamese is the default whatever the browser asks; English is an explicit choice.
A user whose unit was dissolved sees its territory as of its last day."""

from datetime import date

import pytest
from django.conf import settings

from accounts.models import RoleCode
from orgunits.models import OrganisationKind
from tests.conftest import make_org, make_user


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
    assert "Phường An Bình đã kết thúc hoạt động sau ngày 30/06/2025" in body


def test_live_unit_dashboard_has_no_notice(tree, client_for):
    officer = make_user("officer", tree.police, RoleCode.COMMUNE_OFFICER)
    response = client_for(officer).get("/")
    assert response.context["as_of"] == response.context["today"]
    assert 'data-testid="dissolved-notice"' not in response.content.decode()


def test_a_school_officer_sees_its_own_reporting_not_the_area(tree, client_for):
    """A school's reporting officer gets no counts of communes and people (none are
    theirs) and no notice about its district's dissolution; it is told whom it reports for."""
    tree.district.valid_to = date(2025, 6, 30)
    tree.district.save()
    school = make_org("T-THPT1", "Trường THPT An Bình", OrganisationKind.SCHOOL, tree.district)
    teacher = make_user("teacher", school, RoleCode.COMMUNE_OFFICER)
    response = client_for(teacher).get("/")
    body = response.content.decode()
    assert 'data-testid="unit-counts"' not in body
    assert 'data-testid="dissolved-notice"' not in body
    assert "Đơn vị báo cáo" in body and "Trường THPT An Bình" in body
    assert "Cán bộ cấp xã" not in body
    # The commune's own officer keeps the area view.
    officer = make_user("officer", tree.police, RoleCode.COMMUNE_OFFICER)
    assert 'data-testid="unit-counts"' in client_for(officer).get("/").content.decode()


@pytest.mark.django_db
def test_the_language_menu_names_each_language_in_its_own_name(client):
    import re

    body = client.get("/accounts/login/").content.decode()
    options = re.findall(r'<option value="(\w+)"[^>]*>([^<]+)</option>', body)
    assert options == [("vi", "Tiếng Việt"), ("en", "English")]
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    body = client.get("/accounts/login/").content.decode()
    assert re.findall(r'<option value="(\w+)"[^>]*>([^<]+)</option>', body) == options
