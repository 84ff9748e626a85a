"""Every page of the built demo, read as files: light (page, style and script budgets, no
remote asset, content in the HTML itself), protected (Content-Security-Policy without
anything it would block), and described for search engines and link previews (canonical
URL, Open Graph, Twitter card, favicon)."""

from __future__ import annotations

import re

import yaml

from helpers import DEMO_URL, ROOT, make_site, page_url, run_cli
from pagecheck import CSP, budget_problems, html_files, parse, policy_problems

SETTINGS = yaml.safe_load((ROOT / "gobabierto.yml").read_text(encoding="utf-8"))
# the pages of single records and datasets: Open Graph "article"
ITEM_PAGES = ({f"{p.parent.name}/{p.stem}/" for p in (ROOT / "content").glob("*/*.*")}
              | {f"datos/{p.name}/" for p in (ROOT / "datasets").iterdir() if p.is_dir()})


def test_demo_is_within_the_page_budget(demo_build):
    assert len(html_files(demo_build)) > 40
    assert budget_problems(demo_build) == []


def test_budget_check_catches_heavy_pages_remote_assets_and_script_only_content(tmp_path):
    (tmp_path / "assets").mkdir()
    head = f'<!doctype html><html lang="es"><head><meta charset="utf-8"><title>x</title>'
    (tmp_path / "pesada.html").write_text(head + "</head><body><main><h1>Pesada</h1><p>"
                                          + "texto " * 10_000 + "</p></main></body></html>")
    (tmp_path / "remota.html").write_text(
        head + '<link rel="stylesheet" href="https://cdn.example.com/a.css"><link rel="canonical" '
               'href="https://ejemplo.org/remota.html"></head><body><main><h1>Remota</h1>'
               '<img src="//img.example.com/a.png" alt="a"><a href="https://ejemplo.org/">enlace</a></main></body></html>')
    (tmp_path / "vacia.html").write_text(head + '</head><body><main id="app"></main>'
                                                '<script src="app.js"></script></body></html>')
    (tmp_path / "assets" / "a.css").write_text("@import 'https://fonts.example.com/f.css';\n" + "a{}" * 11_000)
    (tmp_path / "app.js").write_text("//" + "x" * 21 * 1024)
    (tmp_path / "pagefind").mkdir()
    (tmp_path / "pagefind" / "pagefind.js").write_text("//" + "x" * 100 * 1024)  # the search index is exempt
    assert budget_problems(tmp_path) == [
        "pesada.html: la página pesa 58.7 KB (máximo 50 KB)",
        "remota.html: <link> carga un recurso de otro sitio: https://cdn.example.com/a.css",
        "remota.html: <img> carga un recurso de otro sitio: //img.example.com/a.png",
        "vacia.html: el HTML no trae un <main> con un <h1> con texto (¿lo genera JavaScript?)",
        "las hojas de estilo suman 32.3 KB (máximo 30 KB)",
        "assets/a.css: carga un recurso de otro sitio: https://fonts.example.com/f.css",
        "los scripts suman 21.0 KB (máximo 20 KB, sin el índice de búsqueda)",
    ]


def test_every_page_carries_the_content_security_policy_and_nothing_it_blocks(demo_build):
    assert policy_problems(demo_build) == []


def test_policy_check_catches_inline_code_and_a_missing_policy(tmp_path):
    meta = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
    (tmp_path / "a.html").write_text(
        f'<!doctype html><html><head><link rel="stylesheet" href="/a.css">{meta}<title>a</title></head><body>'
        '<main><h1 style="color:red">a</h1><script>alert(1)</script><style>p{}</style>'
        '<script type="application/ld+json">{}</script><button onclick="x()">b</button>'
        '<a href="javascript:x()">c</a><script src="https://cdn.example.com/x.js"></script></main></body></html>')
    (tmp_path / "b.html").write_text("<!doctype html><html><head><title>b</title></head><body></body></html>")
    assert policy_problems(tmp_path) == [
        "a.html: la Content-Security-Policy va después del primer recurso que debe proteger",
        "a.html: 1 <script> en línea",
        "a.html: 1 <style> en línea",
        "a.html: atributo style= en ['h1']",
        "a.html: atributos de eventos ['<button onclick>']",
        "a.html: enlaces javascript: ['javascript:x()']",
        "a.html: script de otro sitio https://cdn.example.com/x.js",
        f"b.html: Content-Security-Policy [], se esperaba [{CSP!r}]",
    ]


def _one(page, key, rel):
    values = page.metas.get(key, [])
    assert len(values) == 1, f"{rel}: {key} aparece {len(values)} veces"
    return values[0]


