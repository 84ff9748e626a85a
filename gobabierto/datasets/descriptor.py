"""Data Package descriptors checked like records: the package's Spanish properties (one
field table), each resource (a CSV file inside the dataset's folder) and its Table Schema,
inline or in a file. Every mistake is located at its line in the descriptor."""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath
from typing import Any

from gobabierto.content.convert import Converter
from gobabierto.content.fields import URL_RE, Context, Field, describe
from gobabierto.content.readers import parse_yaml, read_text
from gobabierto.content.records import ref_folder
from gobabierto.core.problems import Problems
from gobabierto.core.slugs import slugify, suggest
from gobabierto.core.sourcemap import PathKey
from gobabierto.datasets import tabular
from gobabierto.datasets.messages import SPANISH_TYPES, TYPE_NAMES

PERIODICITIES = ("diaria", "semanal", "mensual", "trimestral", "semestral", "anual", "eventual")
MAX_DESCRIPTOR_BYTES = 1_000_000
DESCRIPTION_MIN, DESCRIPTION_MAX = 50, 5000  # what schema.org Dataset consumers (search engines) accept
NAME_RE = r"^[a-z0-9._-]+$"

# Standard Frictionless properties pass through (addresses are checked by
# check_descriptor_links below); the Spanish ones are checked.
_STANDARD = (
    ("name", "nombre del paquete: minúsculas, números, «-», «.» y «_»; si se omite, el de la carpeta",
     "obras-agua-potable"),
    ("id", "identificador global del paquete, como un DOI o un UUID", '"10.5281/zenodo.1234567"'),
    ("profile", "perfil de Data Package", "data-package"),
    ("$schema", "esquema de Data Package que sigue el descriptor", "https://datapackage.org/profiles/2.0/datapackage.json"),
    ("homepage", "página del conjunto de datos en otro sitio: un enlace https://", "https://datos.municipio.gob.mx/obras"),
    ("version", "versión de los datos", '"1.2.0"'),
    ("created", "fecha y hora en que se crearon los datos", '"2025-03-31T12:00:00Z"'),
    ("image", "imagen del conjunto: un enlace https:// o la ruta de un archivo de la carpeta", "portada.png"),
    ("sources", "de dónde salen los datos: grupos con title y path (un enlace)",
     "[{title: Padrón de obra pública, path: https://municipio.gob.mx/obras}]"),
    ("contributors", "quién participó: grupos con title, role y email",
     "[{title: Dirección de Obras Públicas, role: publisher}]"),
)
LICENSE_FIELDS = (Field("name", "text", doc="identificador de la licencia", example="CC-BY-4.0"),
                  Field("path", "url", doc="enlace al texto de la licencia"),
                  Field("title", "text", doc="nombre de la licencia", example="Creative Commons Atribución 4.0"))
