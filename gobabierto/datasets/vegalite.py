"""A `vega-lite` view's spec read for what it summarises, so that the summary is computed
over every row in the validation pass and Vega only draws the result (aggregating a
million rows inside Vega takes seconds and gigabytes; its summary, milliseconds).

Supported: one chart (a `mark` and its `encoding`), whose encodings aggregate (`aggregate`:
sum, count, valid, mean/average, min, max) or group (a field as it is, or a date by
`timeUnit` year or yearmonth), or whose `transform` is `timeUnit` steps followed by one
`aggregate` step. The rest of Vega-Lite (layers, facets, filters, bins, interaction) would
need the rows themselves, and is refused with a located message that says so. The spec is
rewritten to read the summary table: each aggregated field becomes its column, and the
transforms go."""

from __future__ import annotations

import copy
from typing import Any

from gobabierto.content.fields import Context, describe
from gobabierto.core.slugs import suggest
from gobabierto.core.sourcemap import PathKey
from gobabierto.datasets.messages import TYPE_NAMES
from gobabierto.datasets.summaries import Group, Measure, Query

MARKS = ("arc", "area", "bar", "circle", "line", "point", "rect", "rule", "square", "text", "tick", "trail")
CHANNELS = ("x", "y", "x2", "y2", "xOffset", "yOffset", "color", "fill", "stroke", "opacity", "fillOpacity",
            "strokeOpacity", "strokeWidth", "strokeDash", "size", "shape", "text", "theta", "theta2", "radius",
            "radius2", "order", "detail", "tooltip", "description")
# Vega-Lite aggregate → what the pass computes (Vega's count counts rows; valid, the values).
OPS = {"sum": "sum", "count": "count", "valid": "valid", "mean": "mean", "average": "mean", "min": "min",
       "max": "max"}
TIME_UNITS = {"year": "year", "utcyear": "year", "yearmonth": "yearmonth", "utcyearmonth": "yearmonth",
              "yearmonthdate": None, "utcyearmonthdate": None}
TOP_LEVEL = ("$schema", "title", "description", "mark", "encoding", "transform", "width", "height", "name",
             "usermeta")
REFUSED = {  # top-level keys with a reason
    "data": "la vista toma sus datos del recurso que nombra en «resources»: quita «data»",
    "datasets": "la vista toma sus datos del recurso que nombra en «resources»: quita «datasets»",
    "layer": "una vista dibuja una sola gráfica: escribe cada capa como otra vista",
    "concat": "una vista dibuja una sola gráfica: escribe cada parte como otra vista",
    "hconcat": "una vista dibuja una sola gráfica: escribe cada parte como otra vista",
    "vconcat": "una vista dibuja una sola gráfica: escribe cada parte como otra vista",
    "facet": "una vista dibuja una sola gráfica: escribe una vista por cada parte",
    "repeat": "una vista dibuja una sola gráfica: escribe una vista por cada columna",
    "params": "la gráfica se dibuja fija, sin interacción: quita «params»",
    "config": "los colores y las letras salen del tema del sitio, para que la gráfica se lea igual en modo oscuro e"
              " impresa: quita «config»",
    "background": "el fondo sale del tema del sitio: quita «background»",
    "autosize": "el tamaño lo fija la página, para que la gráfica quepa en un teléfono: quita «autosize»",
    "padding": "el tamaño lo fija la página, para que la gráfica quepa en un teléfono: quita «padding»",
    "projection": "los mapas no se admiten en las vistas",
}
REFUSED_IN_CHANNEL = {
    "bin": "agrupar en intervalos («bin») no se admite: agrupa por una columna o por año o mes («timeUnit»)",
    "condition": "las condiciones («condition») no se admiten: la gráfica se dibuja fija",
    "impute": "«impute» no se admite",
}
COMPOSITIONS = ("layer", "concat", "hconcat", "vconcat", "facet", "repeat")
NUMERIC = ("integer", "number")
ORDERED = NUMERIC + ("date", "datetime", "year", "yearmonth")


def _unsupported(ctx: Context, message: str, at: PathKey) -> None:
    ctx.error("vista-vega-no-soportada", message, at)


