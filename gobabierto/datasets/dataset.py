"""Datasets: Data Package descriptors checked like records (the Spanish package properties,
each resource and its Table Schema), every row validated with frictionless (validate.py),
the dataset models the pages use, and the Data Packages published under /datos/<slug>/."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any, Callable

from gobabierto.content.convert import Converter
from gobabierto.content.discover import RESERVED_DATASET_SLUGS
from gobabierto.content.fields import Context
from gobabierto.content.linking import draft_reference
from gobabierto.content.models import Origin
from gobabierto.core.problems import Problems
from gobabierto.core.slugs import suggest
from gobabierto.core.sourcemap import dotted
from gobabierto.datasets.cache import Cache
from gobabierto.datasets.descriptor import (  # noqa: F401 - the public surface
    DATASET_FIELDS,
    NAME_RE,
    PERIODICITIES,
    check_description,
    check_descriptor_links,
    check_resource,
    check_unique_resources,
    read_descriptor,
)
from gobabierto.datasets.messages import ERROR_MESSAGES, TYPE_NAMES  # noqa: F401
from gobabierto.datasets.validate import Analysis, Pending, ResourceInput, complete_all, look_up
from gobabierto.datasets.views import View, ViewSpec, check_drawn, check_views, make_view
from gobabierto.text.i18n import N_, Nn_

DEFAULT_LICENSE = {"name": "libre-uso-mx", "path": "https://datos.gob.mx/libreusomx",
                   "title": N_("Términos de Libre Uso de los Datos Abiertos de México")}
KNOWN_LICENSES = {
    "libre-uso-mx": DEFAULT_LICENSE,
    "CC-BY-4.0": {"path": "https://creativecommons.org/licenses/by/4.0/",
                  "title": N_("Creative Commons Atribución 4.0 Internacional")},
    "CC-BY-SA-4.0": {"path": "https://creativecommons.org/licenses/by-sa/4.0/",
                     "title": N_("Creative Commons Atribución-CompartirIgual 4.0 Internacional")},
    "CC0-1.0": {"path": "https://creativecommons.org/publicdomain/zero/1.0/",
                "title": N_("Creative Commons CC0 1.0 Universal (dominio público)")},
    "ODbL-1.0": {"path": "https://opendatacommons.org/licenses/odbl/1-0/", "title": "Open Database License 1.0"},
    "PDDL-1.0": {"path": "https://opendatacommons.org/licenses/pddl/1-0/",
                 "title": "Open Data Commons Public Domain Dedication and License 1.0"},
}

@dataclass(frozen=True)
class DataField:
    name: str
    type: str
    title: str | None = None
    description: str | None = None
    constraints: dict = field(default_factory=dict)
    format: str | None = None
    primary_key: bool = False


# Excel on Windows reads a CSV as the system's code page unless it starts with UTF-8's byte
# order mark: «Juan DÃ­az». Each CSV is also published with it, in its own folder.
EXCEL_BOM = b"\xef\xbb\xbf"
EXCEL_FOLDER = "excel"

# Above this much CSV a dataset gets no JSON copy of it: the copy weighs one and a half to
# three times its CSV (every row repeats the column names), so a big table would count
# several times against GitHub Pages' 1 GB, for analysts who read the CSV anyway.
JSON_COPY_MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class FileInfo:
    """One download: where it is published, what it weighs, how many rows, its sha256."""

    path: str           # inside /datos/<slug>/
    format: str         # CSV | JSON
    mediatype: str
    bytes: int
    sha256: str
    rows: int
    source: Path | None = field(default=None, compare=False, repr=False)  # file to copy


@dataclass(frozen=True)
class Resource:
    name: str
    path: str
    format: str
    encoding: str                       # the source file's encoding (declared or detected)
    fields: tuple[DataField, ...]
    descriptor: dict = field(compare=False, repr=False)
    title: str | None = None
    description: str | None = None
    rows: int = 0
    encoding_detected: bool = False
    dialect: dict | None = None
    preview: tuple[tuple[str, ...], ...] = ()
    formula_cells: int = 0
    csv: FileInfo | None = None
    json: FileInfo | None = None        # its JSON copy; None when not published (`datos_json`, size, records)
    api: str | None = None              # the site's API file holding the same rows as JSON (the records)

    @property
    def transcoded(self) -> bool:
        return self.encoding != "utf-8"


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
    published_licenses: tuple[dict, ...] = ()  # the licences that apply (the site's default when none)
    notes: tuple[Note, ...] = ()              # what the validation noticed, for the page
    views: tuple[View, ...] = ()              # its charts, with their summaries over every row

    @property
    def titulo_o_slug(self) -> str:
        return self.titulo or self.slug

    @property
    def rows(self) -> int:
        return sum(r.rows for r in self.resources)

    @property
    def formats(self) -> tuple[str, ...]:
        return tuple(sorted({r.format.upper() for r in self.resources}))

    @cached_property
    def published(self) -> dict:
        """The descriptor written to /datos/<slug>/datapackage.json."""
        return published_descriptor(self)

    @cached_property
    def package_file(self) -> FileInfo:
        data = descriptor_bytes(self.published)
        return FileInfo("datapackage.json", "JSON", "application/json", len(data),
                        hashlib.sha256(data).hexdigest(), self.rows)

    @property
    def downloads(self) -> list[FileInfo]:
        files = [f for r in self.resources for f in (r.csv, r.json) if f is not None]
        return files + [self.package_file]

    @staticmethod
    def for_excel(csv: FileInfo) -> FileInfo:
        """The copy of a published CSV that Excel opens with its accents right: the same
        bytes after UTF-8's byte order mark, in excel/ (not in the Data Package: the CSV
        beside it is the canonical one). No sha256: the canonical file's is the one to check."""
        return FileInfo(f"{EXCEL_FOLDER}/{csv.path}", "CSV", "text/csv", csv.bytes + len(EXCEL_BOM), "", csv.rows,
                        csv.source)


