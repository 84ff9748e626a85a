"""A fast, one-pass check of a CSV resource against its Table Schema, for the common case
of valid data.

One streaming read with the csv module checks every cell's type and constraints, unique
columns, the primary key, the header and blank rows, and on the way counts the rows, keeps
the preview, notes formula-like text cells, writes the JSON download (and the UTF-8 copy
of a file in another encoding) and hashes the bytes read. No row is kept in memory; only
the hashes of unique and key values are.

It only ever answers "valid, and here is everything to publish", or "not sure" (None).
Anything it does not handle exactly as frictionless does (a type, format, dialect or
schema property it does not know, foreign keys…) and any problem in the data give None:
datacheck.py then runs frictionless as before, so editors get the same Spanish messages.
The frictionless objects it takes are the package's own (already validated as metadata):
the CSV dialect is sniffed with frictionless' own steps and the less common types are read
with frictionless' own cell readers, so both read every cell the same way."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import math
import operator
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from itertools import chain, islice
from json.encoder import encode_basestring  # what json.dumps(text, ensure_ascii=False) returns
from pathlib import Path
from typing import Any, Callable

from gobabierto.core.problems import Problems
from gobabierto.datasets import limits
from gobabierto.datasets.tabular import Encoding

SAMPLE_LINES = 100  # frictionless' CSV parser sniffs the dialect on this many lines
FLUSH_ROWS = 2000   # JSON rows written per write()

RESOURCE_KEYS = {"name", "path", "title", "description", "format", "mediatype", "encoding", "schema", "dialect",
                 "licenses", "sources", "profile"}
DIALECT_KEYS = {"delimiter", "quoteChar", "doubleQuote", "escapeChar", "skipInitialSpace", "lineTerminator"}
SCHEMA_KEYS = {"fields", "primaryKey", "missingValues", "title", "description", "name"}
FIELD_KEYS = {"name", "type", "title", "description", "format", "constraints", "missingValues", "trueValues",
              "falseValues", "bareNumber", "decimalChar", "groupChar", "floatNumber", "example", "rdfType"}
CONSTRAINT_KEYS = {"required", "unique", "enum", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
                   "minLength", "maxLength", "pattern"}
TYPES = {"string", "any", "integer", "number", "boolean", "date", "datetime", "time", "year", "yearmonth"}
BOUNDS = {"minimum": operator.ge, "maximum": operator.le, "exclusiveMinimum": operator.gt,
          "exclusiveMaximum": operator.lt}
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z", re.ASCII)


class _Stop(Exception):
    """Not valid, or not certain: leave it to frictionless."""


@dataclass
class Outcome:
    rows: int
    header: list[str]
    preview: list[list[str]]
    formulas: dict[str, list[int]]
    delimiter: str
    csv_bytes: int          # the file to publish: the source, or its UTF-8 copy
    csv_sha256: str
    json_bytes: int
    json_sha256: str
    utf8_file: Path | None = None   # the UTF-8 copy, when the source is in another encoding
    extra: dict = field(default_factory=dict)


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


# --- what the fast pass supports ---------------------------------------------------------

def supported(entry: dict) -> bool:
    """Whether a resource's descriptor uses only what the fast pass reads exactly as frictionless."""
    if not isinstance(entry, dict) or set(entry) - RESOURCE_KEYS:
        return False
    if entry.get("format") not in (None, "csv") or not str(entry.get("path", "")).endswith(".csv"):
        return False
    if entry.get("profile") not in (None, "tabular-data-resource", "data-resource"):
        return False
    dialect = entry.get("dialect")
    if dialect is not None and (not isinstance(dialect, dict) or set(dialect) - DIALECT_KEYS):
        return False
    schema = entry.get("schema")
    if not isinstance(schema, dict) or set(schema) - SCHEMA_KEYS:
        return False
    if not all(isinstance(v, str) for v in schema.get("missingValues", [])):
        return False
    for spec in schema.get("fields", ()):
        if not isinstance(spec, dict) or set(spec) - FIELD_KEYS or spec.get("type", "string") not in TYPES:
            return False
        constraints = spec.get("constraints") or {}
        if not isinstance(constraints, dict) or set(constraints) - CONSTRAINT_KEYS:
            return False
        if not all(isinstance(v, str) for v in spec.get("missingValues", [])):
            return False
        fmt = spec.get("format")
        if fmt not in (None, "default") and spec.get("type", "string") not in ("date", "datetime", "time", "string"):
            return False
        if fmt == "any" or (isinstance(fmt, str) and fmt.startswith("fmt:")):
            return False
    return True


# --- streams -------------------------------------------------------------------------------

