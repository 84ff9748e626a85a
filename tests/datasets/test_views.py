"""A dataset's `views` (datasets/views.py, datasets/vegalite.py): every bad view is a located
Spanish error (file, line, field, a message that says how to fix it), and good ones come
out of the validation pass with their summary over every row."""

from __future__ import annotations

from pathlib import Path

import pytest

from gobabierto.content.discover import discover_datasets
from gobabierto.core.problems import Problems
from gobabierto.datasets import summaries, views
from gobabierto.datasets.dataset import load_datasets

DESCRIPTOR = """name: obras
title: Obras
description: Obras públicas registradas por comunidad, con su monto, estatus y fechas de inicio.
resources:
  - name: obras
    path: obras.csv
    schema:
      fields:
        - {name: comunidad, type: string, title: Comunidad}
        - {name: estatus, type: string}
        - {name: monto_mxn, type: number, title: Monto}
        - {name: fecha_inicio, type: date}
        - {name: pagado, type: boolean}
views:
"""
VIEWS_LINE = 15  # where the first view starts
CSV = ("comunidad,estatus,monto_mxn,fecha_inicio,pagado\n"
       "Centro,concluida,100.5,2024-03-01,true\n"
       "La Loma,en proceso,200,2024-05-12,false\n"
       "Centro,concluida,50,2025-01-20,true\n")
PATH = "datasets/obras/datapackage.yaml"
COLUMNS = "comunidad, estatus, monto_mxn, fecha_inicio, pagado"


def load(tmp_path: Path, views_yaml: str, csv: str = CSV):
    folder = tmp_path / "datasets" / "obras"
    folder.mkdir(parents=True)
    (folder / "datapackage.yaml").write_text(DESCRIPTOR + views_yaml, encoding="utf-8")
    (folder / "obras.csv").write_text(csv, encoding="utf-8")
    problems = Problems()
    datasets = load_datasets(tmp_path, discover_datasets(tmp_path, problems), problems)
    found = [(p.code, p.severity, p.location.path, p.location.line, p.location.field, p.message) for p in problems.items]
    return datasets, found


def simple(spec: str, extra: str = "") -> str:
    return f"  - name: a\n    title: A\n{extra}    specType: simple\n    spec:\n{spec}"


def vega(spec: str) -> str:
    return f"  - name: a\n    title: A\n    specType: vega-lite\n    spec:\n{spec}"


BAR = "      mark: bar\n      encoding:\n        x: {field: comunidad, type: nominal}\n"