VIEW_FIELDS = (
    Field("name", "text", True, "identificador de la vista; nombra también su CSV (vistas/<name>.csv)", pattern=NAME_RE,
          pattern_doc="un nombre en minúsculas, sin espacios ni acentos (letras, números, «-», «.» y «_»)",
          example="monto-por-comunidad"),
    Field("title", "text", True, "título de la gráfica: su encabezado en la página y su nombre para los lectores de"
          " pantalla", example="Monto de las obras por comunidad"),
    Field("description", "text", doc="qué muestra la gráfica, en una o dos frases, debajo del título",
          example="Suma del monto autorizado de todas las obras de cada comunidad."),
    Field("resources", "list", doc="el recurso que resume (su «name»); si se omite, el primero del paquete",
          item=Field("resources", "any"), example="[obras]"),
    Field("specType", "enum", True, "cómo se describe la gráfica: simple (barras o líneas) o vega-lite",
          choices=("simple", "vega-lite")),
    Field("spec", "any", True, "la gráfica: en una vista simple, type (bar o line), group, series y, si hace falta,"
          " aggregate y timeUnit; en una vista vega-lite, la especificación de Vega-Lite sin «data»",
          example="{type: bar, group: comunidad, series: [monto_mxn]}"),
)
DATASET_FIELDS = tuple(Field(key, "any", doc=doc, example=example) for key, doc, example in _STANDARD) + (
    Field("licenses", "list", doc="licencias de los datos; si se omite, la «licencia» de gobabierto.yml o, sin ella,"
          " los Términos de Libre Uso MX",
          item=Field("licenses", "object", fields=LICENSE_FIELDS, shorthand=("name",))),
    Field("title", "text", True, "título del conjunto de datos", example="Obras de agua potable por comunidad"),
    Field("description", "text", True, "descripción de qué contiene y cómo se produjo",
          example="Obras de agua potable del programa municipal, con su comunidad, monto y fechas."),
    Field("keywords", "list", doc="palabras clave", item=Field("keywords", "text"), example="[agua potable, obra pública]"),
    Field("resources", "list", True, "archivos de datos con su esquema", min_items=1, item=Field("resources", "any"),
          example="[{path: obras.csv, schema: esquema.yaml}]"),
    Field("municipio", "slug", doc="municipio de los datos (identificador)", ref="municipio", ref_folder=ref_folder("municipio")),
    Field("dependencia", "text", doc="oficina que publica los datos", example="Dirección de Obras Públicas"),
    Field("contacto", "object", doc="a quién preguntar por los datos", fields=(
        Field("nombre", "text", doc="oficina o persona", example="Dirección de Obras Públicas"),
        Field("correo", "email", doc="correo de contacto")), shorthand=("correo", "nombre")),
    Field("tema", "text", doc="tema de los datos", example="Obra pública"),
    Field("periodicidad", "enum", doc="cada cuánto se actualizan", choices=PERIODICITIES),
    Field("cobertura_temporal", "text", doc="periodo que cubren los datos", example="2022-04/2025-08"),
    Field("cobertura_geografica", "text", doc="territorio que cubren los datos", example="Municipio de Villa Alta"),
    Field("compromisos", "list", doc="compromisos a los que sirven los datos (identificadores)",
          item=Field("compromisos", "slug", ref="compromiso", ref_folder=ref_folder("compromiso"))),
    Field("views", "list", doc="gráficas del conjunto (Data Package views), calculadas con todas las filas y dibujadas"
          " en su página con una tabla de sus cifras",
          item=Field("views", "object", fields=VIEW_FIELDS),
          example="[{name: monto-por-comunidad, title: Monto por comunidad, specType: simple,"
                  " spec: {type: bar, group: comunidad, series: [monto_mxn]}}]"),
)
CONSTRAINT_KEYS = ("required", "unique", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength",
                   "maxLength", "pattern", "enum", "jsonSchema")



def read_descriptor(source, problems: Problems):
    text = read_text(source.descriptor, source.rel_path, problems, MAX_DESCRIPTOR_BYTES)
    if text is None:
        return None, None
    if source.descriptor.suffix == ".json":
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            problems.add("json-invalido", f"el JSON no es válido: revisa comas, llaves y comillas ({exc.msg})",
                         source.rel_path, exc.lineno)
            return None, None
    return parse_yaml(text, source.rel_path, problems)


