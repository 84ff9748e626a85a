"""The fast typed pass (fastcheck.py) against frictionless: on random small CSV files and
schemas, a dataset analysed with the fast pass gives exactly what the frictionless path
gives (the same problems, row counts, preview, dialect, JSON download and hashes), the fast
pass only vouches for files frictionless finds valid, and it does vouch for the valid ones
whose schema it supports. Examples are derandomized so CI runs the same ones every time."""

from __future__ import annotations

import json
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from gobabierto.datasets import validate as datacheck, fastcheck, tabular
from gobabierto.datasets.validate import ResourceInput

DIFF = settings(max_examples=300, derandomize=True, deadline=timedelta(seconds=20), database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Cells of each type: (valid for the type, not valid for it). Non-finite numbers ("NaN",
# "Infinity") are left out here: the fast pass hands them to frictionless on purpose (below).
CELLS = {
    "string": (["Centro", "ana@example.org", "La Loma", "Benito Juárez", "a,b", 'dijo "sí"', "=SUMA(A1)", "-3", "+52 55", "@x",
                "  espacios  ", "línea\nnueva", "ñ", "NA", "-"], []),
    "any": (["x", "1", "", "=1", "otro, valor"], []),
    "integer": (["0", "1", "42", "-7", " 12 ", "+5", "007", "1_000", "100"], ["1.5", "abc", "1e3", "1,000", "--1"]),
    "number": (["0", "1.5", "-0.25", "1e3", " 3 ", ".5", "5.", "1_000.5", "250000.50", "100"],
               ["1,5", "abc", "1.2.3", "$5", "1 000"]),
    "boolean": (["true", "false", "True", "FALSE", "1", "0"], ["yes", "sí", "t", " true"]),
    "date": (["2024-03-01", "2024-3-1", "2020-02-29", "1999-12-31", "2024-01-01"],
             ["2024-02-30", "01/02/2024", "2024-13-01", " 2024-03-01", "2024-03-01 ", "20240301", "2024-00-10"]),
    "datetime": (["2024-03-01T10:00:00", "2024-03-01T10:00:00Z", "2024-03-01T10:00:00-06:00"],
                 ["2024-03-01", "2024-03-01T25:00:00", "ayer"]),
    "time": (["10:00:00", "23:59:59", "00:00:00"], ["25:00:00", "10:00", "mediodía"]),
    "year": (["2024", "1999", "0999"], ["24", "20245", "año"]),
    "yearmonth": (["2024-03", "1999-12"], ["2024-13", "2024", "marzo"]),
}
BOUNDS = {"integer": (0, 100), "number": (0, 100), "date": ("2000-01-01", "2024-12-31"), "year": (1990, 2030)}


@st.composite
def field_specs(draw, name: str) -> dict:
    kind = draw(st.sampled_from(sorted(CELLS)))
    spec: dict = {"name": name, "type": kind}
    constraints: dict = {}
    if draw(st.booleans()):
        constraints["required"] = True
    if draw(st.integers(0, 4)) == 0:
        constraints["unique"] = True
    valid = CELLS[kind][0]
    if kind in ("string", "integer", "number", "date") and draw(st.integers(0, 3)) == 0:
        constraints["enum"] = draw(st.lists(st.sampled_from(valid), min_size=1, max_size=4, unique=True))
    if kind in BOUNDS and draw(st.booleans()):
        low, high = BOUNDS[kind]
        constraints[draw(st.sampled_from(["minimum", "maximum"]))] = low if draw(st.booleans()) else high
    if kind == "string" and draw(st.integers(0, 3)) == 0:
        constraints[draw(st.sampled_from(["minLength", "maxLength"]))] = draw(st.integers(1, 6))
    if kind == "string" and draw(st.integers(0, 5)) == 0:
        constraints["pattern"] = "[A-Z].*"
    if kind == "string" and draw(st.integers(0, 7)) == 0:
        spec["format"] = "email"  # read by frictionless' own value reader
    if kind == "boolean" and draw(st.integers(0, 3)) == 0:
        spec["trueValues"], spec["falseValues"] = ["sí", "1"], ["no", "0"]
    if kind == "date" and draw(st.integers(0, 4)) == 0:
        spec["format"] = "%Y-%m-%d"
    if kind == "number" and draw(st.integers(0, 5)) == 0:
        spec["decimalChar"], spec["groupChar"] = ",", "."
    if draw(st.integers(0, 5)) == 0:
        spec["missingValues"] = ["", "-"]
    if constraints:
        spec["constraints"] = constraints
    return spec


@st.composite
def cases(draw) -> dict:
    width = draw(st.integers(1, 4))
    names = [f"c{i}" for i in range(width)]
    fields = [draw(field_specs(name)) for name in names]
    schema: dict = {"fields": fields}
    if draw(st.integers(0, 2)) == 0:
        schema["primaryKey"] = draw(st.lists(st.sampled_from(names), min_size=1, max_size=2, unique=True))
    if draw(st.integers(0, 4)) == 0:
        schema["missingValues"] = ["", "NA"]
    broken = draw(st.integers(0, 2)) == 0  # otherwise only valid cells of each type (constraints may still fail)
    empties = draw(st.booleans())
    rows = []
    for _ in range(draw(st.integers(0, 12))):
        row = []
        for spec in fields:
            valid, invalid = CELLS[spec["type"]]
            pool = valid + (invalid if broken else []) + ([""] if empties else [])
            row.append(draw(st.sampled_from(pool)))
        rows.append(row)
    header = list(names)
    if draw(st.integers(0, 9)) == 0:
        header[0] = " " + header[0] + " "  # frictionless strips labels
    if draw(st.integers(0, 14)) == 0:
        header[-1] = "otra"
    shape = draw(st.integers(0, 14))
    if shape == 0 and rows:
        rows.insert(draw(st.integers(0, len(rows))), [""] * width)  # a blank row
    elif shape == 1 and rows:
        rows[0] = rows[0] + ["de más"]
    elif shape == 2 and rows and width > 1:
        rows[-1] = rows[-1][:-1]
    elif shape == 3 and rows:
        rows.append(list(rows[0]))  # a repeated row (unique / primary key)
    return {"schema": schema, "header": header, "rows": rows,
            "delimiter": draw(st.sampled_from([",", ",", ",", ";", "\t"])),
            "declare_dialect": draw(st.booleans()),
            "newline": draw(st.sampled_from(["\n", "\r\n"])),
            "bom": draw(st.integers(0, 5)) == 0,
            "encoding": draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "windows-1252", None]))}


