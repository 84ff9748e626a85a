"""JSON Schemas: generated from the field tables, committed under schemas/, published at
/schemas/, wired for VS Code — and in agreement with the validator."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from helpers import BASE_SITE, FIXTURES, ROOT, jsonable, make_site, tool_missing
from gobabierto.publish import schemas
from gobabierto.core.problems import Problems
from gobabierto.content.readers import read_document
from gobabierto.content.records import BY_FOLDER, RECORD_TYPES
from test_invalid_sites import CASES, build_case, read_expected

SCHEMA_DIR = ROOT / "schemas"
# Problems a JSON Schema can express; the others (references, files under static/, dates in
# order, contrast…) need the whole site and stay with `gobabierto validate`.
SCHEMA_CODES = {"campo-desconocido", "campo-requerido", "campo-vacio", "tipo-invalido", "valor-no-permitido",
                "slug-invalido", "correo-invalido", "color-invalido", "enlace-invalido", "fuera-de-rango",
                "formato-invalido", "lista-vacia", "yaml-booleano", "yaml-cero-inicial", "ruta-invalida"}


def schema_for(rel_path: str) -> dict | None:
    if rel_path == "gobabierto.yml":
        return schemas.settings_schema()
    parts = rel_path.split("/")
    if len(parts) == 3 and parts[0] == "content" and parts[1] in BY_FOLDER:
        return schemas.record_schema(BY_FOLDER[parts[1]])
    return None


def schema_errors(site: Path, rel_path: str) -> list[tuple[str, str]]:
    """`(dotted field, validator keyword)` for every schema error in one file of a site."""
    doc = read_document(site / rel_path, rel_path, Problems())
    assert doc is not None, f"{rel_path} does not parse"
    validator = jsonschema.Draft7Validator(schema_for(rel_path))
    found = []
    for error in validator.iter_errors(jsonable(doc.data)):
        path = ".".join(str(p + 1) if isinstance(p, int) else p for p in error.absolute_path)
        found.append((path, error.validator))
    return found


def site_documents(site: Path) -> list[str]:
    paths = ["gobabierto.yml"]
    for folder in sorted(BY_FOLDER):
        paths += [p.relative_to(site).as_posix() for p in sorted((site / "content" / folder).glob("*"))
                  if p.suffix in (".md", ".yml", ".yaml")]
    return paths


def test_committed_schemas_are_the_generated_ones():
    generated = {name: schemas.render(schema) for name, schema in schemas.all_schemas().items()}
    committed = {p.name: p.read_text(encoding="utf-8") for p in SCHEMA_DIR.glob("*.json")}
    assert sorted(committed) == sorted(generated), "run `gobabierto schemas` and commit schemas/"
    for name, text in generated.items():
        assert committed[name] == text, f"schemas/{name} is stale: run `gobabierto schemas` and commit it"


def test_there_is_one_schema_per_record_type_and_the_settings():
    names = set(schemas.all_schemas())
    assert names == {f"{kind}.schema.json" for kind in RECORD_TYPES} | {"gobabierto.schema.json"}
    for schema in schemas.all_schemas().values():
        jsonschema.Draft7Validator.check_schema(schema)


def test_schema_properties_are_the_field_table():
    compromiso = schemas.record_schema(RECORD_TYPES["compromiso"])
    assert list(compromiso["properties"]) == [f.key for f in RECORD_TYPES["compromiso"].fields] + ["extra"]
    assert compromiso["required"] == [f.key for f in RECORD_TYPES["compromiso"].fields if f.required]
    hito = compromiso["properties"]["hitos"]["items"]
    assert hito["required"] == ["descripcion", "fecha"] and hito["additionalProperties"] is False
    assert compromiso["properties"]["estatus"]["description"].startswith("Opcional.")


@pytest.mark.parametrize("site", [ROOT, BASE_SITE], ids=["demo", "base"])
def test_every_valid_document_validates_against_its_schema(site):
    documents = site_documents(site)
    assert len(documents) > 10
    for rel_path in documents:
        assert schema_errors(site, rel_path) == [], rel_path


def _agrees(problem_field: str, code: str, errors: list[tuple[str, str]]) -> bool:
    if code in ("campo-requerido", "campo-desconocido"):
        parent = problem_field.rpartition(".")[0]
        keyword = "required" if code == "campo-requerido" else "additionalProperties"
        return (parent, keyword) in errors
    return any(path == problem_field for path, _ in errors)


def test_schemas_catch_what_the_validator_reports_in_the_invalid_fixtures(tmp_path):
    checked = 0
    for name in CASES:
        # Problems with a field (a file name that is not a slug is not about the document).
        expected = [row for row in read_expected(FIXTURES / "invalid" / name) if row[3] in SCHEMA_CODES and row[2]]
        if not expected:
            continue
        site = build_case(FIXTURES / "invalid" / name, tmp_path / name)
        for path, _line, field, code, _severity in expected:
            errors = schema_errors(site, path)
            assert _agrees(field, code, errors), f"{name}: the schema misses {path} {field} {code}: {errors}"
            checked += 1
    assert checked >= 20


BROKEN = {
    "titulo vacío": ("content/paginas/que-es.md", "---\ntitulo: \n---\n", "titulo"),
    "fecha con diagonales": ("content/actividades/jornada-cultural.md",
                             "---\ntitulo: J\nfecha: 12/05/2024\n---\n", "fecha"),
    "mes 13": ("content/actividades/jornada-cultural.md", "---\ntitulo: J\nfecha: 2024-13-01\n---\n", "fecha"),
    "enlace con ..": ("content/actividades/jornada-cultural.md",
                      "---\ntitulo: J\nfecha: 2024-01-01\nevidencias: [../secreto.pdf]\n---\n", "evidencias.1"),
    "javascript:": ("content/actividades/jornada-cultural.md",
                    "---\ntitulo: J\nfecha: 2024-01-01\nevidencias: ['javascript:alert(1)']\n---\n", "evidencias.1"),
    "color sin #": ("gobabierto.yml", "titulo: S\nmarca:\n  color: '1f5f5b'\n", "marca.color"),
    "orden con texto": ("content/paginas/que-es.md", "---\ntitulo: P\norden: primero\n---\n", "orden"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_documents_fail_both_schema_and_validator(case, tmp_path):
    from gobabierto.build.stages import load_site

    rel_path, text, field = BROKEN[case]
    site = make_site(tmp_path / "s", {rel_path: text})
    problems = Problems()
    load_site(site, problems)
    assert any(p.location.path == rel_path and p.location.field == field for p in problems.errors), problems.items
    assert any(path == field for path, _ in schema_errors(site, rel_path))


def test_optional_fields_left_empty_pass_both(tmp_path):
    from gobabierto.build.stages import load_site

    rel_path = "content/actividades/jornada-cultural.md"
    site = make_site(tmp_path / "s", {rel_path: "---\ntitulo: J\nfecha: 2024-01-01\nlugar:\ntipo: ''\nevidencias: []\n---\n"})
    problems = Problems()
    load_site(site, problems)
    assert not [p for p in problems.errors if p.location.path == rel_path]
    assert schema_errors(site, rel_path) == []


def test_vscode_settings_map_every_schema():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == schemas.vscode_associations()
    for schema_path in settings["yaml.schemas"]:
        assert (ROOT / schema_path).is_file(), schema_path


def test_vscode_problem_matcher_reads_the_validator_lines():
    """The task's problem matcher (a JavaScript regex that Python reads the same way) puts
    validate's lines in VS Code's Problems panel, Markdown front matter included."""
    import re

    from gobabierto.core.problems import Problem, Location, format_text

    tasks = json.loads((ROOT / ".vscode" / "tasks.json").read_text(encoding="utf-8"))
    task = next(t for t in tasks["tasks"] if t["label"] == "gobabierto: validar")
    matchers = {m["severity"]: m for m in task["problemMatcher"]}
    error = format_text(Problem("fecha-invalida", "la fecha «2024-13-01» no existe", Location("content/a/b.md", 12, "hitos.2.fecha")))
    warning = format_text(Problem("hito-sin-evidencia", "sin evidencias", Location("content/a/b.md", 3, "hitos.1"), "warning"))
    for line, severity, other in ((error, "error", "warning"), (warning, "warning", "error")):
        pattern = matchers[severity]["pattern"]
        match = re.match(pattern["regexp"], line)
        assert match, (severity, line)
        assert match.group(pattern["file"]) == "content/a/b.md"
        assert int(match.group(pattern["line"])) in (12, 3)
        assert re.match(matchers[other]["pattern"]["regexp"], line) is None
    assert "hitos.2.fecha" in re.match(matchers["error"]["pattern"]["regexp"], error).group(
        matchers["error"]["pattern"]["message"])


def test_built_site_publishes_the_schemas(demo_build):
    for name, schema in schemas.all_schemas().items():
        published = demo_build / "schemas" / name
        assert published.read_text(encoding="utf-8") == (SCHEMA_DIR / name).read_text(encoding="utf-8")


def _patterns(value) -> set[str]:
    if isinstance(value, dict):
        found = {value["pattern"]} if isinstance(value.get("pattern"), str) else set()
        return found.union(*(_patterns(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(_patterns(v) for v in value))
    return set()


def test_patterns_mean_the_same_in_javascript_as_in_python():
    """VS Code evaluates the schemas' patterns as JavaScript regular expressions (unicode
    mode); each must compile there and match exactly what Python's `re` matches."""
    import re
    import shutil
    import subprocess

    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        tool_missing("Node.js is not installed; it checks the patterns as VS Code reads them")
    patterns = sorted(set().union(*(_patterns(s) for s in schemas.all_schemas().values())))
    samples = ["", "  ", "2024-01-01", "2024-1-5", "2024-13-01", "12/05/2024", "https://ejemplo.org/a?b=1",
               "HTTP://a.b", "https://", "mailto:a@b.mx", "MailTo:a@b.mx", "a@b.gob.mx", "a@b", "docs/acta.pdf",
               "/img/logo.svg", "../x", "a/../b", "javascript:alert(1)", "//x.org", "C:\\x", "#1f5f5b", "1f5f5b",
               "agua-potable", "Agua Potable", "15037", "1503", "2022-2025", "texto «con» acentos ñ", '"comillas"']
    script = ("const [p, s] = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
              "console.log(JSON.stringify(p.map(x => { const r = new RegExp(x, 'u'); return s.map(v => r.test(v)); })));")
    result = subprocess.run([node, "-e", script], input=json.dumps([patterns, samples]), capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    javascript = json.loads(result.stdout)
    for pattern, matches in zip(patterns, javascript):
        python = [re.search(pattern, sample) is not None for sample in samples]
        assert python == matches, pattern
