"""Listings cut into pages (`por_pagina`), a home page that stays small however large the
site grows, and a sitemap index above the sitemap protocol's 50,000 URLs.

The demo fits every listing on one page, so the built-site checks use the demo with
`por_pagina: 2` (fixture `paged_demo_build`) and compare it with the demo as it is; the
home page and the sitemap index are checked on the benchmark's generated "small" site
(1,000 records), loaded once."""

from __future__ import annotations

import importlib.util
import math
import re
import sys
import xml.etree.ElementTree as ET

import pytest

from helpers import BASE_SITE, DEMO_URL, ROOT, make_site
from gobabierto.commands.linkcheck import check_links
from gobabierto.pages.pagination import Pager, paginate
from gobabierto.build.stages import load_site
from gobabierto.core.problems import Problems

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


# the cutting itself ---------------------------------------------------------------------
@pytest.mark.parametrize("size", [1, 2, 3, 7, 50])
def test_every_item_is_on_exactly_one_page_in_order(size):
    for n in range(0, 24):
        pages = paginate("/x/", list(range(n)), size)
        assert len(pages) == max(1, math.ceil(n / size))
        assert [i for _, chunk in pages for i in chunk] == list(range(n))
        assert all(len(chunk) == size for _, chunk in pages[:-1])
        for number, (pager, chunk) in enumerate(pages, 1):
            assert (pager.number, pager.count, pager.total) == (number, len(pages), n)
            assert (pager.first, pager.last) == ((chunk[0] + 1, chunk[-1] + 1) if chunk else (0, 0))
            assert pager.path == ("/x/" if number == 1 else f"/x/pagina/{number}/")
            assert pager.prev == (None if number == 1 else pages[number - 2][0].path)
            assert pager.next == (None if number == len(pages) else f"/x/pagina/{number + 1}/")


def test_page_numbers_offered_keep_the_ends_and_the_neighbours():
    def window(number, count):
        return Pager("/x/", number, count, count * 10, 1, 10).window()

    assert window(1, 1) == [1]
    assert window(3, 5) == [1, 2, 3, 4, 5]
    assert window(1, 20) == [1, 2, 3, None, 20]
    assert window(6, 20) == [1, None, 4, 5, 6, 7, 8, None, 20]
    assert window(5, 20) == [1, 2, 3, 4, 5, 6, 7, None, 20]  # a gap of one page is shown, not "…"
    assert window(20, 20) == [1, None, 18, 19, 20]


# the built demo, two items per page -------------------------------------------------------
def _listing_items(html: str) -> list[str]:
    """The links of a listing's own items (record lists, the commitments table)."""
    block = re.search(r'<ul class="lista-registros">(.*?)</ul>|<tbody>(.*?)</tbody>', html, re.S)
    if block is None:
        return []
    return re.findall(r'<(?:h2|th scope="row")><a href="([^"]+)"', block.group(0))


def _head_link(html: str, rel: str) -> str | None:
    found = re.findall(rf'<link rel="{rel}" href="([^"]+)">', html)
    assert len(found) <= 1
    return found[0] if found else None


def _listings(output) -> list[str]:
    """Output-relative folders of every listing page 1 of a built site: section lists,
    /datos/ and the facet pages."""
    found = []
    for page in sorted(output.rglob("index.html")):
        rel = page.parent.relative_to(output).as_posix()
        if "pagina" in rel.split("/"):
            continue
        html = page.read_text(encoding="utf-8")
        if re.search(r'<ul class="lista-registros">|<table class="tabla-compromisos">', html):
            found.append(rel)
    return found


def _folder(url: str) -> str:
    assert url.startswith(DEMO_URL), url
    return url[len(DEMO_URL):].rstrip("/")


