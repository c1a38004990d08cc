"""Browser: every file input speaks the portal's language («Chọn tệp…», the chosen
names), not the browser's own «Choose File», and still uploads (static/js/file_picker.js).
"""

from tests.conftest import PASSWORD

from .conftest import BROWSER_MARKS, PHONE, login

pytestmark = BROWSER_MARKS


def test_a_plain_file_input_gets_the_portals_picker(
    browser, live_server, tree, province_staff, tmp_path
):
    # An English browser: its own button would say "Choose File".
    context = browser.new_context(viewport=PHONE, locale="en-US", base_url=live_server.url)
    context.set_default_timeout(30_000)
    page = context.new_page()
    login(page, province_staff.username, PASSWORD)
    page.goto(live_server.url + "/units/import/")
    picker = page.locator("[data-file-picker]")
    assert picker.count() == 1
    assert picker.locator("[data-picker-ui] label").inner_text().strip() == "Chọn tệp…"
    assert page.inner_text("[data-picker-names]") == "Chưa chọn tệp nào"
    # The browser's own button is hidden (still there for the upload and the keyboard).
    assert "visually-hidden" in (page.get_attribute("input[type=file]", "class") or "")
    sheet = tmp_path / "don-vi.xlsx"
    sheet.write_bytes(b"not really a workbook")
    page.set_input_files("input[type=file]", str(sheet))
    assert page.inner_text("[data-picker-names]") == "don-vi.xlsx"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()
