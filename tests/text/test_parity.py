"""What editors write, published as GitHub's preview shows it.

Each body of the corpus is what a town hall's editor writes in GitHub's web editor; beside it,
the HTML GitHub's renderer (cmark-gfm with its table, strikethrough, autolink and task-list
extensions) gives for it, written from the CommonMark and GFM specifications' rules and
examples. The two are compared by structure: elements, text, and the attributes that change
what a reader gets (addresses, numbering, languages, alignment, boxes). What the site does on
purpose after converting — headings under the page's title, comments removed, links marked
rel="noopener noreferrer", classes of its own — is applied to GitHub's side or left out."""

from __future__ import annotations

import re

import pytest

from htmltree import outline, tree
from gobabierto.text import markdown

NBSP = "\u00a0"

CORPUS = [
    # -- lists ----------------------------------------------------------------------------
    ("lista tras una línea", "Acciones:\n- uno\n- dos",
     "<p>Acciones:</p><ul><li>uno</li><li>dos</li></ul>"),
    ("lista anidada con dos espacios", "- uno\n- dos\n  - anidado\n  - otro\n- tres",
     "<ul><li>uno</li><li>dos<ul><li>anidado</li><li>otro</li></ul></li><li>tres</li></ul>"),
    ("el ejemplo del issue", "Acciones:\n- uno\n- dos\n  - anidado\n\nVisita https://ejemplo.mx y ~~tachado~~.",
     '<p>Acciones:</p><ul><li>uno</li><li>dos<ul><li>anidado</li></ul></li></ul>'
     '<p>Visita <a href="https://ejemplo.mx">https://ejemplo.mx</a> y <del>tachado</del>.</p>'),
    ("numerada que empieza en 3", "3. tres\n4. cuatro\n5. cinco",
     '<ol start="3"><li>tres</li><li>cuatro</li><li>cinco</li></ol>'),
    ("numerada tras una línea, desde 1", "Pasos:\n1. Solicitar\n2. Revisar",
     "<p>Pasos:</p><ol><li>Solicitar</li><li>Revisar</li></ol>"),
    ("numerada tras una línea, desde 3: sigue el párrafo", "Pasos:\n3. Solicitar\n4. Revisar",
     "<p>Pasos:\n3. Solicitar\n4. Revisar</p>"),
    ("numerada con paréntesis", "1) Convocar\n2) Sesionar",
     "<ol><li>Convocar</li><li>Sesionar</li></ol>"),
    ("un año al inicio de la línea es una lista", "1986. Año de la fundación.",
     '<ol start="1986"><li>Año de la fundación.</li></ol>'),
    ("un año escapado es texto", "1986\\. Año de la fundación.",
     "<p>1986. Año de la fundación.</p>"),
    ("lista con líneas en blanco entre elementos", "- uno\n\n- dos",
     "<ul><li><p>uno</p></li><li><p>dos</p></li></ul>"),
    ("lista con signo más", "+ agua\n+ luz",
     "<ul><li>agua</li><li>luz</li></ul>"),
    ("lista de tareas", "- [x] Publicar el padrón\n- [ ] Revisar las cifras",
     '<ul><li><input type="checkbox" checked="" disabled=""> Publicar el padrón</li>'
     '<li><input type="checkbox" disabled=""> Revisar las cifras</li></ul>'),
    ("cita con lista", "> Dijo el cabildo:\n> - sí\n> - no",
     "<blockquote><p>Dijo el cabildo:</p><ul><li>sí</li><li>no</li></ul></blockquote>"),
    # -- links ----------------------------------------------------------------------------
    ("dirección suelta, sin el punto final", "Consulta https://ejemplo.gob.mx/tramites.",
     '<p>Consulta <a href="https://ejemplo.gob.mx/tramites">https://ejemplo.gob.mx/tramites</a>.</p>'),
    ("dirección con www", "Visita www.ejemplo.gob.mx hoy",
     '<p>Visita <a href="http://www.ejemplo.gob.mx">www.ejemplo.gob.mx</a> hoy</p>'),
    ("dirección entre paréntesis", "(ver https://ejemplo.mx/plan)",
     '<p>(ver <a href="https://ejemplo.mx/plan">https://ejemplo.mx/plan</a>)</p>'),
    ("dirección entre ángulos", "<https://ejemplo.mx/a?b=1&c=2>",
     '<p><a href="https://ejemplo.mx/a?b=1&amp;c=2">https://ejemplo.mx/a?b=1&amp;c=2</a></p>'),
    ("correo suelto", "Escribe a transparencia@ejemplo.gob.mx.",
     '<p>Escribe a <a href="mailto:transparencia@ejemplo.gob.mx">transparencia@ejemplo.gob.mx</a>.</p>'),
    ("palabras con punto no son enlaces", "Lo dice la ley.De hecho, el municipio.La fecha",
     "<p>Lo dice la ley.De hecho, el municipio.La fecha</p>"),
    ("enlace con título", '[INAI](https://home.inai.org.mx "Instituto Nacional de Transparencia")',
     '<p><a href="https://home.inai.org.mx" title="Instituto Nacional de Transparencia">INAI</a></p>'),
    ("imagen propia", "![Mapa del municipio](/img/mapa.png)",
     '<p><img src="/img/mapa.png" alt="Mapa del municipio"></p>'),
    # -- tables ---------------------------------------------------------------------------
    ("tabla con alineación", "| Rubro | Monto |\n|:------|------:|\n| Agua | 1,200 |",
     '<table><thead><tr><th align="left">Rubro</th><th align="right">Monto</th></tr></thead>'
     '<tbody><tr><td align="left">Agua</td><td align="right">1,200</td></tr></tbody></table>'),
    ("tabla con barra escapada en una celda", "| Opción | Valor |\n|---|---|\n| sí \\| no | 1 |",
     "<table><thead><tr><th>Opción</th><th>Valor</th></tr></thead>"
     "<tbody><tr><td>sí | no</td><td>1</td></tr></tbody></table>"),
    ("tabla sin barras en los bordes", "Año | Sesiones\n--- | ---\n2024 | 12",
     "<table><thead><tr><th>Año</th><th>Sesiones</th></tr></thead>"
     "<tbody><tr><td>2024</td><td>12</td></tr></tbody></table>"),
    ("tabla tras una línea", "Resultados:\n\n| a | b |\n|---|---|\n| 1 |",
     "<p>Resultados:</p><table><thead><tr><th>a</th><th>b</th></tr></thead>"
     "<tbody><tr><td>1</td><td></td></tr></tbody></table>"),
    # -- inline ---------------------------------------------------------------------------
    ("tachado con dos tildes", "Fecha: ~~15 de marzo~~ 22 de marzo",
     "<p>Fecha: <del>15 de marzo</del> 22 de marzo</p>"),
    ("tachado con una tilde", "Fecha: ~15 de marzo~ 22 de marzo",
     "<p>Fecha: <del>15 de marzo</del> 22 de marzo</p>"),
    ("salto de línea con dos espacios", "Calle Hidalgo 12  \nCentro",
     "<p>Calle Hidalgo 12<br>Centro</p>"),
    ("salto de línea con barra invertida", "Calle Hidalgo 12\\\nCentro",
     "<p>Calle Hidalgo 12<br>Centro</p>"),
    ("énfasis dentro de una palabra con asteriscos", "super*importante*mente",
     "<p>super<em>importante</em>mente</p>"),
    ("guiones bajos dentro de una palabra no son énfasis", "el archivo padron_de_beneficiarios_2024.csv",
     "<p>el archivo padron_de_beneficiarios_2024.csv</p>"),
    ("negritas al inicio", "**Nota:** el plazo vence el viernes.",
     "<p><strong>Nota:</strong> el plazo vence el viernes.</p>"),
    ("signos de apertura del español", "¿Qué **hicimos**? ¡*Mucho*!",
     "<p>¿Qué <strong>hicimos</strong>? ¡<em>Mucho</em>!</p>"),
    ("comillas latinas y énfasis", "«*Gobierno abierto*» y “rendición de cuentas”",
     "<p>«<em>Gobierno abierto</em>» y “rendición de cuentas”</p>"),
    ("texto pegado de Word", f"El programa ‘Calles limpias’ – 2024:{NBSP}$1{NBSP}200",
     f"<p>El programa ‘Calles limpias’ – 2024:{NBSP}$1{NBSP}200</p>"),
    ("entidades", "&copy; 2024 &amp; más &#8212; fin",
     "<p>© 2024 &amp; más — fin</p>"),
    ("un pasaje en otra lengua", 'Saludo: <span lang="nah">Niltze</span>.',
     '<p>Saludo: <span lang="nah">Niltze</span>.</p>'),
    # -- blocks ---------------------------------------------------------------------------
    ("título con # al final", "## Objetivo ##\n\nTexto",
     "<h2>Objetivo</h2><p>Texto</p>"),
    ("título subrayado", "Antecedentes\n------------\n\nTexto",
     "<h2>Antecedentes</h2><p>Texto</p>"),
    ("títulos de varios niveles", "# Plan\n\n## Ejes\n\n### Agua",
     "<h1>Plan</h1><h2>Ejes</h2><h3>Agua</h3>"),
    ("comentario HTML", "Texto\n\n<!-- pendiente: cifras de 2025 -->\n\nMás texto",
     "<p>Texto</p><!-- pendiente: cifras de 2025 --><p>Más texto</p>"),
    ("línea con sangría tras un párrafo sigue el párrafo", "Texto\n    con sangría",
     "<p>Texto\ncon sangría</p>"),
    ("bloque de código con su lengua", "```yaml\nclave: valor\n```",
     "<pre><code>clave: valor\n</code></pre>"),
    ("separador", "Arriba\n\n***\n\nAbajo",
     "<p>Arriba</p><hr><p>Abajo</p>"),
]
# The attributes compared: what a reader gets from them.
SIGNIFICANT = {"href", "src", "alt", "title", "start", "lang", "type", "checked", "disabled", "align"}
_HEADING = re.compile(r"<(/?)h([1-6])\b")
_ALIGN = re.compile(r'class="alinear-(izquierda|centro|derecha)"')
SIDES = {"izquierda": "left", "centro": "center", "derecha": "right"}


def under_the_title(html_text: str) -> str:
    """Headings moved so that the highest is <h2>, as the site does under the page's title."""
    levels = [int(m.group(2)) for m in _HEADING.finditer(html_text) if not m.group(1)]
    shift = 2 - min(levels) if levels else 0
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + shift)}", html_text)


def test_the_corpus_is_large_and_varied():
    assert len(CORPUS) >= 30 and len({name for name, _, _ in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize("name,body,github", CORPUS, ids=[name for name, _, _ in CORPUS])
def test_the_site_shows_what_githubs_preview_shows(name, body, github):
    converted = markdown.convert(body)
    ours = _ALIGN.sub(lambda m: f'align="{SIDES[m.group(1)]}"', converted.html)
    assert outline(tree(ours, SIGNIFICANT)) == outline(tree(under_the_title(github), SIGNIFICANT))
    assert not [p for p in converted.problems if p[1] == "error"], converted.problems
