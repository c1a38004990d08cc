"""CSRF on every state-changing URL, and GETs that change nothing (ENGINEERING.md §Security).

Every pattern of the portal is POSTed without a CSRF token by a client that enforces the
checks, as commune A's own user holding every role (so only the token can stop it): 100%
must be 403, with the portal's Vietnamese CSRF page. The same POST with the token is not a
403, so each case can fail. A GET on any page, POST-only ones included, writes nothing.
"""

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from .catalogue import OBJECT_URLS, PAGE_URLS, UNSCOPED
from .test_url_scope import body

# Anonymous forms and token URLs, with the kwargs they need.
ANONYMOUS: dict[str, dict[str, str]] = {
    "accounts:login": {},
    "accounts:password_reset": {},
    "accounts:password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
    "awards:public_batch": {"token": "00000000-0000-0000-0000-000000000000"},
    "awards:public_list": {},
    "events:rsvp": {"token": "x" * 43},
    "set_language": {},
}
SIGNED_IN: dict[str, dict[str, str]] = {
    "accounts:logout": {},
    "accounts:password_change": {},
    "awards:form_edit": {},  # kwargs filled from the world below
}
NO_POST = {
    # GET-only views by nature: they still go through the CSRF middleware on POST.
    "accounts:password_change_done",
    "accounts:password_reset_done",
    "accounts:password_reset_complete",
    "core:healthz",
}


def _all_urls(world) -> list[tuple[str, str, bool]]:  # type: ignore[no-untyped-def]
    """(name, url, signed in) for every non-admin pattern."""
    urls = [(n, reverse(n, kwargs=k(world)), True) for n, k in OBJECT_URLS.items()]
    urls += [(n, reverse(n, kwargs=k(world)), True) for n, k in PAGE_URLS.items()]
    urls += [(n, reverse(n, kwargs=k), False) for n, k in ANONYMOUS.items()]
    urls += [(n, reverse(n), True) for n in ("accounts:logout", "accounts:password_change")]
    urls += [("awards:form_edit", reverse("awards:form_edit", args=[world.form.pk]), True)]
    urls += [(n, reverse(n), False) for n in sorted(NO_POST)]
    return urls


def test_the_csrf_list_covers_every_pattern(world, db):
    covered = {n for n, _u, _s in _all_urls(world)}
    assert covered | {"admin/"} == set(OBJECT_URLS) | set(PAGE_URLS) | set(UNSCOPED)


def _names():  # type: ignore[no-untyped-def]
    return sorted(
        [
            *OBJECT_URLS,
            *PAGE_URLS,
            *ANONYMOUS,
            *NO_POST,
            "accounts:logout",
            "accounts:password_change",
            "awards:form_edit",
        ]
    )


@pytest.mark.parametrize("name", _names())
def test_post_without_token_is_403(name, world, as_user, client):
    url = {n: (u, s) for n, u, s in _all_urls(world)}[name]
    target, signed_in = url
    from django.test import Client

    csrf_client = as_user(world.insider, enforce_csrf_checks=True) if signed_in else None
    csrf_client = csrf_client or Client(enforce_csrf_checks=True)
    before = fingerprint()
    response = csrf_client.post(target, {"name": "x", "title": "x"})
    assert response.status_code == 403, (target, response.status_code)
    assert "CSRF" in body(response) or "bảo mật" in body(response).lower()
    assert fingerprint() == before


def test_admin_login_post_without_token_is_403(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        "/admin/login/", {"username": "root", "password": "x"}
    )
    assert response.status_code == 403


def test_the_csrf_page_is_vietnamese(world, as_user):
    response = as_user(world.insider, enforce_csrf_checks=True).post(
        reverse("people:person_create")
    )
    assert response.status_code == 403
    text = body(response)
    assert any(ch in text for ch in "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệ"), text[:500]


@pytest.mark.parametrize(
    "name,data",
    [
        ("people:person_create", {"full_name": ""}),
        ("notifications:mark_all_read", {}),
        ("accounts:logout", {}),
    ],
)
def test_post_with_token_passes_the_check(name, data, world, as_user):
    """The control: the same client with the token is not stopped by CSRF."""
    client = as_user(world.insider, enforce_csrf_checks=True)
    client.get(reverse("core:home"))
    token = client.cookies["csrftoken"].value
    response = client.post(reverse(name), data, HTTP_X_CSRFTOKEN=token)
    assert response.status_code != 403


# --- GET changes nothing -------------------------------------------------------------

# Rows a GET may legitimately write: generated documents are a cache of their sources.
GET_MAY_WRITE = {"documents.generateddocument", "documents.historicalgenerateddocument"}
IGNORED_APPS = {"sessions", "axes", "admin"}


def _tables() -> list[tuple[str, str]]:
    tables = []
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.app_label in IGNORED_APPS or label in GET_MAY_WRITE:
            continue
        if model._meta.managed and not model._meta.proxy:
            tables.append((label, model._meta.db_table))
    return tables


def fingerprint() -> dict[str, int]:
    """Row counts of every table (history tables included: any save() adds a row), in one query."""
    tables = _tables()
    quote = connection.ops.quote_name
    # Table names come from the models, quoted by the backend: no outside input.
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for _l, t in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    return {label: n for (label, _t), n in zip(tables, row, strict=True)}


# GETs that write today, written down for their owners (strict: a fix flips them).
GET_WRITES: dict[str, str] = {}


def _get_params():  # type: ignore[no-untyped-def]
    return [
        pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=GET_WRITES[n]))
        if n in GET_WRITES
        else n
        for n in sorted([*OBJECT_URLS, *PAGE_URLS])
    ]


@pytest.mark.parametrize("name", _get_params())
def test_get_changes_nothing(name, world, as_user):
    kwargs = {**OBJECT_URLS, **PAGE_URLS}[name](world)
    url = reverse(name, kwargs=kwargs)
    client = as_user(world.insider)
    before = fingerprint()
    response = client.get(url)
    assert response.status_code < 500
    assert fingerprint() == before, url


def test_post_only_endpoints_answer_get_with_405(world, as_user):
    """The POST-only set is found, not listed: each answers GET with 405, state untouched."""
    client = as_user(world.insider)
    post_only = []
    for name, kwargs in {**OBJECT_URLS, **PAGE_URLS}.items():
        if client.get(reverse(name, kwargs=kwargs(world))).status_code == 405:
            post_only.append(name)
    # Transitions, deletes, uploads, marks: more than a handful exist in every app.
    assert len(post_only) >= 20, post_only
    assert "awards:document_delete" in post_only and "reports:evidence_remove" in post_only
