"""The Markdown renderer leaves out, per text, the parsers that cannot match in it
(gobabierto/markdown.py, `_TRIGGERS`). These tests hold it to the promise that the HTML is
the same as the full renderer's, on real content and on generated Markdown full of the
syntax each left-out part looks for."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gobabierto.text import markdown
from gobabierto.core.problems import Problems
from gobabierto.content.readers import read_document

ROOT = Path(__file__).resolve().parents[2]


def full_convert(text: str) -> str:
    markdown._MD.reset()
    return markdown._MD.convert(text)


def pruned_convert(text: str) -> str:
    md = markdown._converter(text)
    md.reset()
    return md.convert(text)


def test_plain_prose_leaves_out_the_parsers_it_cannot_use():
    md = markdown._converter("Texto corrido, sin ninguna marca de Markdown.\n\nOtro párrafo.")
    assert md is not markdown._MD
    assert "table" not in md.parser.blockprocessors and "link" not in md.inlinePatterns
    assert "paragraph" in md.parser.blockprocessors and "hashheader" not in md.parser.blockprocessors
    rich = markdown._converter("## Título\n\n| a | b |\n|---|---|\n| [x](/y) | *z* |")
    assert "table" in rich.parser.blockprocessors and "hashheader" in rich.parser.blockprocessors
    assert "link" in rich.inlinePatterns and "em_strong" in rich.inlinePatterns
    assert "entity" not in rich.inlinePatterns


def test_same_html_for_every_body_of_the_demo_and_the_fixtures():
    paths = sorted((ROOT / "content").rglob("*.md")) + sorted((ROOT / "tests" / "fixtures").rglob("*.md"))
    bodies = [doc.body for path in paths if (doc := read_document(path, path.name, Problems())) is not None]
    assert len(bodies) > 30
    for body in bodies:
        assert pruned_convert(body) == full_convert(body)


PIECES = [
    "# Título", "## Sección ##", "Título\n======", "Subtítulo\n---", "---", "* * *", "___",
    "- uno", "* dos", "+ tres", "1. primero", "2) segundo", "    código indentado", "\tcon tabulador",
    "- lista\n\n    párrafo del elemento", "- a\n    - anidada", "> cita", ">     código en cita", "> - lista en cita",
    "| a | b |\n|---|:-:|\n| 1 | 2 |", "a | b\n--|--\n1 | 2", "```\ncódigo\n```", "~~~python\nx = 1\n~~~",
    "Término\n: definición", "*[ONU]: Organización de las Naciones Unidas", "[ref]: https://ejemplo.org \"Título\"",
    "[enlace](https://ejemplo.org)", "[ref]", "[texto][ref]", "![imagen](img/a.png)", "![alt][ref]",
    "<https://ejemplo.org>", "<correo@ejemplo.org>", "<span lang=\"nah\">Xi</span>", "<div>\nbloque\n</div>",
    "&amp; &copy; &#233;", "AT&T", "línea con salto  \nsiguiente", "`código` en línea", "``doble ` tilde``",
    "\\*no es énfasis\\*", "**negrita** y *cursiva*", "__negrita__ y _cursiva_", "snake_case_nombre",
    "2 * 3 * 4", "{: #ancla .clase }", "## Con atributos {: #sec }", "párrafo\n{: .nota }", "ONU y la ONU",
    "¡Hola! ¿Qué tal?", "texto: con dos puntos", "a < b > c", "100 %", "precio: $5.00",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(alphabet="ab ñ\n\t*_[]()!<>&#|:`~{}\\-=.1", max_size=30)),
                min_size=1, max_size=8),
       st.lists(st.sampled_from(["\n", "\n\n", " ", "\n\n\n", "  \n"]), min_size=8, max_size=8))
def test_same_html_as_the_full_renderer_on_generated_markdown(pieces, joins):
    text = "".join(piece + joins[i] for i, piece in enumerate(pieces))
    assert pruned_convert(text) == full_convert(text)


def test_render_still_sanitizes_and_prefixes_links():
    html = markdown.render("[compromisos](/compromisos/) <script>x</script>", "/repo")
    assert 'href="/repo/compromisos/"' in html and "<script" not in html
