"""The transparency record itself as open data: commitments, milestones, indicators,
sessions, Secretariado members and calls as CSV files with Table Schemas, in one Data
Package published at /datos/registros/."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from gobabierto.content.discover import DatasetSource
from gobabierto.content.models import Site
from gobabierto.content.records import RECORD_TYPES
from gobabierto.core import clock
from gobabierto.datasets.dataset import load_datasets
from gobabierto.pages.urls import Urls
from gobabierto.text import i18n
from gobabierto.text.i18n import N_

SLUG = "registros"
TITLE = N_("Registros de gobierno abierto del micrositio")
SEP = "; "  # lists inside one cell
# The JSON form of each table is the API's file of its record type, where each record is
# whole (milestones and indicators inside their commitment, the Secretariado inside its
# plan): the package publishes its tables as CSV only, not a second JSON of the same rows.
API_KIND = {"compromisos": "compromiso", "hitos": "compromiso", "indicadores": "compromiso", "sesiones": "sesion",
            "secretariado": "plan", "convocatorias": "convocatoria"}


def api_path(table: str) -> str:
    """The site address of the API file holding `table`'s rows as JSON."""
    return f"/api/{RECORD_TYPES[API_KIND[table]].folder}.json"


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    title: str
    description: str
    get: Callable[..., Any]
    required: bool = False
    enum: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    rows: Callable[[Site], list]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (field, resource, field)


def _join(values) -> str:
    return SEP.join(str(v) for v in values or ())


def _date(value) -> str:
    return value.isoformat() if value else ""


def _commitment_rows(site: Site) -> list:
    return list(site.of("compromiso"))


def _milestone_rows(site: Site) -> list:
    return [(c, n, h) for c in site.of("compromiso") for n, h in enumerate(c.hitos, 1)]


def _indicator_rows(site: Site) -> list:
    return [(c, n, i) for c in site.of("compromiso") for n, i in enumerate(c.indicadores, 1)]


def _member_rows(site: Site) -> list:
    return [(p, n, s) for p in site.of("plan") for n, s in enumerate(p.secretariado, 1)]


STATUSES = ("no_iniciado", "en_proceso", "cumplido", "retrasado", "cancelado")
MILESTONE_STATES = ("cumplido_a_tiempo", "cumplido_tarde", "pendiente", "vencido")
CALL_STATES = ("proxima", "abierta", "cerrada")