def _inside(path: str, folder: Path) -> tuple[Path | None, str]:
    """The file a descriptor path names inside `folder`, or (None, why not)."""
    parts = PurePosixPath(path.replace("\\", "/")).parts
    if path.startswith(("/", "\\")) or ".." in parts or "://" in path:
        return None, f"la ruta «{path}» debe ser un archivo dentro de la carpeta del conjunto de datos"
    target = folder / path
    if target.is_symlink() or (target.exists() and not target.resolve().is_relative_to(folder.resolve())):
        return None, f"«{path}» es un enlace simbólico; copia el archivo real en la carpeta"
    if not target.is_file():
        files = [p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")]
        hint = suggest(path, files) or (f" Los archivos de la carpeta son: {', '.join(sorted(files))}." if files else "")
        return None, f"no existe el archivo «{path}» en la carpeta del conjunto de datos.{hint}"
    return target, ""


def _external_schema(path: str, folder: Path, rel_folder: str, at: tuple, ctx: Context) -> dict | None:
    target, why = _inside(path, folder)
    if target is None:
        ctx.error("esquema-no-encontrado", why, at)
        return None
    rel = f"{rel_folder}/{path}"
    text = read_text(target, rel, ctx.problems, MAX_DESCRIPTOR_BYTES)
    data, source_map = parse_yaml(text, rel, ctx.problems) if text is not None else (None, None)
    if source_map is None:
        return None
    if not isinstance(data, dict):
        ctx.problems.add("esquema-invalido", "el archivo de esquema debe contener «fields»: la lista de columnas", rel, 1)
        return None
    return data if _check_schema(data, (), Context(rel, source_map, ctx.problems)) else None


def _check_field(entry: Any, at: tuple, ctx: Context, seen: set) -> bool:
    if not isinstance(entry, dict):
        ctx.error("esquema-invalido", "cada columna del esquema es un grupo con «name» y «type»", at)
        return False
    ok = True
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        ctx.error("campo-requerido", "la columna necesita «name»: el nombre exacto que tiene en el encabezado", at)
        ok = False
    elif name in seen:
        ctx.error("columna-duplicada", f"el esquema declara dos veces la columna «{name}»", at + ("name",))
        ok = False
    else:
        seen.add(name)
    kind = entry.get("type", "string")
    if kind not in TYPE_NAMES:
        spanish = SPANISH_TYPES.get(str(kind).lower())
        hint = f" Para «{kind}» usa «{spanish}»." if spanish else suggest(str(kind), TYPE_NAMES)
        ctx.error("tipo-de-columna-invalido", f"«{kind}» no es un tipo de Table Schema.{hint} Los tipos son: "
                  + ", ".join(sorted(TYPE_NAMES)) + ".", at + ("type",))
        ok = False
    fmt = entry.get("format")
    if kind in ("date", "datetime", "time") and isinstance(fmt, str) and fmt not in ("default", "any") and "%" not in fmt:
        ctx.error("formato-de-fecha-invalido", f"el formato «{fmt}» se escribe con códigos de strftime: por ejemplo"
                  " «%d/%m/%Y» para 31/12/2024", at + ("format",))
        ok = False
    constraints = entry.get("constraints", {})
    if not isinstance(constraints, dict):
        ctx.error("esquema-invalido", "«constraints» es un grupo de restricciones (required, minimum, enum…)",
                  at + ("constraints",))
        return False
    for key in constraints:
        if key not in CONSTRAINT_KEYS:
            ctx.error("restriccion-desconocida", f"«{key}» no es una restricción de Table Schema.{suggest(key, CONSTRAINT_KEYS)}"
                      " Las restricciones son: " + ", ".join(CONSTRAINT_KEYS) + ".", at + ("constraints", key))
            ok = False
    return ok


def _check_schema(schema: dict, at: tuple, ctx: Context) -> bool:
    fields = schema.get("fields")
    if not isinstance(fields, list) or not fields:
        ctx.error("esquema-ausente", "el esquema necesita «fields»: la lista de las columnas del archivo", at)
        return False
    seen: set = set()
    ok = all([_check_field(entry, at + ("fields", i), ctx, seen) for i, entry in enumerate(fields)])
    key = schema.get("primaryKey")
    for name in ([key] if isinstance(key, str) else key if isinstance(key, list) else []):
        if name not in seen:
            ctx.error("clave-primaria-invalida", f"la clave primaria nombra la columna «{name}», que el esquema no"
                      f" declara.{suggest(str(name), seen)}", at + ("primaryKey",))
            ok = False
    return ok


def check_resource(entry: Any, index: int, folder: Path, rel_folder: str, ctx: Context) -> tuple[dict, Path] | None:
    """A resource entry checked; returns (entry with its schema inline, data file) or None."""
    at = ("resources", index)
    if not isinstance(entry, dict):
        ctx.error("tipo-invalido", "cada recurso es un grupo de campos con «name», «path» y «schema»", at)
        return None
    path = entry.get("path")
    if not isinstance(path, str) or not path.strip():
        ctx.error("campo-requerido", "el recurso necesita «path»: el nombre del archivo CSV dentro de la carpeta", at)
        return None
    target, why = _inside(path, folder)
    if target is None:
        code = ("archivo-no-encontrado" if "no existe" in why else "enlace-simbolico" if "enlace simbólico" in why
                else "ruta-invalida")
        ctx.error(code, why, at + ("path",))
        return None
    ok = True
    fmt = str(entry.get("format") or PurePosixPath(path).suffix.lstrip(".")).lower()
    if fmt != "csv":
        ctx.error("formato-no-soportado", f"«{path}» no es un CSV: exporta la hoja como «CSV UTF-8» y declara"
                  " «format: csv»; es el formato que cualquiera puede abrir", at + (("format",) if "format" in entry else ("path",)))
        ok = False
    name = entry.get("name")
    if name is not None and (not isinstance(name, str) or not re.match(NAME_RE, name)):
        ctx.error("nombre-invalido", f"el nombre del recurso «{name}» debe ir en minúsculas, sin espacios ni acentos"
                  f" (letras, números, guiones, puntos); por ejemplo «{slugify(str(name)) or 'datos'}»", at + ("name",))
        ok = False
    encoding = entry.get("encoding")
    if encoding is not None and (not isinstance(encoding, str) or tabular.codec_name(encoding) is None):
        ctx.error("codificacion-desconocida", f"«{encoding}» no es una codificación conocida; las habituales son"
                  " «utf-8» y «windows-1252»", at + ("encoding",))
        ok = False
    schema = entry.get("schema")
    if isinstance(schema, str):
        schema = _external_schema(schema, folder, rel_folder, at + ("schema",), ctx)
        ok = ok and schema is not None
    elif not isinstance(schema, dict):
        ctx.error("esquema-ausente", "el recurso necesita un «schema» con la lista «fields» de sus columnas", at)
        return None
    elif not _check_schema(schema, at + ("schema",), ctx):
        ok = False
    if not ok:
        return None
    if not isinstance(name, str):
        name = slugify(PurePosixPath(path).stem) or f"datos-{index + 1}"
    return dict(entry, schema=schema, name=name), target

def check_description(values: dict, ctx: Context) -> None:
    length = len(values.get("description", "").strip())
    if length < DESCRIPTION_MIN:
        ctx.warn("descripcion-corta", f"la descripción tiene {length} caracteres; los catálogos y buscadores de datos"
                 f" piden al menos {DESCRIPTION_MIN}: cuenta qué contiene, de dónde salen los datos y cada cuánto se"
                 " actualizan", ("description",))
    elif length > DESCRIPTION_MAX:
        ctx.warn("descripcion-larga", f"la descripción tiene {length} caracteres y los buscadores leen hasta"
                 f" {DESCRIPTION_MAX}; deja lo esencial y pasa el detalle a la descripción de cada recurso",
                 ("description",))


def check_unique_resources(checked: list, ctx: Context) -> bool:
    """Two resources with the same name or file would publish over each other."""
    ok, names, paths = True, {}, {}
    for index, item in enumerate(checked):
        if item is None:
            continue
        entry = item[0]
        path = PurePosixPath(entry["path"].replace("\\", "/")).as_posix().lower()
        for key, value, seen, what in (("name", entry["name"], names, "nombre"), ("path", path, paths, "archivo")):
            if value in seen:
                ctx.error("recurso-duplicado", f"el recurso {seen[value] + 1} ya usa el {what} «{value}»; cada recurso"
                          f" necesita su propio {what}", ("resources", index, key))
                ok = False
            seen.setdefault(value, index)
    return ok


# Properties of a Frictionless descriptor that hold an address (the standard ones pass
# through unchecked otherwise, and catalogues and pages turn them into links).
_DESCRIPTOR_URLS = ("homepage", "image")


_DESCRIPTOR_LISTS = ("licenses", "sources", "contributors")


_RELATIVE_PATH = re.compile(r"^\w[\w .()/-]*$")  # a file in the dataset's folder, e.g. docs/metodologia.pdf


def check_descriptor_links(descriptor: Any, ctx: Context) -> None:
    """Record a problem for every address in a Data Package descriptor (package and
    resources) that is not an http(s) link or a plain relative path: a `javascript:` licence
    link would otherwise reach the dataset page and every harvester of the catalogue."""
    if not isinstance(descriptor, dict):
        return
    places: list[tuple[dict, PathKey]] = [(descriptor, ())]
    resources = descriptor.get("resources")
    if isinstance(resources, list):
        places += [(r, ("resources", i)) for i, r in enumerate(resources) if isinstance(r, dict)]
    for entry, at in places:
        for key in _DESCRIPTOR_URLS:
            if key in entry:
                _descriptor_address(entry[key], ctx, at + (key,))
        for key in _DESCRIPTOR_LISTS:
            items = entry.get(key)
            if not isinstance(items, list):
                continue
            for index, item in enumerate(items):
                if isinstance(item, dict) and "path" in item:
                    _descriptor_address(item["path"], ctx, at + (key, index, "path"))
                if isinstance(item, dict) and key == "contributors" and "email" in item:
                    Converter(ctx)._email(item["email"], None, at + (key, index, "email"))


def _descriptor_address(value: Any, ctx: Context, at: PathKey) -> None:
    if not isinstance(value, str):
        ctx.error("enlace-invalido", f"se esperaba un enlace https:// y se encontró {describe(value)}", at)
        return
    text = value.strip()
    if text.lower().startswith(("http://", "https://")):
        if not URL_RE.match(text):
            ctx.error("enlace-invalido", f"{describe(text)} no es un enlace completo: revisa que no tenga espacios ni «<>\"»", at)
        return
    if not _RELATIVE_PATH.match(text) or ".." in Path(text).parts:
        ctx.error("enlace-invalido",
                  f"{describe(text)} no es un enlace permitido: usa un enlace https:// o http://, o la ruta de un archivo"
                  " dentro de la carpeta del conjunto de datos", at)
