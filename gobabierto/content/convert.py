"""The converters: apply a field table to an editor's raw values and build the model, or
record each mistake as a located Spanish problem (what was expected, what was found, how to
fix it) and go on. A converter never raises for bad content: it returns `MISSING`."""

from __future__ import annotations

import calendar
import re
from dataclasses import fields as dc_fields
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable

from gobabierto.content.fields import (
    COLOR_RE,
    EMAIL_RE,
    EXPECTED,
    MISSING,
    URL_RE,
    Context,
    Field,
    describe,
    expectation,
    field_keys,
    long_form,
    shorthand_value,
)
from gobabierto.content.yamlslips import TYPOGRAPHIC_QUOTES
from gobabierto.core.problems import ERROR
from gobabierto.core.slugs import SLUG_RE, suggest
from gobabierto.core.sourcemap import PathKey, dotted

CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # C0 controls but tab and line breaks


_DMY_RE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


_ISO_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


_LOOKS_LIKE_DOMAIN = re.compile(r"^(www\.|[a-z0-9-]+\.(gob\.mx|com\.mx|org\.mx|edu\.mx|mx|org|com|net|edu)(/|$))",
                                re.IGNORECASE)


_MODEL_FIELDS: dict[type, frozenset] = {}
_FREE_TEXT = ("text", "any", "list", "object")  # kinds whose text is shown as written, or that hold other values


_MONTHS = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre")


