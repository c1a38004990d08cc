"""Every URL of the portal against commune B's users (ENGINEERING.md §Security).

Object URLs (their kwargs name an object) are requested with commune A's objects by two
users of commune B: a plain commune officer and one holding every role. GET and POST must
both be 404 with nothing of A's in the body. The same URL opened by A's own user is not a
404, so each case can fail. Pages without an object must show B nothing of A's.
"""

import pytest
from django.core.files.storage import FileSystemStorage
from django.urls import reverse

from .catalogue import ADMIN, OBJECT_URLS, PAGE_URLS, UNSCOPED
from .urls import all_patterns
from .world import MARK

# URLs that leak today. Each is a bug in another app, written down for its owner; the
# xfail is strict, so the fix turns it into a failure to remove from this list.
KNOWN_LEAKS: dict[str, str] = {}


def body(response) -> str:  # type: ignore[no-untyped-def]
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return content.decode("utf-8", "replace")


def _classified(name: str, route: str) -> bool:
    return (
        name in OBJECT_URLS
        or name in PAGE_URLS
        or name in UNSCOPED
        or (route.startswith(ADMIN) and ADMIN in UNSCOPED)
    )


def test_every_pattern_is_classified():
    """A URL added later must be put in the catalogue (and the world) before it lands."""
    patterns = all_patterns()
    assert len(patterns) > 100
    missing = [f"{p.name} ({p.route})" for p in patterns if not _classified(p.name, p.route)]
    assert not missing, f"unclassified URL patterns: {missing}"


def test_catalogue_names_only_existing_patterns():
    names = {p.name for p in all_patterns()}
    stale = [n for n in [*OBJECT_URLS, *PAGE_URLS, *UNSCOPED] if n != ADMIN and n not in names]
    assert not stale


def test_object_urls_are_exactly_the_patterns_with_object_kwargs():
    """Every non-admin pattern with a pk/int/slug/token kwarg is an object URL or allowed."""
    for p in all_patterns():
        if p.route.startswith(ADMIN) or not p.kwargs:
            continue
        assert p.name in OBJECT_URLS or p.name in UNSCOPED or p.name in PAGE_URLS, p.name
        if p.name in OBJECT_URLS:
            assert {"pk"} & set(p.kwargs) or "token" in p.kwargs, p.name


def _params(names):  # type: ignore[no-untyped-def]
    return [
        pytest.param(
            n,
            marks=pytest.mark.xfail(strict=True, reason=KNOWN_LEAKS[n]) if n in KNOWN_LEAKS else (),
        )
        for n in sorted(names)
    ]


@pytest.mark.parametrize("name", _params(OBJECT_URLS))
def test_commune_b_gets_404_on_commune_a_objects(name, world, as_user):
    url = reverse(name, kwargs=OBJECT_URLS[name](world))
    problems = []
    for user in (world.plain_outsider, world.outsider):
        client = as_user(user)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            text = body(response)
            # A POST-only view answers GET with 405 before any lookup: the same for every id.
            allowed = (404, 405) if method == "get" else (404,)
            if response.status_code not in allowed:
                problems.append(f"{user.username} {method.upper()} → {response.status_code}")
            if MARK in text:
                problems.append(f"{user.username} {method.upper()} shows A's data")
    assert not problems, f"{url}: {problems}"


@pytest.mark.parametrize("name", sorted(OBJECT_URLS))
def test_commune_a_reaches_its_own_objects(name, world, as_user, monkeypatch):
    """The control: the same URL is not a 404 for A's own user (a POST-only view is
    POSTed, empty: it may refuse the data, but it must have found the object)."""
    # Rows roll back after the test, files would not: a delete view keeps the world's file.
    monkeypatch.setattr(FileSystemStorage, "delete", lambda self, name: None)
    url = reverse(name, kwargs=OBJECT_URLS[name](world))
    client = as_user(world.insider)
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url)
    assert response.status_code != 404, url
    assert response.status_code < 500, url


@pytest.mark.parametrize("name", sorted(PAGE_URLS))
def test_pages_show_commune_b_nothing_of_commune_a(name, world, as_user):
    url = reverse(name, kwargs=PAGE_URLS[name](world))
    for user in (world.plain_outsider, world.outsider):
        response = as_user(user).get(url)
        assert response.status_code in (200, 302, 403, 405), (url, response.status_code)
        assert MARK not in body(response), f"{url} shows A's data to {user.username}"


@pytest.mark.parametrize(
    "name", ["events:event_list", "campaigns:campaign_list", "people:person_list"]
)
def test_list_pages_do_show_the_insider_its_own_data(name, world, as_user):
    """The control of the page test: the marker is visible where it should be."""
    response = as_user(world.insider).get(reverse(name))
    assert response.status_code == 200
    assert MARK in body(response)


def test_unscoped_token_urls_show_nothing(world, client):
    rsvp = client.get(reverse("events:rsvp", kwargs={"token": "x" * 43}))
    assert rsvp.status_code == 404
    reset = client.get(
        reverse("accounts:password_reset_confirm", kwargs={"uidb64": "MQ", "token": "bad-token"})
    )
    assert reset.status_code == 200
    assert MARK not in body(reset) and MARK not in body(rsvp)


def test_admin_is_staff_only(world, as_user):
    """Commune users with every role are not staff: the admin sends them to its login."""
    for url in ("/admin/", f"/admin/events/event/{world.event.pk}/change/"):
        response = as_user(world.outsider).get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
