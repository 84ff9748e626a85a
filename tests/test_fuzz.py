"""Property-based tests: whatever bytes, YAML structures, Markdown or CSV an editor's
files hold, the readers and validator never raise; they accept the file or report located
problems, quickly. Examples are derandomized so CI runs the same ones every time."""

from __future__ import annotations

import shutil
import string
import time
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from gobabierto.text import markdown
from gobabierto.commands.cli import main
from gobabierto.datasets.dataset import load_datasets
from gobabierto.content.discover import discover_datasets
from gobabierto.core.problems import ERROR, Problems
from gobabierto.content.readers import read_document
from gobabierto.content.records import RECORD_TYPES, SETTINGS_FIELDS, to_record
from helpers import BASE_SITE, copy_site
from hostile import audit

FAST = settings(max_examples=100, derandomize=True, deadline=timedelta(seconds=5), database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SLOW = settings(max_examples=50, derandomize=True, deadline=timedelta(seconds=15), database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def field_names() -> list[str]:
    names = set()

    def walk(table):
        for spec in table:
            names.add(spec.key)
            if spec.item is not None:
                walk((spec.item,))
            walk(spec.fields)
    for rt in RECORD_TYPES.values():
        walk(rt.fields)
    walk(SETTINGS_FIELDS)
    return sorted(names)


KEYS = st.one_of(st.sampled_from(field_names()), st.text(max_size=12))
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**20, max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=40), st.dates(), st.datetimes(),
    st.sampled_from(["no", "sí", "on", "05", "2024-02-30", "30/01/2024", "https://ejemplo.org/", "docs/acta.pdf",
                     "javascript:alert(1)", "rio-bajo", "primer-plan", "#1f5f5b", "a@b.mx", "<script>x</script>",
                     "", " ", "~", "null", "1e400", "0x1F", ".inf", "1:30"]),
)
TREES = st.recursive(SCALARS, lambda children: st.one_of(st.lists(children, max_size=5),
                                                         st.dictionaries(KEYS, children, max_size=6)),
                     max_leaves=40)
DOCUMENTS = st.dictionaries(KEYS, TREES, max_size=12)
TOKENS = list("<>/=\"'`[](){}!#*_-:&;\n\t |ajvsciptrnoe01") + [
    "<script>", "<img ", " onerror=", "javascript:", "&#106;", "<a href=", "](", "<svg", "<!--", "-->", "<![CDATA[",
    "{: ", "\n\n", "    ", "> ", "- ", "1. ", "```\n", "<div>", "</div>", "&lt;", "data:", "style=", "\x0b"]
MARKDOWNISH = st.one_of(st.lists(st.sampled_from(TOKENS), max_size=120).map("".join), st.text(max_size=200))


def check_located(problems: Problems, rel: str, text_lines: int) -> None:
    for problem in problems.items:
        loc = problem.location
        assert problem.code and problem.message, problem
        assert loc.path == rel, problem
        assert loc.line is None or 1 <= loc.line <= text_lines + 1, problem
        if loc.field:  # a problem about a field always says on which line it is
            assert loc.line is not None, problem


def read_and_convert(path: Path, rel: str, kind: str, data: bytes, static: Path) -> Problems:
    path.write_bytes(data)
    problems = Problems()
    started = time.monotonic()
    doc = read_document(path, rel, problems)
    if doc is not None:
        record = to_record(RECORD_TYPES[kind], path.stem, doc, problems, static)
        if record is not None:
            for offset, severity, code, message in markdown.convert(doc.body).problems:
                problems.add(code, message, rel, doc.body_line + offset, "texto", severity)
    else:
        assert problems.has_errors(), "a file that can't be read must say why"
    assert time.monotonic() - started < 5
    check_located(problems, rel, data.count(b"\n") + 1)
    return problems


KINDS = st.sampled_from(sorted(RECORD_TYPES))


@FAST
@given(kind=KINDS, suffix=st.sampled_from([".md", ".yml"]),
       data=st.one_of(st.binary(max_size=3000),
                      st.text(max_size=500).map(lambda t: t.encode("utf-8")),
                      st.text(max_size=300).map(lambda t: ("---\n" + t + "\n---\n").encode("utf-8", "surrogatepass"))))
def test_any_bytes_as_a_record(workdir, kind, suffix, data):
    read_and_convert(workdir / f"registro{suffix}", f"content/x/registro{suffix}", kind, data, workdir)


