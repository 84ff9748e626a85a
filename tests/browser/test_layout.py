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