def test_every_listing_is_cut_into_pages_with_nothing_lost_or_repeated(demo_build, paged_demo_build):
    listings = _listings(demo_build)
    assert {"compromisos", "sesiones", "municipios", "planes", "datos", "compromisos/por-pilar/transparencia"} <= set(listings)
    assert _listings(paged_demo_build) == listings  # page 1 stays at every listing's address
    paginated = 0
    for listing in listings:
        whole = _listing_items((demo_build / listing / "index.html").read_text(encoding="utf-8"))
        assert whole, listing
        expected_pages = math.ceil(len(whole) / 2)
        folder, previous, seen, pages = listing, None, [], 0
        while folder is not None:
            html = (paged_demo_build / folder / "index.html").read_text(encoding="utf-8")
            pages += 1
            items = _listing_items(html)
            assert len(items) == (2 if pages < expected_pages else len(whole) - 2 * (expected_pages - 1)), folder
            seen += items
            assert f'<link rel="canonical" href="{DEMO_URL}{folder}/">' in html
            assert _head_link(html, "prev") == (None if previous is None else f"{DEMO_URL}{previous}/")
            if expected_pages > 1:
                nav = re.search(r'<nav class="paginacion" aria-label="Páginas de [^"]+"[^>]*>(.*?)</nav>', html, re.S)
                assert nav, folder
                current = re.findall(r'<a href="([^"]+)" aria-label="Página (\d+)" aria-current="page">', nav.group(1))
                assert current == [(f"/gobabierto/{folder}/", str(pages))]
                assert ('rel="prev"' in nav.group(1)) == (pages > 1)
                assert ('rel="next"' in nav.group(1)) == (pages < expected_pages)
                if pages > 1:
                    assert f"(página {pages} de {expected_pages})</h1>" in html
            else:
                assert 'class="paginacion"' not in html
            nxt = _head_link(html, "next")
            previous, folder = folder, (_folder(nxt) if nxt else None)
        assert pages == expected_pages, listing
        assert seen == whole, listing  # same items, same order: none lost, none twice
        assert not (paged_demo_build / listing / "pagina" / "1").exists()
        assert not (paged_demo_build / listing / "pagina" / str(expected_pages + 1)).exists()
        paginated += expected_pages > 1
    assert paginated >= 8


def test_facet_counts_are_the_items_across_all_of_a_filters_pages(paged_demo_build):
    html = (paged_demo_build / "compromisos" / "index.html").read_text(encoding="utf-8")
    values = re.findall(r'<a href="/gobabierto/(compromisos/por-[^"]+)/">[^<]+<span class="filtro-conteo">\((\d+)\)</span>', html)
    assert len(values) == 8  # two of each of the four facets (the fixture shows two beside a listing)
    # …and every value, on each facet's own page
    for index in sorted((paged_demo_build / "compromisos").glob("por-*/index.html")):
        for html in _pages(paged_demo_build, index.parent.relative_to(paged_demo_build).as_posix()):
            values += re.findall(r'<a href="/gobabierto/(compromisos/por-[^"]+)/">[^<]+</a> <span class="meta">\((\d+)\)</span>', html)
    assert len(set(values)) == 15
    for folder, count in values:
        items = [item for html in _pages(paged_demo_build, folder) for item in _listing_items(html)]
        assert len(items) == len(set(items)) == int(count), folder


def _pages(output, folder):
    """The HTML of every page of the listing at `folder`, following its rel=next links."""
    while folder is not None:
        html = (output / folder / "index.html").read_text(encoding="utf-8")
        yield html
        nxt = _head_link(html, "next")
        folder = _folder(nxt) if nxt else None


