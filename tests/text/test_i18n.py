"""The site in the citizen's language: `idioma: en` translates every interface string, the
catalogue translates every message the code, the theme and its scripts use, dates and
numbers follow the locale, and a passage in another language carries its `lang`.

The Spanish (es-MX) site is pinned byte for byte by tests/test_golden.py."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from babel.messages.jslexer import tokenize
from babel.messages.pofile import read_po, write_po

from conftest import english_copy
from helpers import BASE_SITE, ROOT, make_site, run_cli
from gobabierto.text import i18n, catalogues as messages
from gobabierto.core.paths import theme_dir

CATALOGUE = i18n.catalogue_path("en")
TEXT_OUTPUTS = (".html", ".xml", ".ics")


def _catalogue():
    with CATALOGUE.open("rb") as handle:
        return read_po(handle, locale="en")


# -- the catalogue ---------------------------------------------------------------------------

def test_the_english_catalogue_translates_every_message_and_keeps_no_stale_one():
    assert messages.catalogue_problems() == []


def test_messages_are_extracted_from_templates_python_and_plural_forms():
    extracted = {m.id if isinstance(m.id, str) else m.id[0]: m for m in messages.extract() if m.id}
    assert "templates/base.html" in {f for f, _ in extracted["Saltar al contenido"].locations}
    assert "gobabierto/pages/charts.py" in {f for f, _ in extracted["Hoy"].locations}        # a chart's word
    assert "gobabierto/text/labels.py" in {f for f, _ in extracted["Retrasado"].locations}  # N_() in a table
    assert isinstance(extracted["%(num)s compromiso"].id, tuple)                        # ngettext in a template
    assert isinstance(extracted["En «%(path)s», %(num)s celda de texto empieza con =, +, - o @. Si abres el archivo en"
                                " una hoja de cálculo, no aceptes ejecutar fórmulas ni contenido externo."].id, tuple)
    assert len(extracted) > 400


def test_the_catalogue_check_finds_missing_fuzzy_stale_and_broken_entries(tmp_path, monkeypatch):
    catalogue = _catalogue()
    catalogue.delete("Saltar al contenido")
    catalogue["Hoy"].flags.add("fuzzy")
    catalogue["Buscar"].string = ""
    catalogue["Motivo: %(reason)s."].string = "Reason: %(why)s."
    catalogue.add("Una frase que ya nadie usa", "A sentence nobody uses")
    copy = tmp_path / "en" / "LC_MESSAGES" / "messages.po"
    copy.parent.mkdir(parents=True)
    with copy.open("wb") as handle:
        write_po(handle, catalogue)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    problems = "\n".join(messages.catalogue_problems())
    assert "falta «Saltar al contenido»" in problems
    assert "dudosa (fuzzy) de «Hoy»" in problems
    assert "sin traducir «Buscar»" in problems
    assert "sobra «Una frase que ya nadie usa»" in problems
    assert "«Motivo: %(reason)s.»" in problems   # placeholders that differ from the msgid


def test_the_search_script_holds_no_text_of_its_own():
    """buscar.js gets every message from data-* attributes written in the site's language;
    its string literals are only selectors, element names and placeholders."""
    source = (theme_dir() / "assets" / "buscar.js").read_text(encoding="utf-8")
    words = re.compile(r"[^\W\d_]{2,}[ \u00a0]+[^\W\d_]{2,}|[áéíóúñ¿¡«»]", re.IGNORECASE)
    literals = [t.value for t in tokenize(source) if t.type in ("string", "template_string")]
    assert any("{q}" in v for v in literals)   # the tokenizer sees the literals
    assert [v for v in literals if words.search(v)] == []
    template = (theme_dir() / "buscar.html").read_text(encoding="utf-8")
    for name in re.findall(r'message\("(\w+)"', source) + ["unResultado", "resultados"]:
        attribute = "data-" + re.sub(r"([A-Z])", lambda m: "-" + m.group(1).lower(), name)
        assert attribute + "=\"{{ _(" in template, attribute


# -- formats ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("tag", "day", "number", "share", "money", "size"), [
    ("es-MX", "21 de noviembre de 2026", "1,234.5", "62.5%", "$1,234.50", "1.2 MB"),
    ("en", "November 21, 2026", "1,234.5", "62.5%", "MX$1,234.50", "1.2 MB"),
])
def test_dates_numbers_percentages_and_money_follow_the_locale(tag, day, number, share, money, size):
    lang = i18n.language(tag)
    assert lang.date(date(2026, 11, 21)) == day
    assert (lang.number(1234.5), lang.percent(62.5), lang.money(1234.5), lang.file_size(1_234_567)) == (
        number, share, money, size)
    assert lang.amount(1234.5, "MXN") == money and lang.amount(3, "personas") == "3 personas"


def test_plural_forms_follow_the_count():
    es, en = i18n.language("es-MX"), i18n.language("en")
    assert (es.days(1), es.days(144), en.days(1), en.days(144)) == ("1 día", "144 días", "1 day", "144 days")


@pytest.mark.parametrize(("tag", "ok"), [
    ("nah", True), ("es-MX", True), ("en", True), ("zh-Hant-TW", True), ("es-419", True), ("de-CH-1996", True),
    ("x-otomi", True), ("", False), ("es_MX", False), ("náhuatl", False), ("e", False), ("nahuatl-", False),
    ("es-MX-", False), ("123", False),
])
def test_language_tags_must_be_well_formed_bcp47(tag, ok):
    assert i18n.well_formed_tag(tag) is ok


# -- the English site ------------------------------------------------------------------------

def _interface_fragments(source: Path) -> set[str]:
    """Pieces of Spanish interface text long enough to be unmistakable: each msgid cut at
    its placeholders and markup, when it differs from its translation and the site's own
    content does not happen to contain it."""
    files = [source / "gobabierto.yml"] + [p for folder in ("content", "datasets") for p in (source / folder).rglob("*")
                                         if p.suffix in (".md", ".yml", ".yaml", ".csv", ".json")]
    content = " ".join(p.read_text(encoding="utf-8", errors="ignore") for p in files)
    fragments = set()
    for message in _catalogue():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for msgid in ids:
            for piece in re.split(r"%\(\w+\)s|\{\w\}|<[^>]+>", msgid):
                piece = piece.strip(" .,:;()«»")
                if len(piece) >= 12 and piece not in content and not any(piece in s for s in strings):
                    fragments.add(piece)
    return fragments


def _spanish_left(output: Path, source: Path) -> list[str]:
    fragments = _interface_fragments(source)
    assert len(fragments) > 250
    found = []
    for path in sorted(output.rglob("*")):
        if path.suffix not in TEXT_OUTPUTS or "pagefind" in path.parts:
            continue
        text = path.read_bytes().decode("utf-8").replace("\r\n ", "")   # calendar lines unfolded, unescaped
        text = text.replace("\\,", ",").replace("\\;", ";")
        text = re.sub(r"&#(\d+);", lambda m: chr(int(m.group(1))), text.replace("&#34;", '"').replace("&#39;", "'"))
        found += [f"{path.relative_to(output)}: «{f}»" for f in sorted(fragments) if f in text]
    return found


@pytest.fixture(scope="module")
def english_base(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("base-en")
    source = english_copy(BASE_SITE, folder / "sitio")
    output = folder / "_site"
    result = run_cli("build", "--source", str(source), "--output", str(output))
    assert result.returncode == 0, result.stdout + result.stderr
    return source, output


def test_the_english_base_site_has_no_spanish_interface_text(english_base):
    source, output = english_base
    assert _spanish_left(output, source) == []


def test_the_check_sees_spanish_interface_text(english_base, tmp_path):
    """The same check on the Spanish golden site finds the interface everywhere."""
    source, _ = english_base
    found = _spanish_left(ROOT / "tests" / "golden", source)
    assert any("index.html: «Saltar al contenido»" in line for line in found)
    assert any(line.startswith("calendario.ics") for line in found)
    assert any(line.startswith("feed.xml") for line in found)


def test_every_english_page_declares_english_and_uses_english_dates(english_base):
    source, output = english_base
    pages = sorted(output.rglob("*.html"))
    assert pages and all('<html lang="en">' in p.read_text(encoding="utf-8") for p in pages)
    home = (output / "index.html").read_text(encoding="utf-8")
    assert "Statuses, delays and deadlines computed on November 21, 2025, when the site was published." in home
    # a copy outside Git: the content's date is its files', no later than the build's moment
    assert "Content of this page last changed on November 21, 2025. (This is the date of the files" in home
    assert '<meta property="og:locale" content="en_US">' in home
    assert re.search(r"As of November 21, 2025, <strong>\d+ of \d+ commitments</strong> (is|are) delayed", home)
    months = "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre"
    spanish_dates = re.compile(rf"\b\d{{1,2}} de ({months}) de \d{{4}}")
    content = " ".join(p.read_text(encoding="utf-8") for p in (source / "content").rglob("*.md"))
    written = {m.group(0) for p in pages for m in spanish_dates.finditer(p.read_text(encoding="utf-8"))}
    assert written and {d for d in written if d not in content} == set()   # only the content's own dates
    commitment = (output / "compromisos" / "portal-de-datos" / "index.html").read_text(encoding="utf-8")
    assert "Period: from February 1, 2024 to December 31, 2026." in commitment
    assert "389 days left" in commitment and "SDG 16: Peace, justice and strong institutions" in commitment


def test_the_english_feed_calendar_search_and_data_speak_english(english_base):
    _, output = english_base
    feed = (output / "feed.xml").read_text(encoding="utf-8")
    assert 'xml:lang="en"' in feed and ": what’s new</title>" in feed and 'label="Commitment"' in feed
    calendar = (output / "planes" / "primer-plan" / "calendario.ics").read_bytes().decode("utf-8").replace("\r\n ", "")
    assert "SUMMARY;LANGUAGE=en:Milestone: " in calendar and "Due date: June 30\\, 2024." in calendar
    assert ": calendar\r\n" in calendar and "Updated on November 21\\, 2025." in calendar
    site_wide = (output / "calendario.ics").read_bytes().decode("utf-8").replace("\r\n ", "")
    assert "from August 23\\, 2025 to November 21\\, 2026\\; each plan's" in site_wide
    search = (output / "buscar" / "index.html").read_text(encoding="utf-8")
    assert 'data-resultados="{n} results for “{q}”"' in search and "Show more results" in search
    entry = json.loads((output / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["en"]     # indexed with English stemming
    records = json.loads((output / "datos" / "registros" / "datapackage.json").read_text(encoding="utf-8"))
    assert records["title"] == "Open government records of the microsite"
    dataset = (output / "datos" / "obras" / "index.html").read_text(encoding="utf-8")
    assert "Data dictionary" in dataset and "Quarterly" in dataset and "<td>number</td>" in dataset


def test_the_english_demo_has_no_spanish_interface_text(demo_build_en):
    assert _spanish_left(demo_build_en, ROOT) == []
    page = demo_build_en / "actividades" / "jornada-cultural-derecho-acceso-informacion-2023" / "index.html"
    assert '<span lang="nah">Niltze</span>' in page.read_text(encoding="utf-8")


def test_an_unknown_idioma_is_a_located_spanish_error(tmp_path):
    site = make_site(tmp_path / "sitio", {})
    settings = site / "gobabierto.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("idioma: es-MX", "idioma: fr"), encoding="utf-8")
    result = run_cli("validate", "--source", str(site), "--format", "json")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    problems = json.loads(result.stdout)["problemas"]
    assert [(p["archivo"], p["linea"], p["campo"], p["codigo"]) for p in problems] == [
        ("gobabierto.yml", 4, "idioma", "valor-no-permitido")]
    assert "«fr» no es un valor permitido; usa uno de: es-MX, en" in problems[0]["mensaje"]


# -- passages in another language ------------------------------------------------------------

PASSAGES = """---
titulo: Saludos
---
Saludo en náhuatl: <span lang="nah">Niltze</span>.

