"""Drafts (`borrador: true`): checked like every record but with their problems as warnings,
left out of everything the site publishes (a site with drafts builds to exactly the bytes of
the same site without them: pages, listings, counts, feeds, calendar, API, catalogues,
sitemap, search), counted by the build, and an error when something published names one."""

from __future__ import annotations

import json
import shutil

from helpers import BASE_EPOCH, copy_site, run_cli, tree_digest
from gobabierto.build.stages import load_site
from gobabierto.content.records import RECORD_TYPES
from gobabierto.core.problems import Problems

URL = "https://ejemplo.github.io/prueba/"
# A commitment complete enough to show up everywhere a published one does: its page, the
# listings and their filters, the plan's and the municipality's pages, the home page's
# counts, the calendar (its milestone), the feed, the API, the records package, the search.
COMPLETE = """---
borrador: true
titulo: Compromiso secreto en borrador
plan: primer-plan
municipio: villa-alta
problematica: Un problema que aún se discute.
objetivo: Un objetivo que aún se discute.
pilares: [innovacion]
ods: [9]
responsable: Dirección de Innovación
fecha_inicio: 2025-01-01
fecha_fin: 2026-06-30
hitos:
  - descripcion: Hito que nadie debe ver
    fecha: 2026-01-31
indicadores:
  - nombre: Indicador en borrador
    meta: 3
datasets: [obras]
---
Texto del borrador.
"""
# A draft may be unfinished: blank required fields, a misspelt one, a reference that does not exist.
UNFINISHED = """---
borrador: true
titulo:
plan: primer-plan
fecha_inicio: 31/01/2026
responsble: Alguien
compromisos: [no-existe]
---
"""


def problems_of(site) -> Problems:
    problems = Problems()
    load_site(site, problems)
    return problems


def test_drafts_stay_out_of_every_output(tmp_path):
    """The same site with and without its drafts: the same bytes, file for file."""
    with_drafts = copy_site(tmp_path / "con")
    without = copy_site(tmp_path / "sin")
    (with_drafts / "content" / "compromisos" / "secreto.md").write_text(COMPLETE, encoding="utf-8")
    (with_drafts / "content" / "actividades" / "pendiente.md").write_text(UNFINISHED, encoding="utf-8")
    for kind in RECORD_TYPES:  # one blank draft of every type, as `gobabierto new` writes it
        done = run_cli("new", kind, f"nuevo-{kind}", "--source", str(with_drafts))
        assert done.returncode == 0, done.stderr
    built = run_cli("build", "--source", str(with_drafts), "--output", str(tmp_path / "salida-con"), "--url", URL)
    assert built.returncode == 0, built.stdout + built.stderr
    reference = run_cli("build", "--source", str(without), "--output", str(tmp_path / "salida-sin"), "--url", URL)
    assert reference.returncode == 0, reference.stdout + reference.stderr
    assert tree_digest(tmp_path / "salida-con") == tree_digest(tmp_path / "salida-sin")
    # and the comparison sees what a published record would add
    published = copy_site(tmp_path / "publicado")
    (published / "content" / "compromisos" / "secreto.md").write_text(COMPLETE.replace("borrador: true\n", ""),
                                                                       encoding="utf-8")
    assert run_cli("build", "--source", str(published), "--output", str(tmp_path / "salida-publicado"), "--url",
                   URL).returncode == 0
    added = set(tree_digest(tmp_path / "salida-publicado")) - set(tree_digest(tmp_path / "salida-sin"))
    assert "compromisos/secreto/index.html" in added
    api = json.loads((tmp_path / "salida-publicado" / "api" / "compromisos.json").read_text(encoding="utf-8"))
    secret = next(item for item in api["registros"] if item["slug"] == "secreto")
    assert "borrador" not in secret, "a published record does not carry the field"