TABLES = (
    Table("compromisos", N_("Compromisos"), N_("Cada compromiso de los planes de acción, con su estatus y avance calculados "
          "a la fecha de publicación."), (
              Column("slug", "string", N_("Identificador"), N_("Identificador del compromiso en el micrositio."), lambda c: c.slug, True),
              Column("titulo", "string", N_("Título"), N_("Nombre del compromiso."), lambda c: c.titulo, True),
              Column("plan", "string", N_("Plan"), N_("Identificador del plan de acción al que pertenece."), lambda c: c.plan, True),
              Column("municipio", "string", N_("Municipio"), N_("Identificador del municipio, si el compromiso es de uno solo."),
                     lambda c: c.municipio or ""),
              Column("responsable", "string", N_("Responsable"), N_("Dependencia responsable."), lambda c: c.responsable, True),
              Column("corresponsables", "string", N_("Corresponsables"), N_("Corresponsables de gobierno, separados por «; »."),
                     lambda c: _join(c.corresponsables)),
              Column("sociedad_civil", "string", N_("Sociedad civil"), N_("Organizaciones de la sociedad civil, academia o "
                     "colectivos corresponsables, separados por «; »."), lambda c: _join(c.sociedad_civil)),
              Column("pilares", "string", N_("Pilares"), N_("Pilares de gobierno abierto, separados por «; »."), lambda c: _join(c.pilares)),
              Column("ods", "string", N_("ODS"), N_("Objetivos de Desarrollo Sostenible (números), separados por «; »."),
                     lambda c: _join(c.ods)),
              Column("fecha_inicio", "date", N_("Fecha de inicio"), N_("Fecha de inicio del compromiso."), lambda c: _date(c.fecha_inicio)),
              Column("fecha_fin", "date", N_("Fecha de término"), N_("Fecha de término comprometida."), lambda c: _date(c.fecha_fin)),
              Column("estatus", "string", N_("Estatus"), N_("Estatus a la fecha de publicación."), lambda c: c.status, True, STATUSES),
              Column("avance", "number", N_("Avance (%)"), N_("Avance ponderado por los hitos, de 0 a 100."), lambda c: c.progress, True),
              Column("hitos", "integer", N_("Hitos"), N_("Número de hitos."), lambda c: len(c.hitos), True),
              Column("url", "string", N_("Página"), N_("Dirección de la ficha en el micrositio."), None, True),
          ), _commitment_rows, ("slug",)),
    Table("hitos", N_("Hitos de los compromisos"), N_("Cada hito de cada compromiso: fecha comprometida, fecha en que se "
          "cumplió y evidencias."), (
              Column("compromiso", "string", N_("Compromiso"), N_("Identificador del compromiso."), lambda r: r[0].slug, True),
              Column("numero", "integer", N_("Número"), N_("Orden del hito dentro del compromiso."), lambda r: r[1], True),
              Column("descripcion", "string", N_("Descripción"), N_("Qué se entrega o se logra."), lambda r: r[2].descripcion, True),
              Column("fecha", "date", N_("Fecha comprometida"), N_("Fecha en que debe cumplirse."), lambda r: _date(r[2].fecha), True),
              Column("cumplido", "date", N_("Fecha de cumplimiento"), N_("Fecha en que se cumplió; vacía si no se ha cumplido."),
                     lambda r: _date(r[2].cumplido)),
              Column("estado", "string", N_("Estado"), N_("Estado a la fecha de publicación."), lambda r: r[2].state, True,
                     MILESTONE_STATES),
              Column("peso", "number", N_("Peso"), N_("Peso del hito en el avance del compromiso."), lambda r: r[2].peso, True),
              Column("evidencias", "string", N_("Evidencias"), N_("Enlaces o documentos que lo demuestran, separados por «; »."),
                     lambda r: _join(r[2].evidencias)),
          ), _milestone_rows, ("compromiso", "numero"), (("compromiso", "compromisos", "slug"),)),
    Table("indicadores", N_("Indicadores de los compromisos"), N_("Línea base, valor actual y meta de cada indicador."), (
        Column("compromiso", "string", N_("Compromiso"), N_("Identificador del compromiso."), lambda r: r[0].slug, True),
        Column("numero", "integer", N_("Número"), N_("Orden del indicador dentro del compromiso."), lambda r: r[1], True),
        Column("nombre", "string", N_("Indicador"), N_("Qué se mide."), lambda r: r[2].nombre, True),
        Column("unidad", "string", N_("Unidad"), N_("Unidad de medida."), lambda r: r[2].unidad or ""),
        Column("linea_base", "number", N_("Línea base"), N_("Valor al inicio."), lambda r: r[2].linea_base),
        Column("valor", "number", N_("Valor actual"), N_("Último valor medido."), lambda r: r[2].valor),
        Column("meta", "number", N_("Meta"), N_("Valor comprometido."), lambda r: r[2].meta),
        Column("fecha", "date", N_("Fecha de medición"), N_("Fecha del valor actual."), lambda r: _date(r[2].fecha)),
    ), _indicator_rows, ("compromiso", "numero"), (("compromiso", "compromisos", "slug"),)),
    Table("sesiones", N_("Sesiones"), N_("Sesiones de los órganos de gobierno abierto, con sus acuerdos."), (
        Column("slug", "string", N_("Identificador"), N_("Identificador de la sesión."), lambda s: s.slug, True),
        Column("titulo", "string", N_("Título"), N_("Nombre de la sesión."), lambda s: s.titulo, True),
        Column("organo", "string", N_("Órgano"), N_("Órgano que sesionó."), lambda s: s.organo, True),
        Column("municipio", "string", N_("Municipio"), N_("Identificador del municipio."), lambda s: s.municipio or ""),
        Column("tipo", "string", N_("Tipo"), N_("Instalación, ordinaria o extraordinaria."), lambda s: s.tipo, True),
        Column("numero", "integer", N_("Número"), N_("Número de la sesión."), lambda s: s.numero),
        Column("fecha", "date", N_("Fecha"), N_("Fecha de la sesión."), lambda s: _date(s.fecha), True),
        Column("acuerdos", "string", N_("Acuerdos"), N_("Acuerdos tomados, separados por «; »."), lambda s: _join(s.acuerdos)),
        Column("compromisos", "string", N_("Compromisos"), N_("Compromisos tratados, separados por «; »."),
               lambda s: _join(s.compromisos)),
        Column("url", "string", N_("Página"), N_("Dirección de la ficha en el micrositio."), None, True),
    ), lambda site: list(site.of("sesion")), ("slug",)),
    Table("secretariado", N_("Integrantes de los Secretariados Técnicos"), N_("Integrantes del Secretariado Técnico de cada "
          "plan, por sector, con sus fechas de designación y cese."), (
              Column("plan", "string", N_("Plan"), N_("Identificador del plan."), lambda r: r[0].slug, True),
              Column("numero", "integer", N_("Número"), N_("Orden dentro del Secretariado."), lambda r: r[1], True),
              Column("nombre", "string", N_("Nombre"), N_("Nombre de la persona o institución."), lambda r: r[2].nombre, True),
              Column("sector", "string", N_("Sector"), N_("Sector que representa."), lambda r: r[2].sector, True,
                     ("sociedad_civil", "autoridad", "organo_garante", "facilitacion")),
              Column("organizacion", "string", N_("Organización"), N_("Organización a la que pertenece."),
                     lambda r: r[2].organizacion or ""),
              Column("cargo", "string", N_("Cargo"), N_("Cargo."), lambda r: r[2].cargo or ""),
              Column("desde", "date", N_("Designación"), N_("Fecha de designación."), lambda r: _date(r[2].desde)),
              Column("hasta", "date", N_("Cese"), N_("Fecha de cese; vacía si sigue en funciones."), lambda r: _date(r[2].hasta)),
          ), _member_rows, ("plan", "numero")),
    Table("convocatorias", N_("Convocatorias"), N_("Convocatorias a participar, con sus fechas y su estado a la fecha de "
          "publicación."), (
              Column("slug", "string", N_("Identificador"), N_("Identificador de la convocatoria."), lambda c: c.slug, True),
              Column("titulo", "string", N_("Título"), N_("Nombre de la convocatoria."), lambda c: c.titulo, True),
              Column("convocante", "string", N_("Convocante"), N_("Quién convoca."), lambda c: c.convocante, True),
              Column("plan", "string", N_("Plan"), N_("Identificador del plan al que convoca."), lambda c: c.plan or ""),
              Column("dirigida_a", "string", N_("Dirigida a"), N_("A quién se dirige."), lambda c: c.dirigida_a or ""),
              Column("fecha_apertura", "date", N_("Apertura"), N_("Fecha de apertura."), lambda c: _date(c.fecha_apertura)),
              Column("fecha_cierre", "date", N_("Cierre"), N_("Fecha de cierre."), lambda c: _date(c.fecha_cierre)),
              Column("estado", "string", N_("Estado"), N_("Próxima, abierta o cerrada a la fecha de publicación."),
                     lambda c: c.state, True, CALL_STATES),
              Column("enlace_registro", "string", N_("Registro"), N_("Dónde registrarse."), lambda c: c.enlace_registro or ""),
              Column("url", "string", N_("Página"), N_("Dirección de la ficha en el micrositio."), None, True),
          ), lambda site: list(site.of("convocatoria")), ("slug",)),
)