def _quote(cell: str, delimiter: str) -> str:
    if any(ch in cell for ch in (delimiter, '"', "\n", "\r")) or cell != cell.strip():
        return '"' + cell.replace('"', '""') + '"'
    return cell


def write_case(case: dict, folder: Path) -> tuple[dict, list[ResourceInput]]:
    delimiter, newline = case["delimiter"], case["newline"]
    lines = [delimiter.join(_quote(c, delimiter) for c in row) for row in [case["header"], *case["rows"]]]
    text = newline.join(lines) + newline
    codec = "cp1252" if case["encoding"] == "windows-1252" else "utf-8"
    data = text.encode(codec)
    if case["bom"] and codec == "utf-8":
        data = b"\xef\xbb\xbf" + data
    (folder / "datos.csv").write_bytes(data)
    entry: dict = {"name": "datos", "path": "datos.csv", "format": "csv", "schema": case["schema"]}
    if case["encoding"]:
        entry["encoding"] = case["encoding"]
    if case["declare_dialect"] and delimiter != ",":
        entry["dialect"] = {"delimiter": delimiter}
    descriptor = {"name": "prueba", "title": "Prueba", "resources": [entry]}
    key = case["schema"].get("primaryKey", [])
    inputs = [ResourceInput(0, "datos.csv", folder / "datos.csv", "datasets/prueba/datos.csv", case["encoding"],
                            tuple((f["name"], f["type"]) for f in case["schema"]["fields"]), tuple(key))]
    return descriptor, inputs


def analyse_both(descriptor: dict, inputs: list[ResourceInput], folder: Path, monkeypatch_fast=None):
    """(fast path's answer, frictionless path's answer, whether the fast pass vouched), each
    answer being (problems, results, {file name: bytes})."""
    answers = []
    vouched = []
    real = fastcheck.check

    def spy(*args, **kwargs):
        outcome = real(*args, **kwargs)
        vouched.append(outcome is not None)
        return outcome

    for check in (spy, lambda *args, **kwargs: None):
        work = Path(tempfile.mkdtemp(dir=folder))
        original = datacheck.fastcheck.check
        datacheck.fastcheck.check = check
        try:
            found, results, files = datacheck._compute("datasets/prueba/datapackage.yaml", descriptor, inputs,
                                                       folder, work)
        finally:
            datacheck.fastcheck.check = original
        answers.append((found, results, {name: (work / name).read_bytes() for name in files}))
    return answers[0], answers[1], any(vouched)


@DIFF
@given(cases())
def test_the_fast_pass_answers_exactly_as_frictionless(case):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        descriptor, inputs = write_case(case, folder)
        fast, slow, vouched = analyse_both(descriptor, inputs, folder)
        valid = not any(p.severity == "error" for p in slow[0])
        event(f"valid={valid} vouched={vouched}")
        assert fast == slow
        if vouched:
            assert valid, "the fast pass vouched for a file frictionless rejects"
        if valid and fastcheck.supported(descriptor["resources"][0]):
            assert vouched, "a valid file with a supported schema went to frictionless"


