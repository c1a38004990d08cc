"""Issue 7 in a real browser: a ward's proposal from draft to the award decision.

``xa`` builds a batch with a collective and an individual, is told what the dossier
lacks, uploads it and submits; ``tinh`` takes it into appraisal, returns the collective
with a reason on the proposal's page and accepts the individual from the appraisal
queue; ``hoidong`` votes and closes the vote; ``lanhdao`` approves the list, ``tinh``
posts it publicly, and once the posting is over ``lanhdao`` issues the decision, whose
PDF (downloaded through the page) lists the approved nominee only.
Each stage's page is also checked at phone width: nothing scrolls sideways.
"""

import io
from datetime import date

import pdfplumber

from awards.models import AppraisalStatus, BatchStatus, NominationBatch
from tests.browser.conftest import (
    BROWSER_MARKS,
    DESKTOP,
    PHONE,
    assert_no_horizontal_scroll,
    login,
)

pytestmark = BROWSER_MARKS

CAMPAIGN = "Phát động phong trào thi đua đặc biệt"
FORM = "Bằng khen của Chủ tịch UBND tỉnh"
TEAM = "Tổ bảo vệ an ninh, trật tự tổ dân phố 1"
PERSON = "Nguyễn Thị Hà"
REASON = "Chưa có xác nhận của Công an phường"
PDF = {"name": "bien-ban.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n% t\n"}


def click(page, selector: str) -> None:  # type: ignore[no-untyped-def]
    with page.expect_navigation():
        page.locator(selector).first.click()


def alerts(page) -> str:  # type: ignore[no-untyped-def]
    return " ".join(page.locator(".alert").all_inner_texts())


def fits_phone(page) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size(PHONE)
    assert_no_horizontal_scroll(page)
    page.set_viewport_size(DESKTOP)


def status(page) -> str:  # type: ignore[no-untyped-def]
    return page.locator("main .badge").first.inner_text()


def add_nominee(page, kind: str, query: str, category: str, name: str) -> None:  # type: ignore[no-untyped-def]
    page.click(f"label[for=kind-{kind}]")
    page.fill("#nominee-q", query)
    result = page.locator("#search-results li", has_text=name).first
    result.wait_for()
    page.select_option("#add-category", label=category)
    with page.expect_navigation():
        result.locator("button").click()
    assert f"Đã thêm {name}" in alerts(page)


