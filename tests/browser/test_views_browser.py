"""The demo's dataset pages with views in headless Chromium: axe-core finds nothing at 360
and 1280 px in the light and the dark scheme, every chart fits a 360 px screen without
scrolling the page sideways, the marks take the theme's accent (its dark variant in the dark scheme) and print in black."""

from __future__ import annotations

import pytest

from helpers import ROOT
from test_accessibility import AXE_OPTIONS

SHOTS = ROOT / "tests" / "artifacts" / "screenshots"
PAGES = ("datos/obras-publicas-hueyapan/", "datos/solicitudes-informacion-san-andres-cholula/",
         "datos/actividades-gobierno-abierto/", "datos/")


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [360, 1280])
def test_pages_with_views_have_no_axe_violations(browser, demo_server, axe, width, scheme):
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    found = []
    for path in PAGES:
        page.goto(demo_server + path, wait_until="load")
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")  # the tables too
        results = axe.run(page, options=AXE_OPTIONS).response
        found += [f"{path}: {v['id']} en {node['target']}: {' '.join(node['failureSummary'].split())}"
                  for v in results["violations"] for node in v["nodes"]]
        if width == 360:
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"vistas-{path.strip('/').replace('/', '-')}-360-{scheme}.png"),
                            full_page=True)
    context.close()
    assert found == [], "\n".join(found)


def test_every_chart_fits_a_phone_and_keeps_its_proportions(browser, demo_server):
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    for path in PAGES[:3]:
        page.goto(demo_server + path, wait_until="load")
        sizes = page.evaluate("""() => [...document.querySelectorAll('svg.grafica-vista')].map(svg => {
            const box = svg.getBoundingClientRect(), view = svg.viewBox.baseVal;
            return [box.left, box.right, box.width / box.height, view.width / view.height];
        })""")
        assert sizes, path
        for left, right, shown, drawn in sizes:
            assert left >= 0 and right <= 360, (path, left, right)
            assert shown == pytest.approx(drawn, rel=0.02), path  # scaled, never squeezed
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
    context.close()


COLOURS = """() => [...document.querySelectorAll(
    'svg.grafica-vista :is(.g-barra, .g-linea, .g-marca).g-serie-0, svg.grafica-vega .role-mark')]
    .map(g => getComputedStyle(g).color)"""
ACCENT = """() => { const probe = document.createElement('span'); probe.style.color = 'var(--acento)';
    document.body.append(probe); const colour = getComputedStyle(probe).color; probe.remove(); return colour; }"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_marks_take_the_themes_accent_on_screen_and_black_in_print(browser, demo_server, scheme):
    page = browser.new_page(color_scheme=scheme)
    for path in PAGES[:3]:
        page.goto(demo_server + path, wait_until="load")
        assert set(page.evaluate(COLOURS)) == {page.evaluate(ACCENT)}, path
    page.emulate_media(media="print")
    for path in PAGES[:3]:
        page.goto(demo_server + path, wait_until="load")
        assert set(page.evaluate(COLOURS)) == {"rgb(0, 0, 0)"}, path
    page.close()