class _Reading:
    """What one spec groups by and measures, found channel by channel."""

    def __init__(self, resource: int, types: dict[str, str], label: str, ctx: Context):
        self.resource, self.types, self.label, self.ctx = resource, types, label, ctx
        self.groups: dict[str, Group] = {}       # column → group
        self.measures: dict[str, Measure] = {}   # column → measure
        self.derived: dict[str, Group] = {}      # timeUnit transform's `as` → its group
        self.after_aggregate: set[str] | None = None  # the aggregate transform's output columns
        self.ok = True

    def error(self, code: str, message: str, at: PathKey) -> None:
        self.ctx.error(code, message, at)
        self.ok = False

    def column(self, name: Any, at: PathKey) -> str | None:
        """A column of the resource, or None (recorded)."""
        if isinstance(name, str) and name in self.types:
            return name
        hint = suggest(str(name), self.types) if isinstance(name, str) else ""
        self.error("vista-campo-desconocido", f"{describe(name)} no es una columna del recurso «{self.label}».{hint}"
                  f" Las columnas son: {', '.join(self.types)}", at)
        return None

    def unit(self, value: Any, name: str, at: PathKey) -> tuple[bool, str | None]:
        unit = value.get("unit") if isinstance(value, dict) else value
        if not isinstance(unit, str) or unit not in TIME_UNITS:
            self.error("vista-unidad-de-tiempo-invalida", f"{describe(unit)} no es una unidad de tiempo que se pueda"
                      " calcular: usa «year» (por año) o «yearmonth» (por mes de cada año)", at)
            return False, None
        kind = self.types.get(name)
        if kind not in ("date", "datetime") or (TIME_UNITS[unit] is None and kind != "date"):
            self.error("vista-unidad-de-tiempo-invalida", f"«timeUnit: {unit}» agrupa fechas, y la columna «{name}» es de"
                      f" tipo {TYPE_NAMES.get(kind, kind)}: quita «timeUnit» o usa una columna de fechas", at)
            return False, None
        return True, TIME_UNITS[unit]

    def measure(self, op: Any, field: Any, at: PathKey, field_at: PathKey, name: str | None = None) -> str | None:
        if not isinstance(op, str) or op not in OPS:
            hint = suggest(str(op), OPS) if isinstance(op, str) else ""
            self.error("vista-agregado-desconocido", f"{describe(op)} no es un resumen que se pueda calcular.{hint}"
                      " Los resúmenes son: sum (suma), count (filas), valid (valores no vacíos), mean o average"
                      " (promedio), min y max", at)
            return None
        kind = OPS[op]
        if kind == "count":
            measure = Measure("count", None, name or "registros")
        else:
            column = self.column(field, field_at)
            if column is None:
                return None
            allowed = NUMERIC if kind in ("sum", "mean") else ORDERED if kind in ("min", "max") else tuple(self.types.values())
            if self.types[column] not in allowed:
                self.error("vista-serie-no-numerica", f"no se puede calcular «{op}» de la columna «{column}», que es de"
                           f" tipo {TYPE_NAMES.get(self.types[column], self.types[column])}: la suma y el promedio piden"
                           " una columna de números (integer o number), el mínimo y el máximo una de números o de"
                           " fechas; para contar filas usa «aggregate: count»", field_at)
                return None
            op_name = "count" if kind == "valid" else kind
            prefix = {"sum": "suma", "count": "conteo", "mean": "promedio", "min": "minimo", "max": "maximo"}[op_name]
            measure = Measure(op_name, column, name or f"{prefix}_{column}")
        self.measures[measure.name] = measure
        return measure.name

    def group(self, field: Any, unit_value: Any, at: PathKey, unit_at: PathKey) -> str | None:
        if isinstance(field, str) and field in self.derived and unit_value is None:
            group = self.derived[field]
            self.groups[group.column] = group
            return group.column
        column = self.column(field, at)
        if column is None:
            return None
        unit = None
        if unit_value is not None:
            ok, unit = self.unit(unit_value, column, unit_at)
            if not ok:
                return None
        if self.types[column] in ("object", "array", "geopoint", "geojson", "duration"):
            self.error("vista-grupo-invalido", f"la columna «{column}» es de tipo"
                      f" {TYPE_NAMES.get(self.types[column], self.types[column])} y sus valores no forman grupos", at)
            return None
        self.groups[column] = Group(column, unit)
        return column


