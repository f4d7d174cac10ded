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
def chromium(book_html):
    book_html.check()
    if not CHROMIUM:
        pytest.fail("chromium is not installed: run the tests with `make test`, which installs it")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def page(chromium, book_html):
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    page.goto((book_html.out / "04-objectives-structure.html").as_uri())
    yield page
    page.close()


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


#: How much of a tooltip the reader sees: every corner and the centre must be the tooltip itself
#: (not a table's scrolling box, not off the window).
SEEN = """tip => {
  const r = tip.getBoundingClientRect();
  const points = [[r.left + 3, r.top + 3], [r.right - 3, r.top + 3], [r.left + 3, r.bottom - 3],
                  [r.right - 3, r.bottom - 3], [(r.left + r.right) / 2, (r.top + r.bottom) / 2]];
  const inside = r.left >= 0 && r.top >= 0 && r.right <= document.documentElement.clientWidth
                 && r.bottom <= window.innerHeight;
  return inside && points.every(([x, y]) => tip.contains(document.elementFromPoint(x, y)));
}"""


@pytest.mark.parametrize("width", [390, 1024, 1280])
def test_no_tooltip_is_clipped_by_a_table_or_the_window(chromium, book_html, width):
    page = chromium.new_page(viewport={"width": width, "height": 800})
    cut = []
    for doc in ("04-objectives-structure", "06-contributors", "chronology"):
        page.goto((book_html.out / f"{doc}.html").as_uri())
        wraps = page.locator("table .claim-marker-wrap")
        count = wraps.count()
        assert count > 5, doc
        for i in sorted({0, 1, count // 2, count - 1}):
            wrap = wraps.nth(i)
            wrap.scroll_into_view_if_needed()
            wrap.locator(".claim-marker").hover()
            tip = wrap.locator(".claim-tip")
            assert tip.is_visible()
            if not tip.evaluate(SEEN):
                cut.append((doc, i))
            page.mouse.move(0, 0)
    page.close()
    assert cut == []


def test_escape_closes_the_tooltip(chromium, book_html):
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    page.goto((book_html.out / "04-objectives-structure.html").as_uri())
    marker = page.locator(".claim-marker").first
    marker.focus()
    tip = page.locator(f"#{marker.get_attribute('aria-describedby')}")
    assert tip.is_visible()
    page.keyboard.press("Escape")
    assert not tip.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('claim-marker')")  # focus stays
    page.close()


def test_on_a_phone_a_tap_shows_the_claim_and_offers_its_evidence(chromium, book_html):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()
    url = (book_html.out / "06-contributors.html").as_uri()
    page.goto(url)
    wrap = page.locator("table .claim-marker-wrap").first
    wrap.scroll_into_view_if_needed()
    marker = wrap.locator(".claim-marker")
    claim_id = marker.get_attribute("aria-describedby").removeprefix("claim-tip-")
    marker.tap()
    tip = wrap.locator(".claim-tip")
    assert tip.is_visible() and page.url == url
    assert tip.evaluate(SEEN)
    text = tip.inner_text()
    assert "Checked" in text and ("official" in text or "news" in text)
    tip.locator("a.claim-tip-link").tap()
    page.wait_for_url(f"**/evidence.html#claim-evidence-{claim_id}")
    assert page.locator(f"dt#claim-evidence-{claim_id}").is_visible()
    context.close()