def _data_fields(schema: dict) -> tuple[DataField, ...]:
    key = schema.get("primaryKey") or []
    key = [key] if isinstance(key, str) else key
    return tuple(DataField(f["name"], str(f.get("type", "string")), f.get("title"), f.get("description"),
                           dict(f.get("constraints") or {}), f.get("format"), f["name"] in key)
                 for f in schema["fields"])



# --- loading -------------------------------------------------------------------------------

def _report(analysis: Analysis, ctx: Context) -> None:
    for p in analysis.problems:
        line = ctx.line(p.at) if p.at is not None else p.line
        ctx.problems.add(p.code, p.message, p.path, line, dotted(p.at) if p.at is not None else p.field, p.severity)


@dataclass(frozen=True)
class Note:
    """Something the validation noticed, for the dataset's page: a message (with its plural
    form when it counts something) and its values, written in the site's language when shown."""

    message: str
    values: tuple[tuple[str, Any], ...] = ()
    plural: str | None = None
    count: int | None = None

    def text(self, lang) -> str:
        values = dict(self.values)
        if self.plural is not None:
            return lang.ngettext(self.message, self.plural, self.count, **values)
        return lang.gettext(self.message, **values)


def _notes(resources: list[Resource]) -> tuple[Note, ...]:
    notes = []
    for r in resources:
        if r.transcoded:
            message = (N_("El archivo original «%(path)s» está codificado en %(encoding)s (codificación detectada al"
                          " validarlo); aquí se publica convertido a UTF-8, con el mismo contenido.")
                       if r.encoding_detected else
                       N_("El archivo original «%(path)s» está codificado en %(encoding)s; aquí se publica convertido"
                          " a UTF-8, con el mismo contenido."))
            notes.append(Note(message, (("path", r.path), ("encoding", r.encoding))))
        if r.formula_cells:
            singular, plural = Nn_(
                "En «%(path)s», %(num)s celda de texto empieza con =, +, - o @. Si abres el archivo en una hoja"
                " de cálculo, no aceptes ejecutar fórmulas ni contenido externo.",
                "En «%(path)s», %(num)s celdas de texto empiezan con =, +, - o @. Si abres el archivo en una hoja"
                " de cálculo, no aceptes ejecutar fórmulas ni contenido externo.")
            notes.append(Note(singular, (("path", r.path),), plural, r.formula_cells))
    return tuple(notes)


