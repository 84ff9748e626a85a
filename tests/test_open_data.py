"""The demo's open data as an analyst meets it: every published Data Package valid for
frictionless as it is, CSV files that pandas reads with their accents, JSON rows with typed
values, dataset pages that say what each download is, and the catalogue's filters."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from helpers import DEMO_EPOCH, DEMO_URL, ROOT, run_cli

DATASETS = sorted(p.name for p in (ROOT / "datasets").iterdir() if p.is_dir())


def source_descriptor(slug: str) -> dict:
    return yaml.safe_load((ROOT / "datasets" / slug / "datapackage.yaml").read_text(encoding="utf-8"))


def published(demo_build: Path, slug: str) -> dict:
    return json.loads((demo_build / "datos" / slug / "datapackage.json").read_text(encoding="utf-8"))


def source_rows(slug: str, resource: dict) -> list[list[str]]:
    raw = (ROOT / "datasets" / slug / resource["path"]).read_bytes()
    return list(csv.reader(io.StringIO(raw.decode(resource.get("encoding", "utf-8-sig")))))


def test_the_demo_has_three_datasets_one_of_them_windows_1252():
    assert len(DATASETS) >= 3
    encodings = {r.get("encoding") for slug in DATASETS for r in source_descriptor(slug)["resources"]}
    assert "windows-1252" in encodings
    for slug in DATASETS:
        descriptor = source_descriptor(slug)
        assert descriptor.get("municipio") or descriptor.get("compromisos"), f"{slug} is not tied to the demo content"


def test_the_demo_build_reports_no_dataset_problem(tmp_path):
    result = run_cli("validate", "--source", str(ROOT), epoch=DEMO_EPOCH)
    assert [line for line in result.stdout.splitlines() if line.startswith("datasets/")] == []


@pytest.mark.parametrize("slug", DATASETS)
def test_every_published_data_package_is_valid_for_frictionless_as_it_is(demo_build, slug):
    import frictionless

    path = demo_build / "datos" / slug / "datapackage.json"
    report = frictionless.validate(str(path))
    assert report.valid, report.flatten(["type", "note"])
    cli = Path(sys.executable).with_name("frictionless")
    if cli.exists():  # the command analysts run
        result = subprocess.run([str(cli), "validate", str(path)], capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("slug", DATASETS)
def test_published_resources_are_relative_utf8_files_with_their_size_and_hash(demo_build, slug):
    descriptor = published(demo_build, slug)
    assert descriptor["name"] == slug and descriptor["licenses"] and descriptor["licenses"][0].get("path")
    for resource in descriptor["resources"]:
        assert not resource["path"].startswith(("/", "http")) and ".." not in resource["path"]
        data = (demo_build / "datos" / slug / resource["path"]).read_bytes()
        assert resource["encoding"] == "utf-8" and not data.startswith(b"\xef\xbb\xbf")
        data.decode("utf-8")
        assert resource["bytes"] == len(data)
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert resource["schema"]["fields"]


@pytest.mark.parametrize("slug", DATASETS + ["registros"])
def test_every_csv_is_also_offered_for_excel_with_the_utf8_mark(demo_build, slug):
    """Excel on a Spanish Windows reads a CSV without the mark as windows-1252 («Juan DÃ­az»):
    each CSV has a copy with it, linked as «para Excel»; the canonical file does not change."""
    page = (demo_build / "datos" / slug / "index.html").read_text(encoding="utf-8")
    for resource in published(demo_build, slug)["resources"]:
        canonical = (demo_build / "datos" / slug / resource["path"]).read_bytes()
        excel = (demo_build / "datos" / slug / "excel" / resource["path"]).read_bytes()
        assert excel == b"\xef\xbb\xbf" + canonical
        assert resource["hash"] == "sha256:" + hashlib.sha256(canonical).hexdigest()
        link = f'<a href="/gobabierto/datos/{slug}/excel/{resource["path"]}">{resource["path"]} para Excel</a>'
        assert link in page
    assert not any("excel/" in r["path"] for r in published(demo_build, slug)["resources"])
    catalogue = (demo_build / "data.json").read_text(encoding="utf-8")
    assert "/excel/" not in catalogue  # a convenience copy, not another distribution for harvesters


@pytest.mark.parametrize("slug", DATASETS)
def test_pandas_reads_every_published_csv_with_its_accents(demo_build, slug):
    import pandas  # in the test extra: every environment `make test` builds has it
    for resource in source_descriptor(slug)["resources"]:
        expected = source_rows(slug, resource)
        frame = pandas.read_csv(demo_build / "datos" / slug / resource["path"], dtype=str, keep_default_na=False)
        assert list(frame.columns) == expected[0]
        assert frame.values.tolist() == expected[1:]
        assert any(ch in "".join(map(str, frame.values.ravel())) for ch in "áéíóúñÁÉÍÓÚÑ"), "no accent to check"


@pytest.mark.parametrize("slug", DATASETS)
def test_json_downloads_hold_one_typed_object_per_row(demo_build, slug):
    for resource in published(demo_build, slug)["resources"]:
        rows = json.loads((demo_build / "datos" / slug / Path(resource["path"]).with_suffix(".json")).read_text(encoding="utf-8"))
        expected = source_rows(slug, source_descriptor(slug)["resources"][0])
        assert len(rows) == len(expected) - 1
        fields = resource["schema"]["fields"]
        assert list(rows[0]) == [f["name"] for f in fields]
        for f in fields:
            values = [row[f["name"]] for row in rows if row[f["name"]] is not None]
            kind = {"integer": int, "number": (int, float), "string": str, "date": str, "yearmonth": str}[f["type"]]
            assert all(isinstance(v, kind) and not isinstance(v, bool) for v in values), f["name"]


@pytest.mark.parametrize("slug", DATASETS)
def test_the_dataset_page_describes_downloads_dictionary_preview_and_validation(demo_build, slug):
    page = (demo_build / "datos" / slug / "index.html").read_text(encoding="utf-8")
    descriptor = published(demo_build, slug)
    for resource in descriptor["resources"]:
        for name in (resource["path"], str(Path(resource["path"]).with_suffix(".json")), "datapackage.json"):
            data = (demo_build / "datos" / slug / name).read_bytes()
            assert f'href="/gobabierto/datos/{slug}/{name}"' in page
            assert hashlib.sha256(data).hexdigest() in page, f"sha256 of {name} not shown"
        for field in resource["schema"]["fields"]:
            assert f'<th scope="row"><code>{field["name"]}</code></th>' in page
        preview = page.split('class="vista-previa"')[1].split("</table>")[0]
        rows = len(source_rows(slug, source_descriptor(slug)["resources"][0])) - 1
        assert preview.count("<tr>") - 1 == min(rows, 20)
        # the preview's columns by their titles; those with a list of values in the dictionary can be filtered
        heads = re.findall(r'<th scope="col"( data-filtro)?>([^<]*)</th>', preview)
        assert "<caption>" in preview and heads == [
            (" data-filtro" if f.get("constraints", {}).get("enum") else "", f.get("title") or f["name"])
            for f in resource["schema"]["fields"]]
    assert re.search(r"Validado con Frictionless el \d+ de \w+ de \d{4}: [\d,]+ filas, sin errores", page)
    assert 'tabindex="0" role="region"' in page
    data = json.loads(page.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert data["@type"] == "Dataset" and data["name"] == descriptor["title"]
    assert 50 <= len(data["description"]) <= 5000
    assert data["url"] == DEMO_URL + f"datos/{slug}/" and data["license"].startswith("https://")
    assert all(d["contentUrl"].startswith(DEMO_URL + f"datos/{slug}/") for d in data["distribution"])


@pytest.mark.parametrize("slug", DATASETS)
def test_datasets_link_to_their_municipality_and_commitments_which_link_back(demo_build, slug):
    descriptor = source_descriptor(slug)
    page = (demo_build / "datos" / slug / "index.html").read_text(encoding="utf-8")
    link = f'href="/gobabierto/datos/{slug}/"'
    targets = [("municipios", descriptor["municipio"])] if descriptor.get("municipio") else []
    targets += [("compromisos", c) for c in descriptor.get("compromisos", [])]
    assert targets
    for folder, target in targets:
        assert f'href="/gobabierto/{folder}/{target}/"' in page
        assert link in (demo_build / folder / target / "index.html").read_text(encoding="utf-8"), f"{folder}/{target}"


def test_the_catalogue_filters_by_municipality_theme_and_publisher_without_javascript(demo_build):
    catalogue = (demo_build / "datos" / "index.html").read_text(encoding="utf-8")
    # the only script is the one that warns when the statuses are days old; the filters are links
    assert re.findall(r"<script[^>]*>", catalogue) == ['<script src="/gobabierto/assets/vigencia.js" defer>']
    for slug in DATASETS:
        assert f'href="/gobabierto/datos/{slug}/"' in catalogue
    for key, prop in (("municipio", "municipio"), ("tema", "tema"), ("dependencia", "dependencia")):
        assert f'href="/gobabierto/datos/por-{key}/' in catalogue
        pages = sorted((demo_build / "datos" / f"por-{key}").iterdir())
        assert len(pages) >= 2
        for folder in pages:
            html = (folder / "index.html").read_text(encoding="utf-8")
            html = html[html.index("<main"):html.index("</main>")]  # the footer links the records package
            everything = DATASETS + ["registros"]  # the site's own records are listed like any dataset
            listed = {slug for slug in everything if f'href="/gobabierto/datos/{slug}/"' in html}
            assert listed and listed != set(everything)
            assert 'aria-current="page"' in html
            from gobabierto.pages.facets import value_key

            published = {s: json.loads((demo_build / "datos" / s / "datapackage.json").read_text(encoding="utf-8"))
                         for s in listed}
            assert all(value_key(published[s][prop]) == folder.name for s in listed)
