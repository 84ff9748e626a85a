from gobabierto.core.problems import ERROR, WARNING
from gobabierto.text import markdown
from gobabierto.text.markdown import convert, render


def test_tables_headings_and_prefixed_site_links():
    html = render("# Título\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[compromisos](/compromisos/)", "/repo")
    assert "<h2>Título</h2>" in html and "<h1" not in html
    assert '<div class="tabla-desplazable" tabindex="0" role="region" aria-label="Tabla"><table>' in html
    assert '<th scope="col">a</th>' in html and html.count("</table></div>") == 1
    assert 'href="/repo/compromisos/"' in html


def test_headings_start_at_h2_whatever_level_the_editor_used():
    assert render("### Considerando\n\n#### Detalle") == "<h2>Considerando</h2>\n<h3>Detalle</h3>"
    assert render("## Bases\n\n### Objetivo") == "<h2>Bases</h2>\n<h3>Objetivo</h3>"


def test_site_paths_get_the_prefix_in_markdown_and_in_html_but_nothing_else_does():
    html = render('[a](/a/) ![b](/img/b.png) <a href="/c/" title="x > y">c</a> [d](//otro.org/d) [e](https://f.org/)'
                  ' `href="/g/"`', "/pre")
    assert 'href="/pre/a/"' in html and 'src="/pre/img/b.png"' in html and 'href="/pre/c/"' in html
    assert 'href="//otro.org/d"' in html and 'href="https://f.org/"' in html
    assert '<code>href="/g/"</code>' in html


def test_sanitizer_removes_scripts_handlers_and_bad_schemes():
    html = render('<script>alert(1)</script>\n\n<img src="x" onerror="alert(1)"> [a](javascript:alert(1)) '
                  '<a href="data:text/html,x">d</a> <iframe src="https://x"></iframe> <span lang="nah">Xi</span>')
    lowered = html.lower()
    for bad in ("<script", "onerror", "javascript:", "data:", "<iframe"):
        assert bad not in lowered
    assert '<span lang="nah">Xi</span>' in html


def errors(body: str) -> list[int]:
    return [line for line, severity, code, _ in convert(body).problems if severity == ERROR and code == "html-no-permitido"]


def test_hostile_html_and_links_are_found_in_any_casing_or_encoding():
    body = "\n".join([
        "texto normal",
        "<ScRiPt>alert(1)</script>",
        "[x](JAVASCRIPT:alert(1))",
        '<a href="&#106;avascript:alert(1)">x</a>',
        "<img src=x OnError=alert(1)>",
        "<svg><animate onbegin=alert(1)>",
        '<p style="background:url(javascript:alert(1))">',
        "[ok](https://ejemplo.org)",
    ])
    assert errors(body) == [1, 2, 3, 4, 5, 6]


def test_a_tag_spread_over_lines_is_found_at_its_handler():
    assert errors("Texto\n\n<img src=x\nonerror=alert(1)>") == [3]


def test_html_written_as_code_is_shown_not_refused():
    html = render("Escribe `<script>` así, o:\n\n```html\n<img src=x onerror=alert(1)>\n```")
    assert errors("Escribe `<script>` así, o:\n\n```html\n<img src=x onerror=alert(1)>\n```") == []
    assert "<code>&lt;script&gt;</code>" in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_a_reference_link_to_code_is_refused_where_it_is_used():
    assert errors("Lee [esto][x] hoy.\n\n[x]: javascript:alert(1)") == [0]


def test_empty_body_renders_nothing():
    assert render("  \n") == ""


def test_remote_images_are_found_with_their_line_in_every_spelling():
    body = ("Texto\n\n![a](https://x.org/a.png)\n\n![b][r]\n\n[r]: //cdn.org/b.png\n\n"
            '<img src="http://y.org/c.png" alt="c">\n\n![propia](/img/d.png) ![datos](data:image/gif;base64,R0)')
    assert convert(body).remote_images == ((2, "https://x.org/a.png"), (6, "//cdn.org/b.png"),
                                           (8, "http://y.org/c.png"))
    assert convert("[un enlace](https://x.org/) no es una imagen").remote_images == ()


