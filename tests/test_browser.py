"""The claim markers in a real browser: hover and keyboard focus show the
tooltip, the marker leads to the claim's row in the register, and the draft
banner is on the page. Debian's Chromium, driven by Playwright."""
from __future__ import annotations

import shutil

import pytest

playwright = pytest.importorskip("playwright.sync_api")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-quic"]


@pytest.fixture(scope="module")
def page(book_html):
    book_html.check()
    if not CHROMIUM:
        pytest.fail("chromium is not installed: run the tests with `make test`, which installs it")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto((book_html.out / "04-objectives-structure.html").as_uri())
        yield page
        browser.close()


def test_no_draft_banner_once_every_claim_is_settled(page):
    """The book's claims are all settled: no page says Draft (the banner
    while claims are open is tested on a small book, test_claims_html)."""
    assert page.locator(".bd-header-announcement").count() == 0
    assert "Draft:" not in page.locator("body").inner_text()


def test_hover_shows_sources_quote_and_note(page):
    wrap = page.locator(".claim-disputed .claim-marker-wrap").first
    tip = wrap.locator(".claim-tip")
    page.mouse.move(0, 0)
    assert not tip.is_visible()
    wrap.locator(".claim-marker").hover()
    assert tip.is_visible()
    text = tip.inner_text()
    assert "Note:" in text and "Checked 2026-" in text and "URL:" in text
    page.mouse.move(0, 0)
    assert not tip.is_visible()


def test_keyboard_focus_shows_tooltip_and_enter_opens_the_evidence_entry(page):
    page.mouse.move(0, 0)
    for _ in range(300):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('claim-marker')"):
            break
    else:
        pytest.fail("no claim marker is reachable with the Tab key")
    claim_id = page.evaluate("document.activeElement.getAttribute('aria-describedby')").removeprefix("claim-tip-")
    tip = page.locator(f"#claim-tip-{claim_id}")
    assert tip.is_visible()
    page.keyboard.press("Enter")
    # one step from the claim to its evidence entry (also on touch: a link, not a hover)
    page.wait_for_url(f"**/evidence.html#claim-evidence-{claim_id}")
    entry = page.locator(f"dt#claim-evidence-{claim_id}")
    assert entry.is_visible()
    assert entry.locator("a.claims-backref").inner_text() == claim_id
