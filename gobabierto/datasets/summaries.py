"""The summaries a dataset's views draw: sums, counts, means, minimums and maximums by a
group, computed over every row of a file in the same pass that validates it (fastcheck.py
or frictionless, validate.py), with bounded memory: one running total per group and
measure, never the rows.

A `Query` says what to compute (views.py makes one per view); a `Summary` takes the typed
values of each valid row and gives the table: one row per group, sorted by group, as JSON
values (what the validation cache stores and the view's CSV download holds)."""

from __future__ import annotations

import decimal
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, Callable

OPS = ("sum", "count", "mean", "min", "max")
TIME_UNITS = ("year", "yearmonth")
# Distinct groups a view may have: its table is a page's table and a small CSV, and the
# pass keeps one running total per group in memory.
MAX_GROUPS = 5_000
MEAN_PLACES = Decimal("0.000001")  # means are rounded to six decimals
_WIDE = decimal.Context(prec=60)    # room for any sum of a file's amounts before rounding


@dataclass(frozen=True)
class Group:
    """A column the rows are grouped by: a field, by its value or (dates) by year or month."""

    field: str
    unit: str | None = None   # None | "year" | "yearmonth"
    name: str = ""            # its column in the summary table ("" → the field's name)

    @property
    def column(self) -> str:
        return self.name or self.field


@dataclass(frozen=True)
class Measure:
    """One figure per group: `op` of a field's values (nulls left out), or the group's rows
    (`count` without a field)."""

    op: str                   # one of OPS
    field: str | None         # None: count the rows
    name: str                 # its column in the summary table


@dataclass(frozen=True)
class Query:
    resource: int             # the resource's position in the descriptor
    groups: tuple[Group, ...]
    measures: tuple[Measure, ...]

    @property
    def fields(self) -> tuple[str, ...]:
        """The fields whose values the pass must hand over, each once."""
        names = [g.field for g in self.groups] + [m.field for m in self.measures if m.field]
        return tuple(dict.fromkeys(names))

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(g.column for g in self.groups) + tuple(m.name for m in self.measures)

    def to_json(self) -> dict:
        return {"resource": self.resource, "groups": [[g.field, g.unit, g.name] for g in self.groups],
                "measures": [[m.op, m.field, m.name] for m in self.measures]}


def _bucket(unit: str | None) -> Callable[[Any], Any]:
    if unit == "year":
        return lambda value: value if value is None else value.year
    if unit == "yearmonth":
        return lambda value: value if value is None else (value.year, value.month)
    return lambda value: value


class Summary:
    """The running totals of one query. `feed(values)` takes one valid row's typed values
    (None for an empty cell) in the order of `fields`; `table()` gives the result."""

    def __init__(self, query: Query, fields: tuple[str, ...]):
        self.query = query
        self.overflow = False
        position = {name: i for i, name in enumerate(fields)}
        keys = [(position[g.field], _bucket(g.unit), g.unit is None) for g in query.groups]
        self._rows: dict = {}
        # one dict per measure, group → what it keeps: count → n; sum → total; mean → [total, n]; min/max → value
        self._totals: list[dict] = [{} for _ in query.measures]
        updates = [_updater(m.op, position[m.field], totals)
                   for m, totals in zip(query.measures, self._totals) if m.field]
        rows = self._rows
        limit = MAX_GROUPS
        single = keys[0] if len(keys) == 1 else None

        def feed(values) -> None:
            if self.overflow:
                return
            if single is not None:
                slot, bucket, plain = single
                key = values[slot] if plain else bucket(values[slot])
            else:
                key = tuple(values[slot] if plain else bucket(values[slot]) for slot, bucket, plain in keys)
            seen = rows.get(key)
            if seen is None:
                if len(rows) >= limit:
                    self.overflow = True
                    rows.clear()
                    for totals in self._totals:
                        totals.clear()
                    return
                rows[key] = 1
            else:
                rows[key] = seen + 1
            for update in updates:
                update(key, values)

        self.feed = feed

    def table(self) -> dict:
        """{"rows": [[group…, measure…], …] sorted by group (empty groups last), "overflow"}."""
        if self.overflow:
            return {"rows": [], "overflow": True}
        rows = []
        grouped = len(self.query.groups) > 1
        for key in sorted(self._rows, key=_group_order if not grouped else _groups_order):
            cells = [_json_group(part) for part in (key if grouped else (key,))]
            for measure, totals in zip(self.query.measures, self._totals):
                cells.append(_json_measure(measure, key, totals, self._rows[key]))
            rows.append(cells)
        return {"rows": rows, "overflow": False}


def _updater(op: str, slot: int, totals: dict) -> Callable[[Any, Any], None]:
    """The update of one measure's running total by one row. Empty cells and NaN (which
    frictionless reads as a number) are left out, as pandas and Vega leave them out."""
    get = totals.get
    if op == "sum":
        def update(key, values) -> None:
            value = values[slot]
            if value is not None and value == value:
                totals[key] = get(key, 0) + value
    elif op == "count":
        def update(key, values) -> None:
            value = values[slot]
            if value is not None and value == value:
                totals[key] = get(key, 0) + 1
    elif op == "mean":
        def update(key, values) -> None:
            value = values[slot]
            if value is not None and value == value:
                running = get(key)
                if running is None:
                    totals[key] = [value, 1]
                else:
                    running[0] += value
                    running[1] += 1
    else:
        smaller = op == "min"

        def update(key, values) -> None:
            value = values[slot]
            if value is not None and value == value:
                current = get(key)
                if current is None or (value < current if smaller else value > current):
                    totals[key] = value
    return update


def _group_order(value) -> tuple:
    return (1, 0) if value is None else (0, value)


def _groups_order(key: tuple) -> tuple:
    return tuple(_group_order(part) for part in key)


def _json_group(value) -> Any:
    """A group's value as JSON: text, a number, true/false, an ISO date, "2024-03"; null when empty."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, tuple):  # (year, month)
        return f"{value[0]:04d}-{value[1]:02d}"
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, float):
        return value
    if hasattr(value, "year") and hasattr(value, "month"):  # frictionless' yearmonth
        return f"{value.year:04d}-{value.month:02d}"
    return str(value)


def _json_number(value) -> Any:
    if value is None or isinstance(value, (int, float)):
        return value
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)  # pragma: no cover - a measure is of a number column


def _json_measure(measure: Measure, key, totals: dict, rows: int) -> Any:
    if measure.field is None:
        return rows
    if measure.op == "count":
        return totals.get(key, 0)
    if measure.op == "sum":
        return _json_number(totals.get(key, 0))
    if measure.op == "mean":
        running = totals.get(key)
        if running is None:
            return None
        total, count = running
        if isinstance(total, float):
            return total / count
        mean = _WIDE.divide(Decimal(total), Decimal(count)).quantize(MEAN_PLACES, context=_WIDE)
        return format(mean.normalize(_WIDE), "f") if mean else "0"
    return _json_number(totals.get(key))


def value_text(value: Any) -> str:
    """A JSON value of a summary table as a CSV cell ("" for null)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value) if not value.is_integer() else str(int(value))
    return str(value)
