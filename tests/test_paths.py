"""Nothing a site's files say can make a build read outside the site or write outside the
output: symbolic links are refused with a clear error wherever they are, paths with «..»
or absolute paths are refused, and generated pages can't be overwritten from static/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gobabierto.build.stages import load_site
from gobabierto.core.problems import Problems
from helpers import BASE_SITE, make_site, run_cli, tree_digest

SECRET = "CONTENIDO-SECRETO-FUERA-DEL-SITIO"


@pytest.fixture()
def outside(tmp_path) -> Path:
    """A folder beside the site with a file and a subfolder that must never be read."""
    folder = tmp_path / "fuera"
    (folder / "sub").mkdir(parents=True)
    (folder / "secreto.txt").write_text(SECRET)
    (folder / "sub" / "secreto.pdf").write_text(SECRET)
    (folder / "pagina.html").write_text("{% extends 'base.html' %}{% block main %}" + SECRET + "{% endblock %}")
    (folder / "registro.md").write_text("---\ntitulo: " + SECRET + "\n---\n")
    return folder


def problems_of(site: Path) -> list[tuple]:
    problems = Problems()
    load_site(site, problems)
    return [p.as_tuple() for p in problems.errors]


def link(path: Path, target: Path) -> None:
    if path.exists() or path.is_symlink():
        if path.is_dir() and not path.is_symlink():
            import shutil
            shutil.rmtree(path)
        else:
            path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target, target_is_directory=target.is_dir())


@pytest.mark.parametrize("where, target, expected", [
    ("static/docs/secreto.txt", "secreto.txt", [("static/docs/secreto.txt", None, "", "enlace-simbolico")]),
    ("static/fuera", "sub", [("static/fuera", None, "", "enlace-simbolico")]),
    ("templates/pagina.html", "pagina.html", [("templates/pagina.html", None, "", "enlace-simbolico")]),
    ("templates/assets/extra.css", "secreto.txt", [("templates/assets/extra.css", None, "", "enlace-simbolico")]),
    ("content/paginas/secreto.md", "registro.md", [("content/paginas/secreto.md", None, "", "enlace-simbolico")]),
    ("gobabierto.yml", "secreto.txt", [("gobabierto.yml", None, "", "enlace-simbolico")]),
    ("datasets/obras/obras.csv", "secreto.txt",
     [("datasets/obras/datapackage.yaml", 15, "resources.1.path", "enlace-simbolico")]),
])
def test_a_symlink_anywhere_in_the_site_is_refused(tmp_path, outside, where, target, expected):
    site = make_site(tmp_path / "sitio", {})
    link(site / where, outside / target)
    found = problems_of(site)
    for item in expected:
        assert item in found, found
    assert all(SECRET not in str(p) for p in found)


@pytest.mark.parametrize("folder", ["content", "datasets", "static", "templates"])
def test_a_site_folder_that_is_a_symlink_is_refused(tmp_path, folder):
    site = make_site(tmp_path / "sitio", {"templates/pagina.html": (BASE_SITE.parent.parent.parent / "templates" /
                                                                    "pagina.html").read_text(encoding="utf-8")})
    real = tmp_path / f"{folder}-real"
    (site / folder).rename(real)
    (site / folder).symlink_to(real, target_is_directory=True)
    assert (f"{folder}", None, "", "enlace-simbolico") in problems_of(site)


def test_a_content_subfolder_that_is_a_symlink_is_refused(tmp_path, outside):
    site = make_site(tmp_path / "sitio", {})
    real = tmp_path / "paginas-reales"
    (site / "content" / "paginas").rename(real)
    (site / "content" / "paginas").symlink_to(real, target_is_directory=True)
    assert ("content/paginas", None, "", "enlace-simbolico") in problems_of(site)


def test_a_symlinked_folder_inside_a_resource_path_is_refused(tmp_path, outside):
    site = make_site(tmp_path / "sitio", {})
    descriptor = site / "datasets" / "obras" / "datapackage.yaml"
    descriptor.write_text(descriptor.read_text(encoding="utf-8").replace("path: obras.csv", "path: sub/secreto.pdf"),
                          encoding="utf-8")
    (site / "datasets" / "obras" / "sub").symlink_to(outside / "sub", target_is_directory=True)
    assert ("datasets/obras/datapackage.yaml", 15, "resources.1.path", "enlace-simbolico") in problems_of(site)


@pytest.mark.parametrize("path", ["../../fuera/secreto.txt", "/etc/passwd", "https://ejemplo.org/datos.csv",
                                  "..\\..\\secreto.txt", "sub/../../../secreto.txt"])
def test_resource_paths_stay_in_the_dataset_folder(tmp_path, path):
    site = make_site(tmp_path / "sitio", {})
    descriptor = site / "datasets" / "obras" / "datapackage.yaml"
    descriptor.write_text(descriptor.read_text(encoding="utf-8").replace("path: obras.csv", f"path: '{path}'"),
                          encoding="utf-8")
    found = problems_of(site)
    assert [p for p in found if p[0] == "datasets/obras/datapackage.yaml"] in (
        [("datasets/obras/datapackage.yaml", 15, "resources.1.path", "ruta-invalida")],
        [("datasets/obras/datapackage.yaml", 15, "resources.1.path", "archivo-no-encontrado")]), found


@pytest.mark.parametrize("evidence, code", [
    ("../gobabierto.yml", "ruta-invalida"),
    ("docs/../../gobabierto.yml", "ruta-invalida"),
    ("/../../etc/passwd", "ruta-invalida"),
    ("/etc/passwd", "archivo-no-encontrado"),
    ("file:///etc/passwd", "enlace-invalido"),
    ("\\\\servidor\\compartido\\acta.pdf", "ruta-de-windows"),
    ("C:\\Users\\ana\\acta.pdf", "ruta-de-windows"),
])
def test_evidence_paths_stay_in_static(tmp_path, evidence, code):
    site = make_site(tmp_path / "sitio", {})
    record = site / "content" / "compromisos" / "talleres.md"
    record.write_text(record.read_text(encoding="utf-8").replace("evidencias: [docs/acta.pdf]",
                                                                 f"evidencias: ['{evidence}']"), encoding="utf-8")
    assert problems_of(site) == [("content/compromisos/talleres.md", 15, "hitos.1.evidencias.1", code)]


@pytest.mark.parametrize("name", ["..md", "a..b.md", "Mayúsculas.md", "con espacio.md", "punto.en.medio.md"])
def test_file_names_that_are_not_slugs_never_become_addresses(tmp_path, name):
    site = make_site(tmp_path / "sitio", {f"content/paginas/{name}": "---\ntitulo: Página\n---\n"})
    found = problems_of(site)
    hidden = name.startswith(".")
    assert found == ([] if hidden else [(f"content/paginas/{name}", None, "", "slug-invalido")])


def test_references_are_slugs_not_paths(tmp_path):
    site = make_site(tmp_path / "sitio", {})
    record = site / "content" / "compromisos" / "talleres.md"
    record.write_text(record.read_text(encoding="utf-8").replace("plan: primer-plan", "plan: ../../planes/primer-plan"),
                      encoding="utf-8")
    assert ("content/compromisos/talleres.md", 3, "plan", "slug-invalido") in problems_of(site)


@pytest.mark.parametrize("include", ["../../fuera/pagina.html", "/etc/passwd", "../gobabierto.yml"])
def test_templates_cannot_include_files_outside_the_theme(tmp_path, outside, include):
    site = make_site(tmp_path / "sitio", {
        "templates/pagina.html": "{% extends 'base.html' %}{% block main %}{% include '" + include + "' %}{% endblock %}"})
    output = tmp_path / "salida"
    result = run_cli("build", "--source", str(site), "--output", str(output))
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    assert "no existe la plantilla" in result.stdout and SECRET not in result.stdout + result.stderr
    assert not output.exists()


def test_static_files_cannot_replace_generated_pages(tmp_path):
    site = make_site(tmp_path / "sitio", {"static/index.html": "<h1>Sitio desfigurado</h1>"})
    output = tmp_path / "salida"
    assert run_cli("build", "--source", str(BASE_SITE), "--output", str(output)).returncode == 0
    before = tree_digest(output)
    result = run_cli("build", "--source", str(site), "--output", str(output))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "dos páginas quieren escribirse en «index.html»" in result.stderr
    assert tree_digest(output) == before


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="the system has no symbolic links")
def test_a_symlinked_site_is_refused_before_anything_is_written(tmp_path, outside):
    site = make_site(tmp_path / "sitio", {})
    link(site / "static" / "docs" / "acta.pdf", outside / "secreto.txt")
    output = tmp_path / "salida"
    result = run_cli("build", "--source", str(site), "--output", str(output))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert "static/docs/acta.pdf: el archivo es un enlace simbólico y no se publica: podría traer archivos de fuera" \
           " del sitio; copia el contenido real en su lugar [enlace-simbolico]" in lines
    # and every record that points at it says so where it points at it
    assert any(line.startswith("content/actividades/jornada-cultural.md:9: evidencias.1: «docs/acta.pdf» es un enlace"
                               " simbólico") for line in lines)
    assert SECRET not in result.stdout + result.stderr
    assert not output.exists() and not any(p.name.startswith(".salida") for p in tmp_path.iterdir())


def test_long_filter_values_make_short_distinct_addresses():
    from gobabierto.pages.facets import MAX_KEY, value_key

    first, second = value_key("Obra pública " * 40 + "norte"), value_key("Obra pública " * 40 + "sur")
    assert len(first) == len(second) == MAX_KEY and first != second
    assert first.startswith("obra-publica-obra-publica-") and value_key("Obra pública") == "obra-publica"


def test_a_path_too_long_for_the_file_system_names_the_page(tmp_path):
    from gobabierto.build.write import WriteError, Writer

    with pytest.raises(WriteError, match=r"^la ruta «datos/por-tema/aaaa.*…» es demasiado larga para el sistema"):
        Writer(tmp_path).write("datos/por-tema/" + "a" * 300 + "/index.html", "x")
