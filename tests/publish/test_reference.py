"""The field reference for editors (docs/referencia.md): generated from the field tables,
the problem codes and the published addresses, committed, and whole — every field has a
meaning and a valid example, every code and every address is in it."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import yaml

from helpers import ROOT
from gobabierto.publish import fieldref
from gobabierto.publish.addresses import ADDRESSES
from gobabierto.publish.codes import CODES
from gobabierto.datasets.descriptor import DATASET_FIELDS
from gobabierto.content.fields import Context
from gobabierto.content.convert import Converter
from gobabierto.core.problems import Problems
from gobabierto.core.sourcemap import SourceMap
from gobabierto.content.records import RECORD_TYPES, SETTINGS_FIELDS

REFERENCE = ROOT / fieldref.OUTPUT
TABLES = {**{kind: rt.fields for kind, rt in RECORD_TYPES.items()}, "gobabierto.yml": SETTINGS_FIELDS,
          "datapackage.yaml": DATASET_FIELDS}
FIELDS = [(f"{table}: {name}", spec) for table, fields in TABLES.items()
          for name, spec in fieldref.walk(fields)]


def test_committed_reference_is_the_generated_one():
    committed = REFERENCE.read_text(encoding="utf-8") if REFERENCE.is_file() else ""
    assert committed == fieldref.reference(), (
        f"{fieldref.OUTPUT} is stale: run `{fieldref.COMMAND}` and commit it")


def test_the_script_checks_and_writes_the_reference():
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "referencia.py"), "--check"],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "al día" in run.stdout


@pytest.mark.parametrize("name, spec", FIELDS, ids=[name for name, _ in FIELDS])
def test_every_field_says_what_it_is_and_its_example_is_valid(name, spec):
    assert spec.doc, f"{name} has no doc: say in one line what it is"
    shown = fieldref.example(spec)
    grouped = spec.kind == "object" or (spec.kind == "list" and spec.item.kind == "object")
    if not shown:
        assert grouped and not spec.shorthand, f"{name} has no example: give it one (Field.example)"
        return
    value = yaml.safe_load(f"{spec.key}: {shown}")[spec.key]
    problems = Problems()
    Converter(Context("ejemplo.yml", SourceMap(), problems)).convert(value, spec, (spec.key,))
    assert not problems.items, f"{name}: the example {shown!r} is refused: {problems.items}"


def test_everything_is_in_the_reference():
    text = fieldref.reference()
    for kind, rt in RECORD_TYPES.items():
        assert f"### {rt.singular}\n" in text and f"Tipo `{kind}`" in text
    for name, _ in FIELDS:
        assert f"| `{name.split(': ', 1)[1]}` |" in text, name
    for code in CODES:
        assert f"| `{code}` |" in text, code
    for address in ADDRESSES:
        assert f"| `{address.pattern}` |" in text, address.pattern


def _cells(row: str) -> list[str]:
    return re.split(r"(?<!\\)\|", row.strip())[1:-1]


def test_tables_have_their_columns_and_links_their_headings():
    text = fieldref.reference()
    lines = text.split("\n")
    width = None
    for line in lines:
        if not line.startswith("|"):
            width = None
            continue
        width = width or len(_cells(line))
        assert len(_cells(line)) == width, f"a cell too many or too few (an unescaped «|»?): {line}"
    outside_code = re.sub(r"`[^`\n]*`", "", text)
    assert not re.search(r"<[a-zA-Z/]", outside_code), "a «<…>» outside code: GitHub would take it for HTML"
    headings = {fieldref.anchor(line.lstrip("#").strip()) for line in lines if line.startswith("#")}
    for target in re.findall(r"\]\(#([^)]+)\)", text):
        assert target in headings, target


def test_the_generator_needs_neither_jinja_nor_frictionless():
    code = ("import sys, gobabierto.publish.fieldref as f; f.reference();"
            " print(sorted({m.split('.')[0] for m in sys.modules} & {'jinja2', 'frictionless'}))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert run.stdout.strip() == "[]", run.stdout + run.stderr


def test_the_guide_and_the_readme_point_to_sections_that_exist():
    headings = {fieldref.anchor(line.lstrip("#").strip())
                for line in fieldref.reference().split("\n") if line.startswith("#")}
    for rel in ("README.md", "docs/guia-editores.md"):
        text = (ROOT / rel).read_text(encoding="utf-8")
        links = re.findall(r"\]\((?:docs/)?referencia\.md(?:#([^)]*))?\)", text)
        assert links, f"{rel} does not link to the reference"
        for target in links:
            assert not target or target in headings, f"{rel} links to a missing section: #{target}"