def _channel(reading: _Reading, definition: Any, at: PathKey) -> Any:
    """A channel's definition rewritten to read the summary table (recording what it needs)."""
    if isinstance(definition, list):
        return [_channel(reading, item, at + (i,)) for i, item in enumerate(definition)]
    if not isinstance(definition, dict):
        return definition
    for key, why in REFUSED_IN_CHANNEL.items():
        if key in definition:
            _unsupported(reading.ctx, why, at + (key,))
            reading.ok = False
            return definition
    sort = definition.get("sort")
    if isinstance(sort, dict) and ("op" in sort or "field" in sort):
        _unsupported(reading.ctx, "ordenar por el resumen de otra columna no se admite: ordena por un eje, por ejemplo"
                                  " «sort: -x» (de mayor a menor)", at + ("sort",))
        reading.ok = False
    if "field" not in definition:
        if definition.get("aggregate") == "count":  # {aggregate: count} alone counts the rows
            out = {k: v for k, v in definition.items() if k != "aggregate"}
            out["field"] = reading.measure("count", None, at + ("aggregate",), at)
            return out
        return definition
    field = definition["field"]
    out = dict(definition)
    if isinstance(field, dict):
        _unsupported(reading.ctx, "el campo debe ser el nombre de una columna", at + ("field",))
        reading.ok = False
        return definition
    if "aggregate" in definition:
        if reading.after_aggregate is not None:
            _unsupported(reading.ctx, "la gráfica ya resume sus filas con la transformación «aggregate»: quita este"
                                      " «aggregate»", at + ("aggregate",))
            reading.ok = False
            return definition
        name = reading.measure(definition["aggregate"], None if field == "*" else field, at + ("aggregate",),
                               at + ("field",))
        out.pop("aggregate")
        out["field"] = _escaped(name) if name else field
        return out
    if reading.after_aggregate is not None:
        if field not in reading.after_aggregate:
            reading.error("vista-campo-desconocido", f"{describe(field)} no es una columna que resulte de la"
                         f" transformación «aggregate».{suggest(str(field), reading.after_aggregate)} Son:"
                         f" {', '.join(sorted(reading.after_aggregate))}", at + ("field",))
        elif "timeUnit" in definition:
            _unsupported(reading.ctx, "después de «aggregate», agrupa por año o mes en una transformación «timeUnit»"
                                      " antes de ella", at + ("timeUnit",))
            reading.ok = False
        out["field"] = _escaped(field)
        return out
    name = reading.group(field, definition.get("timeUnit"), at + ("field",), at + ("timeUnit",))
    if name is not None:
        out["field"] = _escaped(name)
    return out


def _escaped(name: str) -> str:
    """A column name as a Vega field (dots and brackets would otherwise reach into objects)."""
    return name.replace("\\", "\\\\").replace(".", "\\.").replace("[", "\\[").replace("]", "\\]")


def _transforms(reading: _Reading, transforms: Any, at: PathKey) -> None:
    if not isinstance(transforms, list):
        reading.error("tipo-invalido", f"«transform» es una lista de pasos y se encontró {describe(transforms)}", at)
        return
    for i, step in enumerate(transforms):
        where = at + (i,)
        if reading.after_aggregate is not None:
            _unsupported(reading.ctx, "después de «aggregate» no se admiten más pasos: la gráfica dibuja el resumen",
                         where)
            reading.ok = False
            return
        if isinstance(step, dict) and "timeUnit" in step and set(step) <= {"timeUnit", "field", "as"}:
            column = reading.column(step.get("field"), where + ("field",))
            if column is None:
                continue
            ok, unit = reading.unit(step["timeUnit"], column, where + ("timeUnit",))
            name = step.get("as")
            if not isinstance(name, str) or not name:
                reading.error("campo-requerido", "el paso «timeUnit» necesita «as»: el nombre de la columna que crea",
                             where)
            elif ok:
                reading.derived[name] = Group(column, unit, name)
        elif isinstance(step, dict) and "aggregate" in step and set(step) <= {"aggregate", "groupby"}:
            outputs: set[str] = set()
            groupby = step.get("groupby", [])
            for j, field in enumerate(groupby if isinstance(groupby, list) else [groupby]):
                name = reading.group(field, None, where + ("groupby", j), where + ("groupby", j))
                outputs.add(name or str(field))
            items = step["aggregate"] if isinstance(step["aggregate"], list) else []
            if not items:
                reading.error("tipo-invalido", "«aggregate» es una lista de resúmenes con op, field y as", where +
                             ("aggregate",))
            for j, item in enumerate(items):
                spot = where + ("aggregate", j)
                if not isinstance(item, dict) or not isinstance(item.get("as"), str):
                    reading.error("campo-requerido", "cada resumen necesita «op», «field» y «as» (el nombre de la columna"
                                 " que crea)", spot)
                    continue
                field = item.get("field")
                name = reading.measure(item.get("op"), None if field in (None, "*") else field, spot + ("op",),
                                       spot + ("field",), item["as"])
                outputs.add(name or item["as"])
            reading.after_aggregate = outputs
        else:
            kind = next(iter(step), "?") if isinstance(step, dict) and step else "?"
            _unsupported(reading.ctx, f"la transformación «{kind}» no se admite: la vista se calcula sobre todas las"
                         " filas del archivo al validarlo, y solo puede agrupar («timeUnit») y resumir («aggregate»)",
                         where)
            reading.ok = False