def test_languages_are_read_from_tags_but_not_from_code():
    body = 'Saludo: <span lang="nah">Niltze</span>.\n\n<p lang="en">\nHello\n</p>\n\n`<span lang="xx">`'
    assert convert(body).languages == ((0, "nah"), (2, "en"))


def test_the_summary_is_the_first_paragraph_as_plain_text():
    body = "## Antecedentes\n\nEl *cabildo* aprobó el [plan](/planes/x/)\ny lo <abbr title=\"x\">publicó</abbr>.\n\nOtro."
    assert convert(body).summary == "El cabildo aprobó el plan y lo publicó."
    assert convert("- solo\n- una lista").summary == ""


def test_task_lists_are_boxes_named_for_screen_readers():
    html = render("- [x] Publicar\n- [ ] Revisar", task_label="Tarea")
    assert html == ('<ul class="contains-task-list">\n'
                    '<li class="task-list-item"><input aria-label="Tarea" class="task-list-item-checkbox"'
                    ' disabled="" type="checkbox" checked=""> Publicar</li>\n'
                    '<li class="task-list-item"><input aria-label="Tarea" class="task-list-item-checkbox"'
                    ' disabled="" type="checkbox"> Revisar</li>\n</ul>')


def test_table_alignment_becomes_a_class_of_the_theme():
    html = render("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |")
    assert '<th class="alinear-izquierda" scope="col">a</th>' in html
    assert '<td class="alinear-centro">2</td>' in html and '<td class="alinear-derecha">3</td>' in html
    assert "style" not in html


def warnings(body: str) -> list[tuple[int, str]]:
    return [(line, code) for line, severity, code, _ in convert(body).problems if severity == WARNING]


def test_constructs_whose_meaning_changed_are_warned_about():
    assert warnings("Párrafo en inglés\n{: lang=\"en\" }") == [(1, "markdown-sin-efecto")]
    assert warnings("## Título {#ancla}") == [(0, "markdown-sin-efecto")]
    assert warnings("## Presupuesto {2024}\n\nEl conjunto {a, b}") == []
    assert warnings("Término\n: su definición") == [(1, "markdown-sin-efecto")]
    assert warnings("El INAI resolvió.\n\n*[INAI]: Instituto Nacional") == [(2, "markdown-sin-efecto")]
    assert warnings("Texto\n\n    sangrado") == [(2, "markdown-codigo-sangria")]
    assert warnings("Costo: de ~300 a 400~ pesos") == [(0, "markdown-tachado")]
    assert warnings("Cerca de ~30 personas y ~40 familias") == []  # GitHub strikes neither: no closing «~»
    assert warnings("Cerca de ~~30~~ 40 personas; a las 10:00 h.") == []
    message = dict(((line, code), m) for line, _, code, m in convert("Texto\n{: lang=\"en\" }").problems)
    assert message[(1, "markdown-sin-efecto")] == (
        "«{: lang=\"en\" }» se publica tal cual, como en la vista previa de GitHub: las listas de atributos ya no se"
        " leen; para marcar un pasaje en otra lengua escribe <span lang=\"en\">…</span> (o <p lang=\"en\">…</p>"
        " para un párrafo)")


def test_a_body_nested_too_deep_is_refused_at_its_first_line():
    nested = "Intro\n\n" + "".join("  " * i + "- punto\n" for i in range(30))
    found = convert(nested)
    assert [(line, code) for line, _, code, _ in found.problems] == [(2, "texto-demasiado-complejo")]
    assert found.html == ""
    assert convert("".join("  " * i + "- punto\n" for i in range(6))).problems == ()


def test_a_body_is_converted_once_per_store():
    bodies = markdown.Bodies()
    with markdown.using(bodies):
        first = markdown.body("Texto *uno*")
        assert markdown.body("Texto *uno*") is first and render("Texto *uno*") == "<p>Texto <em>uno</em></p>"
        markdown.body("Texto dos")
    assert bodies.conversions == 2
    again = markdown.Bodies(dict(bodies.used))
    with markdown.using(again):
        assert markdown.body("Texto *uno*") == first
    assert again.conversions == 0
