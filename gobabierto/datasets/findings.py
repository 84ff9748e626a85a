"""Problems found in a dataset's files, kept as data (validate.py caches them with the
result and locates them when reported) and worded in Spanish: frictionless' errors, each
kind summarised past DETAIL_LIMIT lines, and formula-like text cells."""

from __future__ import annotations

import re
from dataclasses import dataclass

from gobabierto.datasets.messages import message

DETAIL_LIMIT = 10  # detailed lines per file, problem and column; the rest in one summary line


@dataclass(frozen=True)
class Found:
    """A problem not yet located in the site's Problems (so it can be cached as data).
    `at` is a descriptor field path whose line is looked up when reported."""

    code: str
    message: str
    path: str
    line: int | None = None
    field: str = ""
    severity: str = "error"
    at: tuple | None = None

    def to_json(self) -> dict:
        return {"code": self.code, "message": self.message, "path": self.path, "line": self.line, "field": self.field,
                "severity": self.severity, "at": list(self.at) if self.at is not None else None}

    @classmethod
    def from_json(cls, data: dict) -> "Found":
        at = data.get("at")
        return cls(data["code"], data["message"], data["path"], data.get("line"), data.get("field", ""),
                   data.get("severity", "error"), tuple(at) if at is not None else None)


def property_path(note: str) -> tuple:
    """"… at property 'keywords/0'" → ("keywords", 0)."""
    match = re.search(r"at property '([^']*)'", note or "")
    if not match or not match.group(1):
        return ()
    return tuple(int(p) if p.isdigit() else p for p in match.group(1).split("/"))


def metadata_problems(exc, rel_descriptor: str) -> list[Found]:
    found = []
    for error in exc.to_errors():
        at = property_path(error.note) or ("resources",)
        found.append(Found("csv-" + error.type, message(error), rel_descriptor, field=".".join(
            str(p + 1) if isinstance(p, int) else p for p in at), at=at))
    return found


def row_problems(errors, item) -> list[Found]:
    """Located Spanish problems for a resource's errors, each kind summarised past DETAIL_LIMIT."""
    # A key cell already reported (wrong type, missing, empty when required) makes the
    # primary-key error that follows on the same row noise.
    bad_rows = {e.row_number for e in errors if e.type in ("type-error", "missing-cell", "constraint-error")
                and getattr(e, "field_name", None) in item.primary_key}
    found, groups = [], {}
    for error in errors:
        row = getattr(error, "row_number", None)
        if row is None and hasattr(error, "label"):
            row = 1  # header errors are on the first line
        if error.type == "primary-key" and row in bad_rows:
            continue  # a key cell that is not even of its type: that error says it already
        field = getattr(error, "field_name", None) or ""
        if error.type == "foreign-key":
            named = re.match(r'for "([^"]*)"', getattr(error, "note", "") or "")
            field = named.group(1) if named else ""
        elif error.type == "primary-key" and len(item.primary_key) == 1:
            field = item.primary_key[0]
        group = groups.setdefault((error.type, field), [])
        group.append(row)
        if len(group) <= DETAIL_LIMIT:
            found.append(Found("csv-" + error.type, message(error), item.rel_file, row, field))
    for (kind, field), rows in groups.items():
        if len(rows) > DETAIL_LIMIT:
            rest = rows[DETAIL_LIMIT:]
            listed = ", ".join(str(r) for r in rest[:20]) + (", …" if len(rest) > 20 else "")
            found.append(Found("csv-" + kind, f"y {len(rest)} filas más con el mismo problema"
                               f"{' en esta columna' if field else ''}: filas {listed}", item.rel_file, rest[0], field))
    return found


def formula_problems(formulas: dict[str, list[int]], item) -> list[Found]:
    found = []
    for field, rows in formulas.items():
        for row in rows[:DETAIL_LIMIT]:
            found.append(Found("csv-formula", "la celda de texto empieza con =, +, - o @: una hoja de cálculo podría"
                               " ejecutarla como fórmula. Si no es intencional, quita ese carácter inicial; el dato se"
                               " publica tal cual", item.rel_file, row, field, "warning"))
        if len(rows) > DETAIL_LIMIT:
            rest = rows[DETAIL_LIMIT:]
            found.append(Found("csv-formula", f"y {len(rest)} celdas de texto más que empiezan con =, +, - o @ en esta"
                               " columna", item.rel_file, rest[0], field, "warning"))
    return found