BAD = {
    "unknown resource": (
        "  - {name: a, title: A, resources: [obra], specType: simple, spec: {type: bar, group: comunidad}}\n",
        ("vista-recurso-desconocido", 15, "views.1.resources.1", "la vista nombra el recurso «obra», que el paquete no"
         " tiene. ¿Quisiste decir «obras»? Los recursos son: obras")),
    "two resources": (
        "  - {name: a, title: A, resources: [obras, otras], specType: simple, spec: {type: bar, group: comunidad}}\n",
        ("vista-varios-recursos", 15, "views.1.resources", "la vista resume un solo recurso y nombra 2: deja en"
         " «resources» el que resume; para otro recurso, escribe otra vista")),
    "field not in the schema": (
        simple("      type: bar\n      group: comunida\n"),
        ("vista-campo-desconocido", 20, "views.1.spec.group", "«comunida» no es una columna del recurso «obras»."
         f" ¿Quisiste decir «comunidad»? Las columnas son: {COLUMNS}")),
    "series not a number": (
        simple("      type: bar\n      group: comunidad\n      series: [estatus]\n"),
        ("vista-serie-no-numerica", 21, "views.1.spec.series.1", "la serie «estatus» es de tipo texto, y una serie se"
         " suma o se promedia: elige una columna de tipo integer o number. Para contar las filas de cada grupo, quita"
         " «series» y escribe «aggregate: count»")),
    "unknown type": (
        simple("      type: pie\n      group: comunidad\n"),
        ("valor-no-permitido", 19, "views.1.spec.type", "«pie» no es un valor permitido; usa uno de: bar, line.")),
    "unknown aggregate": (
        simple("      {type: bar, group: comunidad, series: [monto_mxn], aggregate: median}\n"),
        ("valor-no-permitido", 19, "views.1.spec.aggregate", "«median» no es un valor permitido; usa uno de: sum, count,"
         " mean, min, max. ¿Quisiste decir «mean»?")),
    "time unit of a text": (
        simple("      {type: line, group: comunidad, timeUnit: year}\n"),
        ("vista-unidad-de-tiempo-invalida", 19, "views.1.spec.timeUnit", "«timeUnit: year» agrupa fechas por año o por"
         " mes, y la columna «comunidad» es de tipo texto: quita «timeUnit» o agrupa por una columna de fechas (date o"
         " datetime)")),
    "time unit month": (
        simple("      {type: line, group: fecha_inicio, timeUnit: month}\n"),
        ("valor-no-permitido", 19, "views.1.spec.timeUnit", "«month» no es un valor permitido; usa uno de: year,"
         " yearmonth. ¿Quisiste decir «yearmonth»?")),
    "misspelled key": (
        simple("      {type: bar, group: comunidad, serie: [monto_mxn]}\n"),
        ("campo-desconocido", 19, "views.1.spec.serie", "el campo «serie» no existe. ¿Quisiste decir «series»? Corrige"
         " el nombre del campo.")),
    "no title": (
        "  - name: a\n    specType: simple\n    spec: {type: bar, group: comunidad}\n",
        ("campo-requerido", 15, "views.1.title", "falta el campo obligatorio «title» en este elemento: añade una línea"
         " «title:» con un texto (título de la gráfica: su encabezado en la página y su nombre para los lectores de"
         " pantalla)")),
    "name with spaces": (
        "  - name: Monto Total\n    title: A\n    specType: simple\n    spec: {type: bar, group: comunidad}\n",
        ("formato-invalido", 15, "views.1.name", "se esperaba un nombre en minúsculas, sin espacios ni acentos (letras,"
         " números, «-», «.» y «_») y se encontró «Monto Total»")),
    "two views with one name": (
        "  - {name: a, title: A, specType: simple, spec: {type: bar, group: comunidad}}\n"
        "  - {name: a, title: B, specType: simple, spec: {type: bar, group: estatus}}\n",
        ("vista-duplicada", 16, "views.2.name", "la vista 1 ya se llama «a»; cada vista necesita su propio nombre"
         " (también nombra su archivo CSV)")),
    "five series": (
        simple("      {type: line, group: comunidad, aggregate: count,"
               " series: [estatus, monto_mxn, fecha_inicio, pagado, comunidad]}\n"),
        ("vista-demasiadas-series", 19, "views.1.spec.series", "la vista tiene 5 series y una vista simple dibuja hasta 4"
         " (cada una con su trama o su estilo de línea): divídela en varias vistas")),
    "full vega": (
        "  - {name: a, title: A, specType: vega, spec: {}}\n",
        ("valor-no-permitido", 15, "views.1.specType", "«vega» no es un valor permitido; usa uno de: simple, vega-lite."
         " ¿Quisiste decir «vega-lite»?")),
    "unknown mark": (
        vega("      mark: bars\n      encoding:\n        y: {field: monto_mxn, aggregate: sum, type: quantitative}\n"),
        ("vista-marca-desconocida", 19, "views.1.spec.mark", "«bars» no es una marca de Vega-Lite que se pueda dibujar"
         " aquí. ¿Quisiste decir «bar»? Las marcas son: arc, area, bar, circle, line, point, rect, rule, square, text,"
         " tick, trail")),
    "vega filter": (
        vega("      mark: bar\n      transform:\n        - filter: datum.monto_mxn > 100\n      encoding:\n"
             "        y: {field: monto_mxn, aggregate: sum, type: quantitative}\n"),
        ("vista-vega-no-soportada", 21, "views.1.spec.transform.1", "la transformación «filter» no se admite: la vista se"
         " calcula sobre todas las filas del archivo al validarlo, y solo puede agrupar («timeUnit») y resumir"
         " («aggregate»)")),
    "vega data": (
        vega("      data: {url: https://example.org/x.csv}\n" + BAR +
             "        y: {field: monto_mxn, aggregate: sum, type: quantitative}\n"),
        ("vista-vega-no-soportada", 19, "views.1.spec.data", "la vista toma sus datos del recurso que nombra en"
         " «resources»: quita «data»")),
    "vega layers": (
        vega("      layer: []\n"),
        ("vista-vega-no-soportada", 19, "views.1.spec.layer", "una vista dibuja una sola gráfica: escribe cada capa"
         " como otra vista")),
    "vega link in a mark": (
        vega("      mark: {type: bar, href: 'javascript:alert(1)'}\n      encoding:\n"
             "        y: {field: monto_mxn, aggregate: sum, type: quantitative}\n"),
        ("vista-vega-no-soportada", 19, "views.1.spec.mark.href", "los enlaces en las marcas («href») no se admiten: la"
         " gráfica es una imagen; pon los enlaces en la descripción del conjunto")),
    "vega without a summary": (
        vega("      mark: point\n      encoding:\n        x: {field: comunidad, type: nominal}\n"
             "        y: {field: monto_mxn, type: quantitative}\n"),
        ("vista-sin-resumen", 20, "views.1.spec.encoding", "la gráfica no resume las filas: una vista dibuja un resumen"
         " del archivo completo. Añade «aggregate» (sum, count, mean…) a la codificación de las cifras, por ejemplo"
         " «y: {field: monto, aggregate: sum, type: quantitative}»")),
    "vega sum of a text": (
        vega(BAR + "        y: {field: estatus, aggregate: sum, type: quantitative}\n"),
        ("vista-serie-no-numerica", 22, "views.1.spec.encoding.y.field", "no se puede calcular «sum» de la columna"
         " «estatus», que es de tipo texto: la suma y el promedio piden una columna de números (integer o number), el"
         " mínimo y el máximo una de números o de fechas; para contar filas usa «aggregate: count»")),
    "vega median": (
        vega(BAR + "        y: {field: monto_mxn, aggregate: median, type: quantitative}\n"),
        ("vista-agregado-desconocido", 22, "views.1.spec.encoding.y.aggregate", "«median» no es un resumen que se pueda"
         " calcular. ¿Quisiste decir «mean»? Los resúmenes son: sum (suma), count (filas), valid (valores no vacíos),"
         " mean o average (promedio), min y max")),
    "vega field not in the schema": (
        vega("      mark: bar\n      encoding:\n        x: {field: comunida, type: nominal}\n"
             "        y: {field: monto_mxn, aggregate: sum, type: quantitative}\n"),
        ("vista-campo-desconocido", 21, "views.1.spec.encoding.x.field", "«comunida» no es una columna del recurso"
         f" «obras». ¿Quisiste decir «comunidad»? Las columnas son: {COLUMNS}")),
    "vega time unit of a number": (
        vega("      mark: line\n      encoding:\n        x: {field: monto_mxn, timeUnit: year, type: temporal}\n"
             "        y: {aggregate: count, type: quantitative}\n"),
        ("vista-unidad-de-tiempo-invalida", 21, "views.1.spec.encoding.x.timeUnit", "«timeUnit: year» agrupa fechas, y"
         " la columna «monto_mxn» es de tipo número: quita «timeUnit» o usa una columna de fechas")),
}


