"""Field declarations and the converters that check a value and record what is wrong.

A converter never raises for bad content: it records a located problem in Spanish (what
was expected, what was found, how to fix it) and returns `MISSING`.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, fields as dc_fields
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable

from .problems import ERROR, Problems
from .readers import PathKey, SourceMap, dotted

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EMAIL_RE = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[A-Za-z]{2,}$")
COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
URL_RE = re.compile(r"^https?://[^\s<>\"]+\.[^\s<>\"]+$", re.IGNORECASE)
_DMY_RE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")

MISSING = object()

# Per field table and per model, what convert_mapping and build look up for every record:
# computed once instead of once per record (tables and models live as long as the process).
_KEYS: dict[int, tuple[tuple, dict]] = {}
_MODEL_FIELDS: dict[type, frozenset] = {}


def _keys(table: tuple) -> dict:
    cached = _KEYS.get(id(table))
    if cached is None or cached[0] is not table:
        cached = _KEYS[id(table)] = (table, {f.key: f for f in table})
    return cached[1]

_MONTHS = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre")


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
    item: "Field | None" = None      # for lists
    fields: tuple["Field", ...] = () # for objects
    model: type | None = None        # for objects: the dataclass built from them
    minimum: float | None = None
    maximum: float | None = None
    pattern: str | None = None
    pattern_doc: str = ""
    min_items: int = 0
    default: Any = None


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


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def suggest(value: str, options, prefix: str = " ¿Quisiste decir «", suffix: str = "»?") -> str:
    """A «¿quisiste decir …?» hint for the nearest option, or an empty string."""
    options = list(options)
    if not options or not isinstance(value, str):
        return ""
    folded = {strip_accents(o).lower(): o for o in options}
    probe = strip_accents(value).lower().strip().replace(" ", "_")
    if probe in folded:
        return f"{prefix}{folded[probe]}{suffix}"
    probe_dash = probe.replace("_", "-")
    if probe_dash in folded:
        return f"{prefix}{folded[probe_dash]}{suffix}"
    match = difflib.get_close_matches(probe, list(folded), n=1, cutoff=0.6)
    return f"{prefix}{folded[match[0]]}{suffix}" if match else ""


def spanish_date(value: date) -> str:
    return f"{value.day} de {_MONTHS[value.month - 1]} de {value.year}"


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


class Converter:
    """Applies field declarations to raw values, recording problems in a Context."""

    def __init__(self, ctx: Context):
        self.ctx = ctx

    # -- entry points -------------------------------------------------------------------
    def convert_mapping(self, raw: Any, table: tuple[Field, ...], at: PathKey,
                        allow_extra: bool = True) -> dict[str, Any] | None:
        """Check a mapping against a table: unknown keys, required ones, each value."""
        if not isinstance(raw, dict):
            self._type_error(raw, "object", at)
            return None
        known = _keys(table)
        out: dict[str, Any] = {}
        misspelled: set[str] = set()  # required keys an unknown key was probably meant to be
        for key, value in raw.items():
            if key == "extra" and allow_extra:
                out["extra"] = value
                continue
            spec = known.get(key)
            if spec is None:
                names = list(known) + (["extra"] if allow_extra else [])
                hint = suggest(key, names)
                nearest = suggest(key, names, prefix="", suffix="")
                if nearest and nearest not in raw:
                    misspelled.add(nearest)
                if not hint:
                    hint = " Los campos válidos aquí son: " + ", ".join(sorted(names)) + "."
                    if allow_extra:
                        hint += " Los datos propios del sitio van bajo «extra:»."
                self.ctx.error("campo-desconocido", f"el campo «{key}» no existe.{hint}", at + (key,))
                continue
            if value is None or (isinstance(value, str) and not value.strip()) or value == []:
                if spec.required:
                    self.ctx.error("campo-vacio",
                                   f"el campo es obligatorio y está vacío: escribe {EXPECTED.get(spec.kind, 'un valor')}",
                                   at + (key,))
                continue
            converted = self.convert(value, spec, at + (key,))
            if converted is not MISSING:
                out[key] = converted
        for spec in table:
            if spec.required and spec.key not in raw and spec.key not in misspelled:
                where = f" en este elemento" if at else ""
                self.ctx.problems.add(
                    "campo-requerido",
                    f"falta el campo obligatorio «{spec.key}»{where}: añade «{spec.key}:» con {EXPECTED.get(spec.kind, 'un valor')}"
                    + (f" ({spec.doc})" if spec.doc else ""),
                    self.ctx.path, self.ctx.line(at), dotted(at + (spec.key,)))
        return out

    def build(self, model: type, values: dict[str, Any], **more) -> Any:
        names = _MODEL_FIELDS.get(model)
        if names is None:
            names = _MODEL_FIELDS[model] = frozenset(f.name for f in dc_fields(model))
        kwargs = {k: v for k, v in values.items() if k in names}
        kwargs.update(more)
        return model(**kwargs)

    def convert(self, value: Any, spec: Field, at: PathKey) -> Any:
        method: Callable = getattr(self, "_" + spec.kind)
        return method(value, spec, at)

    # -- helpers ----------------------------------------------------------------------
    def _errors_since(self, mark: int) -> bool:
        """Whether an error was recorded after `len(problems.items)` was `mark`: the same
        answer as comparing error counts, without counting every problem of the site on
        every list and group of every record."""
        items = self.ctx.problems.items
        return any(items[i].severity == ERROR for i in range(mark, len(items)))

    def _type_error(self, value: Any, kind: str, at: PathKey, extra: str = "") -> Any:
        plain = self.ctx.source_map.plain_text.get(tuple(at))
        hint = extra
        if kind == "text" and plain is not None:
            if isinstance(value, bool):
                hint = (f" Sin comillas, YAML lee «{plain}» como {'verdadero' if value else 'falso'}:"
                        f" escríbelo entre comillas, «\"{plain}\"».")
                self.ctx.error("yaml-booleano", f"se esperaba un texto y se encontró un valor sí/no.{hint}", at)
                return MISSING
            if isinstance(value, int) and re.match(r"^[+-]?0\d", plain):
                self.ctx.error(
                    "yaml-cero-inicial",
                    f"se esperaba un texto y YAML leyó «{plain}» como el número {value}, perdiendo el cero inicial:"
                    f" ponlo entre comillas, «\"{plain}\"».", at)
                return MISSING
            hint = f" Ponlo entre comillas: «\"{plain}\"»."
        self.ctx.error("tipo-invalido", f"se esperaba {EXPECTED[kind]} y se encontró {describe(value)}.{hint}", at)
        return MISSING

    # -- kinds --------------------------------------------------------------------------
    def _any(self, value, spec, at):
        return value

    def _text(self, value, spec, at):
        if not isinstance(value, str):
            return self._type_error(value, "text", at)
        value = value.strip()
        if spec.pattern and not re.fullmatch(spec.pattern, value):
            self.ctx.error("formato-invalido",
                           f"se esperaba {spec.pattern_doc or 'otro formato'} y se encontró {describe(value)}", at)
            return MISSING
        return value

    def _int(self, value, spec, at):
        if isinstance(value, bool) or not isinstance(value, int):
            extra = " Quita las comillas." if isinstance(value, str) and value.strip().lstrip("-").isdigit() else ""
            return self._type_error(value, "int", at, extra)
        return self._range(value, spec, at)

    def _number(self, value, spec, at):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            extra = ""
            if isinstance(value, str) and re.fullmatch(r"-?[\d,]+(\.\d+)?", value.strip()):
                extra = " Escribe el número sin comillas ni separadores de miles (por ejemplo 1500.5)."
            return self._type_error(value, "number", at, extra)
        return self._range(value, spec, at)

    def _range(self, value, spec, at):
        if spec.minimum is not None and value < spec.minimum or spec.maximum is not None and value > spec.maximum:
            low = "" if spec.minimum is None else f"{spec.minimum:g}"
            high = "" if spec.maximum is None else f"{spec.maximum:g}"
            span = f"entre {low} y {high}" if low and high else (f"mayor o igual que {low}" if low else f"menor o igual que {high}")
            self.ctx.error("fuera-de-rango", f"el valor debe estar {span} y es {value:g}", at)
            return MISSING
        return value

    def _bool(self, value, spec, at):
        if not isinstance(value, bool):
            return self._type_error(value, "bool", at, " Escribe true (sí) o false (no), sin comillas.")
        return value

    def _date(self, value, spec, at):
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            text = value.strip()
            iso = _ISO_RE.match(text)
            if iso:
                y, m, d = map(int, iso.groups())
                try:
                    return date(y, m, d)
                except ValueError:
                    self.ctx.error("fecha-invalida",
                                   f"la fecha «{text}» no existe en el calendario; revisa el día y el mes (formato AAAA-MM-DD)", at)
                    return MISSING
            dmy = _DMY_RE.match(text)
            if dmy:
                d, m, y = map(int, dmy.groups())
                hint = ""
                try:
                    hint = f" ¿Quisiste decir {date(y, m, d).isoformat()}?"
                except ValueError:
                    pass
                self.ctx.error("fecha-invalida",
                               f"la fecha «{text}» no está en el formato AAAA-MM-DD (año-mes-día).{hint}", at)
                return MISSING
            self.ctx.error("fecha-invalida",
                           f"se esperaba una fecha AAAA-MM-DD (por ejemplo 2022-07-08) y se encontró {describe(text)}", at)
            return MISSING
        return self._type_error(value, "date", at)

    def _enum(self, value, spec, at):
        if not isinstance(value, str) or value not in spec.choices:
            options = ", ".join(spec.choices)
            hint = suggest(str(value), spec.choices) if isinstance(value, str) else ""
            self.ctx.error("valor-no-permitido",
                           f"{describe(value)} no es un valor permitido; usa uno de: {options}.{hint}", at)
            return MISSING
        return value

    def _slug(self, value, spec, at):
        if not isinstance(value, str):
            return self._type_error(value, "slug", at)
        if not SLUG_RE.match(value):
            self.ctx.error("slug-invalido",
                           f"«{value}» no es un identificador válido: usa el nombre del archivo del registro, sin extensión"
                           " (minúsculas sin acentos, números y guiones)", at)
            return MISSING
        return value

    def _url(self, value, spec, at):
        if not isinstance(value, str) or not URL_RE.match(value.strip()):
            found = describe(value)
            self.ctx.error("enlace-invalido",
                           f"se esperaba un enlace completo que empiece con https:// o http:// y se encontró {found}", at)
            return MISSING
        return value.strip()

    def _email(self, value, spec, at):
        if isinstance(value, str) and value.strip().lower().startswith("mailto:"):
            value = value.strip()[7:]
        if not isinstance(value, str) or not EMAIL_RE.match(value.strip()):
            self.ctx.error("correo-invalido",
                           f"se esperaba un correo electrónico como nombre@dominio.gob.mx y se encontró {describe(value)}", at)
            return MISSING
        return value.strip()

    def _color(self, value, spec, at):
        if not isinstance(value, str) or not COLOR_RE.match(value.strip()):
            self.ctx.error("color-invalido",
                           f"se esperaba un color en formato #rrggbb (por ejemplo «#1f5f5b», entre comillas) y se encontró {describe(value)}", at)
            return MISSING
        return value.strip().lower()

    def _link(self, value, spec, at):
        if not isinstance(value, str):
            return self._type_error(value, "link", at)
        text = value.strip()
        lowered = text.lower()
        if lowered.startswith(("http://", "https://")):
            return self._url(text, spec, at)
        if lowered.startswith("mailto:"):
            address = self._email(text, spec, at)
            return MISSING if address is MISSING else "mailto:" + address
        if re.match(r"^[a-z][a-z0-9+.-]*:", lowered) or text.startswith("//"):
            self.ctx.error("enlace-invalido",
                           f"{describe(text)} no es un enlace permitido: usa https://, http://, mailto: o una ruta dentro de static/", at)
            return MISSING
        relative = text.lstrip("/")
        parts = Path(relative).parts
        if not relative or ".." in parts or "\\" in relative:
            self.ctx.error("ruta-invalida",
                           f"la ruta {describe(text)} no es válida: escribe la ruta del archivo dentro de static/, sin «..»", at)
            return MISSING
        if self.ctx.static_dir is not None:
            target = self.ctx.static_dir / relative
            static_root = self.ctx.static_dir.resolve()
            if target.is_symlink() or (target.exists() and not target.resolve().is_relative_to(static_root)):
                self.ctx.error("enlace-simbolico",
                               f"«{relative}» es un enlace simbólico; copia el archivo real dentro de static/", at)
                return MISSING
            if not target.is_file():
                self.ctx.error("archivo-no-encontrado",
                               f"no existe el archivo «static/{relative}»: súbelo a esa carpeta o corrige la ruta", at)
                return MISSING
        return relative

    def _list(self, value, spec, at):
        """A list with any bad item is dropped whole, so later checks don't misread it."""
        if not isinstance(value, list):
            return self._type_error(value, "list", at)
        mark = len(self.ctx.problems.items)
        items = []
        for index, item in enumerate(value):
            if item is None:
                self.ctx.error("elemento-vacio", "el elemento de la lista está vacío: escribe su valor o borra la línea", at + (index,))
                continue
            converted = self.convert(item, spec.item, at + (index,))
            if converted is not MISSING:
                items.append(converted)
        if len(value) < spec.min_items:
            self.ctx.error("lista-vacia", f"la lista debe tener al menos {spec.min_items} elemento(s)", at)
            return MISSING
        if self._errors_since(mark):
            return MISSING
        return tuple(items)

    def _object(self, value, spec, at):
        mark = len(self.ctx.problems.items)
        values = self.convert_mapping(value, spec.fields, at, allow_extra=True)
        if values is None or self._errors_since(mark):
            return MISSING
        values.pop("extra", None)
        if any(f.required and f.key not in values for f in spec.fields):
            return MISSING
        return self.build(spec.model, values) if spec.model else values
