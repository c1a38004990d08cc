"""Browser tests: Debian's Chromium driven by Playwright (sync API) against a live server.

The live server is pytest-django's ``live_server`` (a threaded WSGI server on a random
port; whitenoise with finders serves the static files). It needs a transactional test
database, emptied after each test; ``serialized_rollback`` puts back what migrations
wrote (the roles), so tests that run after these still find them.

No browser is ever downloaded: ``/usr/bin/chromium`` (Debian's package) is launched.
"""

import os
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

# Playwright's sync API runs an asyncio loop in this thread; Django refuses ORM calls from
# a thread with a running loop unless told that this is safe (it is: one thread, no loop
# work while the ORM runs).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The session-wide ``browser`` fixture lives in tests/conftest.py: Playwright's sync API
# allows one running instance per thread, so every browser test in any folder shares it.
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


# Each module here starts with: pytestmark = BROWSER_MARKS
BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):  # type: ignore[no-untyped-def]
    report = yield
    if report.when == "call":
        item.browser_failed = report.failed
    return report


@pytest.fixture
def new_page(browser, live_server, request, tmp_path_factory):  # type: ignore[no-untyped-def]
    """``new_page(viewport=PHONE)`` opens a fresh browser context (its own cookies).

    When the test fails, every open page is saved (PNG and HTML) under
    ``$BROWSER_ARTIFACTS`` or pytest's temporary directory, and the path is printed.
    """
    contexts = []

    def _open(viewport: dict[str, int] | None = None):  # type: ignore[no-untyped-def]
        context = browser.new_context(
            viewport=viewport or DESKTOP, locale="vi-VN", base_url=live_server.url
        )
        # Generous: the machine may be shared with other test runs.
        context.set_default_timeout(30_000)
        context.set_default_navigation_timeout(60_000)
        contexts.append(context)
        return context.new_page()

    yield _open
    if getattr(request.node, "browser_failed", False):
        out = Path(os.environ.get("BROWSER_ARTIFACTS") or tmp_path_factory.mktemp("browser"))
        out.mkdir(parents=True, exist_ok=True)
        for i, context in enumerate(contexts):
            for j, open_page in enumerate(context.pages):
                stem = out / f"{request.node.name}-{i}-{j}"
                try:
                    open_page.screenshot(path=f"{stem}.png", full_page=True)
                    stem.with_suffix(".html").write_text(open_page.content())
                except Exception as exc:  # best effort: the test's own failure matters
                    sys.stderr.write(f"browser: could not save {stem}: {exc}\n")
                else:
                    sys.stderr.write(f"browser: saved {stem}.png ({open_page.url})\n")
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):  # type: ignore[no-untyped-def]
    return new_page()


@pytest.fixture
def demo_users(transactional_db):  # type: ignore[no-untyped-def]
    """The demo data, with the demo password set even though tests run with DEBUG off."""
    from accounts.models import Role, RoleCode, User

    # The roles come from a data migration; a kept test database (--reuse-db) that a
    # transactional test emptied has lost them.
    for code in RoleCode.values:
        Role.objects.get_or_create(code=code)
    call_command("load_demo", verbosity=0)
    password = settings.THIDUA["DEMO_PASSWORD"]
    users = {u.username: u for u in User.objects.all()}
    for user in users.values():
        user.set_password(password)
        user.save(update_fields=["password"])
    return users


def login(page, username: str, password: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """Log in through the real form (axes, CSRF and the session cookie included)."""
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password or settings.THIDUA["DEMO_PASSWORD"])
    with page.expect_navigation():
        page.click("form button[type=submit]")
    assert "/accounts/login/" not in page.url, page.inner_text("body")[:500]


def assert_no_horizontal_scroll(page) -> None:  # type: ignore[no-untyped-def]
    """The page fits the viewport: nothing sticks out sideways on a phone."""
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    assert width <= viewport, f"{page.url}: {width}px wide in a {viewport}px viewport"