@pytest.mark.parametrize("case", list(BAD), ids=list(BAD))
def test_a_bad_view_is_a_located_error(case, tmp_path):
    written, (code, line, field, message) = BAD[case]
    datasets, found = load(tmp_path, written)
    assert found == [(code, "error", PATH, line, field, message)]
    assert datasets == []  # nothing of the dataset is published


def test_the_lines_of_the_cases_are_where_the_views_are():
    assert DESCRIPTOR.count("\n") + 1 == VIEWS_LINE


def test_views_summarise_every_row_of_their_file(tmp_path):
    datasets, found = load(tmp_path, (
        "  - {name: monto, title: Monto por comunidad, specType: simple,"
        " spec: {type: bar, group: comunidad, series: [monto_mxn]}}\n"
        "  - {name: por-mes, title: Promedio por mes, specType: simple,"
        " spec: {type: line, group: fecha_inicio, timeUnit: yearmonth, aggregate: mean, series: [monto_mxn]}}\n"
        "  - {name: pagadas, title: Obras por pago, specType: simple, spec: {type: bar, group: pagado}}\n"))
    assert found == []
    monto, by_month, paid = datasets[0].views
    assert [c.name for c in monto.columns] == ["comunidad", "suma_monto_mxn"]
    assert monto.rows == (("Centro", "150.5"), ("La Loma", "200"))
    assert monto.source_rows == 3 and monto.resource == "obras.csv" and monto.kind == "bar"
    assert by_month.rows == (("2024-03", "100.5"), ("2024-05", "200"), ("2025-01", "50"))
    assert [c.name for c in paid.columns] == ["pagado", "registros"]
    assert paid.rows == ((False, 1), (True, 2))
    assert monto.csv_bytes == "comunidad,suma_monto_mxn\r\nCentro,150.5\r\nLa Loma,200\r\n".encode()
    assert paid.csv_bytes == b"pagado,registros\r\nfalse,1\r\ntrue,2\r\n"


