"""Search: Pagefind indexes the records and datasets of a built site in Spanish, `/buscar/`
finds them under a path prefix in a real browser, and the site is still built — with a
warning and a search page that lists the sections — when the Pagefind binary is missing."""

from __future__ import annotations

import json
from urllib.parse import quote, urlsplit

import pytest

from gobabierto.publish import search
from gobabierto.build.site import build_site
from conftest import english_copy, serve
from helpers import BASE_EPOCH, BASE_SITE, DEMO_EPOCH, ROOT, make_site, tree_digest

SEARCH_FILES = {"pagefind.js", "pagefind-worker.js", "pagefind-entry.json", "wasm.es.pagefind"}


def _build(monkeypatch, root, output):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BASE_EPOCH)
    return build_site(root, output)


def _search_warnings(result):
    return [(p.location.path, p.location.line, p.location.field, p.code, p.severity)
            for p in result.problems.sorted() if p.code.startswith("busqueda")]


def _indexed_pages(output):
    """Output files whose <main> is marked for the index."""
    return sorted(p.relative_to(output).as_posix() for p in output.rglob("*.html")
                  if "data-pagefind-body" in p.read_text(encoding="utf-8"))


def test_pagefind_indexes_records_and_datasets_in_spanish_without_its_ready_made_interfaces(monkeypatch, tmp_path):
    assert search.find_binary() is not None, "pagefind[bin] is a runtime dependency: pip install 'pagefind[bin]'"
    output = tmp_path / "_site"
    result = _build(monkeypatch, BASE_SITE, output)
    assert _search_warnings(result) == []
    written = {p.name for p in (output / "pagefind").iterdir() if p.is_file()}
    assert SEARCH_FILES <= written
    assert not {name for name in written if "-ui" in name or "highlight" in name}, written
    entry = json.loads((output / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["es"]
    indexed = _indexed_pages(output)
    records = {f"{p.parent.name}/{p.stem}/index.html" for p in (BASE_SITE / "content").glob("*/*.*")}
    datasets = {f"datos/{p.name}/index.html" for p in (BASE_SITE / "datasets").iterdir() if p.is_dir()}
    assert records | datasets <= set(indexed)
    # the only other indexed page is the records package (a dataset page too)
    assert set(indexed) - records - datasets == {"datos/registros/index.html"}
    assert entry["languages"]["es"]["page_count"] == len(indexed)
    for listing in ("compromisos/index.html", "datos/index.html", "index.html", "404.html", "buscar/index.html"):
        assert listing not in indexed
    # each result says what kind of thing it is
    page = (output / "compromisos").glob("*/index.html").__next__().read_text(encoding="utf-8")
    assert 'data-pagefind-meta="tipo:Compromiso"' in page
    dataset_page = (output / sorted(datasets)[0]).read_text(encoding="utf-8")
    assert 'data-pagefind-meta="tipo:Conjunto de datos"' in dataset_page


def test_two_builds_write_the_same_search_index(monkeypatch, tmp_path):
    first = _build(monkeypatch, BASE_SITE, tmp_path / "a").output
    second = _build(monkeypatch, BASE_SITE, tmp_path / "b").output
    assert tree_digest(first / "pagefind") == tree_digest(second / "pagefind")
    assert len(tree_digest(first / "pagefind")) > len(SEARCH_FILES)


def test_without_the_binary_the_site_is_built_with_a_warning(monkeypatch, tmp_path):
    monkeypatch.setattr(search, "find_binary", lambda: None)
    output = tmp_path / "_site"
    result = _build(monkeypatch, BASE_SITE, output)
    assert _search_warnings(result) == [("gobabierto.yml", None, "", "busqueda-no-disponible", "warning")]
    message = next(p.message for p in result.problems.sorted() if p.code == "busqueda-no-disponible")
    assert "pip install 'pagefind[bin]'" in message
    assert not (output / "pagefind").exists()
    page = (output / "buscar" / "index.html").read_text(encoding="utf-8")
    assert 'id="sin-buscador"' in page and (output / "assets" / "buscar.js").is_file()


def test_a_failing_binary_leaves_no_half_written_index(monkeypatch, tmp_path):
    failing = tmp_path / "pagefind"
    failing.write_text("#!/bin/sh\nmkdir -p \"$2/pagefind\"\necho 'índice roto' >&2\nexit 3\n")
    failing.chmod(0o755)
    monkeypatch.setattr(search, "find_binary", lambda: failing)
    output = tmp_path / "_site"
    result = _build(monkeypatch, BASE_SITE, output)
    assert _search_warnings(result) == [("gobabierto.yml", None, "", "busqueda-no-disponible", "warning")]
    assert "índice roto" in next(p.message for p in result.problems.sorted() if p.code == "busqueda-no-disponible")
    assert not (output / "pagefind").exists()


def test_a_static_pagefind_folder_is_not_overwritten(monkeypatch, tmp_path):
    root = make_site(tmp_path / "sitio", {"static/pagefind/nota.txt": "mío\n"})
    output = tmp_path / "_site"
    result = _build(monkeypatch, root, output)
    assert _search_warnings(result) == [("gobabierto.yml", None, "", "busqueda-no-disponible", "warning")]
    assert (output / "pagefind" / "nota.txt").read_text(encoding="utf-8") == "mío\n"
    assert not (output / "pagefind" / "pagefind.js").exists()


# --- in the browser, on the demo served under its path prefix --------------------------------

EXPECTED = {
    "Huixquilucan": {"/gobabierto/municipios/huixquilucan/": "Municipio",
                     "/gobabierto/compromisos/secretariados-tecnicos-municipales-huixquilucan/": "Compromiso",
                     "/gobabierto/manifestaciones/manifestacion-intencion-huixquilucan-2022/": None},
    # Spanish stemming: "obra pública" finds "Obras públicas"
    "obra pública": {"/gobabierto/datos/obras-publicas-hueyapan/": "Conjunto de datos",
                     "/gobabierto/compromisos/sistema-registro-seguimiento-proyectos-obras-hueyapan/": "Compromiso",
                     "/gobabierto/practicas/sistema-registro-seguimiento-proyectos-obras-hueyapan/": None},
    "convocatoria": {
        "/gobabierto/convocatorias/convocatoria-consejo-ciudadano-san-andres-cholula-2026/": "Convocatoria",
        "/gobabierto/convocatorias/convocatoria-tercer-pal-durango/": "Convocatoria"},
}


def _results(page) -> dict[str, tuple[str, str]]:
    page.wait_for_selector("#resultados h2", timeout=15_000)
    return {item.query_selector("a").get_attribute("href"):
            (item.query_selector("a").inner_text(), item.query_selector(".resultado-tipo").inner_text())
            for item in page.query_selector_all("#resultados li")}


@pytest.mark.parametrize("query", sorted(EXPECTED))
def test_the_demo_search_finds_records_and_datasets_under_the_path_prefix(browser, demo_build, demo_server, query):
    assert (demo_build / "pagefind" / "pagefind.js").is_file(), "the demo was built without its search index"
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.goto(demo_server + "buscar/?q=" + quote(query), wait_until="load")
    found = _results(page)
    assert page.input_value("#q") == query
    assert f"para «{query}»" in page.inner_text("#resultados h2")
    for href, kind in EXPECTED[query].items():
        assert href in found, f"{href} not among the results for {query!r}: {sorted(found)}"
        if kind:
            assert found[href][1] == kind
    assert all(href.startswith("/gobabierto/") for href in found), found
    assert page.is_hidden("#aviso-js")
    first_href, (first_title, _) = next(iter(found.items()))
    page.click(f'#resultados a[href="{first_href}"]')
    page.wait_for_load_state("load")
    assert urlsplit(page.url).path == first_href
    assert page.inner_text("main h1") == first_title
    assert errors == []
    page.close()


def test_the_header_box_sends_the_query_to_the_search_page(browser, demo_server):
    page = browser.new_page()
    page.goto(demo_server + "compromisos/", wait_until="load")
    page.fill("#buscador-q", "convocatoria")
    page.press("#buscador-q", "Enter")
    page.wait_for_load_state("load")
    assert urlsplit(page.url).path == "/gobabierto/buscar/"
    assert "/gobabierto/convocatorias/convocatoria-tercer-pal-durango/" in _results(page)
    page.close()


def test_an_unknown_word_says_there_are_no_results(browser, demo_server):
    page = browser.new_page()
    page.goto(demo_server + "buscar/?q=zzqqwwkk", wait_until="load")
    page.locator("#resultados", has_text="No hay resultados para «zzqqwwkk»").wait_for(timeout=15_000)
    assert page.query_selector_all("#resultados li") == []
    page.close()


def test_without_javascript_the_search_page_points_to_sections_and_filters(browser, demo_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    response = page.goto(demo_server + "buscar/?q=convocatoria", wait_until="load")
    assert response.status == 200
    assert page.is_visible("#aviso-js")
    assert page.inner_text("#resultados") == ""
    anchors = page.query_selector_all("#sin-buscador a")
    links = {" ".join(a.text_content().split()): a.get_attribute("href") for a in anchors}
    assert links["Convocatorias"] == "/gobabierto/convocatorias/"
    assert links["Datos abiertos"] == "/gobabierto/datos/"
    assert any(href.startswith("/gobabierto/compromisos/por-") for href in links.values()), links
    for href in (links["Convocatorias"], links["Datos abiertos"]):
        origin = urlsplit(demo_server)
        assert page.request.get(f"{origin.scheme}://{origin.netloc}{href}").status == 200
    context.close()


# --- a big site's index in shards -------------------------------------------------------------

def test_the_shard_plan_is_stable_and_bounded():
    from gobabierto.pages import searchmap

    pages = [f"compromisos/c{n}/index.html" for n in range(10_001)]
    plan = searchmap.plan(pages)
    assert searchmap.shard_count(len(pages)) == len(plan) == 3
    assert sorted(p for shard in plan.values() for p in shard) == sorted(pages)
    assert all(len(shard) <= searchmap.SHARD_PAGES for shard in plan.values())
    assert searchmap.plan(list(reversed(pages))) == plan  # the order pages come in does not matter
    assert list(searchmap.folders(plan).values()) == ["pagefind/0/", "pagefind/1/", "pagefind/2/"]
    small = searchmap.plan(pages[:searchmap.SHARD_PAGES])
    assert list(searchmap.folders(small).values()) == ["pagefind/"]
    # one more page moves none of the others to another shard
    grown = searchmap.plan(pages + ["compromisos/nuevo/index.html"])
    assert {p: s for s, shard in plan.items() for p in shard} == {
        p: s for s, shard in grown.items() for p in shard if p != "compromisos/nuevo/index.html"}


@pytest.fixture()
def sharded(monkeypatch):
    from gobabierto.pages import searchmap

    monkeypatch.setattr(searchmap, "SHARD_PAGES", 6)  # the base fixture's 20 indexed pages in 4 shards
    return searchmap


def test_a_big_site_is_indexed_in_shards_that_hold_every_page_once(sharded, monkeypatch, tmp_path):
    output = tmp_path / "_site"
    result = _build(monkeypatch, BASE_SITE, output)
    assert _search_warnings(result) == []
    page = (output / "buscar" / "index.html").read_text(encoding="utf-8")
    folders = page.split('data-indices="', 1)[1].split('"', 1)[0].split()
    plan = sharded.plan(_indexed_pages(output))  # four shards, by the hash of each address: some may be empty
    assert len(plan) >= 2 and folders == [f"pagefind/{n}/" for n in plan]
    assert not (output / "pagefind" / "pagefind.js").exists()
    counts = []
    for folder in folders:
        assert SEARCH_FILES <= {p.name for p in (output / folder).iterdir()}
        entry = json.loads((output / folder / "pagefind-entry.json").read_text(encoding="utf-8"))
        counts.append(entry["languages"]["es"]["page_count"])
    assert sum(counts) == len(_indexed_pages(output)) and all(counts)


def test_an_edit_reindexes_only_the_shards_of_the_pages_it_changed(sharded, monkeypatch, tmp_path):
    site = make_site(tmp_path / "sitio", {})
    output = tmp_path / "_site"
    calls = []
    real = search.run_pagefind
    monkeypatch.setattr(search, "run_pagefind", lambda *a: calls.append(a[1]) or real(*a))
    _build(monkeypatch, site, output)
    plan = sharded.plan(_indexed_pages(output))
    assert len(calls) == len(plan) >= 2
    pages_before = {rel: tree_digest(output)[rel] for rel in _indexed_pages(output)}
    index_before = {folder.name: tree_digest(folder) for folder in (output / "pagefind").iterdir()}
    calls.clear()
    record = site / "content" / "paginas" / "que-es.md"
    record.write_text(record.read_text(encoding="utf-8") + "\nUn párrafo nuevo.\n", encoding="utf-8")
    _build(monkeypatch, site, output)
    digests = tree_digest(output)
    changed = {rel for rel, digest in pages_before.items() if digests[rel] != digest}
    shards = {shard for shard, pages in plan.items() if changed & set(pages)}
    assert changed and len(shards) < len(plan)
    assert len(calls) == len(shards)
    index_after = {folder.name: tree_digest(folder) for folder in (output / "pagefind").iterdir()}
    assert {name for name in index_before if index_before[name] != index_after[name]} == {str(s) for s in shards}
    assert not any(call.exists() for call in calls), "Pagefind's working folders are gone once cached"
    # and the incremental output is what a clean build writes
    clean = tmp_path / "limpio"
    _build(monkeypatch, make_site(tmp_path / "otro", {}, base=site), clean)
    assert tree_digest(output) == tree_digest(clean)


def test_busqueda_false_builds_without_index_or_search_box(monkeypatch, tmp_path):
    settings = (BASE_SITE / "gobabierto.yml").read_text(encoding="utf-8") + "busqueda: false\n"
    root = make_site(tmp_path / "sitio", {"gobabierto.yml": settings})
    output = tmp_path / "_site"
    result = _build(monkeypatch, root, output)
    assert _search_warnings(result) == []
    assert not (output / "pagefind").exists()
    home = (output / "index.html").read_text(encoding="utf-8")
    assert 'class="buscador"' not in home and "/buscar/" not in home
    page = (output / "buscar" / "index.html").read_text(encoding="utf-8")
    assert 'id="sin-buscador"' in page and 'class="busqueda"' not in page and "buscar.js" not in page


@pytest.fixture(scope="module")
def sharded_demo(tmp_path_factory):
    """The demo built with its search index in shards, served under its path prefix."""
    from gobabierto.pages import searchmap

    folder = tmp_path_factory.mktemp("demo-fragmentos")
    source = english_copy(ROOT, folder / "sitio")  # the demo's sources, in a folder of its own…
    settings = source / "gobabierto.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("idioma: en", "idioma: es-MX"), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:  # …in Spanish, with shards of at most 12 pages
        patch.setenv("SOURCE_DATE_EPOCH", DEMO_EPOCH)
        patch.setattr(searchmap, "SHARD_PAGES", 12)
        output = build_site(source, folder / "_site").output
    server, base = serve(output, "/gobabierto/")
    yield output, base
    server.shutdown()


@pytest.mark.parametrize("query", sorted(EXPECTED))
def test_sharded_search_finds_what_one_index_finds_under_the_path_prefix(browser, demo_server, sharded_demo, query):
    output, base = sharded_demo
    folders = (output / "buscar" / "index.html").read_text(encoding="utf-8").split('data-indices="', 1)[1]
    assert len(folders.split('"', 1)[0].split()) >= 3
    found = {}
    for server in (demo_server, base):
        page = browser.new_page()
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
        page.goto(server + "buscar/?q=" + quote(query), wait_until="load")
        found[server] = _results(page)
        assert errors == []
        page.close()
    one, shards = found[demo_server], found[base]
    assert set(shards) == set(one), "the shards find the same pages as one index"
    assert {href: kind for href, (_, kind) in shards.items()} == {href: kind for href, (_, kind) in one.items()}
    for href in EXPECTED[query]:
        assert href in shards


def test_no_two_cells_or_terms_touch_in_the_html(demo_build):
    """Pagefind reads the text as it is written: «</th><th>» glued a dataset's column titles
    into one word in the search excerpts («idcomunidadobra…»)."""
    import re

    glued = {p.relative_to(demo_build).as_posix() for p in demo_build.rglob("*.html")
             if re.search(r"</(t[dh]|d[dt])><(t[dh]|d[dt])\b", p.read_text(encoding="utf-8"))}
    assert glued == set()


def test_search_excerpts_of_datasets_read_as_words(browser, demo_server):
    page = browser.new_page()
    page.goto(demo_server + "buscar/?q=juan", wait_until="load")
    page.wait_for_selector("#resultados h2", timeout=15_000)
    excerpts = {item.query_selector("a").inner_text(): item.query_selector("p").inner_text()
                for item in page.query_selector_all("#resultados li")}
    records = excerpts["Registros de gobierno abierto del micrositio"]
    assert "Plan Número Nombre Sector Organización Cargo Designación Cese" in records
    works = excerpts["Obras públicas por comunidad en Hueyapan de Ocampo"]
    # the first view's table as it reads on the page: title, columns, each community and its sum
    assert "Comunidad Suma de Monto (pesos) Juan Díaz Covarrubias $7,070,500.50" in works
    municipality = excerpts["Hueyapan de Ocampo"]
    assert "Presidencia municipal C.P. Juan Gómez Martínez Clave INEGI 30073" in municipality
    page.close()