def test_award_from_proposal_to_decision(demo_users, new_page):
    # --- xa: the proposal, its nominees and dossier ----------------------------------------
    page = new_page()
    login(page, "xa")
    page.goto("/awards/new/")
    campaign = page.locator("select[name=campaign] option", has_text=CAMPAIGN).get_attribute(
        "value"
    )
    page.select_option("select[name=campaign]", campaign)
    page.select_option("select[name=form]", label=FORM)
    click(page, "main button[type=submit]")
    batch_url = page.url
    batch = NominationBatch.objects.get(pk=int(batch_url.rstrip("/").rsplit("/", 1)[1]))
    # Accents optional in the search: "to dan pho 1" finds the team, "nguyen thi ha" her.
    add_nominee(page, "c", "to dan pho 1", "Tổ bảo vệ an ninh, trật tự ở thôn, tổ dân phố", TEAM)
    add_nominee(
        page,
        "i",
        "nguyen thi ha",
        "Thành viên lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở",
        PERSON,
    )
    for name in (TEAM, PERSON):
        click(page, f"tr:has-text('{name}') a:has-text('Chi tiết')")
        page.fill("textarea[name=achievement]", "Nhiều thành tích trong bảo vệ an ninh, trật tự.")
        for box in page.locator("input[type=checkbox][name^=met_]").all():
            box.check()
        click(page, "main button[type=submit]")
    fits_phone(page)

    click(page, "form:has(input[value=submitted]) button")
    missing = alerts(page)
    assert "Hồ sơ chưa đủ" in missing and "Biên bản họp Hội đồng Thi đua - Khen thưởng" in missing
    assert f"Báo cáo thành tích của {PERSON}" in missing
    assert status(page) == "Dự thảo"

    page.select_option("select[name=kind]", "council_minutes")
    page.set_input_files("input[name=file]", PDF)
    click(page, "form[enctype] button[type=submit]")
    for name in (TEAM, PERSON):
        page.select_option("select[name=kind]", "achievement_report")
        page.select_option(
            "select[name=nomination]",
            label=page.locator("select[name=nomination] option", has_text=name).inner_text(),
        )
        page.set_input_files("input[name=file]", {**PDF, "name": "bao-cao.pdf"})
        click(page, "form[enctype] button[type=submit]")
    click(page, "form:has(input[value=submitted]) button")
    assert status(page) == "Đã gửi", alerts(page)

    # --- tinh: appraisal, one returned on the proposal's page, one accepted in the queue --
    page = new_page()
    login(page, "tinh")
    page.goto(batch_url)
    click(page, "form:has(input[value=under_appraisal]) button")
    page.check(f"tr:has-text('{TEAM}') input[name=ids]")
    page.fill("#appraise-reason", REASON)
    click(page, "button[name=decision][value=return]")
    assert "Đã lưu kết quả thẩm định của 1 đối tượng." in alerts(page)
    assert REASON in page.locator(f"tr:has-text('{TEAM}')").inner_text()

    page.goto("/awards/queue/appraisal/")
    assert "Đối tượng chờ thẩm định" in page.inner_text("main")
    fits_phone(page)
    page.check(f"tr:has-text('{PERSON}') input[name=ids]")
    click(page, "#queue-appraise-form button[value=accept]")
    assert "Đã lưu kết quả thẩm định của 1 đối tượng." in alerts(page)
    assert dict(batch.nominations.values_list("kind", "appraisal_status")) == {
        "collective": AppraisalStatus.RETURNED,
        "individual": AppraisalStatus.ACCEPTED,
    }
    page.goto(batch_url)
    click(page, "form:has(input[value=council_vote]) button")
    assert status(page) == "Hội đồng bỏ phiếu", alerts(page)

    # --- hoidong: the secret ballot, then the vote is closed --------------------------------
    page = new_page()
    login(page, "hoidong")
    page.goto(batch_url + "vote/")
    ballot = page.inner_text("main")
    assert PERSON in ballot and TEAM not in ballot
    fits_phone(page)
    page.check(f"tr:has-text('{PERSON}') input[value=yes]")
    click(page, "main button[type=submit]")
    click(page, "form:has(input[value=leader_approval]) button")
    assert status(page) == "Chờ lãnh đạo phê duyệt", alerts(page)

    # --- lanhdao: approval and the decision -------------------------------------------------
    page = new_page()
    login(page, "lanhdao")
    page.goto(batch_url)
    fits_phone(page)
    click(page, "form:has(input[value=approved]) button")
    assert status(page) == "Đã phê duyệt", alerts(page)

    # --- tinh: the list is posted publicly before the decision ------------------------------
    staff = new_page()
    login(staff, "tinh")
    staff.goto(batch_url)
    click(staff, "#posting button[type=submit]")
    assert "Danh sách được công khai" in alerts(staff), alerts(staff)
    # The posting period (working days) is taken as over: its dates are moved back.
    NominationBatch.objects.filter(pk=batch.pk).update(
        posted_on=date(2025, 1, 2), posting_ends_on=date(2025, 1, 8)
    )
    page.goto(batch_url)
    page.fill("input[name=issued_on]", "2025-01-15")
    page.fill("input[name=signer_name]", "Lê Văn Chiến")
    click(page, "form:has(input[value=decision_issued]) button")
    assert status(page) == "Đã ban hành quyết định", alerts(page)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DECISION_ISSUED

    with page.expect_download() as download:
        page.click("a:has-text('Quyết định (PDF)')")
    data = open(download.value.path(), "rb").read()  # noqa: SIM115
    assert data.startswith(b"%PDF")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = "\n".join(p.extract_text() or "" for p in pdf.pages)
    assert "QUYẾT ĐỊNH" in text and "Lê Văn Chiến" in text
    assert PERSON in text
    assert "tổ dân phố 1" not in text
