from gobabierto.text import markdown
from gobabierto.text.markdown import render, unsafe_lines


def test_tables_headings_and_prefixed_site_links():
    html = render("# Título\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[compromisos](/compromisos/)", "/repo")
    assert "<h2>Título</h2>" in html and "<h1" not in html
    assert '<div class="tabla-desplazable" tabindex="0" role="region" aria-label="Tabla"><table>' in html
    assert '<th scope="col">a</th>' in html and html.count("</table></div>") == 1
    assert 'href="/repo/compromisos/"' in html


def test_headings_start_at_h2_whatever_level_the_editor_used():
    assert render("### Considerando\n\n#### Detalle") == "<h2>Considerando</h2>\n<h3>Detalle</h3>"
    assert render("## Bases\n\n### Objetivo") == "<h2>Bases</h2>\n<h3>Objetivo</h3>"


def test_sanitizer_removes_scripts_handlers_and_bad_schemes():
    html = render('<script>alert(1)</script><img src="x" onerror="alert(1)"> [a](javascript:alert(1)) '
                  '<a href="data:text/html,x">d</a> <iframe src="https://x"></iframe> <span lang="nah">Xi</span>')
    lowered = html.lower()
    for bad in ("<script", "onerror", "javascript:", "data:", "<iframe"):
        assert bad not in lowered
    assert '<span lang="nah">Xi</span>' in html


def test_unsafe_lines_find_hostile_html_in_any_casing_or_encoding():
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
    assert [line for line, _ in unsafe_lines(body)] == [1, 2, 3, 4, 5, 6]


def test_empty_body_renders_nothing():
    assert render("  \n") == ""


def test_remote_images_are_found_with_their_line_in_every_spelling():
    body = ("Texto\n\n![a](https://x.org/a.png)\n\n![b][r]\n\n[r]: //cdn.org/b.png\n\n"
            '<img src="http://y.org/c.png" alt="c">\n\n![propia](/img/d.png) ![datos](data:image/gif;base64,R0)')
    assert markdown.remote_images(body) == [(2, "https://x.org/a.png"), (6, "//cdn.org/b.png"),
                                            (8, "http://y.org/c.png")]
    assert markdown.remote_images("[un enlace](https://x.org/) no es una imagen") == []