@dataclass(frozen=True)
class GeneratedFile:
    path: str           # relative to /datos/registros/
    data: bytes
    rows: int


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _schema(table: Table, _: Callable[[str], str] = lambda text: text) -> dict:
    fields = []
    for col in table.columns:
        entry: dict[str, Any] = {"name": col.name, "type": col.type, "title": _(col.title),
                                 "description": _(col.description)}
        constraints: dict[str, Any] = {}
        if col.required:
            constraints["required"] = True
        if col.enum:
            constraints["enum"] = list(col.enum)
        if constraints:
            entry["constraints"] = constraints
        fields.append(entry)
    schema: dict[str, Any] = {"fields": fields, "primaryKey": list(table.primary_key)}
    keys = [{"fields": f, "reference": {"resource": r, "fields": rf}} for f, r, rf in table.foreign_keys]
    if keys:
        schema["foreignKeys"] = keys
    return schema


def generate(site: Site, urls: Urls) -> tuple[dict, list[GeneratedFile]]:
    """The package descriptor and the CSV files it describes (bytes and hash are added when
    the package is published, like any other dataset's). Titles and descriptions are in the
    site's language; column names and coded values stay as they are."""
    _ = i18n.language(site.config.idioma).gettext
    files: list[GeneratedFile] = []
    resources = []
    for table in TABLES:
        rows = table.rows(site)
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([c.name for c in table.columns])
        for row in rows:
            cells = []
            for col in table.columns:
                if col.get is None:  # the page address
                    cells.append(urls.absolute(Urls.record(row)))
                else:
                    cells.append(_cell(col.get(row)))
            writer.writerow(cells)
        data = buffer.getvalue().encode("utf-8")
        generated = GeneratedFile(f"{table.name}.csv", data, len(rows))
        files.append(generated)
        resources.append({
            "name": table.name, "title": _(table.title), "description": _(table.description),
            "path": generated.path, "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "schema": _schema(table, _),
        })
    config = site.config
    descriptor: dict[str, Any] = {
        "name": SLUG,
        "title": _(TITLE),
        "description": _(N_("Los registros de este micrositio como datos abiertos: compromisos con su estatus y avance, "
                            "sus hitos e indicadores, las sesiones con sus acuerdos, los integrantes de los Secretariados "
                            "Técnicos y las convocatorias. Se generan en cada publicación a partir de las fichas del "
                            "sitio; estatus, avance y estados se calculan a la fecha de publicación.")),
        "keywords": [_(N_("gobierno abierto")), _(N_("compromisos")), _(N_("plan de acción")), _(N_("sesiones")),
                     _(N_("convocatorias"))],
        "dependencia": config.titulo,
        "tema": _(N_("Gobierno abierto")),
        # computed as of the build's day (statuses, progress): the day's start, so that an
        # edit that changes no table leaves the package's bytes (and its page) as they were
        "created": clock.day_timestamp(site.today, site.config.zona_horaria),
        "resources": resources,
    }
    if config.contacto is not None and config.contacto.correo:
        descriptor["contacto"] = {k: v for k, v in (("nombre", config.contacto.nombre or config.titulo),
                                                    ("correo", config.contacto.correo)) if v}
    return descriptor, files


def load(site: Site, urls: Urls, root: Path, problems, folder: Path) -> list:
    """The records package as a Dataset, validated and analysed like any dataset in datasets/
    (so it gets the same page, downloads, preview and catalogue entries). Its files are
    written to `folder`, which must outlive the build."""
    descriptor, files = generate(site, urls)
    if not any(generated.rows for generated in files):
        return []  # a site with no commitments, sessions, plans or calls has no records to publish
    base = Path(folder)
    for generated in files:
        (base / generated.path).write_bytes(generated.data)
    (base / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
    source = DatasetSource(SLUG, base, base / "datapackage.json", f"datos/{SLUG}/datapackage.json")
    loaded = load_datasets(root, [source], problems, site.config.licencia, prune=False, generated=True,
                           json_copies=False)
    return [dataclasses.replace(dataset, resources=tuple(dataclasses.replace(r, api=api_path(r.name))
                                                         for r in dataset.resources)) for dataset in loaded]