def test_paginated_site_links_resolve_and_later_pages_stay_out_of_the_sitemap(paged_demo_build):
    assert check_links(paged_demo_build, DEMO_URL) == []
    sitemap = (paged_demo_build / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{DEMO_URL}compromisos/</loc>" in sitemap and "/pagina/" not in sitemap


def test_the_demo_fits_on_one_page_and_shows_no_pagination(demo_build):
    assert not [p for p in demo_build.rglob("pagina") if p.is_dir()]
    for page in demo_build.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert 'class="paginacion"' not in html and 'rel="prev"' not in html and 'rel="next"' not in html, page


@pytest.mark.parametrize("value, code, message", [
    ("0", "fuera-de-rango", "se esperaba un número entero entre 1 y 500 y se encontró 0; corrígelo"),
    ("501", "fuera-de-rango", "se esperaba un número entero entre 1 y 500 y se encontró 501; corrígelo"),
    ('"10"', "tipo-invalido", "se esperaba un número entero y se encontró «10». Quita las comillas."),
    ("diez", "tipo-invalido", "se esperaba un número entero y se encontró «diez». Escríbelo con cifras y sin"
                              " comillas, por ejemplo 3."),
])
def test_a_wrong_page_size_is_reported_in_spanish_with_file_line_and_field(tmp_path, value, code, message):
    settings = (BASE_SITE / "gobabierto.yml").read_text(encoding="utf-8").rstrip("\n")
    line = settings.count("\n") + 2
    site = make_site(tmp_path / "s", {"gobabierto.yml": f"{settings}\npor_pagina: {value}\n"})
    problems = Problems()
    assert load_site(site, problems) is None
    assert [(p.location.path, p.location.line, p.location.field, p.code, p.message) for p in problems.items] == [
        ("gobabierto.yml", line, "por_pagina", code, message)]


# a generated site of 1,000 records -------------------------------------------------------
@pytest.fixture(scope="module")
def small_site(tmp_path_factory):
    """The benchmark's "small" site (40 municipalities, 10 plans, 700 commitments…),
    loaded once, with its environment."""
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    generate = sys.modules.setdefault("bench_generate", importlib.util.module_from_spec(spec))
    spec.loader.exec_module(generate)
    root = tmp_path_factory.mktemp("pequeno") / "sitio"
    generate.generate("small", root)
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", "1768478400")  # the benchmark's build date
    try:
        problems = Problems()
        site = load_site(root, problems)
    finally:
        mp.undo()
    assert site is not None, problems.items[:5]
    from gobabierto.pages.render import make_environment
    from gobabierto.pages.urls import Urls

    return root, site, make_environment(root, Urls(site.config.url), site)


def _render(site_env, path, **kwargs):
    from gobabierto.pages.render import render_page
    from gobabierto.pages.routes import build_routes

    _, site, env = site_env
    pages = {p.path: p for p in build_routes(site, **kwargs)}
    return render_page(env, pages[path]), pages


def test_home_page_stays_small_on_a_large_site(small_site):
    from gobabierto.pages.routes import HOME_ITEMS

    _, site, _ = small_site
    html, pages = _render(small_site, "/")
    assert len(html.encode("utf-8")) < 50 * 1024  # the page budget (tests/pagecheck.py)
    late = re.search(r'<ul class="retrasos">(.*?)</ul>\s*(.*?)</section>', html, re.S)
    shown = late.group(1).count('<p class="retraso-compromiso">')
    total = int(re.search(r"<strong>(\d+) de 700 compromisos</strong>", html).group(1))
    assert shown == HOME_ITEMS < total
    assert f"Estos son los {HOME_ITEMS} que llevan más días de retraso" in html
    assert 'href="/rendimiento/compromisos/por-estatus/retrasado/"' in late.group(2)
    municipalities = re.search(r'<ul class="rejilla municipios">(.*?)</ul>\s*(.*?)</section>', html, re.S)
    assert municipalities.group(1).count("<li") == HOME_ITEMS
    assert 'Ver los 40 municipios' in municipalities.group(2)
    assert html.count('class="tarjeta"') == HOME_ITEMS  # the plans
    listing = render_page_of(small_site, pages, "/compromisos/")
    assert len(re.findall(r'<th scope="row">', listing)) == 50 and len(listing.encode("utf-8")) < 50 * 1024


def test_plan_and_municipality_pages_summarise_and_link_to_the_listing_of_their_commitments(small_site):
    from gobabierto.pages.routes import RECORD_PAGE_ITEMS

    _, site, _ = small_site
    for kind, facet in (("plan", "plan"), ("municipio", "municipio")):
        biggest = max(site.of(kind), key=lambda r: sum(
            1 for c in site.of("compromiso") if (c.plan if kind == "plan" else c.municipio) == r.slug))
        section = "planes" if kind == "plan" else "municipios"
        html, pages = _render(small_site, f"/{section}/{biggest.slug}/")
        context = pages[f"/{section}/{biggest.slug}/"].context
        total = len(context["commitments"])
        assert total > RECORD_PAGE_ITEMS
        assert len(html.encode("utf-8")) < 50 * 1024  # the page budget (tests/pagecheck.py)
        cards = re.findall(r'<article class="tarjeta compromiso-tarjeta">\s*<h4><a href="([^"]+)"', html)
        assert cards == [f"/rendimiento/compromisos/{c.slug}/" for c in context["commitments"][:RECORD_PAGE_ITEMS]]
        assert f"Los primeros {RECORD_PAGE_ITEMS} de {total}." in html
        listing_path = f"/compromisos/por-{facet}/{biggest.slug}/"
        assert f'<a href="/rendimiento{listing_path}">Ver los {total} compromisos en el listado' in html
        listing = render_page_of(small_site, pages, listing_path)
        if kind == "plan":  # the plan facet is exactly the plan's commitments
            assert f"de {total} compromisos" in listing
        overdue_key = "overdue" if kind == "plan" else "late"
        overdue = context[overdue_key]
        assert len(overdue) > RECORD_PAGE_ITEMS
        if kind == "plan":
            rows = re.findall(r'<table class="tabla-vencidos">.*?</table>', html, re.S)[0].count('<th scope="row">')
            assert rows == RECORD_PAGE_ITEMS
            assert f"{len(overdue)} hitos no se han cumplido" in html
            shown_days = [d.days for d in context["shown_overdue"]]
            assert shown_days == sorted((d.days for d in overdue), reverse=True)[:RECORD_PAGE_ITEMS]  # the most late
        else:
            shown = re.search(r'<ul class="retrasos">(.*?)</ul>', html, re.S).group(1).count('<p class="retraso-compromiso">')
            assert shown == RECORD_PAGE_ITEMS
            assert f"Los {RECORD_PAGE_ITEMS} que llevan más días de retraso, de {len(overdue)}." in html
        assert context["shown_upcoming"] == context["upcoming"][:RECORD_PAGE_ITEMS]
        assert html.count('<span class="proximo-fecha">') == len(context["shown_upcoming"])


def test_a_facet_with_many_values_shows_its_largest_and_links_to_all_of_them(small_site, monkeypatch):
    from gobabierto.pages import facets

    monkeypatch.setattr(facets, "INLINE_VALUES", 4)
    listing, pages = _render(small_site, "/compromisos/")
    group = re.search(r"<summary>Municipio</summary>(.*?)</details>", listing, re.S).group(1)
    inline = re.findall(r'href="/rendimiento/compromisos/por-municipio/([^/"]+)/">[^<]*<span class="filtro-conteo">\((\d+)\)', group)
    assert len(inline) == 4
    index = render_page_of(small_site, pages, "/compromisos/por-municipio/")
    every = re.findall(r'<a href="/rendimiento/compromisos/por-municipio/([^/"]+)/">[^<]*</a> <span class="meta">\((\d+)\)</span>', index)
    assert len(every) == 10 and set(inline) < set(every)
    assert f"Ver las {len(every)} opciones de municipio" in group and 'href="/rendimiento/compromisos/por-municipio/"' in group
    assert sorted(int(n) for _, n in inline) == sorted(int(n) for _, n in every)[-4:]  # the largest four
    smallest = min(every, key=lambda kv: int(kv[1]))[0]
    filtered = render_page_of(small_site, pages, f"/compromisos/por-municipio/{smallest}/")
    group = re.search(r"<summary>Municipio</summary>(.*?)</details>", filtered, re.S).group(1)
    assert f'por-municipio/{smallest}/" aria-current="page"' in group  # the active value is always shown


def render_page_of(site_env, pages, path):
    from gobabierto.pages.render import render_page

    return render_page(site_env[2], pages[path])


def _locations(xml_text: str, tag: str) -> list[str]:
    root = ET.fromstring(xml_text.encode("utf-8"))
    assert root.tag == SITEMAP_NS + tag
    child = "url" if tag == "urlset" else "sitemap"
    assert all(el.tag == SITEMAP_NS + child for el in root)
    return [el.find(SITEMAP_NS + "loc").text for el in root]


def test_sitemap_becomes_an_index_of_numbered_sitemaps_above_the_limit(small_site):
    whole, pages = _render(small_site, "/sitemap.xml")
    everything = _locations(whole, "urlset")
    assert len(everything) > 1000 and len(set(everything)) == len(everything)
    assert not [p for p in pages if re.fullmatch(r"/sitemap-\d+\.xml", p)]

    limit = 150
    index, pages = _render(small_site, "/sitemap.xml", sitemap_limit=limit)
    parts = _locations(index, "sitemapindex")
    assert len(parts) == math.ceil(len(everything) / limit)
    prefix = small_site[1].config.url
    assert parts == [f"{prefix}sitemap-{n}.xml" for n in range(1, len(parts) + 1)]
    found = []
    for number, url in enumerate(parts, 1):
        text = render_page_of(small_site, pages, f"/sitemap-{number}.xml")
        urls = _locations(text, "urlset")
        assert 0 < len(urls) <= limit
        found += urls
    assert found == everything  # each URL exactly once, across the numbered sitemaps
    robots = render_page_of(small_site, pages, "/robots.txt")
    assert f"Sitemap: {prefix}sitemap.xml" in robots
