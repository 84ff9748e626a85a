"""SVG charts: each names and describes itself, and draws exactly the numbers it is given."""

from datetime import date
import xml.etree.ElementTree as ET

import pytest

from gobabierto.pages.charts import WIDTH, Bar, Charts, wrap
from gobabierto.content.derive import milestone_state
from gobabierto.content.models import Commitment, Indicator, Milestone

NS = {"s": "http://www.w3.org/2000/svg"}
charts = Charts()


def parse(markup) -> ET.Element:
    return ET.fromstring(str(markup))


def by_class(root, name):
    return [e for e in root.iter() if name in (e.get("class") or "").split()]


def accessible(root):
    """(name, description) as a screen reader gets them from aria-labelledby/-describedby."""
    assert root.get("role") == "img"
    ids = {e.get("id"): e for e in root.iter() if e.get("id")}
    name = " ".join(ids[i].text for i in root.get("aria-labelledby").split())
    desc = " ".join(ids[i].text for i in root.get("aria-describedby").split())
    assert ids[root.get("aria-labelledby")].tag == "{http://www.w3.org/2000/svg}title"
    assert ids[root.get("aria-describedby")].tag == "{http://www.w3.org/2000/svg}desc"
    return name, desc


def test_progress_bars_are_as_long_as_their_values_and_say_them():
    svg = parse(charts.progress([Bar("Plan de Villa Alta", 40), Bar("Plan de Río Bajo", 100), Bar("Otro", 0)],
                                "g-prueba", "Avance por plan"))
    name, desc = accessible(svg)
    assert name == "Avance por plan"
    assert desc == "Plan de Villa Alta: 40%; Plan de Río Bajo: 100%; Otro: 0%."
    track = float(by_class(svg, "g-pista")[0].get("width")) + 1  # outline drawn half a unit inside
    widths = [float(r.get("width")) for r in by_class(svg, "g-barra")]
    assert widths == pytest.approx([track * 0.40, track * 1.00, 0.0], abs=0.01)
    assert [t.text for t in by_class(svg, "g-cifra")] == ["40%", "100%", "0%"]
    assert [t.text for t in by_class(svg, "g-etiqueta")] == ["Plan de Villa Alta", "Plan de Río Bajo", "Otro"]


def test_a_value_outside_0_100_is_clipped_in_the_drawing_but_told_as_it_is():
    svg = parse(charts.progress([Bar("Sobrado", 130)], "g", "t"))
    track = float(by_class(svg, "g-pista")[0].get("width")) + 1
    assert float(by_class(svg, "g-barra")[0].get("width")) == pytest.approx(track)
    assert by_class(svg, "g-cifra")[0].text == "130%"


def test_long_labels_wrap_within_the_chart():
    lines = wrap("Plan de Acción Municipal de Gobierno Abierto de San Andrés Cholula, Puebla", WIDTH)
    assert len(lines) > 1 and " ".join(lines).startswith("Plan de Acción Municipal")
    assert all(len(line) * 0.56 * 14 <= WIDTH for line in lines)


def test_status_bar_splits_by_share_with_a_distinct_pattern_per_status():
    svg = parse(charts.status({"cumplido": 3, "en_proceso": 1, "retrasado": 1, "no_iniciado": 0, "cancelado": 0},
                              "g-est", "Compromisos por estatus"))
    name, desc = accessible(svg)
    assert name == "Compromisos por estatus"
    assert desc == "5 compromisos: Cumplido, 3; En proceso, 1; Retrasado, 1."
    parts = by_class(svg, "g-parte")
    assert [float(p.get("width")) for p in parts] == pytest.approx([WIDTH * 3 / 5, WIDTH / 5, WIDTH / 5], abs=0.01)
    assert float(parts[1].get("x")) == pytest.approx(WIDTH * 3 / 5, abs=0.01)
    patterns = {p.get("id"): ET.tostring(p[0]) for p in svg.iterfind(".//s:pattern", NS)}
    fills = [p.get("fill") for p in parts]
    assert fills == ["url(#g-est-cumplido)", "url(#g-est-en_proceso)", "url(#g-est-retrasado)"]
    assert len(set(patterns.values())) == 3, "each status needs its own shape, not only its own colour"
    legend = [t.text for t in by_class(svg, "g-etiqueta")]
    assert legend == ["Cumplido: 3 (60%)", "En proceso: 1 (20%)", "Retrasado: 1 (20%)"]


