"""Datasets: Data Package descriptors checked like records, every row validated with
frictionless, and each problem located (file, row, field) in Spanish."""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import limits
from .fields import Context, Converter, Field, check_descriptor_links
from .models import Origin
from .problems import Problems
from .readers import dotted, parse_yaml, read_text

PERIODICITIES = ("diaria", "semanal", "mensual", "trimestral", "semestral", "anual", "eventual")
DEFAULT_LICENSE = {"name": "libre-uso-mx", "path": "https://datos.gob.mx/libreusomx",
                   "title": "Términos de Libre Uso de los Datos Abiertos de México"}
MAX_DESCRIPTOR_BYTES = 1_000_000

# Standard Frictionless properties pass through; the Spanish ones are checked.
_STANDARD = ("name", "id", "profile", "$schema", "homepage", "version", "created", "image", "sources",
             "contributors", "licenses")
DATASET_FIELDS = tuple(Field(key, "any") for key in _STANDARD) + (
    Field("title", "text", True, "título del conjunto de datos"),
    Field("description", "text", True, "descripción de qué contiene y cómo se produjo"),
    Field("keywords", "list", item=Field("keywords", "text")),
    Field("resources", "list", True, "archivos de datos con su esquema", min_items=1, item=Field("resources", "any")),
    Field("municipio", "slug", ref="municipio"),
    Field("dependencia", "text", doc="oficina que publica los datos"),
    Field("contacto", "object", fields=(Field("nombre", "text"), Field("correo", "email"))),
    Field("tema", "text"),
    Field("periodicidad", "enum", choices=PERIODICITIES),
    Field("cobertura_temporal", "text"),
    Field("cobertura_geografica", "text"),
    Field("compromisos", "list", item=Field("compromisos", "slug", ref="compromiso")),
)

ERROR_MESSAGES = {
    "type-error": "el valor {cell} no es del tipo «{type}» que declara el esquema",
    "constraint-error": "el valor {cell} no cumple la restricción del esquema: {note}",
    "primary-key": "la clave primaria se repite o está vacía ({note})",
    "unique-error": "el valor {cell} debería ser único y ya aparece en otra fila",
    "blank-row": "la fila está vacía; bórrala",
    "extra-cell": "la fila tiene más celdas que columnas el encabezado (valor sobrante {cell})",
    "missing-cell": "a la fila le falta la celda de esta columna",
    "duplicate-label": "el encabezado repite el nombre de columna {cell}",
    "blank-label": "hay una columna sin nombre en el encabezado",
    "incorrect-label": "la columna {number} del encabezado se llama {cell} y el esquema espera «{field}»; renombra la columna o corrige el esquema",
    "missing-label": "falta en el encabezado una columna que el esquema declara",
    "extra-label": "el encabezado tiene una columna {cell} que el esquema no declara",
    "encoding-error": "el archivo no se puede leer con la codificación declarada ({note}); declara «encoding» o guárdalo en UTF-8",
    "scheme-error": "no se encontró el archivo de datos",
    "format-error": "el formato del archivo no es el declarado ({note})",
    "source-error": "el archivo no se pudo leer ({note})",
    "schema-error": "el esquema de la tabla no es válido ({note})",
    "field-error": "un campo del esquema no es válido ({note})",
    "resource-error": "el recurso no es válido ({note})",
    "package-error": "el descriptor no es válido ({note})",
    "foreign-key": "la clave foránea no coincide con ningún registro ({note})",
    "row-constraint": "la fila no cumple una restricción del esquema ({note})",
}
TYPE_NAMES = {"integer": "entero", "number": "número", "date": "fecha AAAA-MM-DD", "datetime": "fecha y hora",
              "boolean": "verdadero/falso", "year": "año", "yearmonth": "año-mes AAAA-MM", "string": "texto",
              "time": "hora", "duration": "duración", "geopoint": "punto geográfico", "object": "objeto JSON",
              "array": "lista JSON", "any": "cualquiera"}


@dataclass(frozen=True)
class DataField:
    name: str
    type: str
    title: str | None = None
    description: str | None = None
    constraints: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Resource:
    name: str
    path: str
    format: str
    encoding: str
    fields: tuple[DataField, ...]
    descriptor: dict = field(compare=False, repr=False)


