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
validate.py then runs frictionless as before, so editors get the same Spanish messages.
The frictionless objects it takes are the package's own (already validated as metadata):
the CSV dialect is sniffed with frictionless' own steps and the less common types are read
with frictionless' own cell readers, so both read every cell the same way."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path

from gobabierto.core.problems import Problems
from gobabierto.datasets import limits
from gobabierto.datasets.columns import Column, NotCertain
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



# --- the pass ------------------------------------------------------------------------------

def check(resource, entry: dict, source: Path, encoding: Encoding, transcode: Path | None,
          json_file: Path, text_types: tuple[str, ...], preview_rows: int, preview_chars: int,
          formula_starts: tuple[str, ...], view_fields: tuple[str, ...] = (), feeds: tuple = ()) -> Outcome | None:
    """Validate `source` (read in `encoding`, as frictionless reads it) and write its JSON
    rows to `json_file` (and its UTF-8 copy to `transcode`). Each row's typed values of
    `view_fields` go, in that order, to each of `feeds` (the views' summaries, summaries.py).
    None: not certainly valid (the feeds may then have seen some rows: do not use them)."""
    if not supported(entry):
        return None
    try:
        return _check(resource, entry, source, encoding, transcode, json_file, text_types, preview_rows,
                      preview_chars, formula_starts, view_fields, feeds)
    except NotCertain:
        return None
    except (csv.Error, UnicodeError, ValueError, TypeError, ArithmeticError, AttributeError, KeyError):
        return None  # anything odd: frictionless reads it and says what it is


def _check(resource, entry, source, encoding, transcode, json_file, text_types, preview_rows,
           preview_chars, formula_starts, view_fields, feeds) -> Outcome:
    schema = resource.schema
    fields = list(schema.fields)
    names = [f.name for f in fields]
    width = len(fields)
    primary = list(schema.primary_key)
    if not fields or len(set(names)) != width or any(name not in names for name in primary):
        raise NotCertain
    keys: list = [None] * len(primary)
    single_key = len(primary) == 1
    if any(name not in names for name in view_fields):
        raise NotCertain
    values: list = [None] * len(view_fields)
    columns = [Column(f, schema, primary.index(f.name) if f.name in primary else None, keys,
                      view_fields.index(f.name) if f.name in view_fields else None, values) for f in fields]
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

    # The codec validate.py hands frictionless, as frictionless' loader normalises it.
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
            raise NotCertain

        count = 0
        preview: list[list[str]] = []
        formulas: dict[str, list[int]] = {}
        pending: list[str] = []
        first = True
        for row in reader:
            count += 1
            if len(row) != width or max(map(len, row)) > limit:
                raise NotCertain
            if blank_possible and all(cell in column.missing for column, cell in zip(columns, row)):
                raise NotCertain  # a blank row
            body = ", ".join([convert(cell) for convert, cell in zip(converters, row)])
            if primary:
                if single_key:
                    value = keys[0]
                    if value is None:
                        raise NotCertain
                    if key_unique_column is None:
                        token = hash(value)
                        if token in key_seen:
                            raise NotCertain
                        key_seen.add(token)
                else:
                    if all(v is None for v in keys):
                        raise NotCertain
                    token = hash(tuple(keys))
                    if token in key_seen:
                        raise NotCertain
                    key_seen.add(token)
            for feed in feeds:
                feed(values)
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
            raise NotCertain
    if transcode is not None:
        size, digest = copy_state["size"], copy_state["digest"].hexdigest()
    else:
        size, digest = hashing.size, hashing.digest.hexdigest()
    return Outcome(count, names, preview, formulas, dialect.delimiter, size, digest, json_size,
                   json_digest.hexdigest(), transcode)
