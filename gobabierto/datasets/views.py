"""A Data Package's `views` (https://specs.frictionlessdata.io/views/) checked against its
resources and their schemas like every other field of the descriptor, each turned into the
`Query` the validation pass computes over every row of its file.

`simple` views are the standard's `{type: bar|line, group, series}`, with two additions:
`aggregate` (sum, the default with series; count, the default without; mean, min, max) and,
for a date group, `timeUnit` (year or yearmonth). `vega-lite` views carry a Vega-Lite spec
whose aggregation (its encodings' `aggregate` and `timeUnit`, its `aggregate` and
`timeUnit` transforms) is computed here too (vegalite.py): Vega only draws the result."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from gobabierto.content.convert import Converter
from gobabierto.content.fields import Context, Field, describe
from gobabierto.core.problems import ERROR
from gobabierto.core.slugs import suggest
from gobabierto.core.sourcemap import PathKey
from gobabierto.datasets import vegalite
from gobabierto.datasets.messages import TYPE_NAMES
from gobabierto.datasets.summaries import OPS, TIME_UNITS, Group, Measure, Query, value_text

SIMPLE_TYPES = ("bar", "line")
NUMERIC = ("integer", "number")
DATED = ("date", "datetime")
UNGROUPABLE = ("object", "array", "geopoint", "geojson", "duration")
MAX_SERIES = 4   # a simple view tells its series apart by pattern and line style: four stay legible
MAX_VIEWS = 10   # per dataset: each is a chart and a table on one page

SIMPLE_FIELDS = (
    Field("type", "enum", True, "la forma de la gráfica: barras (bar) o líneas (line)", choices=SIMPLE_TYPES),
    Field("group", "text", True, "la columna cuyos valores forman los grupos (las barras, los puntos de la línea)",
          example="comunidad"),
    Field("series", "list", doc="las columnas de números que se resumen por grupo; sin ellas, se cuentan las filas",
          item=Field("series", "text"), example="[monto_mxn]"),
    Field("aggregate", "enum", doc="cómo se resume cada serie: sum (suma, si hay series), count (conteo, si no hay),"
          " mean (promedio), min o max", choices=OPS),
    Field("timeUnit", "enum", doc="para una columna de fechas: agrupar por año (year) o por mes (yearmonth)",
          choices=TIME_UNITS),
)
OP_PREFIX = {"sum": "suma", "count": "conteo", "mean": "promedio", "min": "minimo", "max": "maximo"}
ROWS_COLUMN = "registros"  # the rows of each group, in a view that counts them


@dataclass(frozen=True)
class ViewSpec:
    """A checked view: what to compute (`query`) and how to draw it."""

    index: int                # its position in `views`
    name: str
    title: str
    description: str | None
    kind: str                 # "bar" | "line" | "vega-lite"
    query: Query
    spec: dict | None = None  # vega-lite: the spec rewritten to read the summary table


def _resource(view: dict, checked: list, at: PathKey, ctx: Context) -> int | None:
    names = [entry["name"] for entry, _ in checked]
    listed = view.get("resources", ())
    if not listed:
        return 0
    if len(listed) > 1:
        ctx.error("vista-varios-recursos", f"la vista resume un solo recurso y nombra {len(listed)}: deja en"
                  f" «resources» el que resume; para otro recurso, escribe otra vista", at + ("resources",))
        return None
    wanted = listed[0]
    if isinstance(wanted, int) and not isinstance(wanted, bool) and 0 <= wanted < len(names):
        return wanted
    if isinstance(wanted, str) and wanted in names:
        return names.index(wanted)
    hint = suggest(str(wanted), names) if isinstance(wanted, str) else ""
    ctx.error("vista-recurso-desconocido", f"la vista nombra el recurso {describe(wanted)}, que el paquete no tiene."
              f"{hint} Los recursos son: {', '.join(names)}", at + ("resources", 0))
    return None


def field_types(entry: dict) -> dict[str, str]:
    """A resource's columns and their Table Schema types, in order."""
    return {f["name"]: str(f.get("type", "string")) for f in entry["schema"]["fields"]}


def unknown_column(name: Any, types: dict[str, str], resource: str, at: PathKey, ctx: Context) -> bool:
    """Record that `name` is not a column of the resource; True when it is not."""
    if isinstance(name, str) and name in types:
        return False
    hint = suggest(str(name), types) if isinstance(name, str) else ""
    ctx.error("vista-campo-desconocido", f"{describe(name)} no es una columna del recurso «{resource}».{hint} Las"
              f" columnas son: {', '.join(types)}", at)
    return True


