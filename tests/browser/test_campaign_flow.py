"""Issue 3 in a real browser: province staff write a plan with two phases and three
indicators (htmx rows), send it for signature, the leader of UBND tỉnh issues it, and a
commune officer makes the implementing plan of their ward from it.

Every bad value on the way is shown next to its field in Vietnamese, and what was typed
stays on the page.
"""

import re

from campaigns.models import Campaign, CampaignStatus
from tests.browser.conftest import (
    BROWSER_MARKS,
    PHONE,
    assert_no_horizontal_scroll,
    login,
)

pytestmark = BROWSER_MARKS

TITLE = "Phát động phong trào thi đua “Vì an ninh Tổ quốc” năm 2024–2025 (thử nghiệm)"


def field_error(page, name: str) -> str:  # type: ignore[no-untyped-def]
    """The error text shown with the input named ``name``."""
    field = page.locator(f"[name='{name}']")
    assert "is-invalid" in (field.get_attribute("class") or ""), name
    wrapper = page.locator(f"[id='div_id_{name}']")
    return wrapper.locator(".invalid-feedback").inner_text()


def add_rows(page, count: int) -> None:  # type: ignore[no-untyped-def]
    rows = page.locator("#rows .child-row")
    before = rows.count()
    for _ in range(count):
        page.click("[data-testid=add-row]")
    # Clicked in a burst: each row must still get its own index.
    page.wait_for_function(
        f"document.querySelectorAll('#rows .child-row').length === {before + count}"
    )


def save_rows(page) -> None:  # type: ignore[no-untyped-def]
    with page.expect_navigation():
        page.click("[data-testid=save-rows]")