def test_the_build_says_how_many_drafts_it_left_out(tmp_path):
    site = copy_site(tmp_path / "sitio")
    (site / "content" / "compromisos" / "secreto.md").write_text(COMPLETE, encoding="utf-8")
    for kind in ("plan", "sesion", "pagina", "actividad", "practica", "convocatoria"):
        assert run_cli("new", kind, "nuevo", "--source", str(site)).returncode == 0
    built = run_cli("build", "--source", str(site), "--output", str(tmp_path / "salida"))
    assert built.returncode == 0, built.stderr
    assert built.stdout.splitlines()[-1] == (
        "7 borradores no se publicaron («borrador: true»): content/actividades/nuevo.md,"
        " content/compromisos/secreto.md, content/convocatorias/nuevo.md, content/paginas/nuevo.md,"
        " content/planes/nuevo.md y 2 más.")
    one = copy_site(tmp_path / "uno")
    (one / "content" / "compromisos" / "secreto.md").write_text(COMPLETE, encoding="utf-8")
    built = run_cli("build", "--source", str(one), "--output", str(tmp_path / "salida-uno"))
    assert built.stdout.splitlines()[-1] == ("1 borrador no se publicó («borrador: true»):"
                                             " content/compromisos/secreto.md.")
    none = run_cli("build", "--source", str(copy_site(tmp_path / "ninguno")), "--output", str(tmp_path / "s3"))
    assert "borrador" not in none.stdout


def test_a_draft_s_problems_are_the_same_problems_as_warnings(tmp_path):
    draft = copy_site(tmp_path / "borrador")
    (draft / "content" / "compromisos" / "pendiente.md").write_text(UNFINISHED.replace("compromisos: [no-existe]\n", ""),
                                                                     encoding="utf-8")
    (draft / "content" / "actividades" / "pendiente.md").write_text(
        "---\nborrador: true\ntitulo: Taller\nfecha: 2025-02-30\ncompromisos: [no-existe]\n---\n", encoding="utf-8")
    finished = tmp_path / "publicado"
    shutil.copytree(draft, finished)
    for path in (finished / "content").rglob("pendiente.md"):  # the same lines, published
        path.write_text(path.read_text(encoding="utf-8").replace("borrador: true\n", "borrador: false\n"),
                        encoding="utf-8")

    as_draft, as_record = problems_of(draft), problems_of(finished)
    assert as_draft.errors == [] and as_record.errors
    assert [p.as_tuple() for p in as_draft.warnings] == [p.as_tuple() for p in as_record.sorted()]
    assert [p.message for p in as_draft.warnings] == [f"(borrador) {p.message}" for p in as_record.sorted()]
    codes = {p.code for p in as_draft.warnings}
    assert {"campo-vacio", "campo-desconocido", "fecha-invalida", "referencia-rota"} <= codes
    # the build goes on: the draft does not stop the publication
    built = run_cli("build", "--source", str(draft), "--output", str(tmp_path / "salida"))
    assert built.returncode == 0, built.stdout


def test_a_published_record_that_names_a_draft_is_an_error_that_says_so(tmp_path):
    site = copy_site(tmp_path / "sitio")
    record = site / "content" / "compromisos" / "portal-de-datos.md"
    record.write_text(record.read_text(encoding="utf-8").replace("---\n", "---\nborrador: true\n", 1), encoding="utf-8")
    page = site / "content" / "paginas" / "que-es.md"
    page.write_text(page.read_text(encoding="utf-8").replace("---\n", "---\nborrador: true\n", 1), encoding="utf-8")
    # a draft may name a draft
    (site / "content" / "actividades" / "pendiente.md").write_text(
        "---\nborrador: true\ntitulo: Taller\nfecha: 2025-02-28\ncompromisos: [portal-de-datos]\n---\n",
        encoding="utf-8")

    result = run_cli("validate", "--source", str(site), epoch=BASE_EPOCH)
    assert result.returncode == 1
    commitment = ("«portal-de-datos» es un borrador y no se publica («borrador: true» en"
                  " content/compromisos/portal-de-datos.md): quita esa línea de content/compromisos/portal-de-datos.md"
                  " cuando esté listo, o quita «portal-de-datos» de aquí [referencia-a-borrador]")
    assert result.stdout.splitlines() == [
        f"content/practicas/registro-de-obras.md:4: compromisos.1: {commitment}",
        f"content/sesiones/instalacion-comision.md:24: compromisos.1: {commitment}",
        f"datasets/obras/datapackage.yaml:12: compromisos.1: {commitment}",
        "gobabierto.yml:15: navegacion.2: «que-es» es un borrador y no se publica («borrador: true» en"
        " content/paginas/que-es.md): quita esa línea de content/paginas/que-es.md cuando esté listo, o quita"
        " «que-es» de aquí [referencia-a-borrador]",
        "4 errores.",
    ]
