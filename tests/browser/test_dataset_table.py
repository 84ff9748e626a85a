"""A dataset's preview in headless Chromium: column titles, the site's formats, sorting by
any column and filtering by the columns whose dictionary lists their values, at 360 and
1280 px; without JavaScript the same table, complete. Screenshots:
tests/artifacts/screenshots/vista-previa-*.png."""

from __future__ import annotations

import pytest

from helpers import ROOT

SHOTS = ROOT / "tests" / "artifacts" / "screenshots"
PAGE = "datos/obras-publicas-hueyapan/"


def column(page, index: int) -> list[str]:
    return page.eval_on_selector_all(
        "table.vista-previa tbody tr:not([hidden])", f"rows => rows.map(r => r.cells[{index}].innerText.trim())")


@pytest.mark.parametrize("width", [360, 1280])
def test_the_preview_sorts_and_filters(browser, demo_server, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(demo_server + PAGE, wait_until="load")
    heads = page.locator("table.vista-previa thead th")
    assert [heads.nth(i).inner_text() for i in range(heads.count())] == [
        "Identificador", "Comunidad", "Obra", "Tipo de obra", "Monto (pesos)", "Estatus", "Fecha de inicio",
        "Fecha de conclusión"]
    assert column(page, 4)[:2] == ["$2,850,000.00", "$3,920,500.50"]
    assert column(page, 6)[:2] == ["18 abr 2022", "9 may 2022"]
    money = page.locator("table.vista-previa thead th").nth(4)
    money.locator("button").click()
    assert money.get_attribute("aria-sort") == "ascending"
    amounts = [float(a.strip("$").replace(",", "")) for a in column(page, 4)]
    assert amounts == sorted(amounts) and len(amounts) == 20
    money.locator("button").click()
    assert money.get_attribute("aria-sort") == "descending"
    assert [float(a.strip("$").replace(",", "")) for a in column(page, 4)] == sorted(amounts, reverse=True)
    started = page.locator("table.vista-previa thead th").nth(6)
    started.locator("button").click()
    assert money.get_attribute("aria-sort") is None and started.get_attribute("aria-sort") == "ascending"
    dates = page.eval_on_selector_all("table.vista-previa tbody tr td:nth-child(7) time", "t => t.map(x => x.dateTime)")
    assert dates == sorted(dates)
    # the two columns whose dictionary lists their values: Tipo de obra and Estatus
    labels = page.locator(".filtros-tabla label")
    assert [labels.nth(i).inner_text().split(":")[0] for i in range(labels.count())] == [
        "Solo las filas con Tipo de obra", "Solo las filas con Estatus"]
    page.locator(".filtros-tabla select").first.select_option("camino")
    assert set(column(page, 3)) == {"camino"} and len(column(page, 3)) == 5
    page.locator(".filtros-tabla select").nth(1).select_option("concluida")
    assert set(column(page, 5)) == {"concluida"}
    assert page.locator(".filtros-tabla [role=status]").inner_text() == \
        f"{len(column(page, 3))} de 20 filas de la vista previa."
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("section", has=page.locator("table.vista-previa")).screenshot(path=str(SHOTS / f"vista-previa-{width}.png"))
    page.locator(".filtros-tabla select").first.select_option("")
    page.locator(".filtros-tabla select").nth(1).select_option("")
    assert len(column(page, 0)) == 20 and page.locator(".filtros-tabla [role=status]").inner_text() == ""
    assert errors == []
    page.close()


def test_without_javascript_the_preview_is_the_whole_table(browser, demo_server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 900})
    page = context.new_page()
    page.goto(demo_server + PAGE, wait_until="load")
    assert page.locator("table.vista-previa thead button").count() == 0
    assert page.locator(".filtros-tabla").count() == 0
    assert len(column(page, 0)) == 20 and column(page, 4)[0] == "$2,850,000.00"
    context.close()
