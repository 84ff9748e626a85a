"""A body's problems, from its one conversion, located at their line in the file: what changed
meaning with CommonMark is a warning that does not stop the site; hostile HTML is an error."""

from __future__ import annotations

from gobabierto.build.stages import load_site
from gobabierto.core.problems import Problems
from helpers import make_site

PAGE = """---
titulo: Página migrada
---
Un párrafo que en la versión anterior se marcaba en inglés.
{: lang="en" }

    Un párrafo con sangría de cuatro espacios.

Costo: de ~300 a 400~ pesos.
"""


def test_constructs_whose_meaning_changed_are_located_warnings_and_the_site_still_builds(tmp_path):
    site = make_site(tmp_path / "sitio", {"content/paginas/migrada.md": PAGE})
    problems = Problems()
    assert load_site(site, problems) is not None
    found = [(p.location.path, p.location.line, p.location.field, p.code, p.severity) for p in problems.sorted()
             if p.location.path == "content/paginas/migrada.md"]
    assert found == [
        ("content/paginas/migrada.md", 5, "texto", "markdown-sin-efecto", "warning"),
        ("content/paginas/migrada.md", 7, "texto", "markdown-codigo-sangria", "warning"),
        ("content/paginas/migrada.md", 9, "texto", "markdown-tachado", "warning"),
    ]
    indented = next(p for p in problems.items if p.code == "markdown-codigo-sangria")
    assert indented.message == (
        "este bloque empieza con 4 espacios (o un tabulador) y se publica como código, igual que en la vista previa de"
        " GitHub; si es texto, quita la sangría; si es una lista dentro de otra, alinea el guion con el texto del"
        " elemento de arriba")


def test_a_hostile_body_is_an_error_at_its_line(tmp_path):
    site = make_site(tmp_path / "sitio", {"content/paginas/hostil.md":
                                          "---\ntitulo: x\n---\nTexto.\n\n[clic](javascript:alert(1))\n"})
    problems = Problems()
    assert load_site(site, problems) is None
    assert [(p.location.line, p.code, p.message) for p in problems.errors] == [
        (6, "html-no-permitido", "un enlace «javascript:» no se permite; usa enlaces https://, mailto: o rutas del sitio")]


def test_blank_lines_after_the_fields_do_not_move_a_problems_line(tmp_path):
    site = make_site(tmp_path / "sitio", {"content/paginas/hostil.md":
                                          "---\ntitulo: x\n---\n\n\nTexto.\n\n[clic](javascript:alert(1))\n"})
    problems = Problems()
    assert load_site(site, problems) is None
    assert [(p.location.line, p.code) for p in problems.errors] == [(8, "html-no-permitido")]
