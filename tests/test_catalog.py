"""Machine-readable outputs of the built demo: the records as a Data Package, the
site-wide Data Package, data.json against Project Open Data v1.1, DCAT as JSON-LD and
the JSON API — each checked with the real validator or parser."""

from __future__ import annotations

import copy
import csv
import json
from pathlib import Path

import frictionless
import jsonschema
import pytest
from pyld import jsonld
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from helpers import DEMO_URL, ROOT

# Official Project Open Data v1.1 schemas (non-federal), copied from the workplace's shared/standards
POD = ROOT / "tests" / "fixtures" / "standards" / "pod-v1.1-non-federal"
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"


def _load(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def pod_validator():
    assert POD.is_dir(), f"the Project Open Data schemas should be at {POD}"
    resources = []
    for path in POD.glob("*.json"):
        contents = _load(path)
        resources.append((contents["id"].rstrip("#"), Resource.from_contents(contents, default_specification=DRAFT4)))
    registry = Registry().with_resources(resources)
    return jsonschema.Draft4Validator(_load(POD / "catalog.json"), registry=registry,
                                      format_checker=jsonschema.FormatChecker())


def _report_errors(report) -> list:
    return [(task.name, error.type, error.note) for task in report.tasks for error in task.errors]


@pytest.mark.parametrize("descriptor", ["datapackage.json", "datos/registros/datapackage.json"])
def test_packages_pass_frictionless_validate_as_published(demo_build, descriptor):
    report = frictionless.Package(str(demo_build / descriptor)).validate()
    assert report.valid, _report_errors(report)


def test_site_package_lists_every_published_resource_once(demo_build):
    site_package = _load(demo_build / "datapackage.json")
    published = sorted(p.relative_to(demo_build).as_posix() for p in (demo_build / "datos").glob("*/*.csv"))
    assert sorted(r["path"] for r in site_package["resources"]) == published
    names = [r["name"] for r in site_package["resources"]]
    assert len(names) == len(set(names))
    assert all(isinstance(r["bytes"], int) and r["hash"].startswith("sha256:")
               for r in site_package["resources"] if r["path"].startswith("datos/registros/"))


def test_a_tampered_records_file_fails_its_hash(demo_build, tmp_path):
    folder = tmp_path / "registros"
    folder.mkdir()
    for path in (p for p in (demo_build / "datos" / "registros").iterdir() if p.is_file()):
        (folder / path.name).write_bytes(path.read_bytes())
    hitos = folder / "hitos.csv"
    hitos.write_bytes(hitos.read_bytes().replace(b",1,", b",1 ,", 1))
    report = frictionless.Package(str(folder / "datapackage.json")).validate()
    assert "hash-count" in {e[1] for e in _report_errors(report)}


def test_records_package_holds_every_commitment_milestone_and_call(demo_build):
    folder = demo_build / "datos" / "registros"
    api = _load(demo_build / "api" / "compromisos.json")["registros"]
    with open(folder / "compromisos.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["slug"] for r in rows} == {c["slug"] for c in api}
    for row in rows:
        same = next(c for c in api if c["slug"] == row["slug"])
        assert float(row["avance"]) == same["avance"] and row["estatus"] == same["estatus"]
    with open(folder / "hitos.csv", encoding="utf-8", newline="") as handle:
        milestones = list(csv.DictReader(handle))
    assert len(milestones) == sum(len(c.get("hitos", [])) for c in api)
    calls = _load(demo_build / "api" / "convocatorias.json")["registros"]
    with open(folder / "convocatorias.csv", encoding="utf-8", newline="") as handle:
        assert [r["slug"] for r in csv.DictReader(handle)] == [c["slug"] for c in calls]


def test_data_json_is_valid_project_open_data(demo_build, pod_validator):
    document = _load(demo_build / "data.json")
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in pod_validator.iter_errors(document)]
    assert errors == []
    required = ("title", "description", "keyword", "modified", "publisher", "contactPoint", "identifier",
                "accessLevel", "distribution", "license", "landingPage")
    for dataset in document["dataset"]:
        assert [key for key in required if key not in dataset] == [], dataset["identifier"]
        assert dataset["identifier"].startswith(DEMO_URL + "datos/")
        for distribution in dataset["distribution"]:
            # a dataset's files, or the API that is the records' JSON form
            assert distribution["downloadURL"].startswith((DEMO_URL + "datos/", DEMO_URL + "api/"))
            path = distribution["downloadURL"][len(DEMO_URL):]
            assert (demo_build / path).is_file(), path


def test_the_pod_validator_catches_a_missing_required_field(demo_build, pod_validator):
    document = copy.deepcopy(_load(demo_build / "data.json"))
    del document["dataset"][0]["publisher"]
    assert any("publisher" in e.message for e in pod_validator.iter_errors(document))


def test_dcat_jsonld_expands_to_dcat_datasets_with_distributions(demo_build):
    document = _load(demo_build / "catalogo.jsonld")
    expanded = jsonld.expand(document)  # the context is inline: no network needed
    by_type: dict[str, list] = {}
    for node in jsonld.flatten(expanded):
        for kind in node.get("@type", []):
            by_type.setdefault(kind, []).append(node)
    assert len(by_type[DCAT + "Catalog"]) == 1
    datasets = by_type[DCAT + "Dataset"]
    published = {p.parent.name for p in (demo_build / "datos").glob("*/datapackage.json")}
    assert {d[DCT + "identifier"][0]["@value"] for d in datasets} == published
    distributions = {d["@id"]: d for d in by_type[DCAT + "Distribution"]}
    for dataset in datasets:
        assert dataset[DCAT + "distribution"], dataset["@id"]
        for ref in dataset[DCAT + "distribution"]:
            distribution = distributions[ref["@id"]]
            url = distribution[DCAT + "downloadURL"][0]["@id"]
            assert (demo_build / url[len(DEMO_URL):]).is_file()


def test_api_has_one_document_per_record_type_with_derived_values(demo_build):
    from gobabierto.content.records import RECORD_TYPES

    index = _load(demo_build / "api" / "index.json")
    assert {t["tipo"] for t in index["tipos"]} == set(RECORD_TYPES)
    for kind, rt in RECORD_TYPES.items():
        document = _load(demo_build / "api" / f"{rt.folder}.json")
        content = ROOT / "content" / rt.folder
        sources = {p.stem for p in content.glob("*.*")} if content.is_dir() else set()
        assert {r["slug"] for r in document["registros"]} == sources, kind
        assert document["total"] == len(document["registros"])
        for record in document["registros"]:
            assert record["url"] == f"{DEMO_URL}{rt.folder}/{record['slug']}/"
    commitments = _load(demo_build / "api" / "compromisos.json")["registros"]
    assert all(c["estatus"] in ("cumplido", "en_proceso", "retrasado", "no_iniciado", "cancelado") for c in commitments)
    assert all(h["estado"] for c in commitments for h in c.get("hitos", []))
