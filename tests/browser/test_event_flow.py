"""Issue 6 in a real browser: province staff (``tinh``) create a ceremony from the launch
template, add two invitee groups, expand one from the person registry and send the
invitations; an invitee opens their personal RSVP link (no login) and accepts; at the
door the QR code's link checks them in; the counts show 1 attended.
"""

from events.models import Event, Invitation
from tests.browser.conftest import BROWSER_MARKS, PHONE, assert_no_horizontal_scroll, login

pytestmark = BROWSER_MARKS

TITLE = "Lễ phát động phong trào thi đua đặc biệt năm 2030 (thử nghiệm)"
GROUPS = [
    # description, organisation kinds to match, position contains
    ("Trưởng Công an các xã, phường, thị trấn", ["commune_police"], "Trưởng"),
    ("Đại diện Thường trực Tỉnh ủy", [], ""),
]


def test_ceremony_invitations_rsvp_and_checkin(demo_users, new_page):  # type: ignore[no-untyped-def]
    staff = new_page()
    login(staff, "tinh")

    # A ceremony from the launch template.
    staff.goto("/events/new/?template=launch")
    staff.fill("input[name=title]", TITLE)
    staff.select_option("select[name=kind]", "launch")
    staff.fill("input[name=starts_at]", "2030-09-27T07:30")
    staff.fill("input[name=venue]", "Hội trường Công an tỉnh")
    staff.fill("input[name=expected_attendance]", "250")
    with staff.expect_navigation():
        staff.click("main form button[type=submit]")
    event = Event.objects.get(title=TITLE)
    detail = f"/events/{event.pk}/"
    assert staff.url.endswith(detail), staff.url
    # The launch template's six-step programme is there.
    assert "Chào cờ, tuyên bố lý do, giới thiệu đại biểu" in staff.inner_text("main")

    # Two invitee groups.
    for description, kinds, position in GROUPS:
        staff.goto(detail)
        staff.click("#groups details summary")
        staff.fill("input[name=description]", description)
        staff.fill("input[name=expected_count]", "10")
        if kinds:
            staff.select_option("select[name=match_kinds_list]", kinds)
        if position:
            staff.fill("input[name=match_position]", position)
        with staff.expect_navigation():
            staff.click("form[action$='/groups/new/'] button[type=submit]")
    groups = staff.locator("#groups tbody tr")
    assert groups.count() == 2
    assert "Đại diện Thường trực Tỉnh ủy" in staff.inner_text("#groups")

    # Expand the commune police chiefs from the person registry.
    staff.click("#groups a:has-text('Trưởng Công an các xã, phường, thị trấn')")
    with staff.expect_navigation():
        staff.click("[data-testid=expand]")
    invited = Invitation.objects.filter(event=event)
    assert invited.count() > 0
    assert invited.filter(group__description=GROUPS[0][0]).count() == invited.count()

    # Send the invitations.
    staff.goto(detail)
    with staff.expect_navigation():
        staff.click("[data-testid=transition-invitations_sent]")
    event.refresh_from_db()
    assert event.status == "invitations_sent"
    assert staff.inner_text("[data-testid=count-attended]") == "0"

    # The first invitation in protocol order: its RSVP link and the QR code's link.
    staff.goto(f"{detail}invitations/")
    with staff.expect_navigation():
        staff.locator("main table a").first.click()
    rsvp_link = staff.locator("[data-testid=rsvp-link]").input_value()
    checkin_link = staff.locator("[data-testid=checkin-link]").get_attribute("href")
    invitee = staff.inner_text("main h1")
    assert "/events/rsvp/" in rsvp_link and "?t=" in checkin_link

    # The invitee, not logged in, on a phone: accepts.
    guest = new_page(viewport=PHONE)
    guest.goto(rsvp_link)
    assert guest.inner_text("[data-testid=invitee]") == invitee
    assert_no_horizontal_scroll(guest)
    guest.check("input[value=accepted]")
    with guest.expect_navigation():
        guest.click("main form button[type=submit]")
    assert guest.inner_text("[data-testid=rsvp-status]") == "Tham dự"
    assert guest.locator("svg.qr-code").count() == 1  # their check-in code

    # At the door: the QR code opens the check-in page with the token; staff confirm.
    staff.goto(checkin_link)
    assert invitee in staff.inner_text("main")
    with staff.expect_navigation():
        staff.click("[data-testid=confirm-checkin]")
    assert invitee in staff.inner_text("[data-testid=checkin-result]")
    # Scanned twice: counted once.
    staff.goto(checkin_link)
    with staff.expect_navigation():
        staff.click("[data-testid=confirm-checkin]")
    assert "đã điểm danh lúc" in staff.inner_text("[data-testid=checkin-result]")

    staff.goto(detail)
    assert staff.inner_text("[data-testid=count-attended]") == "1"
    assert staff.inner_text("[data-testid=count-confirmed]") == "1"
    assert Invitation.objects.filter(event=event, attended_at__isnull=False).count() == 1