def check_group(name: str, unit: str | None, types: dict[str, str], resource: str, at: PathKey,
                unit_at: PathKey, ctx: Context) -> bool:
    if unknown_column(name, types, resource, at, ctx):
        return False
    kind = types[name]
    if kind in UNGROUPABLE:
        ctx.error("vista-grupo-invalido", f"la columna «{name}» es de tipo {TYPE_NAMES.get(kind, kind)} y sus valores no"
                  " forman grupos: agrupa por una columna de texto, de números, de fechas o de años", at)
        return False
    if unit is not None and kind not in DATED:
        ctx.error("vista-unidad-de-tiempo-invalida", f"«timeUnit: {unit}» agrupa fechas por año o por mes, y la columna"
                  f" «{name}» es de tipo {TYPE_NAMES.get(kind, kind)}: quita «timeUnit» o agrupa por una columna de"
                  " fechas (date o datetime)", unit_at)
        return False
    return True


def check_series(name: str, types: dict[str, str], resource: str, at: PathKey, ctx: Context) -> bool:
    if unknown_column(name, types, resource, at, ctx):
        return False
    kind = types[name]
    if kind not in NUMERIC:
        ctx.error("vista-serie-no-numerica", f"la serie «{name}» es de tipo {TYPE_NAMES.get(kind, kind)}, y una serie se"
                  " suma o se promedia: elige una columna de tipo integer o number. Para contar las filas de cada"
                  " grupo, quita «series» y escribe «aggregate: count»", at)
        return False
    return True


def measure_name(op: str, field: str | None) -> str:
    """A measure's column in the summary table: "suma_monto_mxn", "registros"."""
    return f"{OP_PREFIX[op]}_{field}" if field else ROWS_COLUMN


def _simple(spec: Any, resource: int, entry: dict, at: PathKey, ctx: Context) -> Query | None:
    values = Converter(ctx).convert_mapping(spec, SIMPLE_FIELDS, at, allow_extra=False)
    if values is None or any(f.required and f.key not in values for f in SIMPLE_FIELDS):
        return None
    types, label = field_types(entry), entry["name"]
    series = list(values.get("series", ()))
    op = values.get("aggregate") or ("sum" if series else "count")
    ok = check_group(values["group"], values.get("timeUnit"), types, label, at + ("group",), at + ("timeUnit",), ctx)
    if len(series) > MAX_SERIES:
        ctx.error("vista-demasiadas-series", f"la vista tiene {len(series)} series y una vista simple dibuja hasta"
                  f" {MAX_SERIES} (cada una con su trama o su estilo de línea): divídela en varias vistas",
                  at + ("series",))
        ok = False
    for i, name in enumerate(series):
        if op == "count":
            ok = not unknown_column(name, types, label, at + ("series", i), ctx) and ok
        else:
            ok = check_series(name, types, label, at + ("series", i), ctx) and ok
    if len(set(series)) != len(series):
        ctx.error("vista-serie-repetida", "la lista «series» repite una columna; nómbrala una sola vez",
                  at + ("series",))
        ok = False
    if not ok:
        return None
    measures = tuple(Measure(op, name, measure_name(op, name)) for name in series) or (Measure("count", None,
                                                                                                ROWS_COLUMN),)
    return Query(resource, (Group(values["group"], values.get("timeUnit")),), measures)


def check_views(views: tuple, checked: list, ctx: Context) -> list[ViewSpec] | None:
    """The package's views, checked against its resources (`checked`: (entry, file) each,
    entries with their schema inline); None when any is wrong (the problems say why)."""
    if len(views) > MAX_VIEWS:
        ctx.error("vista-demasiadas", f"el paquete tiene {len(views)} vistas y una página muestra hasta {MAX_VIEWS}:"
                  " deja las que más ayudan a entender los datos", ("views",))
        return None
    mark = len(ctx.problems.items)
    found, names = [], {}
    for index, view in enumerate(views):
        at = ("views", index)
        if view["name"] in names:
            ctx.error("vista-duplicada", f"la vista {names[view['name']] + 1} ya se llama «{view['name']}»; cada vista"
                      " necesita su propio nombre (también nombra su archivo CSV)", at + ("name",))
            continue
        names[view["name"]] = index
        resource = _resource(view, checked, at, ctx)
        if resource is None:
            continue
        entry = checked[resource][0]
        if view["specType"] == "simple":
            query = _simple(view["spec"], resource, entry, at + ("spec",), ctx)
            kind, spec = (view["spec"].get("type") if isinstance(view["spec"], dict) else None), None
        else:
            analysed = vegalite.analyse(view["spec"], resource, field_types(entry), entry["name"], at + ("spec",), ctx)
            query, spec = analysed if analysed is not None else (None, None)
            kind = "vega-lite"
        if query is not None:
            found.append(ViewSpec(index, view["name"], view["title"], view.get("description"), kind, query, spec))
    if any(p.severity == ERROR for p in ctx.problems.items[mark:]):
        return None
    return found