def analyse(spec: Any, resource: int, types: dict[str, str], label: str, at: PathKey,
            ctx: Context) -> tuple[Query, dict] | None:
    """(the query, the spec rewritten to read its table), or None (the problems say why)."""
    if not isinstance(spec, dict):
        ctx.error("tipo-invalido", f"«spec» es una especificación de Vega-Lite (un grupo con mark y encoding) y se"
                  f" encontró {describe(spec)}", at)
        return None
    reading = _Reading(resource, types, label, ctx)
    for key in spec:
        if key in REFUSED:
            _unsupported(ctx, REFUSED[key], at + (key,))
            reading.ok = False
            if key in COMPOSITIONS:
                return None  # not one chart: its mark and encoding are not where they are looked for
        elif key not in TOP_LEVEL:
            reading.error("campo-desconocido", f"«{key}» no es una propiedad de una gráfica de Vega-Lite que se pueda"
                         f" usar aquí.{suggest(key, TOP_LEVEL)} Son: {', '.join(TOP_LEVEL)}", at + (key,))
    mark = spec.get("mark")
    kind = mark.get("type") if isinstance(mark, dict) else mark
    for key in ("href", "url"):
        if isinstance(mark, dict) and key in mark:
            _unsupported(ctx, f"los enlaces en las marcas («{key}») no se admiten: la gráfica es una imagen; pon los"
                              " enlaces en la descripción del conjunto", at + ("mark", key))
            reading.ok = False
    if kind not in MARKS:
        where = at + (("mark", "type") if isinstance(mark, dict) else ("mark",))
        reading.error("vista-marca-desconocida", f"{describe(kind)} no es una marca de Vega-Lite que se pueda dibujar"
                     f" aquí.{suggest(str(kind), MARKS)} Las marcas son: {', '.join(MARKS)}", where)
    for key in ("width", "height"):
        if key in spec and (isinstance(spec[key], bool) or not isinstance(spec[key], (int, float))
                            or not 20 <= spec[key] <= 2000):
            reading.error("tipo-invalido", f"«{key}» es un número de píxeles entre 20 y 2000", at + (key,))
    if "transform" in spec:
        _transforms(reading, spec["transform"], at + ("transform",))
    encoding = spec.get("encoding")
    rewritten: dict[str, Any] = {}
    if not isinstance(encoding, dict) or not encoding:
        reading.error("campo-requerido", "la gráfica necesita «encoding»: qué columna va en cada eje (x, y…)", at)
    else:
        for channel, definition in encoding.items():
            if channel not in CHANNELS:
                why = ("una vista dibuja una sola gráfica: escribe una vista por cada parte"
                       if channel in ("row", "column", "facet") else "este canal no se puede usar en una gráfica fija")
                _unsupported(ctx, f"el canal «{channel}» no se admite: {why}", at + ("encoding", channel))
                reading.ok = False
                continue
            rewritten[channel] = _channel(reading, definition, at + ("encoding", channel))
    if not reading.ok:
        return None
    if not reading.measures:
        ctx.error("vista-sin-resumen", "la gráfica no resume las filas: una vista dibuja un resumen del archivo"
                  " completo. Añade «aggregate» (sum, count, mean…) a la codificación de las cifras, por ejemplo"
                  " «y: {field: monto, aggregate: sum, type: quantitative}»", at + ("encoding",))
        return None
    drawn = {key: copy.deepcopy(value) for key, value in spec.items()
             if key in ("mark", "height", "name", "usermeta")}
    drawn["encoding"] = rewritten
    query = Query(resource, tuple(reading.groups.values()), tuple(reading.measures.values()))
    return query, drawn
