from __future__ import annotations

import subprocess

import pytest

from helpers import copy_site
from gobabierto.commands.review import Change, DiffError, changed_files, classify, review


def test_records_datasets_and_settings_are_named_for_editors():
    changes = classify([
        ("A", "content/compromisos/agua-potable.md", None),
        ("M", "content/municipios/villa-alta.yml", None),
        ("D", "content/sesiones/vieja.md", None),
        ("R100", "content/paginas/nueva.md", "content/paginas/vieja.md"),
        ("A", "content/compromisos/notas.txt", None),
        ("M", "datasets/obras/obras.csv", None),
        ("M", "datasets/obras/datapackage.yaml", None),
        ("A", "datasets/agua/datapackage.yaml", None),
        ("A", "datasets/agua/agua.csv", None),
        ("D", "datasets/viejo/datapackage.json", None),
        ("M", "gobabierto.yml", None),
    ])
    assert changes == [
        Change("añadido", "compromiso", "content/compromisos/agua-potable.md", "/compromisos/agua-potable/"),
        Change("modificado", "municipio", "content/municipios/villa-alta.yml", "/municipios/villa-alta/"),
        Change("eliminado", "sesión", "content/sesiones/vieja.md", "/sesiones/vieja/"),
        Change("renombrado", "página", "content/paginas/nueva.md", "/paginas/nueva/", "content/paginas/vieja.md"),
        Change("añadido", "otro archivo", "content/compromisos/notas.txt", None),
        Change("modificado", "configuración", "gobabierto.yml", None),
        Change("añadido", "conjunto de datos", "datasets/agua/", "/datos/agua/"),
        Change("modificado", "conjunto de datos", "datasets/obras/", "/datos/obras/"),
        Change("eliminado", "conjunto de datos", "datasets/viejo/", "/datos/viejo/"),
    ]


def test_a_folder_outside_git_or_an_unknown_base_is_said_plainly(tmp_path):
    with pytest.raises(DiffError, match="no es un repositorio git"):
        changed_files(tmp_path, "origin/main")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    with pytest.raises(DiffError, match="no se pudo comparar con «origin/main»"):
        changed_files(tmp_path, "origin/main")


def test_a_draft_in_a_pull_request_is_said_to_be_unpublished(tmp_path):
    """A draft added on main has no page: the summary says so instead of giving an address."""
    site = copy_site(tmp_path / "sitio")

    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=Prueba", "-c", "user.email=prueba@example.org", *args], cwd=site,
                       check=True, capture_output=True)

    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "Sitio")
    (site / "content" / "compromisos" / "a-medias.md").write_text(
        "---\nborrador: true\ntitulo: A medias\nplan: primer-plan\n---\n", encoding="utf-8")
    git("add", "-A")
    git("commit", "-q", "-m", "Borrador")
    report, ok = review(site, "HEAD~1")
    assert ok
    assert "| añadido | compromiso | `content/compromisos/a-medias.md` | — (borrador: no se publica) |" in report.splitlines()
