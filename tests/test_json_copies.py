"""The open data's JSON forms, each published once: the records package in CSV (its JSON is
the API, which its page and the catalogues point to), datasets' JSON copies only while
`datos_json` is on, and no address anywhere to a copy that is not published."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpers import BASE_SITE, DEMO_URL, copy_site, run_cli

TEXT_FILES = (".html", ".json", ".jsonld", ".xml", ".txt")


def _mentions(output: Path, pattern: str) -> list[str]:
    """Every `file: match` of `pattern` in the site's text files."""
    regex = re.compile(pattern)
    return [f"{path.relative_to(output)}: {m}" for path in sorted(output.rglob("*")) if path.suffix in TEXT_FILES
            for m in regex.findall(path.read_text(encoding="utf-8", errors="replace"))]


def _distributions(output: Path) -> list[str]:
    pod = json.loads((output / "data.json").read_text(encoding="utf-8"))
    dcat = json.loads((output / "catalogo.jsonld").read_text(encoding="utf-8"))
    return ([d["downloadURL"] for entry in pod["dataset"] for d in entry["distribution"]]
            + [d["dcat:downloadURL"]["@id"] for entry in dcat["dcat:dataset"] for d in entry["dcat:distribution"]])


def test_the_records_package_publishes_its_tables_once_as_csv(demo_build):
    folder = demo_build / "datos" / "registros"
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    tables = [r["name"] for r in package["resources"]]
    assert tables and all((folder / f"{name}.csv").is_file() for name in tables)
    assert sorted(p.name for p in folder.glob("*.json")) == ["datapackage.json"]
    assert _mentions(demo_build, r"datos/registros/(?!datapackage)[\w.-]+\.json") == []


def test_the_records_page_and_catalogues_point_to_the_api_for_json(demo_build):
    page = (demo_build / "datos" / "registros" / "index.html").read_text(encoding="utf-8")
    [paragraph] = re.findall(r"<p[^>]*>En JSON, estos registros.*?</p>", page)
    linked = set(re.findall(r'href="/gobabierto/(api/[\w-]+\.json)"', paragraph))
    assert linked == {"api/compromisos.json", "api/sesiones.json", "api/planes.json", "api/convocatorias.json"}
    registros = DEMO_URL + "datos/registros/"
    for entry in json.loads((demo_build / "data.json").read_text(encoding="utf-8"))["dataset"]:
        if entry["identifier"] == registros:
            json_urls = {d["downloadURL"] for d in entry["distribution"] if d["format"] == "JSON"}
            assert json_urls == {DEMO_URL + path for path in linked}


def test_every_catalogue_distribution_is_a_published_file(demo_build):
    urls = _distributions(demo_build)
    assert any(url.endswith(".csv") for url in urls) and any("/api/" in url for url in urls)
    for url in urls:
        assert url.startswith(DEMO_URL), url
        assert (demo_build / url[len(DEMO_URL):]).is_file(), url


@pytest.mark.parametrize("setting", [None, "false"])
def test_datos_json_false_publishes_no_json_copy_and_no_link_to_one(tmp_path, setting):
    root = copy_site(tmp_path / "sitio", BASE_SITE)
    if setting is not None:
        with (root / "gobabierto.yml").open("a", encoding="utf-8") as settings:
            settings.write(f"datos_json: {setting}\n")
    output = tmp_path / "_site"
    result = run_cli("build", "--source", str(root), "--output", str(output))
    assert result.returncode == 0, result.stdout + result.stderr
    copies = sorted(p.name for p in (output / "datos" / "obras").glob("*.json") if p.name != "datapackage.json")
    links = _mentions(output, r"datos/obras/(?!datapackage)[\w.-]+\.json")
    said = "El JSON es una lista de objetos" in (output / "datos" / "obras" / "index.html").read_text(encoding="utf-8")
    if setting is None:  # the default: every (small) CSV has its copy, linked from its page
        assert copies and links and said
    else:
        assert copies == [] and links == [] and not said
    for url in _distributions(output):
        assert (output / url.removeprefix("https://ejemplo.github.io/prueba/")).is_file(), url