@FAST
@given(kind=KINDS, document=DOCUMENTS, body=MARKDOWNISH, as_front_matter=st.booleans())
def test_any_yaml_structure_as_a_record(workdir, kind, document, body, as_front_matter):
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    if as_front_matter:
        name, data = "registro.md", ("---\n" + text + "---\n" + body + "\n").encode("utf-8", "surrogatepass")
    else:
        name, data = "registro.yml", text.encode("utf-8", "surrogatepass")
    read_and_convert(workdir / name, f"content/x/{name}", kind, data, workdir)


@FAST
@given(body=MARKDOWNISH)
def test_any_markdown_is_refused_with_a_line_or_rendered_harmless(body):
    converted = markdown.convert(body)
    lines = body.count("\n") + 1
    assert all(0 <= offset < lines and code and message for offset, _, code, message in converted.problems)
    found = [problem for problem in converted.problems if problem[1] == ERROR]
    event("rechazado" if found else "publicado")
    if found:
        return
    html = markdown.render(body, "/prefijo")
    assert audit(html).findings == [], html


SCHEMA_DESCRIPTOR = """\
title: Datos de prueba
description: Conjunto de datos para pruebas con contenido arbitrario en su archivo CSV.
resources:
  - name: tabla
    path: tabla.csv
    format: csv
    encoding: utf-8
    schema:
      fields:
        - {name: id, type: integer, constraints: {required: true, minimum: 0}}
        - {name: nombre, type: string}
        - {name: fecha, type: date}
        - {name: monto, type: number}
      primaryKey: [id]
"""
CSV_ALPHABET = st.sampled_from(list('0123456789,;"\n\r -.abcñé') + ["2024-01-31", "id", "nombre", "fecha", "monto",
                                                                     "id,nombre,fecha,monto\n", "\ufeff", "\x00"])


@SLOW
@given(data=st.one_of(st.binary(max_size=2000),
                      st.lists(CSV_ALPHABET, max_size=200).map(lambda parts: "".join(parts).encode("utf-8")),
                      st.lists(CSV_ALPHABET, max_size=200).map(
                          lambda parts: ("id,nombre,fecha,monto\n" + "".join(parts)).encode("utf-8"))))
def test_any_csv_against_a_schema(workdir, data):
    root = workdir / "sitio-csv"
    folder = root / "datasets" / "prueba"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "datapackage.yaml").write_text(SCHEMA_DESCRIPTOR, encoding="utf-8")
    (folder / "tabla.csv").write_bytes(data)
    problems = Problems()
    started = time.monotonic()
    datasets = load_datasets(root, discover_datasets(root, problems), problems)
    assert time.monotonic() - started < 15
    assert len(datasets) == (0 if problems.has_errors() else 1)
    event("aceptado" if datasets else "rechazado")
    for problem in problems.items:
        assert problem.code and problem.message
        assert problem.location.path in ("datasets/prueba/tabla.csv", "datasets/prueba/datapackage.yaml",
                                         "datasets/prueba"), problem
        if problem.location.path.endswith(".csv") and problem.location.line is not None:
            assert 1 <= problem.location.line <= data.count(b"\n") + data.count(b"\r") + 2, problem


@pytest.fixture(scope="module")
def cli_site(tmp_path_factory) -> Path:
    return copy_site(tmp_path_factory.mktemp("cli") / "sitio")


@settings(max_examples=60, derandomize=True, deadline=timedelta(seconds=30), database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(kind=KINDS, data=st.one_of(st.binary(max_size=1500),
                                  DOCUMENTS.map(lambda d: ("---\n" + yaml.safe_dump(d, allow_unicode=True) + "---\n")
                                                .encode("utf-8", "surrogatepass"))))
@example(kind="actividad", data=b'---\n"\\L"\n---')  # a YAML escape for U+2028, which splits terminal lines
@example(kind="sesion", data=b'---\ntitulo: "a\\nb"\nnumero: "x\\ny"\n---\n')
def test_validate_never_shows_a_traceback(cli_site, kind, data):
    folder = cli_site / "content" / RECORD_TYPES[kind].folder
    target = folder / "arbitrario.md"
    target.write_bytes(data)
    try:
        result = CliRunner().invoke(main, ["validate", "--source", str(cli_site)])
    finally:
        target.unlink()
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output and "Error interno" not in result.output
    lines = result.output.strip().splitlines()
    assert lines and (lines[-1] == "Sin problemas." or lines[-1].endswith((" error.", " errores.", "advertencia.",
                                                                          "advertencias.")))
    for line in lines[:-1]:
        assert line.startswith(("content/", "datasets/", "gobabierto.yml")) and line.endswith("]"), line
