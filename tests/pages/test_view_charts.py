"""A dataset's views on its page (pages/views.py): the chart draws exactly the figures of
the table beside it (same groups, same order, same texts), bars as long and points as high
as their figures, series told apart by more than colour, and every chart named and
described; the demo's dataset pages show chart and table in agreement."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from gobabierto.datasets import views as dataset_views
from gobabierto.datasets.views import View, ViewColumn
from gobabierto.pages import views as page_views
from gobabierto.pages.views import ViewCharts

SVG = "{http://www.w3.org/2000/svg}"
charts = ViewCharts()


def view(kind: str, rows, group=("comunidad", "Comunidad", "string", None), measures=(("monto", "Monto", "sum"),),
         name: str = "v") -> View:
    columns = [ViewColumn(group[0], group[0], group[1], None, group[3], group[2])]
    columns += [ViewColumn(f"{op}_{field}", field, title, op, None, "number") for field, title, op in measures]
    return View(0, name, "Monto por comunidad", None, kind, "obras.csv", 99, tuple(columns),
                tuple(tuple(r) for r in rows))


def parse(markup) -> ET.Element:
    return ET.fromstring(str(markup))


def group_of(root: ET.Element, css: str) -> list[ET.Element]:
    return [e for e in root.iter() if css in (e.get("class") or "").split()]


def accessible(root: ET.Element) -> tuple[str, str]:
    assert root.get("role") == "img"
    ids = {e.get("id"): e for e in root.iter() if e.get("id")}
    title, desc = ids[root.get("aria-labelledby")], ids[root.get("aria-describedby")]
    assert (title.tag, desc.tag) == (SVG + "title", SVG + "desc")
    return title.text, desc.text


def test_bars_are_as_long_as_their_figures_and_say_what_the_table_says():
    v = view("bar", [("Centro", "250000.50"), ("El Río", "125000"), ("La Loma", "410000"), ("Sin monto", None)])
    svg = parse(charts.chart(v, "g1"))
    shown = charts.shown(v)
    assert [r.groups for r in shown.rows] == [("La Loma",), ("Centro",), ("El Río",), ("Sin monto",)]  # largest first
    assert [r.cells for r in shown.rows] == [("410,000",), ("250,000.5",), ("125,000",), ("—",)]
    assert shown.measure_titles == ("Suma de Monto",) and shown.group_titles == ("Comunidad",)
    labels = [t.text for t in group_of(svg, "g-etiqueta")[0]]
    figures = [t.text for t in group_of(svg, "g-cifra")[0]]
    assert labels == ["La Loma", "Centro", "El Río", "Sin monto"]
    assert figures == ["410,000", "250,000.5", "125,000", "—"]
    widths = [float(r.get("width")) for r in group_of(svg, "g-barra")[0]]
    assert widths[1] / widths[0] == pytest.approx(250000.5 / 410000, abs=1e-3)
    assert widths[2] / widths[0] == pytest.approx(125000 / 410000, abs=1e-3) and widths[3] == 0
    assert widths[0] + max(len(f) for f in figures) * 0.56 * 14 <= 320  # the figures' column never overlaps a bar
    name, desc = accessible(svg)
    assert name == "Monto por comunidad"
    assert desc == ("Gráfica de barras de 4 grupos. Suma de Monto: La Loma, 410,000; Centro, 250,000.5; El Río, 125,000;"
                    " Sin monto, —. La tabla de la vista tiene las mismas cifras.")


def test_negative_figures_go_left_of_the_zero_line():
    svg = parse(charts.chart(view("bar", [("a", "-50"), ("b", "150")]), "g"))
    bars = {float(r.get("width")): float(r.get("x", 0)) for r in group_of(svg, "g-barra")[0]}
    zero = float(group_of(svg, "g-eje")[0].get("d").split()[0][1:])
    widths = sorted(bars)
    assert widths[1] / widths[0] == pytest.approx(3, abs=1e-2)
    assert bars[widths[0]] + widths[0] == pytest.approx(zero) and bars[widths[1]] == pytest.approx(zero)


def test_dated_bars_keep_their_order_and_the_chart_and_table_keep_the_latest(monkeypatch):
    monkeypatch.setattr(page_views, "MAX_BARS", 2)
    v = view("bar", [(2022, "5"), (2023, "1"), (2024, "9")], group=("anio", "Inicio", "date", "year"))
    shown = charts.shown(v)
    assert [r.groups for r in shown.rows] == [("2023",), ("2024",)] and shown.total == 3 and shown.cropped
    assert shown.group_titles == ("Inicio (año)",)
    assert charts.caption(v) == ("Calculada con las 99 filas de obras.csv. La gráfica y la tabla muestran los 2 grupos"
                                 " más recientes de 3; el CSV los tiene todos.")


def test_the_largest_bars_are_kept_when_there_are_too_many(monkeypatch):
    monkeypatch.setattr(page_views, "MAX_BARS", 2)
    v = view("bar", [("a", "1"), ("b", "3"), ("c", "2")])
    assert [r.groups[0] for r in charts.shown(v).rows] == ["b", "c"]
    assert charts.caption(v).endswith("La gráfica y la tabla muestran los 2 grupos mayores de 3; el CSV los tiene todos.")


def test_line_points_sit_at_their_months_and_heights():
    v = view("line", [("2024-01", "10"), ("2024-02", "20"), ("2024-06", "40")],
             group=("mes", "Mes", "yearmonth", None))
    svg = parse(charts.chart(v, "g"))
    path = group_of(svg, "g-linea")[0].get("d")
    points = [tuple(map(float, p.split())) for p in re.split("[ML]", path) if p]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    assert (xs[1] - xs[0]) / (xs[2] - xs[0]) == pytest.approx(1 / 5, abs=1e-2)  # January to February of January to June
    zero_line = next(p for p in group_of(svg, "g-pista") if p.get("stroke-width") == "1.5")
    zero_y = float(zero_line.get("d").split("H")[0].split()[1])
    heights = [zero_y - y for y in ys]
    assert heights[0] / heights[2] == pytest.approx(10 / 40, abs=1e-2)
    assert heights[1] / heights[2] == pytest.approx(20 / 40, abs=1e-2)
    # February is a fifth of the axis from January: too close for its label, so only the ends say their month
    assert [t.text for t in group_of(svg, "g-tenue") if t.get("y") == str(int(zero_y + 20))] == ["ene 2024", "jun 2024"]
    assert [r.groups[0] for r in charts.shown(v).rows] == ["enero de 2024", "febrero de 2024", "junio de 2024"]
    assert len(list(group_of(svg, "g-marca")[0])) == 3


def test_several_series_are_told_apart_by_pattern_dash_and_marker():
    measures = (("recibidas", "Recibidas", "sum"), ("respondidas", "Respondidas", "sum"))
    bars = parse(charts.chart(view("bar", [("a", "3", "2"), ("b", "5", "5")], measures=measures), "b"))
    fills = [g.get("fill") for g in group_of(bars, "g-barra") if g.tag == SVG + "g"]
    assert fills == ["currentColor", "url(#b-p1)"]
    assert [p.get("id") for p in bars.iter(SVG + "pattern")] == ["b-p1"]
    legend = [t.text for t in bars if t.tag == SVG + "text"]
    assert legend == ["Suma de Recibidas", "Suma de Respondidas"]
    lines = parse(charts.chart(view("line", [("2024-01", "3", "2"), ("2024-02", "5", "5")], measures=measures,
                                    group=("mes", "Mes", "yearmonth", None)), "l"))
    dashes = [p.get("stroke-dasharray") for p in group_of(lines, "g-linea")]
    assert dashes == [None, "7 4"]
    markers = [m[0].tag for m in group_of(lines, "g-marca") if m.tag == SVG + "g" and len(m)]
    assert markers[-2:] == [SVG + "circle", SVG + "rect"]


def test_counts_have_whole_gridlines():
    counts = View(0, "c", "Obras por año", None, "line", "obras.csv", 3,
                  (ViewColumn("anio", "fecha", "Inicio", None, "year", "date"),
                   ViewColumn("registros", None, "", "count", None, "integer")), ((2024, 2), (2025, 1)))
    svg = parse(charts.chart(counts, "c"))
    axis = [t.text for t in group_of(svg, "g-tenue") if float(t.get("x")) < 60 and t.get("text-anchor") == "end"]
    assert axis == ["0", "1", "2"]


def test_a_card_shows_a_small_chart_only_where_it_fits():
    few = view("bar", [("a", "1"), ("b", "2")])
    card = parse(charts.card(few, "tarjeta-obras", 3))
    assert re.fullmatch(r"t[0-9a-f]{8}", card.get("id")) and accessible(card)[0] == "Monto por comunidad"
    many = view("bar", [(f"c{i}", str(i)) for i in range(1, 9)])
    assert [t.text for t in group_of(parse(charts.card(many, "x", 3)), "g-etiqueta")[0]] == ["c8", "c7", "c6", "c5", "c4"]
    assert charts.card_caption(many) == "Monto por comunidad: los 5 mayores de 8"
    assert charts.card(few, "x", page_views.CARD_PAGE_ITEMS + 1) == ""
    long_names = view("bar", [("Nombre de comunidad muy largo " * 3 + str(i), str(i)) for i in range(5)])
    assert charts.card(long_names, "x", 3) == ""  # over CARD_MAX_BYTES


class _Sections(HTMLParser):
    """Each `.vista` section of a page: its chart's kind, bar labels, figures and
    description, and the rows of its table's body."""

    def __init__(self):
        super().__init__()
        self.views: list[dict] = []
        self._groups: list[str] = []      # the classes of the open <g> elements
        self._body = False
        self._row: list[str] | None = None
        self._text: str | None = None     # the cell or <desc> being read

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag == "section" and "vista" in classes:
            self.views.append({"kind": "", "labels": [], "figures": [], "desc": "", "rows": []})
        elif not self.views:
            return
        elif tag == "svg":
            self.views[-1]["kind"] = classes[-1]
        elif tag == "g":
            self._groups.append(classes[0] if classes else "")
        elif tag == "tbody":
            self._body = True
        elif tag == "tr" and self._body:
            self._row = []
        elif tag in ("th", "td", "desc") and (self._row is not None or tag == "desc"):
            self._text = ""

    def handle_endtag(self, tag):
        if not self.views:
            return
        current = self.views[-1]
        if tag == "g" and self._groups:
            self._groups.pop()
        elif tag == "tbody":
            self._body = False
        elif tag in ("th", "td") and self._row is not None:
            self._row.append(self._text)
            self._text = None
        elif tag == "tr" and self._row is not None:
            current["rows"].append(self._row)
            self._row = None
        elif tag == "desc":
            current["desc"], self._text = self._text, None

    def handle_data(self, data):
        if not self.views:
            return
        if self._text is not None:
            self._text += data
        elif self._groups and self._groups[-1] in ("g-etiqueta", "g-cifra"):
            self.views[-1]["labels" if self._groups[-1] == "g-etiqueta" else "figures"].append(data)


