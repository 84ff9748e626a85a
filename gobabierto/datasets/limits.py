"""Limits that keep hostile or broken input from hanging a build or bloating the site, each
reported as a located problem in Spanish.

The reader's own limits (file size, YAML depth and collection size) live in readers.py
and the Markdown conversion limits in markdown.py; this module holds the ones that are
checked on their own: the length of a CSV cell and how many problems are printed."""

from __future__ import annotations

import codecs
import csv
import sys
from pathlib import Path

from gobabierto.core.problems import Problems

# A cell is shown in previews and copied into JSON downloads; 100 000 characters is about
# fifty pages of text, far past any real value (long texts belong in a linked document).
MAX_CELL_CHARS = 100_000
MAX_CELL_PROBLEMS = 20  # per file: after these, one line says how many more there are


def csv_dialect(resource: dict) -> tuple[str, str]:
    """(delimiter, quote character) of a resource, from its Frictionless `dialect` (v1:
    `dialect.delimiter`; v2: `dialect.csv.delimiter`)."""
    dialect = resource.get("dialect") if isinstance(resource, dict) else None
    dialect = dialect if isinstance(dialect, dict) else {}
    nested = dialect.get("csv") if isinstance(dialect.get("csv"), dict) else {}
    delimiter = nested.get("delimiter", dialect.get("delimiter", ","))
    quote = nested.get("quoteChar", dialect.get("quoteChar", '"'))
    delimiter = delimiter if isinstance(delimiter, str) and len(delimiter) == 1 else ","
    quote = quote if isinstance(quote, str) and len(quote) == 1 else '"'
    return delimiter, quote


def check_csv_cells(path: Path, rel_path: str, problems: Problems, *, delimiter: str = ",", quotechar: str = '"',
                    encoding: str = "utf-8", max_chars: int = MAX_CELL_CHARS) -> bool:
    """Record a located problem for each cell longer than `max_chars` characters (line
    where its row starts, the column's name). True when every cell is within the limit.
    Unreadable files are left to the validator that reports them properly."""
    try:
        codec = codecs.lookup(encoding).name
    except (LookupError, TypeError):
        codec = "utf-8"
    found = 0
    first_unreported = None
    previous_limit = csv.field_size_limit()
    csv.field_size_limit(sys.maxsize)
    try:
        with path.open(encoding=codec, errors="replace", newline="") as stream:
            reader = csv.reader(stream, delimiter=delimiter, quotechar=quotechar)
            header: list[str] = []
            start = 1
            for row in reader:
                if not header:
                    header = row
                for index, cell in enumerate(row):
                    if len(cell) <= max_chars:
                        continue
                    found += 1
                    if found == MAX_CELL_PROBLEMS + 1:
                        first_unreported = start
                    if found <= MAX_CELL_PROBLEMS:
                        column = header[index] if row is not header and index < len(header) and header[index] else ""
                        problems.add(
                            "csv-celda-demasiado-larga",
                            f"la celda tiene {len(cell):,} caracteres y el máximo es {max_chars:,}; un texto tan largo"
                            " no cabe en una tabla: publícalo como documento y enlázalo, o revisa si faltan unas"
                            " comillas de cierre en una fila anterior",
                            rel_path, start, column or f"columna {index + 1}")
                start = reader.line_num + 1
    except (OSError, csv.Error, UnicodeError):
        return found == 0
    finally:
        csv.field_size_limit(previous_limit)
    if found > MAX_CELL_PROBLEMS:
        problems.add("csv-celda-demasiado-larga",
                     f"y {found - MAX_CELL_PROBLEMS} celdas más pasan de {max_chars:,} caracteres (la primera, en esta"
                     " línea)", rel_path, first_unreported)
    return found == 0