@dataclass(frozen=True)
class Dataset:
    kind = "dataset"
    slug: str
    titulo: str
    descripcion: str
    keywords: tuple[str, ...]
    resources: tuple[Resource, ...]
    licenses: tuple[dict, ...]
    municipio: str | None = None
    dependencia: str | None = None
    contacto: dict | None = None
    tema: str | None = None
    periodicidad: str | None = None
    cobertura_temporal: str | None = None
    cobertura_geografica: str | None = None
    compromisos: tuple[str, ...] = ()
    descriptor: dict = field(default_factory=dict, compare=False, repr=False)
    folder: str = ""
    origin: Origin | None = field(default=None, compare=False, repr=False)

    @property
    def titulo_o_slug(self) -> str:
        return self.titulo or self.slug


def _read_descriptor(source, root: Path, problems: Problems):
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


CONSTRAINTS = {
    "required": "es obligatorio: la celda no puede quedar vacía",
    "unique": "no puede repetirse",
    "minimum": "el mínimo permitido es {v}",
    "maximum": "el máximo permitido es {v}",
    "exclusiveMinimum": "debe ser mayor que {v}",
    "exclusiveMaximum": "debe ser menor que {v}",
    "minLength": "debe tener al menos {v} caracteres",
    "maxLength": "debe tener como máximo {v} caracteres",
    "pattern": "debe seguir el patrón {v}",
    "enum": "debe ser uno de los valores {v}",
}


def _note(error) -> str:
    note = getattr(error, "note", "") or ""
    match = re.match(r'constraint "(\w+)" is "(.*)"$', note)
    if match and match.group(1) in CONSTRAINTS:
        return CONSTRAINTS[match.group(1)].format(v=match.group(2))
    return note.replace('"', "«", 1).replace('"', "»", 1)


def _message(error) -> str:
    template = ERROR_MESSAGES.get(error.type, "problema en los datos ({note})")
    cell = getattr(error, "cell", None)
    if cell in (None, "") and getattr(error, "label", None):
        cell = error.label
    note = _note(error)
    field_type = ""
    if error.type == "type-error" and "type is" in (error.note or ""):
        raw = error.note.split('"')[1].split("/")[0] if '"' in error.note else ""
        field_type = TYPE_NAMES.get(raw, raw)
    return template.format(cell=f"«{cell}»" if cell not in (None, "") else "vacío", type=field_type, note=note,
                           field=getattr(error, "field_name", "") or "", number=getattr(error, "field_number", "") or "")


def _validate_rows(descriptor: dict, folder: Path, rel_folder: str, rel_descriptor: str, problems: Problems) -> None:
    import frictionless

    logging.getLogger("frictionless").setLevel(logging.ERROR)
    try:
        package = frictionless.Package(descriptor, basepath=str(folder))
        report = package.validate()
    except frictionless.FrictionlessException as exc:
        error = exc.error
        problems.add("csv-" + error.type, _message(error), rel_descriptor, None, "resources")
        return
    for task in report.tasks:
        resource_path = task.place if task.place and not task.place.startswith(("http", "/")) else ""
        rel = f"{rel_folder}/{Path(resource_path).name}" if resource_path else rel_folder
        for error in task.errors:
            row = getattr(error, "row_number", None)
            if row is None and hasattr(error, "label"):
                row = 1  # header errors are on the first line
            field_name = getattr(error, "field_name", None) or ""
            problems.add("csv-" + error.type, _message(error), rel, row, field_name)


def _resource(entry: Any, index: int, folder: Path, ctx: Context) -> Resource | None:
    at = ("resources", index)
    if not isinstance(entry, dict):
        ctx.error("tipo-invalido", "cada recurso es un grupo de campos con «name», «path» y «schema»", at)
        return None
    path = entry.get("path")
    if not isinstance(path, str) or not path.strip():
        ctx.error("campo-requerido", "el recurso necesita «path»: el nombre del archivo CSV dentro de la carpeta", at)
        return None
    parts = Path(path).parts
    if path.startswith(("/", "\\")) or ".." in parts or "://" in path:
        ctx.error("ruta-invalida", f"la ruta «{path}» debe ser un archivo dentro de la carpeta del conjunto de datos", at + ("path",))
        return None
    target = folder / path
    if target.is_symlink() or (target.exists() and not target.resolve().is_relative_to(folder.resolve())):
        ctx.error("enlace-simbolico", f"«{path}» es un enlace simbólico; copia el archivo real en la carpeta", at + ("path",))
        return None
    if not target.is_file():
        ctx.error("archivo-no-encontrado", f"no existe el archivo «{path}» en la carpeta del conjunto de datos", at + ("path",))
        return None
    schema = entry.get("schema")
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
        ctx.error("esquema-ausente", "el recurso necesita un «schema» con la lista «fields» de sus columnas", at)
        return None
    data_fields = []
    for field_entry in schema["fields"]:
        if isinstance(field_entry, dict) and isinstance(field_entry.get("name"), str):
            data_fields.append(DataField(field_entry["name"], str(field_entry.get("type", "string")),
                                         field_entry.get("title"), field_entry.get("description"),
                                         dict(field_entry.get("constraints") or {})))
    name = entry.get("name") if isinstance(entry.get("name"), str) else Path(path).stem
    return Resource(name, path, str(entry.get("format", Path(path).suffix.lstrip("."))),
                    str(entry.get("encoding", "utf-8")), tuple(data_fields), entry)


