"""A signed-in session is renewed at most once a minute, not written on every request."""

from datetime import timedelta

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import RoleCode
from tests.conftest import make_user


def _session_writes(client, path: str = "/") -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return sum(
        1
        for q in ctx.captured_queries
        if "django_session" in q["sql"]
        and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    )


def test_a_burst_of_requests_writes_the_session_once(tree, client, settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    officer = make_user("officer", tree.police, RoleCode.COMMUNE_OFFICER)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(officer, backend="accounts.backends.ScopedModelBackend")
        first = _session_writes(client)
        later = [_session_writes(client) for _ in range(3)]
    assert first == 1  # the first request after login stamps the renewal time
    assert later == [0, 0, 0]
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        assert _session_writes(client) == 1  # a minute later the expiry moves forward
