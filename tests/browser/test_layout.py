"""One page of every kind (see `helpers.page_types`), opened in headless Chromium at 360 px
and 1280 px, looks finished: nothing overflows sideways, every image loads, no text says
None, no heading is empty. Screenshots are saved in tests/artifacts/screenshots/ for
review, as <kind>-<width>.png (the accessibility tests add <kind>-360-oscuro.png and the
print previews)."""

from __future__ import annotations

import pytest

from helpers import ROOT, page_types, page_url

ARTIFACTS = ROOT / "tests" / "artifacts"


@pytest.mark.parametrize("width", [360, 1280])
def test_every_kind_of_page_looks_finished(browser, demo_server, demo_build, width):
    kinds = page_types(demo_build)
    assert {"inicio", "404", "compromisos", "compromisos-x", "datos-x"} <= set(kinds)
    shots = ARTIFACTS / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": width, "height": 800})
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    problems = []
    for name, rel in kinds.items():
        page.goto(demo_server + page_url(rel), wait_until="load")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        broken_images = page.evaluate(
            "[...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)")
        text = page.inner_text("body")
        empty_headings = page.evaluate(
            "[...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].filter(h => !h.innerText.trim()).length")
        page.screenshot(path=str(shots / f"{name}-{width}.png"), full_page=True)
        if overflow > 0:
            problems.append(f"{name}: scrolls sideways by {overflow}px")
        if broken_images:
            problems.append(f"{name}: broken images {broken_images}")
        if "None" in text.split() or empty_headings:
            problems.append(f"{name}: says None or has {empty_headings} empty headings")
        bad = [u for u in failed if not u.endswith("favicon.ico")]
        if bad:
            problems.append(f"{name}: failed requests {bad}")
        failed.clear()
    page.close()
    assert problems == [], "\n".join(problems)


def test_on_a_phone_the_menu_folds_and_every_title_is_on_the_first_screen(browser, demo_server, demo_build):
    """360 × 640 px, without JavaScript: the menu is one «Menú» line that opens natively, and
    each kind of page shows its title before the first screen ends."""
    context = browser.new_context(viewport={"width": 360, "height": 640}, java_script_enabled=False)
    page = context.new_page()
    late = []
    for name, rel in page_types(demo_build).items():
        page.goto(demo_server + page_url(rel), wait_until="load")
        if page.locator("main h1").count() == 0:
            continue
        title = page.locator("main h1").bounding_box()
        if title is None or title["y"] + min(title["height"], 40) > 640:
            late.append(f"{name}: title at {title and round(title['y'])} px")
    assert late == []
    page.goto(demo_server + "compromisos/", wait_until="load")
    summary = page.locator(".menu summary")
    assert summary.text_content() == "Menú · Compromisos"
    link = page.locator(".menu a", has_text="Convocatorias")
    assert not link.is_visible()
    summary.click()
    assert link.is_visible()
    page.screenshot(path=str(ARTIFACTS / "screenshots" / "menu-abierto-360.png"))
    context.close()


def test_on_a_wide_screen_the_menu_is_always_open(browser, demo_server):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(demo_server + "compromisos/", wait_until="load")
    assert not page.locator(".menu summary").is_visible()
    links = page.locator(".menu a")
    assert links.count() >= 5 and all(links.nth(i).is_visible() for i in range(links.count()))
    assert page.locator(".menu a[aria-current=page]").inner_text() == "Compromisos"
    page.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_the_commitments_table_names_its_columns(browser, demo_server, width):
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(demo_server + "compromisos/", wait_until="load")
    headers = page.locator(".tabla-compromisos thead th")
    if width >= 640:  # a table: its header row is seen
        assert [headers.nth(i).inner_text() for i in range(headers.count())] == ["Compromiso", "Plan", "Estatus",
                                                                                "Avance"]
        assert all(headers.nth(i).is_visible() for i in range(headers.count()))
    else:  # one card per commitment: the header row is for screen readers only
        assert headers.count() == 4 and page.locator(".tabla-compromisos tbody tr").first.is_visible()
    page.close()