def test_a_vega_lite_spec_is_summarised_in_the_pass_and_rewritten_to_read_the_summary(tmp_path):
    datasets, found = load(tmp_path, vega(
        "      mark: line\n      transform:\n        - {timeUnit: year, field: fecha_inicio, as: anio}\n"
        "        - aggregate: [{op: sum, field: monto_mxn, as: total}, {op: count, as: obras}]\n"
        "          groupby: [anio, estatus]\n      encoding:\n        x: {field: anio, type: temporal}\n"
        "        y: {field: total, type: quantitative}\n        color: {field: estatus, type: nominal}\n"))
    assert found == []
    view = datasets[0].views[0]
    assert [c.name for c in view.columns] == ["anio", "estatus", "total", "obras"]
    assert view.rows == ((2024, "concluida", "100.5", 1), (2024, "en proceso", "200", 1), (2025, "concluida", "50", 1))
    assert view.spec == {"mark": "line", "encoding": {"x": {"field": "anio", "type": "temporal"},
                                                      "y": {"field": "total", "type": "quantitative"},
                                                      "color": {"field": "estatus", "type": "nominal"}}}


def test_an_encoding_aggregate_becomes_a_column_of_the_summary(tmp_path):
    datasets, found = load(tmp_path, vega(
        "      mark: bar\n      encoding:\n        x: {field: fecha_inicio, timeUnit: year, type: ordinal}\n"
        "        y: {field: monto_mxn, aggregate: average, type: quantitative, title: Promedio}\n"))
    assert found == []
    view = datasets[0].views[0]
    assert view.rows == ((2024, "150.25"), (2025, "50"))
    assert view.spec["encoding"] == {"x": {"field": "fecha_inicio", "timeUnit": "year", "type": "ordinal"},
                                     "y": {"field": "promedio_monto_mxn", "type": "quantitative", "title": "Promedio"}}


def test_more_groups_than_a_view_can_hold_is_an_error(tmp_path, monkeypatch):
    monkeypatch.setattr(summaries, "MAX_GROUPS", 1)
    datasets, found = load(tmp_path, simple("      {type: bar, group: comunidad}\n"))
    assert found == [("vista-demasiados-grupos", "error", PATH, 18, "views.1.spec", "la vista agrupa por «comunidad» y"
                      " en «obras.csv» hay más de 1 grupos distintos: agrupa por una columna con menos valores (una"
                      " categoría, o el año o el mes de una fecha)")]
    assert datasets == []


def test_a_simple_view_with_more_groups_than_it_draws_is_a_warning(tmp_path, monkeypatch):
    monkeypatch.setattr(views, "MAX_BARS", 1)
    datasets, found = load(tmp_path, simple("      {type: bar, group: comunidad}\n"))
    assert found == [("vista-recortada", "warning", PATH, 15, "views.1", "la vista tiene 2 grupos y la gráfica dibuja"
                      " los 1 mayores; el CSV de la vista los tiene todos. Para verlos todos, agrupa por una columna"
                      " con menos valores o por año")]
    assert len(datasets[0].views[0].rows) == 2  # the CSV keeps every group


