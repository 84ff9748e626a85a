"""The tracking pages on a 360 px phone: the home page says which commitments are late
within the first screen, every chart fits its column, and the calendar can be subscribed
to. Screenshots go to tests/artifacts/screenshots/ for review."""

from __future__ import annotations

from helpers import ROOT

ARTIFACTS = ROOT / "tests" / "artifacts" / "screenshots"


def open_page(browser, demo_server, path, width=360):
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(demo_server + path, wait_until="load")
    return page


def test_home_tells_who_is_late_in_the_first_screen(browser, demo_server):
    page = open_page(browser, demo_server, "")
    summary = page.locator(".resumen-portada")
    box = summary.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 800, "the late summary is in the first screen"
    assert "1 de 5 compromisos" in summary.inner_text()
    page.locator(".resumen-portada a").click()
    assert page.evaluate("location.hash") == "#retrasos"
    late = page.locator(".retrasos > li").first
    assert late.is_visible()
    text = late.inner_text()
    assert "144 días de retraso" in text and "Debía cumplirse el 30 de junio de 2026" in text
    late.locator("a").first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/compromisos/jornadas-culturales-talleres-acceso-informacion/")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "compromiso-retrasado-360.png"), full_page=True)
    page.close()


def test_charts_fit_their_column_and_draw_their_text_at_a_readable_size(browser, demo_server):
    for path in ("", "planes/plan-municipal-gobierno-abierto-san-andres-cholula/", "municipios/san-andres-cholula/",
                 "compromisos/jornadas-culturales-talleres-acceso-informacion/"):
        page = open_page(browser, demo_server, path)
        found = page.evaluate("""() => [...document.querySelectorAll('svg.grafica')].map(svg => {
            const box = svg.getBoundingClientRect();
            const parent = svg.parentElement.getBoundingClientRect();
            const sizes = [...svg.querySelectorAll('text')].map(t => t.getBoundingClientRect().height);
            return {id: svg.id, left: box.left, right: box.right, parentRight: parent.right,
                    smallest: Math.min(...sizes)};
        })""")
        assert found, f"no chart on /{path}"
        for chart in found:
            assert chart["left"] >= 0 and chart["right"] <= chart["parentRight"] + 0.5, chart
            assert chart["smallest"] >= 13, f"text too small in {chart['id']} on /{path}: {chart['smallest']}px"
        page.close()


def test_the_calendar_can_be_subscribed_to_from_the_home_page(browser, demo_server):
    page = open_page(browser, demo_server, "")
    button = page.locator("#calendario-portada ~ .suscribir a.boton")
    assert button.is_visible()
    href = button.get_attribute("href")
    assert href == "webcal://gobabierto.github.io/gobabierto/calendario.ics"
    box = button.bounding_box()
    assert box["height"] >= 24 and box["width"] >= 24
    download = page.locator("#calendario-portada ~ .suscribir a[type='text/calendar']").get_attribute("href")
    response = page.request.get(demo_server.split("/gobabierto/")[0] + download)
    assert response.ok and response.body().startswith(b"BEGIN:VCALENDAR\r\n")
    page.close()