def test_plan_from_draft_to_implementing_plan(demo_users, new_page, live_server):
    page = new_page()
    login(page, "tinh")

    # --- the plan itself: an error keeps what was typed --------------------------------
    page.goto("/campaigns/")
    with page.expect_navigation():
        page.click("a[href='/campaigns/new/']")
    page.select_option("select[name=issuer]", label="Ủy ban nhân dân tỉnh Đắk Nông")
    page.select_option("select[name=kind]", "thematic")
    page.fill("input[name=place]", "Đắk Nông")
    page.fill("textarea[name=title]", TITLE)
    page.fill("input[name=start_date]", "2024-08-19")
    page.fill("input[name=end_date]", "2024-08-01")
    page.select_option("select[name=cascade_level]", "commune")
    page.fill("textarea[name=signer_authority]", "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH")
    page.fill("input[name=signer_name]", "Lê Văn Chiến")
    with page.expect_navigation():
        page.click("[data-testid=save-plan]")
    assert field_error(page, "end_date") == "Phong trào không thể kết thúc trước khi bắt đầu."
    assert page.input_value("textarea[name=title]") == TITLE
    assert page.input_value("input[name=signer_name]") == "Lê Văn Chiến"
    page.fill("input[name=end_date]", "2025-08-19")
    with page.expect_navigation():
        page.click("[data-testid=save-plan]")
    campaign = Campaign.objects.get(title=TITLE)
    assert page.url.endswith(f"/campaigns/{campaign.pk}/")
    assert campaign.issuer.code == "UBND-67"
    assert page.inner_text("[data-testid=status]") == "Dự thảo"

    # --- two phases, added with htmx; overlap and out-of-period shown per field ---------
    page.goto(f"/campaigns/{campaign.pk}/edit/phases/")
    add_rows(page, 2)
    page.fill("[name='phases-0-name']", "Đợt 1")
    page.fill("[name='phases-0-start_date']", "2024-08-19")
    page.fill("[name='phases-0-end_date']", "2025-02-03")
    page.fill("[name='phases-0-dedication']", "Chào mừng 95 năm Ngày thành lập Đảng")
    page.fill("[name='phases-1-name']", "Đợt 2")
    page.fill("[name='phases-1-start_date']", "2025-02-01")
    page.fill("[name='phases-1-end_date']", "2025-09-30")
    save_rows(page)
    assert page.locator("[data-testid=form-errors]").is_visible()
    assert field_error(page, "phases-1-start_date") == (
        "Đợt này trùng thời gian với Đợt 1, đợt đó kết thúc ngày 03/02/2025."
    )
    assert field_error(page, "phases-1-end_date") == (
        "Đợt thi đua kết thúc sau khi phong trào kết thúc (19/08/2025)."
    )
    assert page.input_value("[name='phases-0-dedication']") == (
        "Chào mừng 95 năm Ngày thành lập Đảng"
    )
    page.fill("[name='phases-1-start_date']", "2025-02-04")
    page.fill("[name='phases-1-end_date']", "2025-08-19")
    save_rows(page)
    assert page.url.endswith(f"/campaigns/{campaign.pk}/")
    assert list(campaign.phases.values_list("name", flat=True)) == ["Đợt 1", "Đợt 2"]

    # --- three indicators; a ratio over 100% is refused next to the value ---------------
    page.goto(f"/campaigns/{campaign.pk}/edit/indicators/")
    add_rows(page, 3)
    indicators = [
        ("4.1", "Tỷ lệ nguồn tin do Nhân dân cung cấp", "ratio", "gte", "180"),
        ("4.2", "Số mô hình tự quản hiệu quả", "count", "gte", "1"),
        ("4.3", "Số người tái phạm", "count", "eq", "0"),
    ]
    for i, (code, name, kind, comparator, value) in enumerate(indicators):
        page.fill(f"[name='indicators-{i}-code']", code)
        page.fill(f"[name='indicators-{i}-name']", name)
        page.select_option(f"[name='indicators-{i}-kind']", kind)
        page.select_option(f"[name='indicators-{i}-comparator']", comparator)
        page.fill(f"[name='indicators-{i}-target_value']", value)
        page.select_option(f"[name='indicators-{i}-frequency']", "monthly")
        page.select_option(f"[name='indicators-{i}-aggregation']", "sum")
    page.check("[name='indicators-1-applies_to'][value='commune']")
    save_rows(page)
    assert field_error(page, "indicators-0-target_value") == ("Chỉ tiêu tỷ lệ phải từ 0 đến 100%.")
    assert page.input_value("[name='indicators-2-name']") == "Số người tái phạm"
    assert page.is_checked("[name='indicators-1-applies_to'][value='commune']")
    page.fill("[name='indicators-0-target_value']", "80")
    save_rows(page)
    assert campaign.indicators.count() == 3
    assert "≥ 80%" in page.inner_text("body")

    # --- an assignment due after the campaign ends is refused ---------------------------
    page.goto(f"/campaigns/{campaign.pk}/edit/assignments/")
    add_rows(page, 1)
    page.fill("[name='assignments-0-lead_text']", "UBND các xã, phường")
    page.fill("[name='assignments-0-text']", "Xây dựng kế hoạch triển khai tại địa phương.")
    page.fill("[name='assignments-0-deadline']", "2025-12-31")
    save_rows(page)
    assert field_error(page, "assignments-0-deadline") == (
        "Thời hạn sau ngày kết thúc phong trào (19/08/2025)."
    )
    page.fill("[name='assignments-0-deadline']", "2024-09-15")
    save_rows(page)

    # --- recipients, then off for signature -----------------------------------------------
    page.goto(f"/campaigns/{campaign.pk}/edit/recipients/")
    add_rows(page, 2)
    page.fill("[name='recipients-0-text']", "Bộ Công an (Cục V05)")
    page.fill("[name='recipients-1-text']", "UBND các xã, phường")
    save_rows(page)
    with page.expect_navigation():
        page.click("[data-testid=send-for-signature]")
    assert page.inner_text("[data-testid=status]") == "Chờ ký"
    assert page.locator("[data-testid=issue]").count() == 0  # staff do not sign

    # --- the leader of UBND tỉnh issues it: a number from the yearly register ------------
    leader = new_page()
    login(leader, "lanhdao")
    leader.goto(f"/campaigns/{campaign.pk}/")
    # Signed on paper on 16/8/2024 (the demo territory is the one of 2024).
    leader.fill("input[name=issued_on]", "2024-08-16")
    with leader.expect_navigation():
        leader.click("[data-testid=issue]")
    assert leader.inner_text("[data-testid=status]") == "Đã ban hành"
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.ISSUED
    assert re.fullmatch(r"\d{2,}/KH-UBND", campaign.reference)
    assert campaign.issued_on.isoformat() == "2024-08-16"
    assert campaign.reference in leader.inner_text("h1")

    # The province sees which wards still owe their implementing plan.
    page.goto(f"/campaigns/{campaign.pk}/")
    assert "Phường Nghĩa Đức" in page.inner_text("[data-testid=missing-units]")
    # Issued content is frozen: the edit page is refused to the province staff.
    response = page.goto(f"/campaigns/{campaign.pk}/edit/phases/")
    assert response.status == 403

    # --- a ward officer makes the implementing plan, on a phone ---------------------------
    officer = new_page(PHONE)
    login(officer, "xa")
    officer.goto(f"/campaigns/{campaign.pk}/")
    assert_no_horizontal_scroll(officer)
    officer.select_option("select[name=issuer]", label="Công an phường Nghĩa Đức")
    with officer.expect_navigation():
        officer.click("[data-testid=create-child]")
    child = Campaign.objects.get(parent=campaign)
    assert officer.url.endswith(f"/campaigns/{child.pk}/")
    assert child.issuer.code == "CA-24611"
    assert child.phases.count() == 2
    assert sorted(child.indicators.values_list("code", flat=True)) == ["4.1", "4.2", "4.3"]
    assert campaign.reference in officer.inner_text(".plan-doc")  # the basis cites the parent
    assert_no_horizontal_scroll(officer)

    # The child may not weaken a target: ≥ 80% lowered to ≥ 70% is refused.
    officer.goto(f"/campaigns/{child.pk}/edit/indicators/")
    assert_no_horizontal_scroll(officer)
    row = next(i for i in range(3) if officer.input_value(f"[name='indicators-{i}-code']") == "4.1")
    officer.fill(f"[name='indicators-{row}-target_value']", "70")
    save_rows(officer)
    assert "không được thấp hơn" in field_error(officer, f"indicators-{row}-target_value")
    officer.fill(f"[name='indicators-{row}-target_value']", "90")
    save_rows(officer)
    assert child.indicators.get(code="4.1").target_value == 90

    # The parent's page now lists the ward's plan, and the ward is no longer missing.
    page.goto(f"/campaigns/{campaign.pk}/")
    assert child.reference in page.inner_text("body")
    assert "Phường Nghĩa Đức" not in page.inner_text("[data-testid=missing-units]")
