"""A dataset's JSON copies (datasets/dataset.py): one per CSV up to JSON_COPY_MAX_BYTES, none
when the site turns them off (`datos_json: false`), none for the records package (its JSON
form is the API)."""

from __future__ import annotations

from gobabierto.content.discover import discover_datasets
from gobabierto.core.problems import Problems
from gobabierto.datasets import dataset as datasets_module
from gobabierto.datasets.dataset import load_datasets

from helpers import BASE_SITE, copy_site


def _load(root, **options):
    problems = Problems()
    found = load_datasets(root, discover_datasets(root, problems), problems, **options)
    assert not problems.has_errors(), problems.items
    return found


def test_a_csv_up_to_the_limit_has_its_json_copy_and_one_byte_over_has_none(tmp_path, monkeypatch):
    root = copy_site(tmp_path / "sitio", BASE_SITE)
    [resource] = _load(root)[0].resources
    assert resource.json is not None and resource.json in _load(root)[0].downloads
    monkeypatch.setattr(datasets_module, "JSON_COPY_MAX_BYTES", resource.csv.bytes)
    assert _load(root)[0].resources[0].json is not None
    monkeypatch.setattr(datasets_module, "JSON_COPY_MAX_BYTES", resource.csv.bytes - 1)
    dataset = _load(root)[0]
    assert dataset.resources[0].json is None
    assert [f.format for f in dataset.downloads] == ["CSV", "JSON"]  # its CSV and datapackage.json
    assert [f.path for f in dataset.downloads] == [resource.csv.path, "datapackage.json"]


def test_json_copies_off_leaves_only_the_csv_and_the_package(tmp_path):
    root = copy_site(tmp_path / "sitio", BASE_SITE)
    dataset = _load(root, json_copies=False)[0]
    assert all(r.json is None for r in dataset.resources)
    assert [f.path for f in dataset.downloads] == [r.csv.path for r in dataset.resources] + ["datapackage.json"]