class _Hashing(io.RawIOBase):
    """A binary file whose every byte read also goes into a sha256."""

    def __init__(self, raw):
        self._raw = raw
        self.digest = hashlib.sha256()
        self.size = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = self._raw.readinto(buffer)
        if n:
            self.digest.update(memoryview(buffer)[:n])
            self.size += n
        return n

    def close(self) -> None:
        self._raw.close()
        super().close()


def _copy_utf8(lines, out, state: dict):
    """Pass lines through, writing them as UTF-8 (without a byte-order mark) to `out`."""
    digest = state["digest"]
    first = True
    for line in lines:
        text = line.removeprefix("\ufeff") if first else line
        first = False
        data = text.encode("utf-8")
        out.write(data)
        digest.update(data)
        state["size"] += len(data)
        yield line


def _sniff(resource, sample: list[str]):
    """The csv dialect frictionless' CSV parser reads this resource with (its own steps, on
    a copy of the resource's dialect)."""
    from frictionless.formats.csv.control import CsvControl  # frictionless loads only when a file needs it

    control = CsvControl.from_dialect(resource.dialect.to_copy())
    delimiter = control.get_defined("delimiter", default=",\t;|")
    try:
        config = csv.Sniffer().sniff("".join(sample), delimiter)
    except csv.Error:
        config = csv.excel()
    if config.quotechar == "'":
        config.quotechar = '"'
    control.set_not_defined("delimiter", config.delimiter, distinct=True)
    control.set_not_defined("line_terminator", config.lineterminator, distinct=True)
    control.set_not_defined("escape_char", config.escapechar, distinct=True)
    control.set_not_defined("quote_char", config.quotechar, distinct=True)
    control.set_not_defined("skip_initial_space", config.skipinitialspace, distinct=True)
    return control.to_python()


def _same_reading(dialect, delimiter: str, quotechar: str) -> bool:
    """Whether `dialect` splits cells as limits.check_csv_cells does with these settings."""
    return (dialect.delimiter == delimiter and dialect.quotechar == quotechar and dialect.doublequote
            and not dialect.escapechar and not dialect.skipinitialspace and dialect.quoting == csv.QUOTE_MINIMAL)


# --- cells ---------------------------------------------------------------------------------

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
                raise _Stop  # frictionless would fail comparing with nothing
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
            raise _Stop
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
                raise _Stop  # NaN and infinities: rare, and compared oddly; frictionless decides
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
            raise _Stop
        return value
    return other, json_value


class _Column:
    """One column: `convert` turns a cell into its JSON text ("name": value), raising _Stop
    when it is not valid. Built as a closure specialised to what the column checks."""

    def __init__(self, field, schema, key_slot: int | None, keys: list):
        self.name = field.name
        self.missing = _missing_values(field, schema)
        read, render = _typed_reader(field)
        checks, self.required = _constraint_checks(field)
        self.unique = bool(field.constraints.get("unique"))
        self.convert = _converter(self.missing, read, render, checks, self.required, self.unique, key_slot, keys,
                                  encode_basestring(field.name) + ": ")


def _identity(cell: str) -> str:
    return cell


def _converter(missing, read, render, checks, required, unique, slot, keys, prefix):
    null = prefix + "null"
    if not checks and not unique and slot is None:
        if read is _identity:
            def plain_text(cell: str) -> str:
                if cell in missing:
                    if required:
                        raise _Stop
                    return null
                return prefix + render(cell)
            return plain_text

        def plain(cell: str) -> str:
            if cell in missing:
                if required:
                    raise _Stop
                return null
            value = read(cell)
            if value is None:
                raise _Stop
            return prefix + render(value)
        return plain
    seen: set[int] = set()
    remember = seen.add

    def checked(cell: str) -> str:
        if cell in missing:
            if required:
                raise _Stop
            if slot is not None:
                keys[slot] = None
            return null
        value = read(cell)
        if value is None:
            raise _Stop
        for check in checks:
            if not check(value):
                raise _Stop
        if unique:
            token = hash(value)  # a collision only sends the file to frictionless
            if token in seen:
                raise _Stop
            remember(token)
        if slot is not None:
            keys[slot] = value
        return prefix + render(value)
    return checked


# --- the pass ------------------------------------------------------------------------------

def check(resource, entry: dict, source: Path, encoding: Encoding, transcode: Path | None,
          json_file: Path, text_types: tuple[str, ...], preview_rows: int, preview_chars: int,
          formula_starts: tuple[str, ...]) -> Outcome | None:
    """Validate `source` (read in `encoding`, as frictionless reads it) and write its JSON
    rows to `json_file` (and its UTF-8 copy to `transcode`). None: not certainly valid."""
    if not supported(entry):
        return None
    try:
        return _check(resource, entry, source, encoding, transcode, json_file, text_types, preview_rows,
                      preview_chars, formula_starts)
    except _Stop:
        return None
    except (csv.Error, UnicodeError, ValueError, TypeError, ArithmeticError, AttributeError, KeyError):
        return None  # anything odd: frictionless reads it and says what it is