def _doc_note(spec: Field) -> str:
    """The field's description in parentheses, unless it only repeats what is expected."""
    if not spec.doc or spec.kind in ("enum", "slug") or spec.doc.lower() in expectation(spec).lower():
        return ""
    return f" ({spec.doc})"


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
        known = field_keys(table)
        out: dict[str, Any] = {}
        misspelled: set[str] = set()  # required keys an unknown key was probably meant to be
        for key, value in raw.items():
            if key == "extra" and allow_extra:
                out["extra"] = value
                continue
            spec = known.get(key)
            if spec is None:
                names = list(known) + (["extra"] if allow_extra else [])
                hint = suggest(key, names, suffix="»? Corrige el nombre del campo.")
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
                                   f"el campo «{key}» es obligatorio y está vacío: escribe {expectation(spec)}"
                                   + _doc_note(spec),
                                   at + (key,))
                continue
            converted = self.convert(value, spec, at + (key,))
            if converted is not MISSING:
                out[key] = converted
        for spec in table:
            if spec.required and spec.key not in raw and spec.key not in misspelled:
                where = " en este elemento" if at else ""
                self.ctx.problems.add(
                    "campo-requerido",
                    f"falta el campo obligatorio «{spec.key}»{where}: añade una línea «{spec.key}:» con {expectation(spec)}"
                    + _doc_note(spec),
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
        if isinstance(value, str) and spec.kind not in _FREE_TEXT and value.strip()[:1] in TYPOGRAPHIC_QUOTES:
            inner = value.strip().strip(TYPOGRAPHIC_QUOTES + " ")
            self.ctx.error("yaml-comillas-tipograficas",
                           f"«{value.strip()}» está entre comillas tipográficas («{value.strip()[0]}»), las que pone"
                           f" Word, y YAML no las toma como comillas: quítalas, o usa comillas rectas: \"{inner}\"", at)
            return MISSING
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
                lost = "perdió el cero inicial" if str(abs(value)) == plain.lstrip("+-0") else "lo tomó como número en base 8"
                self.ctx.error(
                    "yaml-cero-inicial",
                    f"se esperaba un texto y YAML leyó «{plain}» como el número {value} ({lost}):"
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
        control = CONTROL_RE.search(value)
        if control:  # only reachable through a YAML escape such as "\v"; XML outputs can't carry it
            self.ctx.error("caracter-invisible",
                           f"el texto contiene un carácter de control invisible (U+{ord(control.group()):04X});"
                           " quita el escape («\\0», «\\v», «\\x..») que lo produce", at)
            return MISSING
        value = value.strip()
        if spec.pattern and not re.fullmatch(spec.pattern, value):
            self.ctx.error("formato-invalido",
                           f"se esperaba {spec.pattern_doc or 'otro formato'} y se encontró {describe(value)}", at)
            return MISSING
        return value

    def _int(self, value, spec, at):
        if isinstance(value, bool) or not isinstance(value, int):
            extra = ""
            if isinstance(value, str):
                extra = (" Quita las comillas." if value.strip().lstrip("-").isdigit()
                         else " Escríbelo con cifras y sin comillas, por ejemplo 3.")
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
            what = "un número entero" if spec.kind == "int" else "un número"
            self.ctx.error("fuera-de-rango", f"se esperaba {what} {span} y se encontró {value:g}; corrígelo", at)
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
                    detail = hint = ""
                    if 1 <= m <= 12 and d > 28 and 1 <= y <= 9999:
                        days = calendar.monthrange(y, m)[1]
                        detail = f": {_MONTHS[m - 1]} de {y} tiene {days} días"
                    elif m > 12 and d <= 12:
                        try:
                            hint = f". ¿Quisiste decir {date(y, d, m).isoformat()}? El mes va en medio"
                        except ValueError:
                            pass
                    self.ctx.error("fecha-invalida",
                                   f"la fecha «{text}» no existe en el calendario{detail}; revisa el día y el mes"
                                   f" (formato AAAA-MM-DD){hint}", at)
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
            hint = ""
            if isinstance(value, str) and URL_RE.match("https://" + value.strip()):
                hint = f". ¿Quisiste decir «https://{value.strip()}»?"
            self.ctx.error("enlace-invalido",
                           f"se esperaba un enlace completo que empiece con https:// o http:// y se encontró {found}{hint}", at)
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
        if lowered.startswith(("http://", "https://")) and spec.local:
            self.ctx.error("imagen-remota",
                           f"{describe(text)} es una imagen de otro sitio y las páginas solo muestran archivos propios"
                           " (sin rastreo ni dependencias externas): descárgala a static/img/ y escribe su ruta,"
                           " por ejemplo «img/escudo.svg»", at)
            return MISSING
        if lowered.startswith(("http://", "https://")):
            return self._url(text, spec, at)
        if lowered.startswith("mailto:"):
            address = self._email(text, spec, at)
            return MISSING if address is MISSING else "mailto:" + address
        if "\\" in text:
            name = text.replace("\\", "/").rsplit("/", 1)[-1]
            self.ctx.error("ruta-de-windows",
                           f"{describe(text)} está escrita con barras invertidas («\\»), como las rutas de Windows, y el sitio"
                           f" publicado no la puede abrir: copia el archivo a static/documentos/ y escribe su ruta con «/»:"
                           f" documentos/{name}", at)
            return MISSING
        if re.match(r"^[a-z][a-z0-9+.-]*:", lowered) or text.startswith("//"):
            self.ctx.error("enlace-invalido",
                           f"{describe(text)} no es un enlace permitido: usa https://, http://, mailto: o una ruta dentro de static/", at)
            return MISSING
        relative = text.lstrip("/")
        parts = Path(relative).parts
        if not relative or ".." in parts:
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
                hint = ""
                if _LOOKS_LIKE_DOMAIN.match(relative):
                    hint = f" ¿Es un enlace? Escríbelo completo: «https://{relative}»."
                folder = target.parent
                if folder.is_dir() and folder.resolve().is_relative_to(static_root):
                    names = [p.relative_to(self.ctx.static_dir).as_posix() for p in folder.iterdir() if p.is_file()]
                    hint = hint or suggest(relative, names)
                self.ctx.error("archivo-no-encontrado",
                               f"no existe el archivo «static/{relative}»: súbelo a esa carpeta o corrige la ruta.{hint}", at)
                return MISSING
        return relative

    def _list(self, value, spec, at):
        """A list with any bad item is dropped whole, so later checks don't misread it."""
        if not isinstance(value, list):
            extra = ""
            plain = self.ctx.source_map.plain_text.get(tuple(at), value)
            if isinstance(plain, str) and re.match(r"^-[^\s-]", plain.strip()):
                first = plain.strip().split(" -")[0][1:]
                self.ctx.error("yaml-falta-espacio",
                               f"falta un espacio después del guion de cada elemento de la lista: escribe «- {first}»"
                               " (guion, espacio y el valor), un elemento por línea", at)
                return MISSING
            if isinstance(value, (str, int, float, date)) and not isinstance(value, bool):
                shown = value.isoformat() if isinstance(value, date) else str(value).strip()
                extra = (" Escribe cada valor en su propia línea empezando con «- », o entre corchetes:"
                         f" «[{shown}]».")
            return self._type_error(value, "list", at, extra)
        mark = len(self.ctx.problems.items)
        items = []
        for index, item in enumerate(value):
            if item is None:
                self.ctx.error("elemento-vacio",
                               f"el elemento {index + 1} de la lista está vacío: después del «- » escribe"
                               f" {expectation(spec.item)}; o borra la línea", at + (index,))
                continue
            converted = self.convert(item, spec.item, at + (index,))
            if converted is not MISSING:
                items.append(converted)
        if len(value) < spec.min_items:
            self.ctx.error("lista-vacia", f"la lista necesita al menos {spec.min_items} elemento(s) y tiene {len(value)};"
                                          " añade uno por línea empezando con «- »", at)
            return MISSING
        if self._errors_since(mark):
            return MISSING
        return tuple(items)

    def _object(self, value, spec, at):
        if not isinstance(value, dict):
            expanded = shorthand_value(value, spec)
            if expanded is None:
                return self._type_error(value, "object", at, " " + long_form(spec, value))
            value = expanded
        mark = len(self.ctx.problems.items)
        values = self.convert_mapping(value, spec.fields, at, allow_extra=True)
        if values is None or self._errors_since(mark):
            return MISSING
        values.pop("extra", None)
        if any(f.required and f.key not in values for f in spec.fields):
            return MISSING
        return self.build(spec.model, values) if spec.model else values