def test_a_vega_lite_view_with_more_rows_than_a_page_holds_is_an_error(tmp_path, monkeypatch):
    monkeypatch.setattr(views, "MAX_VEGA_ROWS", 1)
    datasets, found = load(tmp_path, vega(BAR + "        y: {aggregate: count, type: quantitative}\n"))
    assert found == [("vista-demasiados-grupos", "error", PATH, 15, "views.1", "la vista resume «obras.csv» en 2 filas"
                      " y una gráfica vega-lite dibuja hasta 1 en una página: agrupa por una columna con menos valores,"
                      " por año en lugar de por mes, o usa una vista simple (dibuja los mayores y publica todos en su"
                      " CSV)")]
    assert datasets == []


def test_a_view_is_summed_again_only_when_its_data_its_descriptor_or_the_engine_changes(tmp_path, monkeypatch):
    from gobabierto.datasets import cache as datacache
    from gobabierto.datasets import validate

    passes = []
    real = validate.complete
    monkeypatch.setattr(validate, "complete", lambda *args: passes.append(1) or real(*args))
    written = simple("      {type: bar, group: comunidad, series: [monto_mxn]}\n")
    folder = tmp_path / "datasets" / "obras"

    def rows() -> tuple:
        problems = Problems()
        datasets = load_datasets(tmp_path, discover_datasets(tmp_path, problems), problems)
        assert problems.items == []
        return datasets[0].views[0].rows

    assert load(tmp_path, written)[0][0].views[0].rows == (("Centro", "150.5"), ("La Loma", "200"))
    assert len(passes) == 1
    assert rows() == (("Centro", "150.5"), ("La Loma", "200")) and len(passes) == 1  # unchanged: from the cache
    (folder / "obras.csv").write_text(CSV + "La Loma,concluida,1,2025-02-02,false\n", encoding="utf-8")
    assert rows() == (("Centro", "150.5"), ("La Loma", "201")) and len(passes) == 2  # the data changed
    descriptor = folder / "datapackage.yaml"
    descriptor.write_text(descriptor.read_text(encoding="utf-8").replace("series: [monto_mxn]", "aggregate: count"),
                          encoding="utf-8")
    assert rows() == (("Centro", 2), ("La Loma", 2)) and len(passes) == 3  # the view changed
    assert rows() == (("Centro", 2), ("La Loma", 2)) and len(passes) == 3
    monkeypatch.setattr(datacache, "FORMAT", datacache.FORMAT + 1)  # what a new engine's cache entries say
    assert rows() == (("Centro", 2), ("La Loma", 2)) and len(passes) == 4


def test_an_empty_views_key_is_no_view(tmp_path):
    datasets, found = load(tmp_path, "")
    assert found == [] and datasets[0].views == ()


def test_views_are_summed_in_the_pass_that_validates_the_rows(tmp_path, monkeypatch):
    """Two views of a file the fast pass vouches for: its rows are read once, by that pass,
    and frictionless never reads them."""
    import csv

    import frictionless

    from gobabierto.datasets import fastcheck

    readers = []
    real = csv.reader
    monkeypatch.setattr(fastcheck.csv, "reader", lambda *args, **kwargs: readers.append(1) or real(*args, **kwargs))
    monkeypatch.setattr(frictionless.Resource, "validate", lambda *args, **kwargs: pytest.fail("frictionless read"))
    datasets, found = load(tmp_path, simple("      {type: bar, group: comunidad, series: [monto_mxn]}\n")
                           + "  - {name: b, title: B, specType: simple, spec: {type: line, group: fecha_inicio,"
                             " timeUnit: year}}\n")
    assert found == [] and readers == [1]
    assert [v.rows for v in datasets[0].views] == [(("Centro", "150.5"), ("La Loma", "200")), ((2024, 2), (2025, 1))]
