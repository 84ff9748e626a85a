"""Frozen models handed from stage to stage; templates only ever see these."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from gobabierto.core.sourcemap import SourceMap


@dataclass(frozen=True)
class Origin:
    """The file a record came from, kept so later stages can locate their problems."""

    path: str
    source_map: SourceMap = field(compare=False, repr=False)
    body_line: int = 1

    def line(self, *path) -> int | None:
        return self.source_map.line(tuple(path))


@dataclass(frozen=True)
class Link:
    titulo: str
    url: str


@dataclass(frozen=True)
class Contact:
    correo: str | None = None
    telefono: str | None = None
    direccion: str | None = None
    nombre: str | None = None


@dataclass(frozen=True)
class Institution:
    nombre: str
    siglas: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Period:
    inicio: date
    fin: date


@dataclass(frozen=True)
class Record:
    """Fields every record shares: its type, slug, origin, body and free `extra` data."""

    kind: str = ""
    slug: str = ""
    origin: Origin | None = field(default=None, compare=False, repr=False)
    body: str = ""
    extra: Any = None
    borrador: bool = False  # a draft: checked, never published (it never reaches the Site)


@dataclass(frozen=True)
class Municipality(Record):
    nombre: str = ""
    estado: str = ""
    clave_inegi: str | None = None
    periodo: str | None = None
    presidencia: str | None = None
    organo_garante: Institution | None = None
    sitio_web: str | None = None
    comunidades: int | None = None
    poblacion: int | None = None
    escudo: str | None = None
    contacto: Contact | None = None
    redes: tuple[str, ...] = ()

    @property
    def titulo(self) -> str:
        return self.nombre


@dataclass(frozen=True)
class SecretariatMember:
    nombre: str
    sector: str
    organizacion: str | None = None
    cargo: str | None = None
    desde: date | None = None
    hasta: date | None = None


@dataclass(frozen=True)
class Plan(Record):
    titulo: str = ""
    edicion: int = 1
    ambito: str = ""
    estado: str = ""
    municipios: tuple[str, ...] = ()
    periodo: Period | None = None
    organo_garante: Institution | None = None
    fase: str = ""
    secretariado: tuple[SecretariatMember, ...] = ()
    convocatoria: str | None = None


@dataclass(frozen=True)
class Milestone:
    descripcion: str
    fecha: date
    cumplido: date | None = None
    peso: float = 1
    evidencias: tuple[str, ...] = ()
    state: str = ""  # derived: cumplido_a_tiempo | cumplido_tarde | pendiente | vencido


@dataclass(frozen=True)
class Indicator:
    nombre: str
    unidad: str | None = None
    linea_base: float | None = None
    meta: float | None = None
    valor: float | None = None
    fecha: date | None = None


@dataclass(frozen=True)
class Assessment:
    verificable: bool | None = None
    impacto_potencial: str | None = None
    cumplimiento: str | None = None
    abrio_el_gobierno: str | None = None
    fuente: str | None = None


@dataclass(frozen=True)
class Commitment(Record):
    titulo: str = ""
    plan: str = ""
    municipio: str | None = None
    problematica: str = ""
    objetivo: str = ""
    pilares: tuple[str, ...] = ()
    ods: tuple[int, ...] = ()
    responsable: str = ""
    corresponsables: tuple[str, ...] = ()
    sociedad_civil: tuple[str, ...] = ()  # civil-society co-responsible organisations
    fecha_inicio: date | None = None
    fecha_fin: date | None = None
    estatus: str | None = None  # as written; `status` is the derived one
    hitos: tuple[Milestone, ...] = ()
    indicadores: tuple[Indicator, ...] = ()
    datasets: tuple[str, ...] = ()
    evidencias: tuple[str, ...] = ()
    evaluacion: Assessment | None = None
    avance: float | None = None  # as written; `progress` is the derived one
    progress: float = 0.0
    status: str = ""


@dataclass(frozen=True)
class Session(Record):
    titulo: str = ""
    organo: str = ""
    municipio: str | None = None
    plan: str | None = None
    tipo: str = ""
    numero: int | None = None
    ejercicio: int | None = None
    fecha: date | None = None
    objetivos: tuple[str, ...] = ()
    relevancia: tuple[str, ...] = ()
    aportacion: str | None = None
    acciones: tuple[str, ...] = ()
    acuerdos: tuple[str, ...] = ()
    asistentes: tuple[str, ...] = ()
    documentos: tuple[Link, ...] = ()
    compromisos: tuple[str, ...] = ()


@dataclass(frozen=True)
class GoodPractice(Record):
    titulo: str = ""
    municipio: str = ""
    programa: str | None = None
    otorgante: str | None = None
    fecha: date | None = None
    pilares: tuple[str, ...] = ()
    fundamento_legal: tuple[str, ...] = ()
    evidencias: tuple[str, ...] = ()
    compromisos: tuple[str, ...] = ()


@dataclass(frozen=True)
class Call(Record):
    titulo: str = ""
    convocante: str = ""
    plan: str | None = None
    dirigida_a: str | None = None
    fecha_apertura: date | None = None
    fecha_cierre: date | None = None
    requisitos: tuple[str, ...] = ()
    enlace_registro: str | None = None
    correo: str | None = None
    etiquetas: tuple[str, ...] = ()
    state: str = ""  # derived: proxima | abierta | cerrada


@dataclass(frozen=True)
class Signatory:
    nombre: str
    cargo: str


@dataclass(frozen=True)
class Letter(Record):
    titulo: str = ""
    municipio: str = ""
    plan: str | None = None
    fecha: date | None = None
    lugar: str | None = None
    destinatario: str | None = None
    firmantes: tuple[Signatory, ...] = ()
    considerandos: tuple[str, ...] = ()


@dataclass(frozen=True)
class Activity(Record):
    titulo: str = ""
    municipio: str | None = None
    tipo: str | None = None
    fecha: date | None = None
    lugar: str | None = None
    evidencias: tuple[str, ...] = ()
    plan: str | None = None
    compromisos: tuple[str, ...] = ()


@dataclass(frozen=True)
class Page(Record):
    titulo: str = ""
    orden: int | None = None


@dataclass(frozen=True)
class Brand:
    logo: str | None = None
    color: str = "#1f5f5b"
    pie: str | None = None
    sitio_principal: str | None = None
    portal_transparencia: str | None = None


@dataclass(frozen=True)
class SiteConfig:
    titulo: str = "Gobierno Abierto"
    descripcion: str | None = None
    url: str | None = None
    dominio: str | None = None  # custom domain, published as CNAME
    idioma: str = "es-MX"
    zona_horaria: str = "America/Mexico_City"
    organo_garante: Institution | None = None
    licencia: str | None = None
    contacto: Contact | None = None
    navegacion: tuple[str, ...] = ()
    redes: tuple[str, ...] = ()
    por_pagina: int = 50  # items per page of a listing (pagination.py)
    busqueda: bool = True  # publish a search index and the search box
    limite_publicacion: str = "1 GB"  # the host's limit on the published size (config.size_bytes)
    limite_publicacion_bloquea: bool = True  # over the limit: an error (True) or a warning
    datos_json: bool = True  # publish a JSON copy of each dataset's CSV (datasets.dataset.JSON_COPY_MAX_BYTES)
    marca: Brand = field(default_factory=Brand)
    extra: Any = None
    origin: Origin | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class DatasetRef:
    """What the record stage needs of a dataset: that it exists (issue 3 fills the rest)."""

    slug: str
    path: str


@dataclass(frozen=True)
class Site:
    config: SiteConfig
    today: date
    records: dict[str, tuple[Record, ...]]  # kind → records sorted by slug
    datasets: tuple[Any, ...] = ()
    root: str = ""
    history: Any = None  # history.History, read at build time; None when not read
    drafts: tuple[str, ...] = ()  # the files of the records left out as drafts (`borrador: true`)

    def changes(self, item) -> tuple:
        """Git commits that touched a record's file or a dataset's folder, newest first."""
        if self.history is None:
            return ()
        if getattr(item, "kind", "") == "dataset":
            return self.history.of_folder(item.folder)
        return self.history.of_file(item.origin.path) if item.origin is not None else ()

    def last_change(self, item=None):
        """When a record's file or a dataset's folder last changed (`history.Updated`), or
        the whole content when `item` is None. A dataset made at build time (the records'
        tables) changes with the records. None when nothing is known."""
        if self.history is None:
            return None
        if item is None:
            return self.history.updated_folder("")
        if getattr(item, "kind", "") == "dataset":
            return self.history.updated_folder(item.folder) or self.history.updated_folder("content")
        return self.history.updated_file(item.origin.path) if item.origin is not None else None

    def of(self, kind: str) -> tuple:
        return self.records.get(kind, ())

    def has_dataset(self, slug: str) -> bool:
        return any(d.slug == slug for d in self.datasets)

    @cached_property
    def _by_slug(self) -> dict[tuple[str, str], Record]:
        return {(kind, r.slug): r for kind, records in self.records.items() for r in records}

    def get(self, kind: str, slug: str | None):
        return None if slug is None else self._by_slug.get((kind, slug))
