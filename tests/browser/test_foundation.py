"""Issue 2 in a real browser: log in as a commune officer, see the dashboard, and find
another commune's pages missing (404, in Vietnamese)."""

from orgunits.models import AdminUnit, Organisation
from tests.browser.conftest import BROWSER_MARKS, PHONE, assert_no_horizontal_scroll, login

pytestmark = BROWSER_MARKS


def test_commune_officer_sees_dashboard_and_404_outside(demo_users, new_page, live_server):
    page = new_page()
    static_failures: list[str] = []
    page.on(
        "response",
        lambda r: (
            static_failures.append(f"{r.status} {r.url}")
            if "/static/" in r.url and r.status >= 400
            else None
        ),
    )
    login(page, "xa")
    assert page.url == live_server.url + "/"
    assert page.locator("h1").first.inner_text() == "Tổng quan"
    assert "Công an phường Nghĩa Đức" in page.inner_text("body")
    # Static files come from the live server: Bootstrap's CSS and JS, htmx.
    assert page.evaluate("typeof window.htmx") == "object"
    assert page.evaluate("typeof window.bootstrap") == "object"
    navbar_bg = page.evaluate("getComputedStyle(document.querySelector('.navbar')).display")
    assert navbar_bg == "flex"  # Bootstrap's stylesheet applied
    assert static_failures == []

    own = AdminUnit.objects.get(name="Nghĩa Đức", level="commune")
    other = AdminUnit.objects.get(name="Nghĩa Thành", level="commune")
    other_police = Organisation.objects.get(code="CA-24612")

    response = page.goto(f"/units/{own.pk}/")
    assert response.status == 200

    for url in (f"/units/{other.pk}/", f"/units/organisations/{other_police.pk}/"):
        response = page.goto(url)
        assert response.status == 404, url
        body = page.inner_text("body")
        assert "Không tìm thấy trang" in body, body[:300]
        assert "Nghĩa Thành" not in body

    phone = new_page(PHONE)
    login(phone, "xa")
    assert_no_horizontal_scroll(phone)
    phone.goto(f"/units/{other.pk}/")
    assert_no_horizontal_scroll(phone)