def test_status_bar_of_a_single_commitment():
    svg = parse(charts.status({"en_proceso": 1}, "g-uno", "t"))
    assert accessible(svg)[1] == "1 compromiso: En proceso, 1."
    assert [float(p.get("width")) for p in by_class(svg, "g-parte")] == [WIDTH]


def test_status_bar_without_commitments_says_so():
    svg = parse(charts.status({"cumplido": 0}, "g-vacio", "Compromisos por estatus"))
    assert accessible(svg)[1] == "No hay compromisos registrados."
    assert by_class(svg, "g-parte") == []


def _commitment(today):
    hitos = (
        Milestone("Uno", date(2024, 1, 31), date(2024, 1, 20)),          # met on time
        Milestone("Dos", date(2024, 6, 30), date(2024, 8, 15)),          # met late
        Milestone("Tres", date(2025, 3, 31)),                            # overdue
        Milestone("Cuatro", date(2025, 12, 31)),                         # pending
    )
    hitos = tuple(Milestone(h.descripcion, h.fecha, h.cumplido, state=milestone_state(h, today)) for h in hitos)
    return Commitment(kind="compromiso", slug="c", titulo="C", fecha_inicio=date(2024, 1, 1),
                      fecha_fin=date(2025, 12, 31), hitos=hitos)


def test_timeline_places_each_milestone_at_its_due_date_with_a_shape_per_state():
    today = date(2025, 6, 1)
    c = _commitment(today)
    svg = parse(charts.timeline(c, today, "g-h", "Línea de tiempo de los hitos"))
    name, desc = accessible(svg)
    assert name == "Línea de tiempo de los hitos"
    assert "hito 3, vencido, comprometido para el 31 de marzo de 2025" in desc
    assert "hito 2, cumplido con retraso, comprometido para el 30 de junio de 2024 y cumplido el 15 de agosto de 2024" in desc
    start, span = date(2024, 1, 1), (date(2025, 12, 31) - date(2024, 1, 1)).days
    left, right = 14.0, WIDTH - 14.0

    def x(day):
        return left + (right - left) * (day - start).days / span

    marks = [e for e in by_class(svg, "g-marca")][:4]  # the legend repeats the shapes after them
    assert [m.tag.split("}")[1] for m in marks] == ["circle", "rect", "path", "circle"]
    assert float(marks[0].get("cx")) == pytest.approx(x(date(2024, 1, 31)), abs=0.01)
    assert float(marks[1].get("x")) + 6.5 == pytest.approx(x(date(2024, 6, 30)), abs=0.01)
    assert marks[2].get("d").startswith(f"M{round(x(date(2025, 3, 31)), 2):g} ")
    assert marks[3].get("fill") == "#fff" and marks[3].get("stroke") == "currentColor"  # hollow: pending
    numbers = [t for t in by_class(svg, "g-cifra")]
    assert [t.text for t in numbers] == ["1", "2", "3", "4"]
    late = by_class(svg, "g-cumplido_tarde")
    stretch = [e for e in late if e.tag.endswith("line")][0]
    assert float(stretch.get("x2")) == pytest.approx(x(date(2024, 8, 15)), abs=0.01)
    today_line = [e for e in by_class(svg, "g-hoy") if e.tag.endswith("line")][0]
    assert float(today_line.get("x1")) == pytest.approx(x(today), abs=0.01)
    legend = [t.text for t in by_class(svg, "g-etiqueta")]
    assert legend == ["Cumplido a tiempo", "Cumplido con retraso", "Pendiente", "Vencido"]
    axis = by_class(svg, "g-tenue")
    assert [t.text for t in axis] == ["2025", "ene 2024", "dic 2025"]
    assert float(axis[0].get("x")) == pytest.approx(x(date(2025, 1, 1)), abs=0.01)


def test_timeline_leaves_out_today_when_it_falls_outside_the_commitment():
    today = date(2030, 1, 1)
    svg = parse(charts.timeline(_commitment(today), today, "g-h", "t"))
    assert by_class(svg, "g-hoy") == []
    assert "Hoy es" not in accessible(svg)[1]


