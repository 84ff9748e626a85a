"""The English site (`idioma: en`) passes axe-core like the Spanish one, and a passage
marked in another language (the demo's Náhuatl greeting) passes axe's valid-lang rule."""

from __future__ import annotations

import pytest

from conftest import serve
from helpers import page_types, page_url
from test_accessibility import AXE_OPTIONS, violations

PASSAGE = "actividades/jornada-cultural-derecho-acceso-informacion-2023/index.html"
KINDS = ("inicio", "compromisos", "compromisos-x", "compromisos-x-x", "planes-x", "municipios-x", "datos-x", "buscar",
         "404")


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture(scope="module")
def english_server(demo_build_en):
    server, base = serve(demo_build_en, "/gobabierto/")
    yield base
    server.shutdown()


def test_english_pages_have_no_axe_violations(browser, english_server, demo_build_en, axe):
    kinds = page_types(demo_build_en)
    pages = {name: kinds[name] for name in KINDS} | {"actividad-con-nahuatl": PASSAGE}
    page = browser.new_page()
    found = []
    for name, rel in pages.items():
        page.goto(english_server + page_url(rel), wait_until="load")
        assert page.evaluate("document.documentElement.lang") == "en"
        found += [f"{name} ({page_url(rel)}): {line}" for line in violations(axe, page)]
    page.close()
    assert found == [], "\n".join(found)


def test_a_passage_in_nahuatl_passes_valid_lang(browser, english_server, axe):
    page = browser.new_page()
    page.goto(english_server + page_url(PASSAGE), wait_until="load")
    results = axe.run(page, options={**AXE_OPTIONS, "runOnly": {"type": "rule", "values": ["valid-lang"]},
                                     "resultTypes": ["passes", "violations"]}).response
    page.close()
    assert results["violations"] == []
    checked = [node["html"] for rule in results["passes"] if rule["id"] == "valid-lang" for node in rule["nodes"]]
    assert any('lang="nah"' in html for html in checked), checked


def test_valid_lang_catches_a_made_up_language(browser, axe):
    """The rule really looks: a passage in a language that does not exist fails it."""
    page = browser.new_page()
    page.set_content('<!doctype html><html lang="en"><head><title>x</title></head><body><main>'
                     '<p>Hello <span lang="qqq-zz-inventado">x</span> <span lang="zz">y</span></p></main></body></html>')
    results = axe.run(page, options={"runOnly": {"type": "rule", "values": ["valid-lang"]}}).response
    page.close()
    assert [v["id"] for v in results["violations"]] == ["valid-lang"]