def load_datasets(root: Path, sources, problems: Problems) -> list[Dataset]:
    datasets = []
    for source in sources:
        if source.descriptor is None:
            continue
        data, source_map = _read_descriptor(source, root, problems)
        if source_map is None:
            continue
        ctx = Context(source.rel_path, source_map, problems)
        values = Converter(ctx).convert_mapping(data if data is not None else {}, DATASET_FIELDS, (), allow_extra=True)
        check_descriptor_links(data, ctx)
        if values is None:
            continue
        resources = [_resource(e, i, source.folder, ctx) for i, e in enumerate(values.get("resources", ()))]
        if any(r is None for r in resources) or any(f.required and f.key not in values for f in DATASET_FIELDS):
            continue
        rows_before = len(problems.items)
        for r in resources:  # before frictionless, which would carry every huge cell along
            delimiter, quotechar = limits.csv_dialect(r.descriptor)
            limits.check_csv_cells(source.folder / r.path, f"datasets/{source.slug}/{r.path}", problems,
                                   delimiter=delimiter, quotechar=quotechar, encoding=r.encoding)
        if len(problems.items) != rows_before:
            continue
        _validate_rows(data, source.folder, f"datasets/{source.slug}", source.rel_path, problems)
        if len(problems.items) != rows_before:
            continue
        licenses = values.get("licenses") or ()
        datasets.append(Dataset(
            slug=source.slug, titulo=values["title"], descripcion=values["description"],
            keywords=tuple(values.get("keywords", ())), resources=tuple(resources), licenses=tuple(licenses),
            municipio=values.get("municipio"), dependencia=values.get("dependencia"), contacto=values.get("contacto"),
            tema=values.get("tema"), periodicidad=values.get("periodicidad"),
            cobertura_temporal=values.get("cobertura_temporal"), cobertura_geografica=values.get("cobertura_geografica"),
            compromisos=tuple(values.get("compromisos", ())), descriptor=data, folder=f"datasets/{source.slug}",
            origin=Origin(source.rel_path, source_map)))
    return datasets


def check_references(site, problems: Problems, known_slugs: dict[str, set]) -> None:
    from .fields import suggest

    for dataset in site.datasets:
        checks = [("municipio", "municipio", (dataset.municipio,) if dataset.municipio else ())]
        checks.append(("compromisos", "compromiso", dataset.compromisos))
        for key, kind, slugs in checks:
            known = known_slugs.get(kind, set())
            for position, slug in enumerate(slugs):
                if slug not in known:
                    path = (key, position) if key == "compromisos" else (key,)
                    problems.add("referencia-rota", f"no existe ningún registro «{kind}» con el identificador «{slug}».{suggest(slug, known)}",
                                 dataset.origin.path, dataset.origin.line(*path), dotted(path))


def effective_licenses(dataset: Dataset, site_license: str | None) -> list[dict]:
    if dataset.licenses:
        return [dict(lic) for lic in dataset.licenses]
    if site_license:
        return [{"name": site_license}]
    return [dict(DEFAULT_LICENSE)]


def published_descriptor(dataset: Dataset, site_license: str | None) -> dict:
    descriptor = {k: v for k, v in dataset.descriptor.items()}
    descriptor.setdefault("name", dataset.slug)
    descriptor["licenses"] = effective_licenses(dataset, site_license)
    return json.loads(json.dumps(descriptor, default=str))


def publish(site, writer, root: Path) -> None:
    for dataset in site.datasets:
        folder = root / dataset.folder
        for resource in dataset.resources:
            writer.copy(f"datos/{dataset.slug}/{resource.path}", folder / resource.path)
        descriptor = published_descriptor(dataset, site.config.licencia)
        writer.write(f"datos/{dataset.slug}/datapackage.json",
                     json.dumps(descriptor, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