def _check(resource, entry, source, encoding, transcode, json_file, text_types, preview_rows,
           preview_chars, formula_starts) -> Outcome:
    schema = resource.schema
    fields = list(schema.fields)
    names = [f.name for f in fields]
    width = len(fields)
    primary = list(schema.primary_key)
    if not fields or len(set(names)) != width or any(name not in names for name in primary):
        raise _Stop
    keys: list = [None] * len(primary)
    single_key = len(primary) == 1
    columns = [_Column(f, schema, primary.index(f.name) if f.name in primary else None, keys) for f in fields]
    key_seen: set[int] = set()
    key_unique_column = None
    if single_key:
        column = columns[names.index(primary[0])]
        if column.unique:
            key_unique_column = column  # its own set already finds repeated keys
    blank_possible = not any(c.required for c in columns)
    converters = [c.convert for c in columns]
    text_positions = [i for i, f in enumerate(fields) if f.type in text_types]
    limit = limits.MAX_CELL_CHARS

    # The codec datacheck hands frictionless, as frictionless' loader normalises it.
    text_encoding = codecs.lookup("utf-8-sig" if encoding.codec == "utf-8" and encoding.bom else encoding.codec).name
    raw = open(source, "rb", buffering=0)
    hashing = _Hashing(raw)
    buffered = io.BufferedReader(hashing, buffer_size=1 << 20)
    text = io.TextIOWrapper(buffered, encoding=text_encoding, newline="")
    copy_state = {"digest": hashlib.sha256(), "size": 0}
    copy_out = transcode.open("wb") if transcode is not None else None
    json_out = json_file.open("wb")
    json_out.write(b"[")
    json_digest = hashlib.sha256(b"[")
    json_size = 1
    try:
        lines = iter(text)
        if copy_out is not None:
            lines = _copy_utf8(lines, copy_out, copy_state)
        sample = list(islice(lines, SAMPLE_LINES))
        dialect = _sniff(resource, sample)
        long_delimiter, long_quote = limits.csv_dialect(entry)
        reader = csv.reader(chain(sample, lines), dialect)
        header = next(reader, None)
        if header is None or [c.strip() for c in header] != names or any(len(c) >= limit for c in header):
            raise _Stop

        count = 0
        preview: list[list[str]] = []
        formulas: dict[str, list[int]] = {}
        pending: list[str] = []
        first = True
        for row in reader:
            count += 1
            if len(row) != width or max(map(len, row)) > limit:
                raise _Stop
            if blank_possible and all(cell in column.missing for column, cell in zip(columns, row)):
                raise _Stop  # a blank row
            body = ", ".join([convert(cell) for convert, cell in zip(converters, row)])
            if primary:
                if single_key:
                    value = keys[0]
                    if value is None:
                        raise _Stop
                    if key_unique_column is None:
                        token = hash(value)
                        if token in key_seen:
                            raise _Stop
                        key_seen.add(token)
                else:
                    if all(v is None for v in keys):
                        raise _Stop
                    token = hash(tuple(keys))
                    if token in key_seen:
                        raise _Stop
                    key_seen.add(token)
            if count <= preview_rows:
                preview.append([c if len(c) <= preview_chars else c[:preview_chars] + "…" for c in row])
            for i in text_positions:
                cell = row[i]
                if len(cell) > 1 and cell.startswith(formula_starts):
                    formulas.setdefault(names[i], []).append(count + 1)
            pending.append(("\n{" if first else ",\n{") + body + "}")
            first = False
            if len(pending) >= FLUSH_ROWS:
                data = "".join(pending).encode("utf-8")
                json_out.write(data)
                json_digest.update(data)
                json_size += len(data)
                pending.clear()
        pending.append("\n]\n" if count else "]\n")
        data = "".join(pending).encode("utf-8")
        json_out.write(data)
        json_digest.update(data)
        json_size += len(data)
        while buffered.read(1 << 20):  # anything the csv reader left unread still counts in the hash
            pass
    finally:
        json_out.close()
        if copy_out is not None:
            copy_out.close()
        text.close()
    if not _same_reading(dialect, long_delimiter, long_quote):
        # The long-cell check reads with the declared dialect, not the sniffed one: ask it.
        if not limits.check_csv_cells(source, "", Problems(), delimiter=long_delimiter, quotechar=long_quote,
                                      encoding=encoding.codec):
            raise _Stop
    if transcode is not None:
        size, digest = copy_state["size"], copy_state["digest"].hexdigest()
    else:
        size, digest = hashing.size, hashing.digest.hexdigest()
    return Outcome(count, names, preview, formulas, dialect.delimiter, size, digest, json_size,
                   json_digest.hexdigest(), transcode)