def test_every_page_has_canonical_url_open_graph_and_twitter_card(demo_build):
    site_name = SETTINGS["titulo"]
    logo = DEMO_URL + SETTINGS["marca"]["logo"]
    kinds = set()
    for path in html_files(demo_build):
        rel = path.relative_to(demo_build).as_posix()
        page = parse(path)
        address = DEMO_URL + page_url(rel)
        canonical = [link["href"] for link in page.links if link.get("rel") == "canonical"]
        assert canonical == [address], rel
        assert _one(page, "og:url", rel) == address
        assert _one(page, "og:site_name", rel) == site_name
        assert _one(page, "og:locale", rel) == "es_MX"
        title = page.title.strip()
        assert _one(page, "og:title", rel) == (title if rel == "index.html" else title.removesuffix(f" · {site_name}"))
        assert _one(page, "og:description", rel) == _one(page, "description", rel) != ""
        assert _one(page, "twitter:card", rel) == "summary"
        parts = page_url(rel).strip("/").split("/")
        is_record = page_url(rel) in ITEM_PAGES
        if is_record or len(parts) == 1:  # an item's page; the home page, a section's list or 404
            assert _one(page, "og:type", rel) == ("article" if is_record else "website"), rel
        image = _one(page, "og:image", rel)
        assert image.startswith(DEMO_URL) and (demo_build / image.removeprefix(DEMO_URL)).is_file(), rel
        if is_record and parts[0] == "municipios":
            assert image == f"{DEMO_URL}img/escudo-{parts[1]}.svg" and _one(page, "og:image:alt", rel).startswith(
                "Escudo de ")
        else:
            assert image == logo and _one(page, "og:image:alt", rel) == f"Logotipo de {site_name}"
        kinds.add(_one(page, "og:type", rel))
    assert kinds == {"article", "website"} and len(ITEM_PAGES) > 20


def test_record_pages_describe_themselves(demo_build):
    """A record's page is described by its own objective or first paragraph, not the
    site's description, so search results and shared links say what the page is about."""
    site_description = " ".join(SETTINGS["descripcion"].split())
    home = parse(demo_build / "index.html")
    assert _one(home, "description", "index.html").startswith(site_description[:200])
    commitment = parse(demo_build / "compromisos" / "jornadas-culturales-talleres-acceso-informacion" / "index.html")
    assert _one(commitment, "description", "compromiso").startswith("Realizar jornadas culturales y talleres")
    for path in html_files(demo_build):
        parts = page_url(path.relative_to(demo_build).as_posix()).strip("/").split("/")
        if "/".join(parts) + "/" in ITEM_PAGES:
            description = _one(parse(path), "description", parts)
            assert "<" not in description and "**" not in description, parts
            # a record with neither body nor summary (a bare .yml) keeps the site's description
            if not (ROOT / "content" / parts[0] / f"{parts[1]}.yml").exists():
                assert not description.startswith(site_description[:60]), parts


def test_canonical_urls_at_the_domain_root(demo_build_root):
    page = parse(demo_build_root / "compromisos" / "index.html")
    assert [link["href"] for link in page.links if link.get("rel") == "canonical"] == [
        "https://ejemplo.org/compromisos/"]
    assert page.metas["og:url"] == ["https://ejemplo.org/compromisos/"]
    assert page.metas["og:image"] == ["https://ejemplo.org/img/logo.svg"]


def test_without_a_public_url_no_absolute_address_is_invented(tmp_path):
    site = make_site(tmp_path / "s", {})
    settings = (site / "gobabierto.yml").read_text(encoding="utf-8")
    (site / "gobabierto.yml").write_text(re.sub(r"(?m)^url: .*\n", "", settings), encoding="utf-8")
    output = tmp_path / "out"
    result = run_cli("build", "--source", str(site), "--output", str(output))
    assert result.returncode == 0, result.stdout + result.stderr
    page = parse(output / "planes" / "index.html")
    assert "og:url" not in page.metas and "og:image" not in page.metas
    assert page.metas["og:title"] == ["Planes de Acción Local"] and page.metas["twitter:card"] == ["summary"]
    assert [link["href"] for link in page.links if link.get("rel") == "canonical"] == ["/planes/"]


def test_favicon_is_linked_and_published(demo_build):
    for path in html_files(demo_build):
        icons = [link for link in parse(path).links if link.get("rel") == "icon"]
        assert len(icons) == 1 and icons[0]["type"] == "image/svg+xml", path
        target = demo_build / icons[0]["href"].removeprefix("/gobabierto/")
        assert target.is_file()
    svg = target.read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "viewBox" in svg