@pytest.mark.parametrize("slug, count", [("obras-publicas-hueyapan", 3), ("solicitudes-informacion-san-andres-cholula", 1),
                                         ("actividades-gobierno-abierto", 1)])
def test_the_demo_charts_show_the_figures_of_their_tables(demo_build, slug, count):
    parser = _Sections()
    parser.feed((demo_build / "datos" / slug / "index.html").read_text(encoding="utf-8"))
    assert len(parser.views) == count
    for found in parser.views:
        assert found["rows"], found
        if found["kind"] == "grafica-barras":
            assert found["labels"] == [r[0] for r in found["rows"]]
            assert found["figures"] == [r[1] for r in found["rows"]]
        if len(found["rows"]) <= 12:  # every figure of the table is in the chart's description too
            for row in found["rows"]:
                assert f"{', '.join(row[:-1])}, {row[-1]}" in found["desc"], (row, found["desc"])


def test_the_demo_uses_both_kinds_of_view(demo_build):
    pages = {slug: (demo_build / "datos" / slug / "index.html").read_text(encoding="utf-8")
             for slug in ("obras-publicas-hueyapan", "actividades-gobierno-abierto")}
    assert 'class="grafica grafica-vista grafica-barras"' in pages["obras-publicas-hueyapan"]
    assert 'class="grafica grafica-vista grafica-lineas"' in pages["obras-publicas-hueyapan"]
    assert 'class="grafica grafica-vista grafica-vega"' in pages["actividades-gobierno-abierto"]
    for name in ("monto-por-comunidad", "obras-por-estatus", "monto-por-anio"):
        assert (demo_build / "datos" / "obras-publicas-hueyapan" / "vistas" / f"{name}.csv").is_file()
    assert dataset_views.MAX_BARS == page_views.MAX_BARS  # the warning and the drawing agree on what is drawn


@pytest.mark.parametrize("months", [1, 2, 3, 7, 12, 24, 61, 120])
def test_the_labels_of_a_time_axis_never_overlap_and_stay_inside(months):
    rows = [(f"{2015 + m // 12}-{m % 12 + 1:02d}", str(m)) for m in range(months)]
    svg = parse(charts.chart(view("line", rows, group=("mes", "Mes", "yearmonth", None)), "g"))
    labels = [t for t in group_of(svg, "g-tenue") if t.get("text-anchor") == "middle"]
    assert labels[0].text == "ene 2015"
    half = max(len(t.text) for t in labels) * 0.56 * 14 / 2
    centres = [float(t.get("x")) for t in labels]
    assert all(b - a >= 2 * half for a, b in zip(centres, centres[1:]))
    assert centres[0] - half >= 0 and centres[-1] + half <= 320
