"""A body with what editors write most — a list after a line, a nested list, a bare address,
strikethrough, a table aligned by column, a task list, a numbered list from 3 — shown in
headless Chromium as GitHub's preview shows it, with no axe-core violation, at a phone's
width and a desktop's, in both colour schemes; and valid for the Nu Html Checker."""

from __future__ import annotations

import json
import subprocess

import pytest

from conftest import serve
from helpers import make_site, run_cli
from test_accessibility import violations
from test_html_validity import VNU_JAR, java_and_vnu

BODY = """Acciones:
- uno
- dos
  - anidado

Visita https://ejemplo.mx y ~~tachado~~.

| Rubro | Comunidades | Monto (MXN) |
|:------|:-----------:|------------:|
| Agua  | 12 | 1,200,000 |
| Drenaje \\| pluvial | 3 | 350,000.50 |

- [x] Padrón publicado
- [ ] Informe del primer trimestre

3. Tercer paso
4. Cuarto paso
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("markdown")
    site = make_site(root / "sitio", {"content/paginas/markdown.md": "---\ntitulo: Markdown\n---\n" + BODY})
    output = root / "_site"
    result = run_cli("build", "--source", str(site), "--output", str(output))
    assert result.returncode == 0, result.stdout + result.stderr
    return output


@pytest.fixture(scope="module")
def body_page(built):
    server, base = serve(built, "/prueba/")
    yield base + "paginas/markdown/"
    server.shutdown()


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


READ = """() => {
  const body = document.querySelector('main');
  const cell = (r, c) => getComputedStyle(body.querySelectorAll('table tr')[r].children[c]).textAlign;
  return {
    nested: body.querySelectorAll('ul > li > ul > li').length,
    link: body.querySelector('a[href="https://ejemplo.mx"]') !== null,
    struck: body.querySelector('del') && body.querySelector('del').textContent,
    align: [cell(1, 0), cell(1, 1), cell(1, 2)],
    pipe: body.querySelectorAll('table tr')[2].children[0].textContent,
    boxes: [...body.querySelectorAll('input[type=checkbox]')].map(b => [b.checked, b.disabled, b.getAttribute('aria-label')]),
    start: body.querySelector('ol[start]') && body.querySelector('ol[start]').start,
    sideways: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  };
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [360, 1280])
def test_a_body_shows_as_githubs_preview_and_passes_axe(browser, body_page, axe, width, scheme):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(body_page, wait_until="load")
        seen = page.evaluate(READ)
        found = violations(axe, page)
    finally:
        context.close()
    assert seen == {"nested": 1, "link": True, "struck": "tachado", "align": ["left", "center", "right"],
                    "pipe": "Drenaje | pluvial", "boxes": [[True, True, "Tarea"], [False, True, "Tarea"]],
                    "start": 3, "sideways": 0}
    assert found == []


def test_the_body_page_is_valid_html(built):
    java = java_and_vnu()
    page = built / "paginas" / "markdown" / "index.html"
    result = subprocess.run([java, "-jar", str(VNU_JAR), "--errors-only", "--exit-zero-always", "--format", "json",
                             str(page)], capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    assert [m["message"] for m in messages if m["type"] in ("error", "non-document-error")] == []
    assert 'type="checkbox"' in page.read_text(encoding="utf-8")
