"""Problems found in a site's sources: locations, codes, the collector and its formatters."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"
# The text and github formats print this many problems and then how many more there are;
# json always carries all of them.
MAX_PROBLEMS_SHOWN = 200
# How `--format json` names a severity: stable words, in Spanish like the rest of the report.
SEVERITY_WORDS = {ERROR: "error", WARNING: "advertencia"}


@dataclass(frozen=True, order=True)
class Location:
    """Where a problem is: a path relative to the site root, a 1-based line, a dotted field."""

    path: str
    line: int | None = None
    field: str = ""

    def sort_key(self) -> tuple:
        return (self.path, self.line or 0, self.field)


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    location: Location
    severity: str = ERROR

    def sort_key(self) -> tuple:
        return (*self.location.sort_key(), 0 if self.severity == ERROR else 1, self.code, self.message)

    def as_tuple(self) -> tuple:
        """`(path, line, field, code)`: what tests compare."""
        return (self.location.path, self.location.line, self.location.field, self.code)


@dataclass
class Problems:
    """Collects problems from every stage; nothing stops at the first one."""

    items: list[Problem] = field(default_factory=list)

    def add(self, code: str, message: str, path: str, line: int | None = None,
            field_name: str = "", severity: str = ERROR) -> None:
        self.items.append(Problem(code, message, Location(path, line, field_name), severity))

    def warn(self, code: str, message: str, path: str, line: int | None = None,
             field_name: str = "") -> None:
        self.add(code, message, path, line, field_name, WARNING)

    def extend(self, other: "Problems") -> None:
        self.items.extend(other.items)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.sorted() if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.sorted() if p.severity == WARNING]

    def error_count(self) -> int:
        return sum(1 for p in self.items if p.severity == ERROR)

    def has_errors(self) -> bool:
        return any(p.severity == ERROR for p in self.items)

    def sorted(self) -> list[Problem]:
        unique = {(p.sort_key()): p for p in self.items}
        return [unique[k] for k in sorted(unique)]

    def __len__(self) -> int:
        return len(self.items)


def plural(n: int, one: str, many: str) -> str:
    """"1 archivo", "3 archivos": a count with its noun."""
    return f"{n} {one if n == 1 else many}"


def summary(problems: Problems) -> str:
    errors, warnings = len(problems.errors), len(problems.warnings)
    if not errors and not warnings:
        return "Sin problemas."
    parts = []
    if errors:
        parts.append(plural(errors, "error", "errores"))
    if warnings:
        parts.append(plural(warnings, "advertencia", "advertencias"))
    return " y ".join(parts) + "."


# Every character a terminal or str.splitlines() takes as the end of a line, and the other
# control characters: quoted content can carry them (a CSV cell, a YAML "\L" escape).
_LINE_BREAKS = dict.fromkeys([*range(0x20), 0x7f, 0x85, 0x2028, 0x2029], None)
_LINE_BREAKS.update({0x09: " ", 0x0a: " ⏎ ", 0x0d: " ⏎ ", 0x0b: " ⏎ ", 0x0c: " ⏎ ", 0x1c: " ⏎ ", 0x1d: " ⏎ ",
                     0x1e: " ⏎ ", 0x85: " ⏎ ", 0x2028: " ⏎ ", 0x2029: " ⏎ "})


def one_line(text: str) -> str:
    """`text` on one line: line breaks shown as ⏎, other control characters dropped."""
    return text.translate(_LINE_BREAKS)


def format_text(problem: Problem) -> str:
    loc = problem.location
    where = loc.path if loc.line is None else f"{loc.path}:{loc.line}"
    prefix = "" if problem.severity == ERROR else "advertencia: "
    field_part = f" {one_line(loc.field)}:" if loc.field else ""
    return f"{one_line(where)}:{field_part} {prefix}{one_line(problem.message)} [{problem.code}]"


def github_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    text = one_line(text)
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(problem: Problem) -> str:
    loc = problem.location
    kind = "error" if problem.severity == ERROR else "warning"
    props = [f"file={github_escape(loc.path, prop=True)}"]
    if loc.line:
        props.append(f"line={loc.line}")
    title = f"{loc.field} [{problem.code}]" if loc.field else f"[{problem.code}]"
    props.append(f"title={github_escape(title, prop=True)}")
    return f"::{kind} {','.join(props)}::{github_escape(problem.message)}"


def as_json(problems: Problems) -> str:
    data = {
        "errores": len(problems.errors),
        "advertencias": len(problems.warnings),
        "problemas": [
            {
                "archivo": p.location.path,
                "linea": p.location.line,
                "campo": p.location.field,
                "codigo": p.code,
                "mensaje": p.message,
                "severidad": SEVERITY_WORDS[p.severity],
            }
            for p in problems.sorted()
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)


class ContentError(Exception):
    """Raised by the pipeline when content has errors; carries the problems."""

    def __init__(self, problems: Problems):
        super().__init__(summary(problems))
        self.problems = problems