def _resources(checked: list[tuple[dict, Path]], analysis: Analysis, json_copies: bool = True) -> list[Resource]:
    built = []
    for (entry, target), info in zip(checked, analysis.resources):
        path = entry["path"]
        stem = str(PurePosixPath(path).with_suffix(""))
        json_path = stem + ".json" if stem + ".json" != "datapackage.json" else stem + "-filas.json"
        csv_source = analysis.folder / info["csv"]["file"] if info["csv"]["file"] else target
        built.append(Resource(
            entry["name"], path, "csv", info["encoding"], _data_fields(entry["schema"]), entry,
            title=entry.get("title"), description=entry.get("description"), rows=info["rows"],
            encoding_detected=info["detected"], dialect=info["dialect"],
            preview=tuple(tuple(row) for row in info["preview"]), formula_cells=info["formulas"],
            csv=FileInfo(path, "CSV", "text/csv", info["csv"]["bytes"], info["csv"]["sha256"], info["rows"], csv_source),
            json=FileInfo(json_path, "JSON", "application/json", info["json"]["bytes"], info["json"]["sha256"],
                          info["rows"], analysis.folder / info["json"]["file"])
            if json_copies and info["csv"]["bytes"] <= JSON_COPY_MAX_BYTES else None))
    return built


def load_datasets(root: Path, sources, problems: Problems, site_license: str | None = None,
                  done: Callable[[int], None] | None = None, prune: bool = True, generated: bool = False,
                  json_copies: bool = True) -> list[Dataset]:
    """Check each dataset's descriptor and validate its data (or take the result from the cache);
    `done(n)` is told how many datasets are finished, for progress displays. The data of the
    datasets the cache does not know is validated over several processes when there is
    enough of it (validate.complete_all). `generated`: the datasets are gobabierto's own
    (the records package), whose foreign keys hold by construction: they are read in the
    fast pass, not checked again by frictionless on every build (a test validates them).
    `json_copies`: publish a JSON copy of each CSV up to JSON_COPY_MAX_BYTES (`datos_json`)."""
    cache = Cache(root)
    checked_sources = []  # (source, context, values, checked resources, descriptor, views, analysis or pending)
    for source in sources:
        found = _check_source(source, problems, cache, generated)
        if found is not None:
            checked_sources.append(found)
    pending = [entry[-1] for entry in checked_sources if isinstance(entry[-1], Pending)]
    finished = len(sources) - len(pending)
    if done is not None and pending and finished:  # the ones the cache knew
        done(finished)

    def one_more() -> None:
        nonlocal finished
        finished += 1
        if done is not None and finished < len(sources):
            done(finished)

    completed = iter(complete_all(pending, cache, one_more))
    datasets = []
    for source, ctx, values, checked, descriptor, specs, analysis in checked_sources:
        if isinstance(analysis, Pending):
            analysis = next(completed)
        _report(analysis, ctx)
        if analysis.ok:
            views = _views(specs, checked, analysis, ctx)
            if views is not None:
                datasets.append(_dataset(source, ctx, values, checked, descriptor, analysis, site_license, views,
                                         json_copies))
    if done is not None and sources:
        done(len(sources))
    if prune:
        cache.prune({source.slug for source in sources} | set(RESERVED_DATASET_SLUGS))
    cache.save_hashes(prune=prune and not cache.shared)
    return datasets


