"""A dataset's views on its page: the table of each view's figures, and the chart of a
`simple` view drawn as inline SVG the way charts.py draws the commitments' (no JavaScript,
an accessible name and description, marks in `currentColor` tinted by the stylesheet,
series told apart by pattern and line style as well as by colour). `vega-lite` views are
drawn by Vega when the site is loaded (vega.py); here they only get their table.

The chart and the table come from the same `Shown` rows, so they show the same groups in
the same order with the same figures."""

from __future__ import annotations

import dataclasses
import hashlib
import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from babel.numbers import format_compact_decimal
from markupsafe import Markup, escape

from gobabierto.datasets.display import MONEY_SUFFIXES
from gobabierto.datasets.views import MAX_BARS, MAX_POINTS, View, ViewColumn
from gobabierto.pages.charts import CHAR, FONT, LINE, WIDTH, wrap
from gobabierto.pages.svgmarks import dash, fill, gridlines, label_indices, marker, number_text, pattern
from gobabierto.text import i18n
from gobabierto.text.i18n import N_, Language

ORDERED_TYPES = ("date", "datetime", "year", "yearmonth", "integer", "number")
OP_TITLES = {"sum": N_("Suma de %(column)s"), "mean": N_("Promedio de %(column)s"), "min": N_("Mínimo de %(column)s"),
             "max": N_("Máximo de %(column)s"), "count": N_("%(column)s: registros con dato")}
UNIT_TITLES = {"year": N_("%(column)s (año)"), "yearmonth": N_("%(column)s (mes)")}
BAR_HEIGHT = 14
CARD_BARS = 5       # a card shows a bar view only when it has this many groups or fewer
CARD_MAX_BYTES = 1800  # … and only a chart this light
CARD_PAGE_ITEMS = 12   # … on a listing page of this many datasets at most (a page stays under 50 KB)