def test_a_bench_like_file_is_checked_by_the_fast_pass_alone(tmp_path, monkeypatch):
    """The hot path: the benchmark's schema with valid rows never reaches frictionless' row reading."""
    import frictionless

    schema = {"primaryKey": ["id"], "fields": [
        {"name": "id", "type": "integer", "constraints": {"required": True, "unique": True, "minimum": 1}},
        {"name": "concepto", "type": "string", "constraints": {"required": True, "enum": ["agua", "drenaje"]}},
        {"name": "monto_mxn", "type": "number", "constraints": {"required": True, "minimum": 0}},
        {"name": "fecha", "type": "date", "constraints": {"required": True}},
        {"name": "avance", "type": "integer", "constraints": {"minimum": 0, "maximum": 100}},
        {"name": "observaciones", "type": "string"}]}
    rows = [[str(n), "agua" if n % 2 else "drenaje", f"{n * 1000}.5", f"2024-01-{n % 28 + 1:02d}", str(n % 101),
             "=1" if n == 3 else ""] for n in range(1, 60)]
    case = {"schema": schema, "header": [f["name"] for f in schema["fields"]], "rows": rows, "delimiter": ",",
            "declare_dialect": False, "newline": "\n", "bom": False, "encoding": "utf-8"}
    descriptor, inputs = write_case(case, tmp_path)
    calls = []
    real = frictionless.Resource.validate
    monkeypatch.setattr(frictionless.Resource, "validate", lambda self, *a, **k: calls.append(1) or real(self, *a, **k))
    work = tmp_path / "work"
    work.mkdir()
    found, results, files = datacheck._compute("d.yaml", descriptor, inputs, tmp_path, work)
    assert calls == [] and results[0]["rows"] == 59 and files == ["0.json"]
    assert [p.code for p in found] == ["csv-formula"]
    assert json.loads((work / "0.json").read_text(encoding="utf-8"))[0] == {
        "id": 1, "concepto": "agua", "monto_mxn": 1000.5, "fecha": "2024-01-02", "avance": 1, "observaciones": None}
    assert results[0]["csv"]["sha256"] == tabular.sha256_of(tmp_path / "datos.csv")


@pytest.mark.parametrize("change", [
    lambda e: e["schema"].update(foreignKeys=[{"fields": "c0", "reference": {"resource": "", "fields": "c1"}}]),
    lambda e: e["schema"]["fields"][0].update(type="geopoint"),
    lambda e: e["schema"]["fields"][1].update(type="date", format="any"),
    lambda e: e.update(dialect={"header": True, "delimiter": ","}),
    lambda e: e.update(bytes=10),
    lambda e: e["schema"]["fields"][0].setdefault("constraints", {}).update(jsonSchema={"type": "string"}),
], ids=["foreign-key", "geopoint", "date-format-any", "dialect-header", "declared-bytes", "json-schema"])
def test_what_the_fast_pass_does_not_know_goes_to_frictionless(change, tmp_path):
    case = {"schema": {"fields": [{"name": "c0", "type": "string"}, {"name": "c1", "type": "string"}]},
            "header": ["c0", "c1"], "rows": [["a", "a"], ["b", "b"]], "delimiter": ",", "declare_dialect": False,
            "newline": "\n", "bom": False, "encoding": "utf-8"}
    descriptor, inputs = write_case(case, tmp_path)
    assert fastcheck.supported(descriptor["resources"][0])
    change(descriptor["resources"][0])
    assert not fastcheck.supported(descriptor["resources"][0])
    fast, slow, vouched = analyse_both(descriptor, inputs, tmp_path)
    assert not vouched and fast == slow


@pytest.mark.parametrize("cell", ["NaN", "Infinity", "-inf"])
def test_non_finite_numbers_are_left_to_frictionless(cell, tmp_path):
    case = {"schema": {"fields": [{"name": "n", "type": "number"}]}, "header": ["n"], "rows": [["1"], [cell]],
            "delimiter": ",", "declare_dialect": False, "newline": "\n", "bom": False, "encoding": "utf-8"}
    descriptor, inputs = write_case(case, tmp_path)
    fast, slow, vouched = analyse_both(descriptor, inputs, tmp_path)
    assert not vouched and fast == slow and slow[1][0]["rows"] == 2


def test_a_cell_over_the_length_limit_is_left_to_the_long_cell_check(tmp_path):
    long = "x" * (datacheck.limits.MAX_CELL_CHARS + 1)
    case = {"schema": {"fields": [{"name": "t", "type": "string"}]}, "header": ["t"], "rows": [[long], ["y"]],
            "delimiter": ",", "declare_dialect": False, "newline": "\n", "bom": False, "encoding": "utf-8"}
    descriptor, inputs = write_case(case, tmp_path)
    fast, slow, vouched = analyse_both(descriptor, inputs, tmp_path)
    assert not vouched and fast == slow
    assert [p.code for p in fast[0]] == ["csv-celda-demasiado-larga"]
