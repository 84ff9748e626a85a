"""`gobabierto new`: a record generated from its field table that reports clear errors while
blank and validates as soon as its blanks are filled."""

from __future__ import annotations

import re
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from helpers import BASE_EPOCH, copy_site, jsonable, run_cli
from gobabierto.commands.cli import main
from gobabierto.content.fields import Field
from gobabierto.build.stages import load_site
from gobabierto.core.problems import Problems
from gobabierto.content.readers import read_document
from gobabierto.content.records import RECORD_TYPES
from gobabierto.publish.schemas import record_schema

KINDS = sorted(RECORD_TYPES)


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), env={"SOURCE_DATE_EPOCH": BASE_EPOCH})


def spec_at(table: tuple[Field, ...], path: tuple) -> Field:
    spec = None
    for step in path:
        if isinstance(step, int):
            spec = spec.item
        else:
            spec = next(f for f in (spec.fields if spec is not None else table) if f.key == step)
    return spec


def sample(spec: Field, site: Path) -> str:
    """A valid value for `spec`, as YAML text."""
    if spec.kind == "list":
        return f"[{sample(spec.item, site)}]"
    if spec.kind == "slug":
        folder = site / "datasets" if spec.ref == "dataset" else site / "content" / RECORD_TYPES[spec.ref].folder
        return sorted(p.stem for p in folder.iterdir())[0]
    if spec.pattern:
        return {"clave_inegi": '"15037"', "periodo": "2022-2025"}[spec.key]
    if spec.kind in ("int", "number"):
        return str(max(1, int(spec.minimum or 1)))
    if spec.kind == "link" and spec.local:  # an image the page shows: a file of the site's own
        return "img/logo.svg"
    return {"text": "Texto de prueba", "date": "2024-05-02", "enum": spec.choices[0] if spec.choices else "",
            "url": "https://ejemplo.org/", "email": "a@ejemplo.org", "link": "https://ejemplo.org/doc",
            "bool": "true", "color": '"#1f5f5b"'}[spec.kind]


def blanks(site: Path, rel: str):
    """`(path, line)` of every value left empty in a document."""
    doc = read_document(site / rel, rel, Problems())
    assert doc is not None
    found = []

    def walk(value, path):
        if value is None:
            found.append((path, doc.source_map.lines[path]))
        elif isinstance(value, dict):
            for key, child in value.items():
                walk(child, path + (key,))
        elif isinstance(value, list):
            for index, child in enumerate(value):
                walk(child, path + (index,))

    walk(doc.data, ())
    return found


def fill(site: Path, rel: str, table, required_only: bool = True) -> None:
    """Write a value into each blank (each required one, unless `required_only` is False)."""
    lines = (site / rel).read_text(encoding="utf-8").split("\n")
    offset = 0
    for path, line in blanks(site, rel):
        spec = spec_at(table, path)
        if required_only and isinstance(path[-1], str) and not spec.required:
            continue
        index = line - 1 + offset
        text = lines[index]
        if isinstance(path[-1], int):
            value = sample(spec, site)
            lines[index] = re.sub(r"^(\s*-)\s*$", rf"\1 {value}", text)
        else:
            value = sample(spec, site)
            lines[index] = re.sub(rf"^(\s*(?:-\s+)?{path[-1]}:)", rf"\1 {value}", text, count=1)
        assert lines[index] != text, (path, text)
    (site / rel).write_text("\n".join(lines), encoding="utf-8")


def site_problems(site: Path) -> Problems:
    problems = Problems()
    load_site(site, problems)
    return problems


def undraft(site: Path, rel: str) -> None:
    """What the editor does when the record is ready: delete the line «borrador: true»."""
    path = site / rel
    text = path.read_text(encoding="utf-8")
    assert "\nborrador: true\n" in text
    path.write_text(text.replace("\nborrador: true\n", "\n"), encoding="utf-8")


@pytest.mark.parametrize("kind", KINDS)
def test_new_record_reports_its_blanks_then_validates_once_filled(kind, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BASE_EPOCH)
    site = copy_site(tmp_path / "sitio")
    rt = RECORD_TYPES[kind]
    result = invoke("new", kind, "nuevo-registro", "--source", str(site))
    assert result.exit_code == 0, result.output
    rel = f"content/{rt.folder}/nuevo-registro.md"
    assert result.output == (f"Se creó {rel} como borrador («borrador: true»: no se publica). Llena los campos vacíos,"
                             " revisa con «gobabierto validate» (o míralo con «gobabierto serve») y borra esa línea"
                             " cuando esté listo.\n")

    # a draft: its blanks are warnings, and the rest of the site still publishes
    problems = site_problems(site)
    assert problems.errors == []
    drafted = [p for p in problems.warnings if p.location.path == rel]
    assert {p.code for p in drafted} <= {"campo-vacio", "elemento-vacio"}
    assert {p.location.field.split(".")[0] for p in drafted} == {f.key for f in rt.fields if f.required}
    assert all(p.message.startswith("(borrador) ") for p in drafted)

    # without «borrador: true», the same blanks are errors
    undraft(site, rel)
    problems = site_problems(site)
    assert {p.location.path for p in problems.errors} == {rel}
    assert {p.code for p in problems.errors} <= {"campo-vacio", "elemento-vacio"}
    reported = {p.location.field.split(".")[0] for p in problems.errors}
    assert reported == {f.key for f in rt.fields if f.required}
    for problem in problems.errors:
        assert problem.location.line is not None and "vací" in problem.message

    fill(site, rel, rt.fields)
    assert blanks(site, rel) == [] or all(not spec_at(rt.fields, path).required for path, _ in blanks(site, rel))
    assert site_problems(site).errors == []