def _check_source(source, problems: Problems, cache: Cache, generated: bool = False) -> tuple | None:
    """A dataset's descriptor checked, and its data's analysis from the cache (or what is
    needed to compute it); None when the descriptor is wrong (the problems say why)."""
    if source.descriptor is None:
        return None
    data, source_map = read_descriptor(source, problems)
    if source_map is None:
        return None
    ctx = Context(source.rel_path, source_map, problems)
    values = Converter(ctx).convert_mapping(data if data is not None else {}, DATASET_FIELDS, (), allow_extra=True)
    check_descriptor_links(data, ctx)
    if values is None:
        return None
    if isinstance(data.get("name"), str) and not re.match(NAME_RE, data["name"]):
        ctx.error("nombre-invalido", f"el nombre del paquete «{data['name']}» debe ir en minúsculas, sin espacios ni"
                  f" acentos; usa el de la carpeta, «{source.slug}», o bórralo", ("name",))
        return None
    rel_folder = f"datasets/{source.slug}"
    checked = [check_resource(e, i, source.folder, rel_folder, ctx) for i, e in enumerate(values.get("resources", ()))]
    if "description" in values:
        check_description(values, ctx)
    unique = check_unique_resources(checked, ctx)
    if not unique or any(c is None for c in checked) or any(f.required and f.key not in values for f in DATASET_FIELDS):
        return None
    if data.get("views") not in (None, [], "") and "views" not in values:
        return None  # a view the field table refused (its problems say why): the data waits until it is right
    specs = check_views(values.get("views", ()), checked, ctx)
    if specs is None:
        return None
    descriptor = dict(data, resources=[entry for entry, _ in checked])
    for key in ("licenses", "contacto"):  # as converted: a shorthand (`licenses: [CC-BY-4.0]`) in full
        if key in values:
            descriptor[key] = [dict(v) for v in values[key]] if key == "licenses" else dict(values[key])
    descriptor.setdefault("name", source.slug)
    inputs = [ResourceInput(i, entry["path"], target, f"{rel_folder}/{entry['path']}",
                            entry.get("encoding"), tuple((f.name, f.type) for f in _data_fields(entry["schema"])),
                            tuple(f.name for f in _data_fields(entry["schema"]) if f.primary_key),
                            tuple((s.index, s.query) for s in specs if s.query.resource == i))
              for i, (entry, target) in enumerate(checked)]
    return (source, ctx, values, checked, descriptor, specs,
            look_up(source.slug, source.rel_path, descriptor, inputs, source.folder, cache, generated))


def _views(specs: list[ViewSpec], checked: list, analysis: Analysis, ctx: Context) -> tuple[View, ...] | None:
    """Each view with its summary table; None when one cannot be drawn (the problems say why)."""
    views, ok = [], True
    for spec in specs:
        result = analysis.resources[spec.query.resource]
        view = make_view(spec, checked[spec.query.resource][0], result["vistas"][str(spec.index)], result["rows"])
        ok = check_drawn(view, ("views", spec.index), ctx) and ok
        views.append(view)
    return tuple(views) if ok else None


def _dataset(source, ctx: Context, values: dict, checked: list, descriptor: dict, analysis: Analysis,
             site_license: str | None, views: tuple[View, ...] = (), json_copies: bool = True) -> Dataset:
    resources = _resources(checked, analysis, json_copies)
    licenses = tuple(values.get("licenses") or ())
    return Dataset(
        slug=source.slug, titulo=values["title"], descripcion=values["description"],
        keywords=tuple(values.get("keywords", ())), resources=tuple(resources), licenses=licenses,
        municipio=values.get("municipio"), dependencia=values.get("dependencia"), contacto=values.get("contacto"),
        tema=values.get("tema"), periodicidad=values.get("periodicidad"),
        cobertura_temporal=values.get("cobertura_temporal"), cobertura_geografica=values.get("cobertura_geografica"),
        compromisos=tuple(values.get("compromisos", ())), descriptor=descriptor,
        folder=f"datasets/{source.slug}", origin=Origin(source.rel_path, ctx.source_map),
        published_licenses=tuple(effective_licenses(licenses, site_license)), notes=_notes(resources), views=views)


