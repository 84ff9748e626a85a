"""The pagination and the pages of every value of a facet, in headless Chromium: no axe
violation at 360 px and 1280 px in both colour schemes, and a reader without JavaScript
goes from page to page with the keyboard alone (fixture `paged_demo_build`)."""

from __future__ import annotations

import pytest

from conftest import serve

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]  # as in test_accessibility.py
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}

PAGES = ("compromisos/", "compromisos/pagina/2/", "compromisos/pagina/3/", "compromisos/por-pilar/transparencia/pagina/2/",
         "sesiones/pagina/2/", "datos/pagina/2/", "compromisos/por-municipio/", "compromisos/por-municipio/pagina/2/")


@pytest.fixture(scope="module")
def paged_server(paged_demo_build):
    server, base = serve(paged_demo_build, "/gobabierto/")
    yield base
    server.shutdown()


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def violations(axe, page) -> list[str]:
    results = axe.run(page, options=AXE_OPTIONS).response
    return [f"{v['id']} ({v['impact']}) en {node['target']}: {' '.join(node['failureSummary'].split())}"
            for v in results["violations"] for node in v["nodes"]]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [360, 1280])
def test_pagination_pages_have_no_axe_violations(browser, paged_server, axe, width, scheme):
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    found = []
    for rel in PAGES:
        response = page.goto(paged_server + rel, wait_until="load")
        assert response.ok, rel
        assert page.locator("nav.paginacion").count() == 1, rel
        found += [f"{rel}: {line}" for line in violations(axe, page)]
    context.close()
    assert found == [], "\n".join(found)


def test_keyboard_alone_walks_the_pages_without_javascript(browser, paged_server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.goto(paged_server + "compromisos/", wait_until="load")
    visited = []
    for _ in range(10):
        nav = page.locator("nav.paginacion")
        visited.append(nav.locator('[aria-current="page"]').inner_text())
        following = nav.locator('a[rel="next"]')
        if following.count() == 0:
            break
        following.focus()
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none"  # the focused link shows it
        with page.expect_navigation():
            page.keyboard.press("Enter")
    assert visited == ["1", "2", "3"]
    assert page.url == paged_server + "compromisos/pagina/3/"
    with page.expect_navigation():
        page.locator('nav.paginacion a[rel="prev"]').press("Enter")
    assert page.url == paged_server + "compromisos/pagina/2/"
    context.close()
