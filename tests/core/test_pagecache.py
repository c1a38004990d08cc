"""The whole-page cache (core.pagecache) and the cached user (accounts.backends).

A page served from the cache renders no template, so ``response.context`` is None on a
hit and set on a miss: the tests use that to tell the two apart.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role, RoleCode
from core import cachegen
from core.pagecache import PLACEHOLDER
from people.models import Gender, Person

HOME = reverse("core:home")
DASHBOARD = reverse("reports:dashboard")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _page_cache_on(settings):  # type: ignore[no-untyped-def]
    settings.PAGE_CACHE = True


def test_second_visit_is_served_from_the_cache_without_queries(
    province_staff, client_for, django_assert_num_queries
):
    client = client_for(province_staff)
    first = client.get(HOME)
    assert first.context is not None
    with django_assert_num_queries(0):
        again = client.get(HOME)
    assert again.status_code == 200 and again.context is None
    assert "Thử Nghiệm" in again.content.decode()
    assert "private" in again["Cache-Control"] and "no-cache" in again["Cache-Control"]
    assert "Cookie" in again["Vary"]


def test_a_save_makes_the_cached_page_stale_at_once(tree, province_staff, client_for):
    client = client_for(province_staff)
    before = client.get(HOME).context["person_count"]
    assert client.get(HOME).context is None  # cached
    Person.objects.create(
        full_name="Lò Văn Mới", gender=Gender.MALE, organisation=tree.police, unit=tree.village
    )
    after = client.get(HOME)
    assert after.context is not None
    assert after.context["person_count"] == before + 1


def test_each_user_gets_their_own_page(tree, commune_officer, other_commune, client_for):
    client = client_for(commune_officer)
    mine = client.get(HOME).content.decode()
    assert client.get(HOME).context is None  # cached for this user
    theirs = Client()
    theirs.force_login(other_commune)
    response = theirs.get(HOME)
    assert response.context is not None  # another user never gets the first user's page
    body = response.content.decode()
    assert "Hòa Lạc" in body and "Hòa Lạc" not in mine


def test_every_response_gets_its_own_csrf_token_and_posts_work(province_staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(province_staff)
    first = client.get(HOME)
    second = client.get(HOME)
    assert second.context is None
    tokens = [TOKEN.findall(r.content.decode()) for r in (first, second)]
    assert tokens[0] and tokens[1]
    for response in (first, second):
        assert PLACEHOLDER not in response.content.decode()
    assert tokens[0][0] != tokens[1][0]  # masked afresh for each response
    # The token from the cached page is accepted: log out with it.
    out = client.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": tokens[1][0]})
    assert out.status_code == 302
    assert client.get(HOME).status_code == 302  # logged out: back to the login page


def test_a_page_with_a_message_is_not_cached(province_staff, client_for):
    client = client_for(province_staff)
    client.get(HOME)
    session = client.session
    session["_messages"] = (
        '[["__json_message",0,25,"Đã lưu kế hoạch."]]'  # SessionStorage's own format
    )
    session.save()
    with_message = client.get(HOME)
    assert with_message.context is not None
    assert "Đã lưu kế hoạch." in with_message.content.decode()
    later = client.get(HOME)
    assert "Đã lưu kế hoạch." not in later.content.decode()


def test_a_removed_role_takes_effect_on_the_next_request(province_staff, client_for):
    client = client_for(province_staff)
    assert client.get(DASHBOARD).status_code == 200
    assert client.get(DASHBOARD).context is None  # page and user both cached
    province_staff.roles.remove(Role.objects.get(code=RoleCode.PROVINCE_STAFF))
    assert client.get(DASHBOARD).status_code == 403


def test_a_deactivated_user_is_signed_out_on_the_next_request(province_staff, client_for):
    client = client_for(province_staff)
    client.get(HOME)
    client.get(HOME)
    get_user_model().objects.filter(pk=province_staff.pk).update(is_active=False)
    cachegen.bump("accounts")  # a bulk update sends no signal: services bump themselves
    assert client.get(HOME).status_code == 302


def test_a_password_changed_elsewhere_ends_other_sessions(province_staff):
    client = Client()
    client.force_login(province_staff, backend="accounts.backends.ScopedModelBackend")
    client.get(HOME)
    assert client.get(HOME).context is None
    province_staff.set_password("another-horse-battery-77")
    province_staff.save()
    assert client.get(HOME).status_code == 302


def test_exports_and_htmx_fragments_are_kept_apart(province_staff, client_for):
    client = client_for(province_staff)
    page = client.get(HOME)
    fragment = client.get(HOME, headers={"HX-Request": "true", "HX-Target": "x"})
    assert fragment.context is not None  # not the full page from the cache
    assert client.get(HOME).context is None and page.context is not None


def test_language_is_part_of_the_key(province_staff, client_for):
    client = client_for(province_staff)
    vi = client.get(HOME).content.decode()
    client.cookies["django_language"] = "en"
    en = client.get(HOME)
    assert en.context is not None
    assert en.content.decode() != vi
    assert 'lang="en"' in en.content.decode()


def test_page_cache_off_renders_every_time(province_staff, client_for, settings):
    settings.PAGE_CACHE = False
    client = client_for(province_staff)
    client.get(HOME)
    assert client.get(HOME).context is not None


def test_a_lost_counter_never_brings_back_an_old_entry(db):
    gens, value = cachegen.read_current("test:entry", ("people",))
    assert value is None
    cachegen.write_current("test:entry", gens, "old", 60)
    assert cachegen.read_current("test:entry", ("people",))[1] == "old"
    cache.delete("gen:people")  # evicted, or Redis restarted without the entry's loss
    assert cachegen.read_current("test:entry", ("people",))[1] is None
    cachegen.bump("people")
    assert cachegen.read_current("test:entry", ("people",))[1] is None


def test_an_unrelated_app_leaves_the_entry_current(db):
    gens, _ = cachegen.read_current("test:entry2", ("people",))
    cachegen.write_current("test:entry2", gens, "kept", 60)
    cachegen.bump("events")
    assert cachegen.read_current("test:entry2", ("people",))[1] == "kept"
    cachegen.bump_all()
    assert cachegen.read_current("test:entry2", ("people",))[1] is None


def test_anonymous_visitors_are_sent_to_the_login_page(db, client):
    for url in (HOME, DASHBOARD):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_session_for_a_deleted_user_gets_no_cached_page(province_staff, client_for):
    client = client_for(province_staff)
    client.get(HOME)
    assert client.get(HOME).context is None
    province_staff.delete()
    assert client.get(HOME).status_code == 302


def test_a_page_is_kept_for_the_session_it_was_rendered_for(province_staff):
    first, second = Client(), Client()
    for c in (first, second):
        c.force_login(province_staff, backend="accounts.backends.ScopedModelBackend")
    first.get(HOME)
    assert first.get(HOME).context is None
    assert second.get(HOME).context is not None  # another session renders its own copy
    first.post(reverse("accounts:logout"))
    assert first.get(HOME).status_code == 302  # a signed-out session gets no cached page
    assert second.get(HOME).context is None


def test_someone_else_logging_in_keeps_the_cached_pages(province_staff, commune_officer):
    from django.contrib.auth.models import update_last_login

    client = Client()
    client.force_login(province_staff, backend="accounts.backends.ScopedModelBackend")
    client.get(HOME)
    assert client.get(HOME).context is None
    update_last_login(None, commune_officer)  # what every login does
    assert client.get(HOME).context is None  # still served from the cache
    commune_officer.first_name = "Mới"
    commune_officer.save()  # a real change to a user does make the pages stale
    assert client.get(HOME).context is not None


def test_home_counts_are_kept_until_units_or_people_change(
    tree, province_staff, client_for, settings
):
    settings.PAGE_CACHE = False  # the counts cache on its own, under the rendered page
    client = client_for(province_staff)
    first = client.get(HOME)
    with CaptureQueriesContext(connection) as rendered:
        again = client.get(HOME)
    assert again.context["person_count"] == first.context["person_count"]
    assert not any("people_person" in q["sql"] for q in rendered.captured_queries)
    Person.objects.create(
        full_name="Lò Văn Mới", gender=Gender.MALE, organisation=tree.police, unit=tree.village
    )
    assert client.get(HOME).context["person_count"] == first.context["person_count"] + 1