def number_value(value) -> float | None:
    """A measure's JSON value (a number, or a decimal as text) as a float; None when empty."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(Decimal(value))
    except (InvalidOperation, ValueError, TypeError):
        return None


@dataclass(frozen=True)
class Row:
    groups: tuple[str, ...]          # each group column's text
    cells: tuple[str, ...]           # each measure's text
    values: tuple[float | None, ...]  # each measure as a number (None: no value)
    position: float                  # where a line puts it on its axis


@dataclass(frozen=True)
class Shown:
    """What the page shows of a view: column titles, the rows in their order (cropped to
    what the chart draws), and whether rows were left out."""

    group_titles: tuple[str, ...]
    measure_titles: tuple[str, ...]
    rows: tuple[Row, ...]
    total: int                       # rows of the view's table (the CSV)

    @property
    def cropped(self) -> bool:
        return len(self.rows) < self.total


class ViewCharts:
    """The view functions templates call, in the site's language."""

    def __init__(self, lang: Language | None = None):
        self.lang = lang or i18n.language(i18n.SOURCE)
        self._ = self.lang.gettext
        self._shown: dict[int, tuple[View, Shown]] = {}

    # -- the figures --------------------------------------------------------------------
    def column_title(self, column: ViewColumn) -> str:
        if column.op is None:
            return self._(UNIT_TITLES[column.unit], column=column.title) if column.unit else column.title
        if column.field is None:
            return self._(N_("Registros"))
        return self._(OP_TITLES[column.op], column=column.title)

    def group_text(self, value, column: ViewColumn) -> str:
        if value is None or value == "":
            return self._(N_("Sin dato"))
        if isinstance(value, bool):
            return self._(N_("Sí")) if value else self._(N_("No"))
        kind = "yearmonth" if column.unit == "yearmonth" else "year" if column.unit == "year" else column.type
        try:
            if kind == "yearmonth":
                year, month = str(value).split("-")[:2]
                return self.lang.month_year(date(int(year), int(month), 1))
            if kind == "date":
                return self.lang.date(date.fromisoformat(str(value)))
        except ValueError:
            return str(value)
        if kind in ("integer", "number"):
            try:
                return self.lang.number(Decimal(str(value)))
            except InvalidOperation:
                return str(value)
        return str(value)

    def measure_text(self, value, column: ViewColumn) -> str:
        if value is None:
            return "—"
        if column.type in ("date", "datetime") and column.op in ("min", "max"):
            return self.group_text(value, ViewColumn(column.name, column.field, column.title, type=column.type))
        number = Decimal(value) if isinstance(value, str) else value
        if column.op != "count" and column.field and column.field.lower().endswith(MONEY_SUFFIXES):
            return self.lang.money(number)  # amounts in pesos, as the preview shows them
        return self.lang.number(number)

    def shown(self, view: View) -> Shown:
        """The rows the page shows, memoised per view (the chart and the table ask both)."""
        found = self._shown.get(id(view))
        if found is not None and found[0] is view:
            return found[1]
        groups = [c for c in view.columns if c.op is None]
        measures = [c for c in view.columns if c.op is not None]
        width = len(groups)
        rows = []
        for index, raw in enumerate(view.rows):
            values = tuple(number_value(v) for v in raw[width:])
            rows.append(Row(tuple(self.group_text(v, c) for v, c in zip(raw, groups)),
                            tuple(self.measure_text(v, c) for v, c in zip(raw[width:], measures)),
                            values, _position(raw[0], groups[0], index) if groups else index))
        total = len(rows)
        if view.kind == "bar":
            if by_value(view):
                first = [(r.values[0] if r.values[0] is not None else -math.inf) for r in rows]
                rows = [r for _, r in sorted(zip(first, rows), key=lambda pair: -pair[0])]  # stable: ties by group
                rows = rows[:MAX_BARS]
            else:
                rows = rows[-MAX_BARS:]
        elif view.kind == "line":
            rows = rows[-MAX_POINTS:]
        shown = Shown(tuple(self.column_title(c) for c in groups), tuple(self.column_title(c) for c in measures),
                      tuple(rows), total)
        self._shown[id(view)] = (view, shown)
        return shown

    def caption(self, view: View) -> str:
        shown = self.shown(view)
        text = self.lang.ngettext("Calculada con la única fila de %(file)s.", "Calculada con las %(count)s filas de"
                                  " %(file)s.", view.source_rows, count=self.lang.number(view.source_rows),
                                  file=view.resource)
        if shown.cropped:
            which = (N_("La gráfica y la tabla muestran los %(shown)s grupos mayores de %(total)s; el CSV los tiene"
                        " todos.") if by_value(view) else
                     N_("La gráfica y la tabla muestran los %(shown)s grupos más recientes de %(total)s; el CSV los"
                        " tiene todos."))
            text += " " + self._(which, shown=len(shown.rows), total=self.lang.number(shown.total))
        return text

    # -- the charts ---------------------------------------------------------------------
    def chart(self, view: View, chart_id: str) -> Markup:
        """The view's chart: a simple view drawn here, a vega-lite view as Vega drew it."""
        if view.kind == "vega-lite":
            return Markup(view.svg.replace("__ID__", escape(chart_id)))
        shown = self.shown(view)
        if view.kind == "line":
            return self._line(view, shown, chart_id, 200)
        return self._bars(view, shown, chart_id)

    def card(self, view: View, name: str, cards: int) -> Markup:
        """A small chart of the view for the dataset's card (a line, or the first CARD_BARS
        bars), or "" when it does not fit: a vega-lite view, a chart over CARD_MAX_BYTES, a
        listing of more than CARD_PAGE_ITEMS `cards`. `name` is made into a short id."""
        shown = self.shown(view)
        if view.kind == "vega-lite" or not shown.rows or cards > CARD_PAGE_ITEMS:
            return Markup("")
        chart_id = "t" + hashlib.blake2b(name.encode("utf-8"), digest_size=4).hexdigest()
        if view.kind == "line":
            drawn = self._line(view, shown, chart_id, 90, compact=True)
        else:
            rows = shown.rows[:CARD_BARS] if by_value(view) else shown.rows[-CARD_BARS:]
            drawn = self._bars(view, dataclasses.replace(shown, rows=rows), chart_id)
        return drawn if len(drawn.encode("utf-8")) <= CARD_MAX_BYTES else Markup("")

    def card_caption(self, view: View) -> str:
        shown = self.shown(view)
        if view.kind == "bar" and len(shown.rows) > CARD_BARS:
            which = N_("%(title)s: los %(shown)s mayores de %(total)s") if by_value(view) else \
                N_("%(title)s: los %(shown)s más recientes de %(total)s")
            return self._(which, title=view.title, shown=CARD_BARS, total=self.lang.number(shown.total))
        return view.title

    def _svg(self, view: View, chart_id: str, css: str, height: float, desc: str, body: list[str]) -> Markup:
        head = (f'<svg class="grafica grafica-vista {css}" id="{chart_id}" role="img" viewBox="0 0 {WIDTH} {number_text(height)}"'
                f' width="{WIDTH}" height="{number_text(height)}" font-size="{FONT}" aria-labelledby="{chart_id}-t"'
                f' aria-describedby="{chart_id}-d" xmlns="http://www.w3.org/2000/svg">'
                f'<title id="{chart_id}-t">{escape(view.title)}</title><desc id="{chart_id}-d">{escape(desc)}</desc>')
        return Markup(head + "".join(body) + "</svg>")

    def _legend(self, shown: Shown, chart_id: str, line: bool) -> tuple[list[str], float]:
        """The series' names with their pattern or line and marker, above the chart (only
        when there are several)."""
        if len(shown.measure_titles) < 2:
            return [], 0.0
        body, y = [], 0.0
        for series, title in enumerate(shown.measure_titles):
            y += LINE + 4
            if line:
                body.append(f'<g class="g-serie-{series}"><path d="M0 {number_text(y - 5)}h28" stroke="currentColor"'
                            f' stroke-width="2.5"{dash(series)}/><g class="g-marca" fill="currentColor">'
                            f'{marker(series, 14, y - 5)}</g></g>')
            else:
                body.append(f'<rect class="g-barra g-serie-{series}" x="1" y="{number_text(y - 14)}" width="26" height="13"'
                            f' fill="{fill(chart_id, series)}" stroke="currentColor"/>')
            body.append(f'<text x="36" y="{number_text(y)}">{escape(title)}</text>')
        return body, y + 10

    def _bars(self, view: View, shown: Shown, chart_id: str) -> Markup:
        """One horizontal bar per group and series, the group's name above, the figure at the
        right in a column of its own; bars start at zero (negative ones go left of it).
        Elements of a kind share a group that carries their common attributes (a 60-bar
        chart is a tenth of a page's weight)."""
        series = len(shown.measure_titles)
        values = [v for r in shown.rows for v in r.values if v is not None]
        low, high = min([0.0] + values), max([0.0] + values)
        span = (high - low) or 1.0
        figure_width = max((len(c) for r in shown.rows for c in r.cells), default=1) * CHAR + 10
        track = max(WIDTH - figure_width, WIDTH / 2)
        zero = track * (0 - low) / span
        body, y = self._legend(shown, chart_id, line=False)
        if series > 1:
            body.insert(0, "<defs>" + "".join(pattern(chart_id, s) for s in range(1, series)) + "</defs>")
        labels: list[str] = []
        bars: list[list[str]] = [[] for _ in range(series)]
        figures: list[str] = []
        for row in shown.rows:
            for line in wrap(row.groups[0] if row.groups else "", WIDTH, 2):
                y += LINE
                labels.append(f'<text y="{number_text(y - 4)}">{escape(line)}</text>')
            y += 2
            for s, (value, text) in enumerate(zip(row.values, row.cells)):
                size = track * abs(value or 0) / span
                x = zero if (value or 0) >= 0 else zero - size
                at = f' x="{number_text(x)}"' if x else ""
                bars[s].append(f'<rect{at} y="{number_text(y)}" width="{number_text(size)}" height="{BAR_HEIGHT}"/>')
                figures.append(f'<text y="{number_text(y + 11.5)}">{escape(text)}</text>')
                y += BAR_HEIGHT + 3
            y += 9
        body.append('<g class="g-etiqueta">' + "".join(labels) + "</g>")
        for s, drawn in enumerate(bars):
            outline = ' stroke="currentColor"' if s else ""
            body.append(f'<g class="g-barra g-serie-{s}" fill="{fill(chart_id, s)}"{outline}>' + "".join(drawn) + "</g>")
        body.append(f'<g class="g-cifra" text-anchor="end" transform="translate({WIDTH})">' + "".join(figures) + "</g>")
        if low < 0:
            body.append(f'<path class="g-eje" d="M{number_text(zero)} 0V{number_text(y)}" stroke="currentColor"/>')
        return self._svg(view, chart_id, "grafica-barras", max(y - 6, 1), self.describe(view, shown), body)

    def _line(self, view: View, shown: Shown, chart_id: str, plot_height: float, compact: bool = False) -> Markup:
        """The groups along the horizontal axis (dates at their date), each series a line with
        its markers; the vertical axis from zero (or the lowest value) with four gridlines."""
        series = len(shown.measure_titles)
        body, top = ([], 8.0) if compact else self._legend(shown, chart_id, line=True)
        top = max(top + 8, 12.0)
        values = [v for r in shown.rows for v in r.values if v is not None]
        whole = all(c.type == "integer" and c.op in ("sum", "count", "min", "max") for c in view.columns if c.op)
        ticks = gridlines(min([0.0] + values), max([0.0] + values), whole)
        low, high = ticks[0], ticks[-1]
        labels = [self._compact(t) for t in ticks]
        left = 2.0 if compact else max(len(label) for label in labels) * CHAR + 8
        right = WIDTH - (6 if compact else 12)
        bottom = top + plot_height
        positions = [r.position for r in shown.rows]
        first, last = min(positions, default=0), max(positions, default=0)

        def x_of(position: float) -> float:
            return (left + right) / 2 if last == first else left + (right - left) * (position - first) / (last - first)

        def y_of(value: float) -> float:
            return bottom - plot_height * (value - low) / ((high - low) or 1)

        if not compact:
            for tick, label in zip(ticks, labels):
                body.append(f'<path class="g-pista" d="M{number_text(left)} {number_text(y_of(tick))}H{number_text(right)}" stroke="currentColor"'
                            f' stroke-width="{1.5 if tick == 0 else 0.6}"/>')
                body.append(f'<text class="g-tenue" x="{number_text(left - 6)}" y="{number_text(y_of(tick) + 5)}" text-anchor="end">'
                            f'{escape(label)}</text>')
            texts = [self._axis_label(view, r) for r in shown.rows]
            half = max(len(t) for t in texts) * CHAR / 2
            centres = [min(max(x_of(r.position), half), WIDTH - half) for r in shown.rows]  # inside the chart
            for index in label_indices(centres, 2 * half + 8):
                body.append(f'<text class="g-tenue" x="{number_text(centres[index])}" y="{number_text(bottom + 20)}"'
                            f' text-anchor="middle">{escape(texts[index])}</text>')
        for s in range(series):
            points = [(x_of(r.position), y_of(r.values[s])) for r in shown.rows if r.values[s] is not None]
            if len(points) > 1:
                path = "M" + "L".join(f"{number_text(x)} {number_text(y)}" for x, y in points)
                body.append(f'<path class="g-linea g-serie-{s}" d="{path}" fill="none" stroke="currentColor"'
                            f' stroke-width="2.5" stroke-linejoin="round"{dash(s)}/>')
            shown_points = points if not compact and len(points) <= 40 else points if len(points) == 1 else []
            if shown_points:
                body.append(f'<g class="g-marca g-serie-{s}" fill="currentColor">'
                            + "".join(marker(s, x, y) for x, y in shown_points) + "</g>")
        height = bottom + (4 if compact else 28)
        return self._svg(view, chart_id, "grafica-lineas", height, self.describe(view, shown), body)

    def _axis_label(self, view: View, row: Row) -> str:
        group = next(c for c in view.columns if c.op is None)
        if group.unit == "yearmonth" or group.type == "yearmonth":
            year, month = divmod(int(row.position), 12)
            return self.lang.short_month(date(year, month + 1, 1))
        return row.groups[0]

    def _compact(self, value: float) -> str:
        if abs(value) < 10_000:
            return self.lang.number(value)
        return format_compact_decimal(value, locale=self.lang.locale, fraction_digits=1)

    def describe(self, view: View, shown: Shown) -> str:
        """The chart in words: every figure when there are few; else how many, and the ends."""
        rows = shown.rows
        if not rows:
            return self._(N_("La vista no tiene filas."))
        parts = []
        for s, title in enumerate(shown.measure_titles):
            if len(rows) <= 12:
                listed = "; ".join(f"{', '.join(r.groups)}, {r.cells[s]}" for r in rows)
                parts.append(f"{title}: {listed}.")
                continue
            present = [r for r in rows if r.values[s] is not None]
            if not present:
                continue
            top = max(present, key=lambda r: r.values[s])
            bottom = min(present, key=lambda r: r.values[s])
            parts.append(self._(N_("%(title)s: el mayor, %(top)s con %(top_value)s; el menor, %(bottom)s con"
                                   " %(bottom_value)s."), title=title, top=", ".join(top.groups), top_value=top.cells[s],
                                bottom=", ".join(bottom.groups), bottom_value=bottom.cells[s]))
        mark = view.kind if view.kind != "vega-lite" else _vega_mark(view.spec)
        kind = self._(KIND_WORDS.get(mark, N_("Gráfica")))
        intro = self.lang.ngettext("%(kind)s de %(num)s grupo.", "%(kind)s de %(num)s grupos.", len(rows), kind=kind)
        if len(rows) > 12 and mark == "line":
            intro += " " + self._(N_("De %(first)s a %(last)s."), first=rows[0].groups[0], last=rows[-1].groups[0])
        return " ".join([intro, *parts, self._(N_("La tabla de la vista tiene las mismas cifras."))])


