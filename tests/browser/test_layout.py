"""A page of each type, opened in headless Chromium at 360 px and 1280 px, looks finished:
nothing overflows sideways, every image loads, no text says None, no heading is empty.
Screenshots are saved in tests/artifacts/screenshots/ for review."""

from __future__ import annotations

import pytest

from helpers import ROOT

ARTIFACTS = ROOT / "tests" / "artifacts"

PAGES = {
    "inicio": "",
    "compromisos": "compromisos/",
    "compromiso": "compromisos/jornadas-culturales-talleres-acceso-informacion/",
    "plan": "planes/tercer-pal-durango/",
    "municipio": "municipios/hueyapan-de-ocampo/",
    "sesion": "sesiones/primera-sesion-extraordinaria-2022/",
    "practica": "practicas/sistema-registro-seguimiento-proyectos-obras-hueyapan/",
    "convocatoria": "convocatorias/convocatoria-tercer-pal-durango/",
    "manifestacion": "manifestaciones/manifestacion-intencion-huixquilucan-2022/",
    "actividad": "actividades/jornada-cultural-derecho-acceso-informacion-2023/",
    "pagina": "paginas/que-es-gobierno-abierto/",
    "datos": "datos/",
    "dataset": "datos/obras-publicas-hueyapan/",
    "lista": "sesiones/",
    "404": "404.html",
}


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_looks_finished(browser, demo_server, name, width):
    page = browser.new_page(viewport={"width": width, "height": 800})
    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    page.goto(demo_server + PAGES[name], wait_until="load")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    broken_images = page.evaluate(
        "[...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)")
    text = page.inner_text("body")
    empty_headings = page.evaluate(
        "[...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].filter(h => !h.innerText.trim()).length")
    shots = ARTIFACTS / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / f"{name}-{width}.png"), full_page=True)
    page.close()
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}px"
    assert broken_images == []
    assert [u for u in failed if not u.endswith("favicon.ico")] == []
    assert "None" not in text.split() and empty_headings == 0
