"""The demo site built from the seed documents: every record at its address, every internal
link resolving (as a project site under a path and as a user site at the root), pages that
look finished, and a byte-identical rebuild."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from helpers import DEMO_EPOCH, DEMO_URL, ROOT, run_cli, tree_digest
from gobabierto.commands.linkcheck import check_links
from gobabierto.content.records import BY_FOLDER


def content_records():
    for folder in sorted((ROOT / "content").iterdir()):
        for path in sorted(folder.iterdir()):
            if path.suffix in (".md", ".yml", ".yaml"):
                yield folder.name, path.stem, path


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        text = text.split("---\n")[1]
    return yaml.safe_load(text)


def html_pages(output: Path):
    return sorted(output.rglob("*.html"))


def test_every_content_folder_is_a_record_type_and_the_demo_has_each():
    folders = {p.name for p in (ROOT / "content").iterdir() if p.is_dir()}
    assert folders == set(BY_FOLDER)


@pytest.mark.parametrize("folder, slug, path", list(content_records()), ids=lambda v: str(v))
def test_every_record_has_its_page_with_its_title(demo_build, folder, slug, path):
    page = demo_build / folder / slug / "index.html"
    assert page.is_file()
    data = front_matter(path)
    title = data.get("titulo") or data.get("nombre")
    html = page.read_text(encoding="utf-8")
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
    assert title in h1.replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&")


def test_every_dataset_and_list_page_exists(demo_build):
    for folder in BY_FOLDER:
        assert (demo_build / folder / "index.html").is_file()
    for dataset in (ROOT / "datasets").iterdir():
        assert (demo_build / "datos" / dataset.name / "index.html").is_file()
        assert (demo_build / "datos" / dataset.name / "datapackage.json").is_file()
    for name in ("index.html", "404.html", "robots.txt", "sitemap.xml", ".nojekyll", "datos/index.html"):
        assert (demo_build / name).is_file(), name


def test_internal_links_resolve_under_a_path_prefix(demo_build):
    assert check_links(demo_build, DEMO_URL) == []
    home = (demo_build / "index.html").read_text(encoding="utf-8")
    assert 'href="/gobabierto/compromisos/"' in home
    not_found = (demo_build / "404.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'(?:href|src)="([^"]+)"', not_found)
    internal = [h for h in hrefs if not h.startswith(("http", "mailto", "#", "webcal:"))]
    assert internal and all(h.startswith("/gobabierto/") for h in internal)


def test_internal_links_resolve_at_the_domain_root(demo_build_root):
    assert check_links(demo_build_root, "https://ejemplo.org/") == []
    home = (demo_build_root / "index.html").read_text(encoding="utf-8")
    assert 'href="/compromisos/"' in home and 'href="/gobabierto/' not in home


def test_link_checker_finds_a_broken_link(demo_build, tmp_path):
    import shutil

    copy = tmp_path / "copia"
    shutil.copytree(demo_build, copy)
    (copy / "compromisos" / "index.html").unlink()
    broken = check_links(copy, DEMO_URL)
    assert broken and all(b.target.startswith("/gobabierto/compromisos/") for b in broken)


class _Headings(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.headings = [], []

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag):
            self.stack.append([tag, ""])

    def handle_data(self, data):
        for item in self.stack:
            item[1] += data

    def handle_endtag(self, tag):
        if self.stack and self.stack[-1][0] == tag:
            self.headings.append(tuple(self.stack.pop()))


def test_pages_look_finished(demo_build):
    for page in html_pages(demo_build):
        html = page.read_text(encoding="utf-8")
        rel = page.relative_to(demo_build)
        assert re.search(r">\s*None\s*<|\bNone\b(?![^<]*>)", re.sub(r"<[^>]+>", "<>", html)) is None, rel
        assert "{'" not in html and "[]" not in html and "datetime.date" not in html, rel
        assert '<html lang="es-MX">' in html, rel
        parser = _Headings()
        parser.feed(html)
        assert [t for t, _ in parser.headings].count("h1") == 1, rel
        assert all(text.strip() for _, text in parser.headings), f"empty heading in {rel}"


def test_the_letter_is_shown_as_its_source_document(demo_build):
    page = next((demo_build / "manifestaciones").glob("*/index.html")).read_text(encoding="utf-8")
    assert "Huixquilucan, Estado de México; 8 de julio de 2022" in page
    letters = re.findall(r'<span class="letra" aria-hidden="true">([A-Z])\.</span>', page)
    assert letters == list("ABCDEFGH")
    assert "Romina Contreras Carrasco" in page and "José Martínez Vilchis" in page


def test_a_session_has_its_sections(demo_build):
    page = (demo_build / "sesiones" / "primera-sesion-extraordinaria-2022" / "index.html").read_text(encoding="utf-8")
    for heading in ("Objetivo", "¿Por qué se considera relevante?", "Aportación a la administración pública", "Acciones"):
        assert f">{heading}</h2>" in page


def test_calls_show_their_state_against_the_build_date(demo_build):
    closed = (demo_build / "convocatorias" / "convocatoria-tercer-pal-durango" / "index.html").read_text(encoding="utf-8")
    assert "Cerrada" in closed and "29 de septiembre de 2020" in closed and "15 de noviembre de 2020" in closed
    calls = [p for p in (demo_build / "convocatorias").glob("*/index.html") if "Abierta" in p.read_text(encoding="utf-8")]
    assert calls, "the demo has an open call on its build date"


def test_home_tells_which_commitments_are_late_and_why(demo_build):
    home = (demo_build / "index.html").read_text(encoding="utf-8")
    section = home.split('id="retrasos"')[1].split("</section>")[0]
    # The one late commitment of the demo, its overdue milestone 3 (due 2026-06-30, the
    # build date is 2026-11-21: 144 days), as written in its YAML file.
    assert "Jornadas culturales y talleres" in section
    assert "Hito 3: «Impartir talleres sobre acceso a la información" in section
    assert "144 días de retraso" in section and "Debía cumplirse el 30 de junio de 2026" in section
    assert home.index('id="retrasos"') < home.index('id="avance-general"')


def test_plan_groups_its_secretariat_by_sector(demo_build):
    page = (demo_build / "planes" / "tercer-pal-durango" / "index.html").read_text(encoding="utf-8")
    for sector in ("Sociedad civil", "Autoridades", "Órgano garante", "Facilitación"):
        assert f"<h3>{sector}</h3>" in page


def test_sitemap_and_robots_use_absolute_addresses(demo_build):
    sitemap = (demo_build / "sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert locations and all(loc.startswith(DEMO_URL) for loc in locations)
    assert f"{DEMO_URL}compromisos/" in locations and f"{DEMO_URL}404.html" not in locations
    assert f"Sitemap: {DEMO_URL}sitemap.xml" in (demo_build / "robots.txt").read_text()


def test_rebuild_is_byte_identical(demo_build, tmp_path):
    again = tmp_path / "otra"
    result = run_cli("build", "--source", str(ROOT), "--output", str(again), epoch=DEMO_EPOCH)
    assert result.returncode == 0, result.stderr
    assert tree_digest(again) == tree_digest(demo_build)


def test_the_demo_builds_without_a_single_warning(demo_build):
    """The demo is what a new user builds first: its content raises nothing to fix."""
    log = (demo_build.parent / "build.log").read_text(encoding="utf-8").splitlines()
    assert len(log) == 2 and log[0].startswith("Publicado: "), log  # the size report, then the verdict
    assert log[1].startswith("Sitio generado en ") and log[1].endswith(" Sin problemas."), log


def test_every_outside_link_of_the_demo_says_where_it_goes(demo_build):
    """The demo is no town hall: no «Sitio del ayuntamiento» that leads to the project's code;
    the project is linked as what it is."""
    links: dict[str, set[str]] = {}
    for page in html_pages(demo_build):
        for href, text in re.findall(r'<a href="(https?://[^"]+)"[^>]*>(.*?)</a>', page.read_text(encoding="utf-8")):
            links.setdefault(href, set()).add(re.sub(r"<[^>]+>", "", text).strip())
    assert "Sitio del ayuntamiento" not in {t for texts in links.values() for t in texts}
    assert links["https://github.com/gobabierto/gobabierto"] == {"GitHub"}