<p lang="en">Un párrafo entero en inglés.</p>

<div lang="nah">
Niltze
</div>
"""


def test_a_passage_in_another_language_keeps_its_lang(tmp_path):
    site = make_site(tmp_path / "sitio", {"content/paginas/saludos.md": PASSAGES})
    output = tmp_path / "_site"
    result = run_cli("build", "--source", str(site), "--output", str(output))
    assert result.returncode == 0, result.stdout + result.stderr
    page = (output / "paginas" / "saludos" / "index.html").read_text(encoding="utf-8")
    assert '<span lang="nah">Niltze</span>' in page
    assert '<p lang="en">Un párrafo entero en inglés.</p>' in page
    assert re.search(r'<div lang="nah">\s*Niltze\s*</div>', page)


def test_an_ill_formed_language_tag_is_a_located_error(tmp_path):
    body = PASSAGES.replace('lang="nah">Niltze</span>', 'lang="náhuatl">Niltze</span>').replace(
        '<p lang="en">', "<p lang=es_MX>")
    site = make_site(tmp_path / "sitio", {"content/paginas/saludos.md": body})
    output = tmp_path / "_site"
    result = run_cli("validate", "--source", str(site), "--format", "json")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    problems = json.loads(result.stdout)["problemas"]
    assert [(p["archivo"], p["linea"], p["campo"], p["codigo"]) for p in problems] == [
        ("content/paginas/saludos.md", 4, "texto", "idioma-invalido"),
        ("content/paginas/saludos.md", 6, "texto", "idioma-invalido")]
    assert problems[0]["mensaje"].startswith("«náhuatl» no es un código de idioma válido")
    built = run_cli("build", "--source", str(site), "--output", str(output))
    assert built.returncode == 1 and not output.exists()
