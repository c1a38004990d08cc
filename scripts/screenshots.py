"""Screenshot portal pages as a user sees them, on a desktop and a phone-sized screen.

    .venv/bin/python scripts/screenshots.py --base http://127.0.0.1:8000 --user xa \
        /  /campaigns/  /units/

Logs in with the demo password, then saves screenshots/<user>-<page>-{desktop,phone}.png.
Uses Debian's chromium through Playwright; never downloads a browser.
"""

import argparse
import re
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
VIEWPORTS = {"desktop": (1366, 900), "phone": (390, 844)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--user", default="tinh")
    parser.add_argument("--password", default="thidua@2024")
    parser.add_argument("--out", default="screenshots")
    parser.add_argument("--only", choices=list(VIEWPORTS), default=None)
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for name, (width, height) in VIEWPORTS.items():
            if args.only and name != args.only:
                continue
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(f"{args.base}/accounts/login/")
            page.fill("input[name=username]", args.user)
            page.fill("input[name=password]", args.password)
            page.click("button[type=submit]")
            page.wait_for_load_state("networkidle")
            for path in args.paths:
                page.goto(f"{args.base}{path}")
                page.wait_for_load_state("networkidle")
                slug = re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-") or "home"
                target = out / f"{args.user}-{slug}-{name}.png"
                page.screenshot(path=str(target), full_page=True)
                print(target)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
