"""The demo's views as published: each dataset's datapackage.json keeps its `views` as the
editor wrote them (and stays valid for frictionless, checked in test_open_data.py), each
view's table is a CSV at /datos/<slug>/vistas/<name>.csv that frictionless and pandas read,
linked from the dataset page, with the figures the source CSV gives when summed by hand."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter, defaultdict
from decimal import Decimal

import pandas as pd
import pytest
import yaml

from helpers import ROOT

WITH_VIEWS = ("obras-publicas-hueyapan", "solicitudes-informacion-san-andres-cholula", "actividades-gobierno-abierto")


@pytest.mark.parametrize("slug", WITH_VIEWS)
def test_the_published_package_keeps_its_views_and_links_each_table(demo_build, slug):
    import frictionless

    published = json.loads((demo_build / "datos" / slug / "datapackage.json").read_text(encoding="utf-8"))
    source = yaml.safe_load((ROOT / "datasets" / slug / "datapackage.yaml").read_text(encoding="utf-8"))
    assert published["views"] == source["views"]
    page = (demo_build / "datos" / slug / "index.html").read_text(encoding="utf-8")
    for view in published["views"]:
        path = demo_build / "datos" / slug / "vistas" / f"{view['name']}.csv"
        assert f'href="/gobabierto/datos/{slug}/vistas/{view["name"]}.csv"' in page
        report = frictionless.Resource(path.name, basepath=str(path.parent)).validate()
        assert report.valid, report.flatten(["rowNumber", "type", "note"])
        frame = pd.read_csv(path)
        assert len(frame) >= 1 and len(frame.columns) >= 2


def _source_rows(slug: str, name: str, encoding: str = "utf-8") -> list[dict]:
    return list(csv.DictReader(io.StringIO((ROOT / "datasets" / slug / name).read_bytes().decode(encoding))))


def _published(demo_build, slug: str, name: str) -> list[list[str]]:
    text = (demo_build / "datos" / slug / "vistas" / f"{name}.csv").read_text(encoding="utf-8")
    return list(csv.reader(io.StringIO(text)))


def test_the_hueyapan_views_sum_every_row_of_the_works(demo_build):
    works = _source_rows("obras-publicas-hueyapan", "obras.csv")
    by_status = Counter(w["estatus"] for w in works)
    assert _published(demo_build, "obras-publicas-hueyapan", "obras-por-estatus") == [
        ["estatus", "registros"], *[[status, str(n)] for status, n in sorted(by_status.items())]]
    by_community: dict[str, Decimal] = defaultdict(Decimal)
    by_year: dict[str, Decimal] = defaultdict(Decimal)
    for w in works:
        by_community[w["comunidad"]] += Decimal(w["monto_mxn"])
        by_year[w["fecha_inicio"][:4]] += Decimal(w["monto_mxn"])
    table = _published(demo_build, "obras-publicas-hueyapan", "monto-por-comunidad")
    assert table[0] == ["comunidad", "suma_monto_mxn"]
    assert {row[0]: Decimal(row[1]) for row in table[1:]} == by_community and len(table) - 1 == len(by_community)
    table = _published(demo_build, "obras-publicas-hueyapan", "monto-por-anio")
    assert table == [["fecha_inicio", "suma_monto_mxn"], *[[y, str(by_year[y])] for y in sorted(by_year)]]


def test_the_other_demo_views_are_the_months_and_years_of_their_files(demo_build):
    requests = _source_rows("solicitudes-informacion-san-andres-cholula", "solicitudes.csv", "cp1252")
    assert _published(demo_build, "solicitudes-informacion-san-andres-cholula", "solicitudes-por-mes") == [
        ["mes", "suma_recibidas", "suma_respondidas"], *[[r["mes"], r["recibidas"], r["respondidas"]] for r in requests]]
    activities = _source_rows("actividades-gobierno-abierto", "actividades.csv")
    people: dict[str, int] = defaultdict(int)
    for a in activities:
        people[a["fecha"][:4]] += int(a["participantes"] or 0)
    assert _published(demo_build, "actividades-gobierno-abierto", "participantes-por-anio") == [
        ["fecha", "suma_participantes"], *[[year, str(people[year])] for year in sorted(people)]]