def check_references(site, problems: Problems, known_slugs: dict[str, set],
                     drafts: dict[str, dict[str, str]] | None = None) -> None:
    """The records a dataset names exist and are published (`drafts`: kind → slug → file)."""
    for dataset in site.datasets:
        checks = [("municipio", "municipio", (dataset.municipio,) if dataset.municipio else ())]
        checks.append(("compromisos", "compromiso", dataset.compromisos))
        for key, kind, slugs in checks:
            known = known_slugs.get(kind, set())
            for position, slug in enumerate(slugs):
                path = (key, position) if key == "compromisos" else (key,)
                draft = (drafts or {}).get(kind, {}).get(slug)
                if draft is not None:
                    problems.add("referencia-a-borrador", draft_reference(slug, draft), dataset.origin.path,
                                 dataset.origin.line(*path), dotted(path))
                elif slug not in known:
                    problems.add("referencia-rota", f"no existe ningún registro «{kind}» con el identificador «{slug}».{suggest(slug, known)}",
                                 dataset.origin.path, dataset.origin.line(*path), dotted(path))


# --- publishing ----------------------------------------------------------------------------

def _complete_license(lic: dict) -> dict:
    known = KNOWN_LICENSES.get(str(lic.get("name", "")), {})
    return {**{k: v for k, v in known.items() if k != "name"}, **lic}


def effective_licenses(licenses, site_license: str | None) -> list[dict]:
    """The dataset's licences; else the site's `licencia`; else the Términos de Libre Uso MX."""
    if licenses:
        return [_complete_license(dict(lic)) for lic in licenses if isinstance(lic, dict)]
    if site_license:
        return [_complete_license({"name": site_license})]
    return [dict(DEFAULT_LICENSE)]


def descriptor_bytes(descriptor: dict) -> bytes:
    return (json.dumps(descriptor, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def published_descriptor(dataset: Dataset) -> dict:
    """The Data Package as published: relative paths to UTF-8 CSV files, with their size,
    sha256 and encoding, and the schema inline — what `frictionless validate` accepts."""
    descriptor = json.loads(json.dumps(dataset.descriptor, default=lambda v: v.isoformat() if isinstance(v, datetime)
                                       else str(v), ensure_ascii=False))
    descriptor["name"] = descriptor.get("name") or dataset.slug
    descriptor["licenses"] = [dict(lic) for lic in dataset.published_licenses]
    resources = []
    for resource, entry in zip(dataset.resources, descriptor["resources"]):
        published = {k: v for k, v in entry.items() if k not in ("bytes", "hash", "encoding", "dialect", "format",
                                                                "mediatype", "path", "name", "schema")}
        published.update(name=resource.name, path=resource.path, format="csv", mediatype="text/csv", encoding="utf-8",
                         bytes=resource.csv.bytes, hash=f"sha256:{resource.csv.sha256}", schema=entry["schema"])
        if resource.dialect:
            published["dialect"] = resource.dialect
        resources.append(published)
    descriptor["resources"] = resources
    return descriptor


def publish(site, writer, root: Path) -> dict[str, dict]:
    """Write each dataset's files, their copies for Excel, and datapackage.json; returns slug
    → published descriptor."""
    published = {}
    for dataset in site.datasets:
        base = f"datos/{dataset.slug}/"
        for resource in dataset.resources:
            writer.copy(base + resource.csv.path, resource.csv.source)
            writer.copy(base + Dataset.for_excel(resource.csv).path, resource.csv.source, prefix=EXCEL_BOM)
            if resource.json is not None:
                writer.copy(base + resource.json.path, resource.json.source)
        for view in dataset.views:
            writer.write(base + view.path, view.csv_bytes)
        writer.write(base + "datapackage.json", descriptor_bytes(dataset.published))
        published[dataset.slug] = dataset.published
    return published
