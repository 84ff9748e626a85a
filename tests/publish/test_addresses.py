"""The table of published addresses (gobabierto/publish/addresses.py) against a real build: the base
fixture, set up so that it produces every kind of address (a custom domain, one item per
page, a filter page of every value, a sitemap in parts). Every file of the site matches a
pattern, and every pattern is matched by a file."""

from __future__ import annotations

import functools
from pathlib import Path
from types import SimpleNamespace

import pytest

from helpers import BASE_EPOCH, BASE_SITE, make_site, page_url
from gobabierto.publish import addresses
from gobabierto.pages import facets, routes
from gobabierto.publish.addresses import ADDRESSES, FILTERS, PLACEHOLDERS, SECTIONS
from gobabierto.build import stages
from gobabierto.build.site import build_site


@pytest.fixture(scope="module")
def every_address(tmp_path_factory):
    """(the built site, its static/ folder)."""
    settings = (BASE_SITE / "gobabierto.yml").read_text(encoding="utf-8")
    assert "url: https://ejemplo.github.io/prueba/\n" in settings
    settings = settings.replace("url: https://ejemplo.github.io/prueba/\n",
                                "dominio: transparencia.prueba.gob.mx\npor_pagina: 1\n")
    # a second plan, so that the first plan's commitments (two, with two statuses) can be
    # filtered by status too
    plan = (BASE_SITE / "content" / "planes" / "primer-plan.md").read_text(encoding="utf-8")
    talleres = (BASE_SITE / "content" / "compromisos" / "talleres.md").read_text(encoding="utf-8")
    assert "convocatoria: convocatoria-plan\n" in plan and "plan: primer-plan\n" in talleres
    root = make_site(tmp_path_factory.mktemp("direcciones") / "sitio", {
        "gobabierto.yml": settings,
        "content/planes/segundo-plan.md": plan.replace("Primer Plan", "Segundo Plan").replace(
            "convocatoria: convocatoria-plan\n", ""),
        "content/compromisos/talleres-dos.md": talleres.replace("plan: primer-plan\n", "plan: segundo-plan\n")})
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", BASE_EPOCH)
        patch.setattr(facets, "INLINE_VALUES", 1)  # so every filter gets its page of all values
        patch.setattr(stages, "build_routes", functools.partial(routes.build_routes, sitemap_limit=5))
        result = build_site(root, root / "_site", use_cache=False)
    return result.output, root / "static"


def published_paths(output: Path) -> list[str]:
    return sorted("/" + page_url(p.relative_to(output).as_posix()) for p in output.rglob("*") if p.is_file())


def test_every_published_file_has_its_address(every_address):
    output, static = every_address
    own = {"/" + p.relative_to(static).as_posix() for p in static.rglob("*") if p.is_file()}
    unlisted = [path for path in published_paths(output) if path not in own and not addresses.matching(path)]
    assert not unlisted, f"published but not in gobabierto/publish/addresses.py: {unlisted}"


def test_every_address_is_published(every_address):
    output, static = every_address
    paths = published_paths(output)
    missing = [a.pattern for a in ADDRESSES if not a.static and not any(a.regex().fullmatch(p) for p in paths)]
    assert not missing, f"listed in gobabierto/publish/addresses.py but not published by the fixture: {missing}"
    assert any((output / p.relative_to(static)).is_file() for p in static.rglob("*") if p.is_file())


def test_filters_are_the_facets_of_the_listings():
    site = SimpleNamespace(config=SimpleNamespace(idioma="es-MX"))  # what building the dimensions reads
    assert tuple(d.key for d in routes.commitment_dimensions(site)) == FILTERS["compromisos"]
    assert tuple(d.key for d in routes.dataset_dimensions(site)) == FILTERS["datos"]


def test_patterns_use_known_placeholders_and_each_appears_once():
    patterns = [a.pattern for a in ADDRESSES]
    assert len(patterns) == len(set(patterns))
    assert sum(len(group) for _, group in SECTIONS) == len(ADDRESSES)
    for address in ADDRESSES:
        if not address.static:
            address.regex()  # a KeyError names a placeholder missing from PLACEHOLDERS
    assert all(key.startswith("<") or key == "…" for key in PLACEHOLDERS)
