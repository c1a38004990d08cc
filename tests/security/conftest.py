"""Fixtures of the security tests: one world of commune A's objects per test module.

Building every app's objects costs about a second, and the URL tests are parametrised
over some hundred patterns: the world is built once per module inside a transaction that
is rolled back at the module's end; each test runs in its own savepoint on top of it.
"""

import pytest
from django.db import transaction

from .world import build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_world()
        yield built
        transaction.set_rollback(True)


@pytest.fixture
def as_user(db, world):  # type: ignore[no-untyped-def]
    """``as_user(user, **client_kwargs)`` -> a fresh logged-in test client."""
    from django.test import Client

    def _client(user, **kwargs):  # type: ignore[no-untyped-def]
        client = Client(**kwargs)
        client.force_login(user, backend="accounts.backends.ScopedModelBackend")
        return client

    return _client