# --- the views a dataset page draws ------------------------------------------------------

MAX_BARS = 60      # bars a simple view draws (the largest), and rows its table shows
MAX_POINTS = 120   # points a line draws (the latest): ten years by month
MAX_VEGA_ROWS = 60  # rows a vega-lite view may summarise to: Vega draws every one, and the page has a budget


@dataclass(frozen=True)
class ViewColumn:
    """A column of a view's table: a group (`op` None) or a measure of a resource's column."""

    name: str              # in the view's CSV
    field: str | None      # the resource's column it comes from (None: the rows counted)
    title: str             # that column's title in the schema, else its name
    op: str | None = None  # a measure's: sum | count | mean | min | max
    unit: str | None = None  # a group of dates by year or yearmonth
    type: str = "string"   # the resource column's Table Schema type ("integer" for counts)

    @property
    def numeric(self) -> bool:
        return self.op is not None or self.type in NUMERIC


@dataclass(frozen=True)
class View:
    """A view ready to draw: its summary table over every row of its resource."""

    index: int                       # its position in `views`, where its problems are
    name: str
    title: str
    description: str | None
    kind: str                        # "bar" | "line" | "vega-lite"
    resource: str                    # the file it summarises (its path in the dataset)
    source_rows: int                 # how many rows that file has
    columns: tuple[ViewColumn, ...]
    rows: tuple[tuple, ...]          # one per group, sorted by group; JSON values (numbers as text when decimal)
    spec: dict | None = None         # vega-lite: the spec that reads `rows`
    svg: str = ""                    # vega-lite: drawn when the site is loaded (pages/vega.py)

    @property
    def path(self) -> str:
        """Its CSV, inside /datos/<slug>/."""
        return f"vistas/{self.name}.csv"

    @cached_property
    def csv_bytes(self) -> bytes:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([c.name for c in self.columns])
        writer.writerows([[value_text(v) for v in row] for row in self.rows])
        return buffer.getvalue().encode("utf-8")


def make_view(spec: ViewSpec, entry: dict, rows: list, source_rows: int) -> View:
    """The View of a checked view and its summary table (from the validation pass)."""
    fields = {f["name"]: f for f in entry["schema"]["fields"]}

    def title(name: str | None) -> str:
        return str(fields[name].get("title") or name) if name else ""

    columns = [ViewColumn(g.column, g.field, title(g.field), unit=g.unit, type=str(fields[g.field].get("type", "string")))
               for g in spec.query.groups]
    columns += [ViewColumn(m.name, m.field, title(m.field), m.op, type="integer" if m.op == "count" else
                           str(fields[m.field].get("type", "number")) if m.field else "integer")
                for m in spec.query.measures]
    return View(spec.index, spec.name, spec.title, spec.description, spec.kind, entry["path"], source_rows,
                tuple(columns),
                tuple(tuple(row) for row in rows), spec.spec)


def check_drawn(view: View, at: PathKey, ctx: Context) -> bool:
    """What the summary says about drawing it: a simple view with more groups than it draws
    (a warning), a vega-lite view with more than Vega may draw on a page (an error)."""
    count = len(view.rows)
    if view.kind == "vega-lite" and count > MAX_VEGA_ROWS:
        ctx.error("vista-demasiados-grupos", f"la vista resume «{view.resource}» en {count:,} filas y una gráfica"
                  f" vega-lite dibuja hasta {MAX_VEGA_ROWS} en una página: agrupa por una columna con menos valores,"
                  " por año en lugar de por mes, o usa una vista simple (dibuja los mayores y publica todos en su CSV)",
                  at)
        return False
    limit = MAX_BARS if view.kind == "bar" else MAX_POINTS
    if view.kind in SIMPLE_TYPES and count > limit:
        which = "mayores" if view.kind == "bar" else "más recientes"
        ctx.warn("vista-recortada", f"la vista tiene {count:,} grupos y la gráfica dibuja los {limit} {which}; el CSV de"
                 " la vista los tiene todos. Para verlos todos, agrupa por una columna con menos valores o por año",
                 at)
    return True