KIND_WORDS = {"bar": N_("Gráfica de barras"), "line": N_("Gráfica de líneas"), "area": N_("Gráfica de áreas"),
              "arc": N_("Gráfica circular"), "point": N_("Gráfica de puntos"), "circle": N_("Gráfica de puntos"),
              "square": N_("Gráfica de puntos")}


def _vega_mark(spec: dict | None) -> str:
    mark = (spec or {}).get("mark")
    return str(mark.get("type") if isinstance(mark, dict) else mark)


def by_value(view: View) -> bool:
    """Whether a view's bars go from the largest to the smallest (groups of text), rather
    than in the groups' own order (dates, years, numbers)."""
    group = next((c for c in view.columns if c.op is None), None)
    return view.kind == "bar" and group is not None and not (group.unit or group.type in ORDERED_TYPES)


def _position(value, column: ViewColumn, index: int) -> float:
    """Where a group sits on a line's axis: a date at its date, a number at its value, text
    at its place."""
    if value is None:
        return float(index)
    try:
        if column.unit == "yearmonth" or column.type == "yearmonth":
            year, month = str(value).split("-")[:2]
            return int(year) * 12 + int(month) - 1
        if column.unit == "year" or column.type == "year":
            return float(value)
        if column.type in ("date", "datetime"):
            return float(date.fromisoformat(str(value)[:10]).toordinal())
        if column.type in ("integer", "number"):
            return float(Decimal(str(value)))
    except (ValueError, InvalidOperation):
        pass
    return float(index)
