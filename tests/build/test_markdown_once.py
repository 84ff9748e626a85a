"""Each Markdown body is converted once per build, in the body check, and not at all when the
last build's cache already has it: a one-record edit converts that one body. Pages, feeds
and descriptions take the body's HTML and summary from that one conversion."""

from __future__ import annotations

import pytest

from gobabierto.build import cache as buildcache
from gobabierto.build.site import build_site
from gobabierto.content.readers import read_document
from gobabierto.core.problems import Problems
from gobabierto.text import markdown
from helpers import copy_site, fixed_day_without_search


@pytest.fixture(autouse=True)
def _fixed_day_no_search(monkeypatch):
    fixed_day_without_search(monkeypatch)


def bodies_of(site) -> set[str]:
    """The distinct bodies of the site's records, read as the build reads them."""
    found = set()
    for path in sorted((site / "content").rglob("*.md")):
        doc = read_document(path, path.relative_to(site).as_posix(), Problems())
        if doc is not None and doc.body.strip():
            found.add(doc.body)
    return found


def test_cold_build_converts_each_body_once_and_an_edit_converts_one(tmp_path, monkeypatch):
    site = copy_site(tmp_path / "sitio")
    output = tmp_path / "_site"
    bodies = bodies_of(site)
    assert len(bodies) >= 9
    calls = []
    convert = markdown.convert
    monkeypatch.setattr(markdown, "convert", lambda text: calls.append(text) or convert(text))

    cold = build_site(site, output)
    assert cold.conversions == len(bodies) and sorted(calls) == sorted(bodies)

    page = site / "content" / "paginas" / "que-es.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nUna línea nueva con https://ejemplo.mx.\n", encoding="utf-8")
    calls.clear()
    edited = build_site(site, output)
    assert edited.conversions == 1 and len(calls) == 1 and calls[0].endswith("Una línea nueva con https://ejemplo.mx.")
    html = (output / "paginas" / "que-es" / "index.html").read_text(encoding="utf-8")
    assert 'Una línea nueva con <a href="https://ejemplo.mx" rel="noopener noreferrer">https://ejemplo.mx</a>.' in html

    calls.clear()
    again = build_site(site, output)  # nothing changed: skipped, or every body from the cache
    assert again.conversions == 0 and calls == []


def test_a_cache_from_another_engine_or_a_broken_one_is_not_used(tmp_path):
    folder = tmp_path / "cache"
    folder.mkdir()
    bodies = markdown.Bodies()
    with markdown.using(bodies):
        markdown.body("Texto *uno*")
    buildcache.save_bodies(folder, "motor-a", bodies)
    assert list(buildcache.load_bodies(folder, "motor-a").known.values()) == list(bodies.used.values())
    assert buildcache.load_bodies(folder, "motor-b").known == {}
    (folder / buildcache.BODIES).write_bytes(b"no es un pickle")
    assert buildcache.load_bodies(folder, "motor-a").known == {}
