"""`limite_publicacion` and `limite_publicacion_bloquea` in gobabierto.yml: the sizes an editor
writes, and the slips (no unit, «no», zero, a word) as located Spanish errors."""

from __future__ import annotations

import pytest

from gobabierto.content.config import load_config, size_bytes
from gobabierto.core.problems import Problems

SETTINGS = "titulo: Prueba\nbusqueda: true\n"


def _load(tmp_path, lines: str):
    (tmp_path / "gobabierto.yml").write_text(SETTINGS + lines, encoding="utf-8")
    problems = Problems()
    return load_config(tmp_path, problems), problems


@pytest.mark.parametrize(("written", "size"), [("1 GB", 1_000_000_000), ("500 MB", 500_000_000),
                                               ("1.5 GB", 1_500_000_000), ("1,5 GB", 1_500_000_000),
                                               ("250mb", 250_000_000), ('"2 Gb"', 2_000_000_000)])
def test_sizes_editors_write(tmp_path, written, size):
    config, problems = _load(tmp_path, f"limite_publicacion: {written}\n")
    assert not problems.items
    assert size_bytes(config.limite_publicacion) == size


def test_defaults_are_github_pages(tmp_path):
    config, problems = _load(tmp_path, "")
    assert not problems.items
    assert size_bytes(config.limite_publicacion) == 1_000_000_000 and config.limite_publicacion_bloquea is True


@pytest.mark.parametrize(("written", "code", "words"), [
    ("500", "formato-invalido", "falta la unidad del límite de publicación: escribe «500 MB» o «500 GB»"),
    ("no", "formato-invalido", "escribe también «limite_publicacion_bloquea: false»"),
    ("false", "formato-invalido", "es un tamaño, no un sí/no"),
    ("mil megas", "formato-invalido", "se esperaba un tamaño con su unidad, por ejemplo «1 GB» o «500 MB»"),
    ("1 TB", "formato-invalido", "se esperaba un tamaño con su unidad"),
    ("0 MB", "fuera-de-rango", "tiene que ser mayor que cero"),
])
def test_wrong_limits_are_located_spanish_errors(tmp_path, written, code, words):
    config, problems = _load(tmp_path, f"limite_publicacion: {written}\n")
    assert [p.as_tuple() for p in problems.items] == [("gobabierto.yml", 3, "limite_publicacion", code)]
    assert words in problems.items[0].message
    assert config.limite_publicacion == "1 GB"  # the default stands in: later stages still run


def test_the_switch_is_a_yes_or_no(tmp_path):
    config, problems = _load(tmp_path, "limite_publicacion_bloquea: false\n")
    assert not problems.items and config.limite_publicacion_bloquea is False
    _, problems = _load(tmp_path, "limite_publicacion_bloquea: a veces\n")
    assert [p.as_tuple() for p in problems.items] == [("gobabierto.yml", 3, "limite_publicacion_bloquea",
                                                       "tipo-invalido")]
