"""Field declarations: what each key an editor may write must hold, how a missing or wrong
value is described in Spanish, and the shorthand a group field takes. The converters that
apply them are in convert.py."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from gobabierto.core.problems import Problems
from gobabierto.core.sourcemap import PathKey, SourceMap, dotted

EMAIL_RE = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[A-Za-z]{2,}$")
COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
URL_RE = re.compile(r"^https?://[^\s<>\"]+\.[^\s<>\"]+$", re.IGNORECASE)


MISSING = object()

# Per field table, what convert_mapping looks up for every record: computed once instead
# of once per record (tables live as long as the process).
_KEYS: dict[int, tuple[tuple, dict]] = {}


def field_keys(table: tuple) -> dict:
    """key → Field of a table."""
    cached = _KEYS.get(id(table))
    if cached is None or cached[0] is not table:
        cached = _KEYS[id(table)] = (table, {f.key: f for f in table})
    return cached[1]


@dataclass(frozen=True)
class Field:
    """One key an editor may write, and what it must hold.

    kind: text | int | number | bool | date | enum | slug | url | email | color | link |
          list | object | any
    """

    key: str
    kind: str
    required: bool = False
    doc: str = ""
    choices: tuple[str, ...] = ()
    ref: str | None = None           # record kind a `slug` refers to
    ref_folder: str = ""              # and the folder its records are in (content/planes/)
    item: "Field | None" = None      # for lists
    fields: tuple["Field", ...] = () # for objects
    model: type | None = None        # for objects: the dataclass built from them
    minimum: float | None = None
    maximum: float | None = None
    pattern: str | None = None
    pattern_doc: str = ""
    min_items: int = 0
    default: Any = None
    local: bool = False              # for links: a file in static/ only (images the page shows)
    # for objects: the keys a lone text may stand for, tried in order (`organo_garante: IDAIP`
    # is `{nombre: IDAIP}`); an email-kind key takes the text only when it is an address
    shorthand: tuple[str, ...] = ()
    # what an editor might write, as YAML (`"Agua potable en las comunidades"`, `[6, 11]`): for
    # the field reference, where the kind alone gives no good example (fieldref.example)
    example: str = ""


@dataclass
class Context:
    """What converters need: where the document is, its value positions, and the sink."""

    path: str
    source_map: SourceMap
    problems: Problems
    static_dir: Path | None = None

    def line(self, at: PathKey) -> int | None:
        return self.source_map.line(at)

    def error(self, code: str, message: str, at: PathKey) -> None:
        self.problems.add(code, message, self.path, self.line(at), dotted(at))

    def warn(self, code: str, message: str, at: PathKey) -> None:
        self.problems.warn(code, message, self.path, self.line(at), dotted(at))


def describe(value: Any) -> str:
    """How a found value is named in a message."""
    if value is None:
        return "un valor vacío"
    if isinstance(value, bool):
        return "un valor sí/no (true/false)"
    if isinstance(value, int):
        return f"el número {value}"
    if isinstance(value, float):
        return f"el número {value:g}"
    if isinstance(value, datetime):
        return f"la fecha y hora {value.isoformat(sep=' ')}"
    if isinstance(value, date):
        return f"la fecha {value.isoformat()}"
    if isinstance(value, list):
        return "una lista"
    if isinstance(value, dict):
        return "un grupo de campos"
    text = str(value)
    if len(text) > 40:
        text = text[:37] + "…"
    return f"«{text}»"


EXPECTED = {
    "text": "un texto",
    "int": "un número entero",
    "number": "un número",
    "bool": "true o false",
    "date": "una fecha AAAA-MM-DD",
    "enum": "uno de los valores permitidos",
    "slug": "el identificador (slug) de otro registro",
    "url": "un enlace que empiece con https://",
    "email": "un correo electrónico",
    "color": "un color #rrggbb",
    "link": "un enlace https:// o la ruta de un archivo dentro de static/",
    "list": "una lista (cada elemento en su línea, empezando con «- »)",
    "object": "un grupo de campos (clave: valor)",
}


def expectation(spec: Field) -> str:
    """What a field takes, in words: used when it is missing, empty or wrong."""
    if spec.kind == "enum":
        return "uno de estos valores: " + ", ".join(spec.choices)
    if spec.kind == "slug" and spec.ref:
        if spec.ref == "dataset":
            return "el identificador de un conjunto de datos (el nombre de su carpeta en datasets/)"
        where = f" en {spec.ref_folder}" if spec.ref_folder else ""
        return f"el identificador de un registro de tipo «{spec.ref}» (el nombre de su archivo{where}, sin extensión)"
    if spec.kind == "list" and spec.item is not None:
        if spec.item.kind == "enum":
            return "una lista, un valor por línea empezando con «- », con uno o más de: " + ", ".join(spec.item.choices)
        if spec.item.kind == "object":
            return "una lista de grupos de campos, cada uno empezando con «- »"
    return EXPECTED.get(spec.kind, "un valor")


_EXAMPLES = {"text": "…", "int": "1", "number": "1", "bool": "true", "date": "AAAA-MM-DD", "slug": "identificador",
             "url": "https://…", "email": "nombre@municipio.gob.mx", "color": '"#1f5f5b"', "link": "https://…"}


def shorthand_value(value: Any, spec: Field) -> dict | None:
    """The group a lone text stands for under `spec.shorthand`, or None when it stands for
    none: an email-kind key takes only an address, a text key any text."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    known = field_keys(spec.fields)
    for key in spec.shorthand:
        kind = known[key].kind
        if kind == "email" and not EMAIL_RE.match(text.removeprefix("mailto:")):
            continue
        return {key: text}
    return None


def example_value(spec: Field) -> str:
    if spec.kind == "enum":
        return spec.choices[0]
    return _EXAMPLES.get(spec.kind, "…")


def shorthand_example(spec: Field) -> str:
    """A lone text a shorthand group takes, as an editor would write it."""
    first = field_keys(spec.fields)[spec.shorthand[0]]
    return {"nombre": "IDAIP", "name": "CC-BY-4.0"}.get(first.key, example_value(first))


def long_form(spec: Field, value: Any = None) -> str:
    """How to write an object field in full, in one copyable line: what a refused shorthand
    or a scalar in place of a group is told."""
    shown = [f for f in spec.fields if f.required] or list(spec.fields[:2])
    pairs = ", ".join(f"{f.key}: {example_value(f)}" for f in shown)
    advice = (f"Escribe sus campos sangrados dos espacios bajo «{spec.key}:», uno por línea ({', '.join(f.key for f in spec.fields)}),"
              f" o en una línea: «{spec.key}: {{{pairs}}}».")
    if spec.shorthand and isinstance(value, str):
        only = " o ".join(f"«{k}»" for k in spec.shorthand)
        kinds = {field_keys(spec.fields)[k].kind for k in spec.shorthand}
        needs = " (un correo electrónico)" if kinds == {"email"} else ""
        advice = f"Un texto solo vale aquí como {only}{needs}. " + advice
    return advice


