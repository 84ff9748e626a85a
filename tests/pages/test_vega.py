"""vega-lite views drawn by vl-convert (pages/vega.py): the summary table becomes inline
values (never a URL), the SVG is one of the site's accessible charts with every id of its
own, the theme's colours come through as currentColor, a drawing is cached on disk, and a
spec Vega cannot draw or a site without vl-convert is a located error."""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from gobabierto.content.discover import discover_datasets
from gobabierto.core.problems import Problems
from gobabierto.datasets.dataset import load_datasets
from gobabierto.pages import vega
from gobabierto.pages.views import ViewCharts

DESCRIPTOR = """name: actividades
title: Actividades
description: Actividades de gobierno abierto con su fecha, su municipio y sus participantes.
resources:
  - name: actividades
    path: actividades.csv
    schema:
      fields:
        - {name: fecha, type: date, title: Fecha}
        - {name: municipio, type: string, title: Municipio}
        - {name: participantes, type: integer, title: Participantes}
views:
  - name: por-anio
    title: Participantes por año
    specType: vega-lite
    spec:
      mark: bar
      encoding:
        x: {field: fecha, timeUnit: year, type: ordinal}
        y: {field: participantes, aggregate: sum, type: quantitative}
"""
CSV = ("fecha,municipio,participantes\n2023-01-01,durango,10\n2023-12-31,huixquilucan,5\n2024-06-01,durango,7\n")


def load(root: Path, descriptor: str = DESCRIPTOR):
    folder = root / "datasets" / "actividades"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "datapackage.yaml").write_text(descriptor, encoding="utf-8")
    (folder / "actividades.csv").write_text(CSV, encoding="utf-8")
    problems = Problems()
    datasets = load_datasets(root, discover_datasets(root, problems), problems)
    assert problems.items == []
    return datasets, problems


def test_the_summary_is_drawn_from_inline_values_with_the_page_titles(tmp_path):
    datasets, _ = load(tmp_path)
    view = datasets[0].views[0]
    spec = vega.spec_for(view, ViewCharts())
    # years as local midnight: "2023-01-01" alone would be UTC, the last day of 2022 west of Greenwich
    assert spec["data"] == {"values": [{"fecha": "2023-01-01T00:00:00", "suma_participantes": 15.0},
                                       {"fecha": "2024-01-01T00:00:00", "suma_participantes": 7.0}]}
    assert spec["encoding"]["x"]["title"] == "Fecha (año)"
    assert spec["encoding"]["y"] == {"field": "suma_participantes", "type": "quantitative",
                                     "title": "Suma de Participantes"}
    assert spec["width"] == 320 and spec["config"]["mark"] == {"color": "currentColor"}


def test_a_vega_lite_view_is_one_of_the_sites_accessible_charts(tmp_path):
    datasets, problems = load(tmp_path)
    drawn = vega.draw_views(datasets, tmp_path, problems, "es-MX")
    assert problems.items == []
    view = drawn[0].views[0]
    markup = str(ViewCharts().chart(view, "vista-3"))
    assert vega.PLACEHOLDER not in markup
    svg = ET.fromstring(markup)
    assert svg.get("role") == "img" and svg.get("id") == "vista-3"
    ids = [e.get("id") for e in svg.iter() if e.get("id")]
    assert ids[:3] == ["vista-3", "vista-3-t", "vista-3-d"] and all(i.startswith("vista-3") for i in ids)
    texts = {e.get("id"): e.text for e in svg.iter() if e.get("id")}
    assert texts["vista-3-t"] == "Participantes por año"
    assert texts["vista-3-d"] == ("Gráfica de barras de 2 grupos. Suma de Participantes: 2023, 15; 2024, 7. La tabla de"
                                  " la vista tiene las mismas cifras.")
    assert not re.search(r'\b(role|aria-roledescription)="graphics', markup)  # one image, not a tree of roles
    assert not re.search(r"https?://", markup.replace("http://www.w3.org/2000/svg", ""))
    assert {"2023", "2024"} <= {e.text for e in svg.iter() if e.text}
    fills = set(re.findall(r'fill="([^"]+)"', markup)) - {"none", "transparent"}
    assert fills == {"currentColor"}  # the stylesheet tints them: the accent, the text colour, dark mode, print


def test_a_drawing_is_kept_and_not_drawn_again(tmp_path, monkeypatch):
    datasets, problems = load(tmp_path)
    first = vega.draw_views(datasets, tmp_path, problems, "es-MX")[0].views[0].svg
    assert len(list((tmp_path / ".gobabierto-cache" / "vistas").glob("*.svg"))) == 1

    class Refuses:
        @staticmethod
        def vegalite_to_svg(*args, **kwargs):
            raise AssertionError("the converter ran for an unchanged view")

    monkeypatch.setitem(sys.modules, "vl_convert", Refuses)
    monkeypatch.setattr(vega, "available", lambda: True)
    assert vega.draw_views(datasets, tmp_path, problems, "es-MX")[0].views[0].svg == first
    assert problems.items == []


def test_a_site_without_vl_convert_is_told_how_to_get_it(tmp_path, monkeypatch):
    datasets, problems = load(tmp_path)
    monkeypatch.setattr(vega, "available", lambda: False)
    vega.draw_views(datasets, tmp_path, problems, "es-MX")
    found = [(p.code, p.location.path, p.location.line, p.location.field, p.message) for p in problems.items]
    assert found == [("vista-vega-sin-motor", "datasets/actividades/datapackage.yaml", 16, "views.1.spec",
                      "para dibujar las vistas vega-lite hace falta vl-convert-python, que no está instalado: instala"
                      " gobabierto con «pip install 'gobabierto[vega]'» (o con requirements/site.txt, que ya lo"
                      " incluye), o escribe la vista como «specType: simple»")]


def test_a_spec_vega_cannot_draw_is_a_located_error(tmp_path):
    datasets, problems = load(tmp_path, DESCRIPTOR.replace("type: ordinal", "type: ordinall"))
    vega.draw_views(datasets, tmp_path, problems, "es-MX")
    found = [(p.code, p.location.line, p.location.field, p.message) for p in problems.items]
    assert found == [("vista-vega-invalida", 16, "views.1.spec", "Vega no pudo dibujar la gráfica: Invalid field type"
                      " \"undefined\". Revisa la especificación en https://vega.github.io/editor/ (con los datos de la"
                      " tabla de la vista)")]


@pytest.mark.parametrize("svg, reason", [("<g/>", "vl-convert no devolvió un SVG")])
def test_what_is_not_an_svg_is_refused(svg, reason):
    with pytest.raises(ValueError, match=reason):
        vega.finish(svg, None, "")


def test_a_hostile_title_is_text_in_the_drawing(tmp_path):
    datasets, problems = load(tmp_path, DESCRIPTOR.replace("title: Participantes por año",
                                                           'title: "<script>alert(1)</script> & «año»"'))
    svg = vega.draw_views(datasets, tmp_path, problems, "es-MX")[0].views[0].svg
    assert "<script" not in svg and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; «año»" in svg
    assert ET.fromstring(svg.replace(vega.PLACEHOLDER, "v")).find("{http://www.w3.org/2000/svg}title").text \
        == "<script>alert(1)</script> & «año»"