def test_uncommented_optional_fields_are_valid_yaml_and_filled_validate(tmp_path, monkeypatch):
    """Removing the «# » of every commented field gives a document whose only problems are
    the required blanks inside the uncommented blocks; filling all blanks makes it valid."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BASE_EPOCH)
    for kind in ("compromiso", "plan", "sesion", "municipio"):
        site = copy_site(tmp_path / kind)
        rt = RECORD_TYPES[kind]
        assert invoke("new", kind, "completo", "--source", str(site)).exit_code == 0
        rel = f"content/{rt.folder}/completo.md"
        undraft(site, rel)
        path = site / rel
        keys = {f.key for f in rt.fields}
        lines = []
        for line in path.read_text(encoding="utf-8").split("\n"):
            uncommented = line[2:] if line.startswith("# ") else line
            # A commented field starts with its key or continues its block (indented).
            if line.startswith("# ") and (uncommented.split(":")[0] in keys or uncommented.startswith("  ")):
                line = uncommented
            lines.append(line)
        path.write_text("\n".join(lines), encoding="utf-8")
        problems = site_problems(site)
        assert {p.code for p in problems.errors} <= {"campo-vacio", "elemento-vacio"}, problems.errors
        fill(site, rel, rt.fields, required_only=False)
        problems = site_problems(site)
        assert problems.errors == [], (kind, problems.errors)


def test_yml_format_is_validated_by_the_schema_while_blank_and_passes_once_filled(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BASE_EPOCH)
    site = copy_site(tmp_path / "sitio")
    (site / "schemas").mkdir()
    (site / "schemas" / "compromiso.schema.json").write_text("{}")
    assert invoke("new", "compromiso", "agua-potable", "--source", str(site), "--format", "yml").exit_code == 0
    rel = "content/compromisos/agua-potable.yml"
    text = (site / rel).read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/compromiso.schema.json\n")
    schema = jsonschema.Draft7Validator(record_schema(RECORD_TYPES["compromiso"]))

    def schema_fields():
        data = read_document(site / rel, rel, Problems()).data
        return sorted(".".join(str(p) for p in e.absolute_path) for e in schema.iter_errors(jsonable(data)))

    assert schema_fields() == sorted(["titulo", "plan", "problematica", "objetivo", "pilares.0", "responsable",
                                      "fecha_inicio", "fecha_fin"])
    fill(site, rel, RECORD_TYPES["compromiso"].fields)
    assert schema_fields() == []
    undraft(site, rel)
    assert site_problems(site).errors == []


def test_new_refuses_to_overwrite(tmp_path):
    site = copy_site(tmp_path / "sitio")
    existing = site / "content" / "compromisos" / "talleres.md"
    before = existing.read_bytes()
    result = invoke("new", "compromiso", "talleres", "--source", str(site))
    assert result.exit_code == 1
    assert "ya existe content/compromisos/talleres.md: no se sobrescribe" in result.output
    assert existing.read_bytes() == before
    # Also across formats: a .yml record with the same slug is the same record.
    result = invoke("new", "municipio", "villa-alta", "--source", str(site), "--format", "md")
    assert result.exit_code == 1 and "villa-alta.yml" in result.output
    assert not (site / "content" / "municipios" / "villa-alta.md").exists()


def test_new_checks_the_slug_and_the_type(tmp_path):
    site = copy_site(tmp_path / "sitio")
    result = invoke("new", "compromiso", "Agua Potable", "--source", str(site))
    assert result.exit_code == 2 and "por ejemplo «agua-potable»" in result.output
    result = invoke("new", "compromisso", "agua", "--source", str(site))
    assert result.exit_code == 2 and "¿Quisiste decir «compromiso»?" in result.output
    result = invoke("new", "../../etc", "agua", "--source", str(site))
    assert result.exit_code == 2
    result = invoke("new", "compromiso", "../fuera", "--source", str(site))
    assert result.exit_code == 2
    assert not list(site.parent.glob("fuera*"))
    # The folder name works as the type too.
    assert invoke("new", "compromisos", "agua", "--source", str(site)).exit_code == 0
    assert (site / "content" / "compromisos" / "agua.md").is_file()


def test_new_outside_a_site_is_a_usage_error(tmp_path):
    result = run_cli("new", "compromiso", "agua", "--source", str(tmp_path))
    assert result.returncode == 2 and result.stderr.splitlines() == [
        f"Error: «{tmp_path}» no es un sitio de gobabierto (no tiene gobabierto.yml ni content/): entra en la carpeta"
        " del sitio o usa --source con ella, o crea un sitio nuevo con «gobabierto init»."]
    assert not (tmp_path / "content").exists()


def test_new_lists_existing_records_for_references(tmp_path):
    site = copy_site(tmp_path / "sitio")
    invoke("new", "compromiso", "agua", "--source", str(site))
    text = (site / "content" / "compromisos" / "agua.md").read_text(encoding="utf-8")
    plan_note = text.split("\nplan:")[0].rsplit("\n\n", 1)[1]
    assert "content/planes/" in plan_note and "primer-plan" in plan_note
