"""Scheduled rebuilds that stay honest (issue 17): a page whose statuses were computed more
than two days before the reader's day warns at its top, in headless Chromium at 360 and
1280 px; read without JavaScript it is complete and its footer still gives that day.
Screenshots: tests/artifacts/screenshots/vigencia-*.png."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from helpers import DEMO_EPOCH, ROOT

SHOTS = ROOT / "tests" / "artifacts" / "screenshots"
BUILT = datetime.fromtimestamp(int(DEMO_EPOCH), timezone.utc)   # 2026-11-21 18:00 UTC, noon in Mexico City
PAGE = "compromisos/jornadas-culturales-talleres-acceso-informacion/"


def open_at(browser, url, moment, width, javascript=True):
    context = browser.new_context(viewport={"width": width, "height": 800}, java_script_enabled=javascript,
                                  timezone_id="America/Mexico_City")
    page = context.new_page()
    if javascript:
        page.clock.set_fixed_time(moment)
    page.goto(url, wait_until="load")
    return context, page


@pytest.mark.parametrize("width", [360, 1280])
def test_an_old_build_warns_that_its_statuses_may_have_changed(browser, demo_server, width):
    SHOTS.mkdir(parents=True, exist_ok=True)
    context, page = open_at(browser, demo_server + PAGE, BUILT + timedelta(days=5), width)
    warning = page.locator("#aviso-vigencia")
    assert warning.inner_text() == (
        "Atención: los estatus y plazos de esta página se calcularon el 21 de noviembre de 2026, hace 5 días; el sitio"
        " no se ha vuelto a publicar desde entonces y pueden haber cambiado.")
    # first in the main content, before the breadcrumbs and the title: on the first screen
    assert page.evaluate("document.querySelector('main').firstElementChild.id") == "aviso-vigencia"
    box = warning.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 800
    page.screenshot(path=str(SHOTS / f"vigencia-{width}.png"))
    context.close()


@pytest.mark.parametrize("days", [0, 1, 2])
def test_a_build_of_the_last_two_days_says_nothing(browser, demo_server, days):
    context, page = open_at(browser, demo_server + PAGE, BUILT + timedelta(days=days), 1280)
    assert page.locator("#aviso-vigencia").count() == 0
    context.close()


def test_without_javascript_the_page_is_complete_and_gives_the_day(browser, demo_server):
    context, page = open_at(browser, demo_server + PAGE, None, 360, javascript=False)
    assert page.locator("#aviso-vigencia").count() == 0
    assert page.locator("main h1").inner_text() == "Jornadas culturales y talleres sobre acceso a la información" \
                                                   " y protección de datos personales"
    assert page.locator("main .hito").count() > 0
    assert page.locator(".calculado").inner_text() == (
        "Estatus, retrasos y plazos calculados el 21 de noviembre de 2026, al publicar el sitio.")
    page.screenshot(path=str(SHOTS / "vigencia-sin-js-360.png"), full_page=True)
    context.close()
