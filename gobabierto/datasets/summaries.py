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
from operator import itemgetter
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


def _key_function(keys: list[tuple[int, str | None]]) -> Callable[[Any], Any]:
    """A row's group: the value in its slot (or its year, or its year*100 + month), or the
    tuple of several."""
    def one(slot: int, unit: str | None) -> Callable[[Any], Any]:
        if unit == "year":
            return lambda values: None if values[slot] is None else values[slot].year
        if unit == "yearmonth":
            return lambda values: None if values[slot] is None else values[slot].year * 100 + values[slot].month
        return itemgetter(slot)

    parts = [one(slot, unit) for slot, unit in keys]
    if len(parts) == 1:
        return parts[0]
    return lambda values: tuple(part(values) for part in parts)


class Summary:
    """The running totals of one query. `feed(values)` takes one valid row's typed values
    (None for an empty cell; never NaN: validate.py leaves it out) in the order of `fields`;
    `table()` gives the result. Past MAX_GROUPS groups no new group is kept and the table
    says so (`overflow`)."""

    def __init__(self, query: Query, fields: tuple[str, ...]):
        self.query = query
        self.overflow = False
        position = {name: i for i, name in enumerate(fields)}
        key_of = _key_function([(position[g.field], g.unit) for g in query.groups])
        self._rows: dict = {}
        # one dict per measure, group → what it keeps: count → n; sum → total; mean → [total, n]; min/max → value
        self._totals: list[dict] = [{} for _ in query.measures]
        plan = [(m.op, position[m.field], totals) for m, totals in zip(query.measures, self._totals) if m.field]
        updates = [_updater(op, slot, totals) for op, slot, totals in plan]
        rows = self._rows
        seen_rows = rows.get
        limit = MAX_GROUPS

        def full() -> bool:
            if len(rows) >= limit:
                self.overflow = True
                return True
            return False

        if len(plan) == 1 and plan[0][0] == "sum":  # the usual view: one sum per group, inlined
            _, slot, totals = plan[0]
            total_of = totals.get

            def feed(values) -> None:
                key = key_of(values)
                seen = seen_rows(key)
                if seen is None:
                    if full():
                        return
                    rows[key] = 1
                else:
                    rows[key] = seen + 1
                value = values[slot]
                if value is not None:
                    totals[key] = total_of(key, 0) + value
        else:
            def feed(values) -> None:
                key = key_of(values)
                seen = seen_rows(key)
                if seen is None:
                    if full():
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
        units = [g.unit for g in self.query.groups]
        grouped = len(units) > 1
        for key in sorted(self._rows, key=_group_order if not grouped else _groups_order):
            cells = [_json_group(part, unit) for part, unit in zip(key if grouped else (key,), units)]
            for measure, totals in zip(self.query.measures, self._totals):
                cells.append(_json_measure(measure, key, totals, self._rows[key]))
            rows.append(cells)
        return {"rows": rows, "overflow": False}


def _updater(op: str, slot: int, totals: dict) -> Callable[[Any, Any], None]:
    """The update of one measure's running total by one row. Empty cells are left out, as
    pandas and Vega leave them out."""
    get = totals.get
    if op == "sum":
        def update(key, values) -> None:
            value = values[slot]
            if value is not None:
                totals[key] = get(key, 0) + value
    elif op == "count":
        def update(key, values) -> None:
            value = values[slot]
            if value is not None:
                totals[key] = get(key, 0) + 1
    elif op == "mean":
        def update(key, values) -> None:
            value = values[slot]
            if value is not None:
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
            if value is not None:
                current = get(key)
                if current is None or (value < current if smaller else value > current):
                    totals[key] = value
    return update


def _group_order(value) -> tuple:
    return (1, 0) if value is None else (0, value)


def _groups_order(key: tuple) -> tuple:
    return tuple(_group_order(part) for part in key)


def _json_group(value, unit: str | None = None) -> Any:
    """A group's value as JSON: text, a number, true/false, an ISO date, "2024-03"; null when empty."""
    if unit == "yearmonth" and value is not None:  # year * 100 + month
        return f"{value // 100:04d}-{value % 100:02d}"
    if value is None or isinstance(value, (str, bool, int)):
        return value
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
