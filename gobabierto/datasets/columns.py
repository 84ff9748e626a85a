"""One CSV column of the fast check (fastcheck.py): each cell read into its typed value,
checked against the column's constraints and rendered as the JSON download writes it, by a
closure specialised to what the column checks. Anything not certainly valid raises
NotCertain, and frictionless decides."""

from __future__ import annotations

import json
import math
import operator
import re
from datetime import date, datetime, time
from decimal import Decimal
from json.encoder import encode_basestring  # what json.dumps(text, ensure_ascii=False) returns
from typing import Any, Callable

BOUNDS = {"minimum": operator.ge, "maximum": operator.le, "exclusiveMinimum": operator.gt,
          "exclusiveMaximum": operator.lt}


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z", re.ASCII)


class NotCertain(Exception):
    """Not valid, or not certain: leave it to frictionless."""


def json_value(value: Any) -> str:
    """A typed cell as JSON text, as in the JSON downloads."""
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (Decimal, float)):
        return str(value) if math.isfinite(value) else "null"
    if isinstance(value, (datetime, date, time)):
        return json.dumps(value.isoformat())
    if hasattr(value, "year") and hasattr(value, "month"):  # frictionless' yearmonth
        return json.dumps(f"{value.year:04d}-{value.month:02d}")
    if hasattr(value, "lon") and hasattr(value, "lat"):  # geopoint
        return json.dumps([float(value.lon), float(value.lat)])
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return json.dumps(str(value), ensure_ascii=False)


def _missing_values(field, schema) -> frozenset:
    values = field.missing_values if field.has_defined("missing_values") else schema.missing_values
    return frozenset(values)


def _constraint_checks(field) -> tuple[list[Callable[[Any], bool]], bool]:
    """Checks of a typed, present value (each True when it passes), built from the constraint
    values as frictionless reads them; and whether the column is required."""
    reader = field.create_value_reader()
    checks: list[Callable[[Any], bool]] = []
    constraints = field.constraints
    supported_here = field.supported_constraints
    for name in supported_here:
        constraint = constraints.get(name)
        if constraint is None or name == "required":
            continue
        if name in BOUNDS:
            bound = reader(constraint)
            if bound is None:
                raise NotCertain  # frictionless would fail comparing with nothing
            checks.append(lambda value, compare=BOUNDS[name], bound=bound: compare(value, bound))
        elif name == "enum":
            allowed = frozenset(map(reader, constraint))  # hashable values: same answers as frictionless' list
            checks.append(allowed.__contains__)
        elif name == "minLength":
            checks.append(lambda value, n=constraint: len(value) >= n)
        elif name == "maxLength":
            checks.append(lambda value, n=constraint: len(value) <= n)
        elif name == "pattern":
            match = re.compile(f"^{constraint}$").match
            checks.append(lambda value, match=match: match(value) is not None)
        else:  # pragma: no cover - a constraint frictionless added that this module does not know
            raise NotCertain
    return checks, bool(constraints.get("required", False))


def _typed_reader(field) -> tuple[Callable[[str], Any], Callable[[Any], str]]:
    """(cell text → typed value or None when not of its type, typed value → JSON text)."""
    kind = field.type
    defined = set(field.list_defined())
    if kind in ("string", "any") and field.format == "default":
        return _identity, encode_basestring
    if kind == "integer" and "bare_number" not in defined:
        def integer(cell: str):
            try:
                return int(cell.strip())
            except ValueError:
                return None
        return integer, str
    if kind == "number" and not defined & {"bare_number", "decimal_char", "group_char", "float_number"}:
        def number(cell: str):
            try:
                value = Decimal(cell.strip())
            except ArithmeticError:
                return None
            if not value.is_finite():
                raise NotCertain  # NaN and infinities: rare, and compared oddly; frictionless decides
            return value
        return number, str
    if kind == "boolean":
        mapping = {value: True for value in field.true_values}
        mapping.update({value: False for value in field.false_values})
        return mapping.get, lambda value: "true" if value else "false"
    if kind == "date" and field.format == "default":
        slow = field.create_value_reader()

        def iso_date(cell: str):
            if _ISO_DATE.match(cell):  # what strptime("%Y-%m-%d") reads, for these ASCII digits
                try:
                    return date.fromisoformat(cell)
                except ValueError:
                    return None
            return slow(cell)
        return iso_date, lambda value: f'"{value.isoformat()}"'
    # Everything else is read by frictionless' own value reader, exactly.
    slow = field.create_value_reader()

    def other(cell: str):
        value = slow(cell)
        if isinstance(value, float) and not math.isfinite(value):
            raise NotCertain
        return value
    return other, json_value


class Column:
    """One column: `convert` turns a cell into its JSON text ("name": value), raising NotCertain
    when it is not valid. Built as a closure specialised to what the column checks."""

    def __init__(self, field, schema, key_slot: int | None, keys: list, value_slot: int | None = None,
                 values: list | None = None):
        self.name = field.name
        self.missing = _missing_values(field, schema)
        read, render = _typed_reader(field)
        checks, self.required = _constraint_checks(field)
        self.unique = bool(field.constraints.get("unique"))
        self.convert = _converter(self.missing, read, render, checks, self.required, self.unique, key_slot, keys,
                                  encode_basestring(field.name) + ": ", value_slot, values)


def _identity(cell: str) -> str:
    return cell


def _converter(missing, read, render, checks, required, unique, slot, keys, prefix, value_slot=None, values=None):
    """`slot`: where the typed value goes in `keys` (a primary-key column); `value_slot`:
    where it goes in `values` (a column a view summarises). None when empty."""
    null = prefix + "null"
    if value_slot is not None:
        return _capturing(missing, read, render, checks, required, unique, slot, keys, null, prefix, value_slot, values)
    if not checks and not unique and slot is None:
        if read is _identity:
            def plain_text(cell: str) -> str:
                if cell in missing:
                    if required:
                        raise NotCertain
                    return null
                return prefix + render(cell)
            return plain_text

        def plain(cell: str) -> str:
            if cell in missing:
                if required:
                    raise NotCertain
                return null
            value = read(cell)
            if value is None:
                raise NotCertain
            return prefix + render(value)
        return plain
    seen: set[int] = set()
    remember = seen.add

    def checked(cell: str) -> str:
        if cell in missing:
            if required:
                raise NotCertain
            if slot is not None:
                keys[slot] = None
            return null
        value = read(cell)
        if value is None:
            raise NotCertain
        for check in checks:
            if not check(value):
                raise NotCertain
        if unique:
            token = hash(value)  # a collision only sends the file to frictionless
            if token in seen:
                raise NotCertain
            remember(token)
        if slot is not None:
            keys[slot] = value
        return prefix + render(value)
    return checked


def _capturing(missing, read, render, checks, required, unique, slot, keys, null, prefix, value_slot, values):
    """`_converter`'s checked closure that also keeps the typed value (None when empty) in
    values[value_slot]: for the few columns a view summarises."""
    seen: set[int] = set()
    remember = seen.add

    def capturing(cell: str) -> str:
        if cell in missing:
            if required:
                raise NotCertain
            if slot is not None:
                keys[slot] = None
            values[value_slot] = None
            return null
        value = read(cell)
        if value is None:
            raise NotCertain
        for check in checks:
            if not check(value):
                raise NotCertain
        if unique:
            token = hash(value)
            if token in seen:
                raise NotCertain
            remember(token)
        if slot is not None:
            keys[slot] = value
        values[value_slot] = value
        return prefix + render(value)
    return capturing