@pytest.mark.parametrize("base, target, value, share, drawn", [
    (0, 1500, 640, 42.7, 0.427),
    (30, 10, 20, 50.0, 0.5),        # a target below the baseline (fewer days to answer)
    (0, 10, 12, 120.0, 1.0),        # beyond the target: the bar is full, the text says so
    (0, 10, -2, -20.0, 0.0),
])
def test_indicator_bar_sits_the_current_value_between_baseline_and_target(base, target, value, share, drawn):
    from gobabierto.content.derive import indicator_progress

    indicator = Indicator("Personas", "personas", base, target, value, date(2026, 10, 31))
    assert indicator_progress(indicator) == share
    svg = parse(charts.indicator(indicator, share, "g-i"))
    name, desc = accessible(svg)
    assert name == "Personas: avance hacia la meta"
    assert desc.startswith(f"Línea base {base:,} personas; valor actual {value:,} personas; meta {target:,} personas.")
    track = float(by_class(svg, "g-pista")[0].get("width"))
    assert float(by_class(svg, "g-barra")[0].get("width")) == pytest.approx(track * drawn, abs=0.01)
    assert by_class(svg, "g-cifra")[0].text == f"Actual: {value:,}"
    assert ("Supera la meta." in desc) == (share > 100)


def test_indicator_progress_needs_all_three_numbers():
    from gobabierto.content.derive import indicator_progress

    assert indicator_progress(Indicator("x", linea_base=0, meta=10)) is None
    assert indicator_progress(Indicator("x", linea_base=5, meta=5, valor=5)) is None


def test_chart_text_is_escaped():
    svg = parse(charts.progress([Bar("<b>A & B</b>", 10)], "g", "Título <con> & signos"))
    assert accessible(svg)[0] == "Título <con> & signos"
    assert by_class(svg, "g-etiqueta")[0].text == "<b>A & B</b>"


@pytest.mark.parametrize("start, end, due, expected", [
    # the demo's case: 2023 would touch the start's «mar 2022» and 2025 the end's «jun 2025»,
    # so both go to the second row; 2024 stays on the first
    (date(2022, 3, 1), date(2025, 6, 30), date(2023, 6, 1),
     [("2023", 2), ("2024", 1), ("2025", 2), ("mar 2022", 1), ("jun 2025", 1)]),
    # 2022 and 2024 sit near the ends' labels, 2023 in the clear
    (date(2021, 1, 15), date(2024, 12, 31), date(2022, 6, 1),
     [("2022", 2), ("2023", 1), ("2024", 2), ("ene 2021", 1), ("dic 2024", 1)]),
    # a year and a month: its one new year under the end's label, on the second row
    (date(2024, 2, 1), date(2025, 3, 1), date(2024, 6, 1), [("2025", 2), ("feb 2024", 1), ("mar 2025", 1)]),
    # thirty years in 320 units: some years keep only their tick, no label overlaps
    (date(1995, 6, 1), date(2025, 6, 1), date(2000, 6, 1), None),
])
def test_timeline_labels_never_overlap_nor_leave_the_chart(start, end, due, expected):
    today = date(2030, 1, 1)
    milestone = Milestone("Uno", due)
    milestone = Milestone("Uno", due, state=milestone_state(milestone, today))
    c = Commitment(kind="compromiso", slug="c", titulo="C", fecha_inicio=start, fecha_fin=end, hitos=(milestone,))
    axis = by_class(parse(charts.timeline(c, today, "g-h", "t")), "g-tenue")
    rows = sorted({float(t.get("y")) for t in axis})
    if expected is not None:
        assert [(t.text, rows.index(float(t.get("y"))) + 1) for t in axis] == expected
    char = 0.64 * 14  # a digit's advance in DejaVu Sans, the widest of the usual fonts
    spans: dict[float, list] = {}
    for t in axis:
        width, x = len(t.text) * char, float(t.get("x"))
        a = {"middle": x - width / 2, "end": x - width}.get(t.get("text-anchor"), x)
        spans.setdefault(float(t.get("y")), []).append((a, a + width))
    for row in spans.values():
        assert all(0 <= a and b <= WIDTH for a, b in row), row
        ordered = sorted(row)
        assert all(b <= c for (_, b), (c, _) in zip(ordered, ordered[1:])), ordered
