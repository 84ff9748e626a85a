"""Every address a built site publishes, as patterns with what each one is: the table the
field reference (docs/referencia.md) prints for editors and for whoever reuses the data.
The pages themselves are made by routes.py, the open data by api.py, catalog.py,
datasets/dataset.py, publish/record_tables.py and publish/schemas.py; tests/publish/test_addresses.py builds a site and checks
that every file it publishes matches a pattern here, and every pattern a file."""

from __future__ import annotations

import re
from dataclasses import dataclass

from gobabierto.content.records import RECORD_TYPES
from gobabierto.core.paths import OUTPUT_MARKER
from gobabierto.datasets.dataset import JSON_COPY_MAX_BYTES
from gobabierto.pages import ical
from gobabierto.pages.facets import INLINE_VALUES, MAX_PAIR_PAGES
from gobabierto.pages.pagination import SEGMENT
from gobabierto.pages.searchmap import FOLDER as SEARCH_FOLDER
from gobabierto.publish.schemas import SETTINGS_SCHEMA

# The filters of the two filtered listings (the facets routes.py builds), in their order.
FILTERS = {"compromisos": ("plan", "municipio", "pilar", "estatus"),
           "datos": ("municipio", "tema", "dependencia", "formato")}

_SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
PLACEHOLDERS = {  # what each «<…>» of a pattern stands for, as a regular expression
    "<carpeta>": "(?:" + "|".join(rt.folder for rt in RECORD_TYPES.values()) + ")",
    "<tipo>": "(?:" + "|".join(RECORD_TYPES) + ")",
    "<identificador>": _SLUG,
    "<conjunto>": _SLUG,
    "<valor>": _SLUG,
    "<vista>": r"[a-z0-9._-]+",
    "<plan>": _SLUG,
    "<estatus>": _SLUG,
    "<filtro>": "(?:" + "|".join(sorted({f for keys in FILTERS.values() for f in keys})) + ")",
    "<lista>": ".+",
    "<N>": "[0-9]+",
    "<archivo>": ".+",
    "…": ".+",
}


@dataclass(frozen=True)
class Address:
    pattern: str          # a site path; «<…>» and «…» stand for a part that varies
    meaning: str          # one line, in Spanish
    static: bool = False  # the site's own files (static/), published at their own path

    def regex(self) -> re.Pattern:
        parts = re.split(r"(<[^<>/]+>|…)", self.pattern)
        return re.compile("".join(PLACEHOLDERS[p] if i % 2 else re.escape(p) for i, p in enumerate(parts)))


def _filters(folder: str) -> str:
    names = FILTERS[folder]
    return ", ".join(names[:-1]) + " o " + names[-1]


SECTIONS: tuple[tuple[str, tuple[Address, ...]], ...] = (
    ("Páginas", (
        Address("/", "la página de inicio: avance general, compromisos retrasados y próximos, planes, municipios,"
                     " convocatorias abiertas y datos"),
        Address("/<carpeta>/", "la lista de los registros de un tipo; `<carpeta>` es la suya en `content/`: "
                + ", ".join(rt.folder for rt in RECORD_TYPES.values())),
        Address("/<carpeta>/<identificador>/", "la página de un registro: `content/compromisos/agua-potable.md` se"
                                               " publica en `/compromisos/agua-potable/`"),
        Address("/compromisos/por-<filtro>/<valor>/", f"los compromisos de un {_filters('compromisos')}, por ejemplo"
                " `/compromisos/por-estatus/retrasado/`; un filtro aparece cuando hay al menos dos valores distintos"),
        Address("/compromisos/por-plan/<plan>/por-estatus/<estatus>/", "los compromisos de un plan con un estatus:"
                " los dos filtros a la vez, sin JavaScript (mientras no pasen de"
                f" {MAX_PAIR_PAGES:,} páginas)"),
        Address("/compromisos/por-<filtro>/", f"todos los valores de un filtro cuando son más de {INLINE_VALUES}"
                                              " (la lista muestra solo los más frecuentes)"),
        Address("/datos/", "el catálogo de datos abiertos"),
        Address("/datos/por-<filtro>/<valor>/", f"los conjuntos de datos de un {_filters('datos')}"),
        Address("/datos/por-<filtro>/", "todos los valores de un filtro del catálogo cuando son más de"
                                        f" {INLINE_VALUES}"),
        Address(f"/<lista>/{SEGMENT}/<N>/", "la página N (2, 3…) de cualquier lista de arriba cuando tiene más"
                " elementos que `por_pagina`; la página 1 es la lista misma"),
        Address("/datos/<conjunto>/", "la página de un conjunto de datos (su carpeta en `datasets/`): descripción,"
                                      " gráficas, diccionario de datos, vista previa y descargas"),
        Address("/buscar/", "el buscador, con los filtros de compromisos y datos"),
        Address("/404.html", "la página que se muestra cuando una dirección no existe"),
    )),
    ("Datos abiertos", (
        Address("/datos/<conjunto>/datapackage.json", "el Data Package del conjunto: su descriptor con el esquema de"
                " cada recurso, su tamaño y su huella sha256; «frictionless validate» lo acepta tal cual"),
        Address("/datos/<conjunto>/<archivo>.csv", "cada recurso del conjunto en CSV UTF-8, con el nombre de su"
                                                   " `path`"),
        Address("/datos/<conjunto>/<archivo>.json", "las filas de cada recurso en JSON, si su CSV no pasa de"
                f" {JSON_COPY_MAX_BYTES // 2**20} MB y `datos_json` no es false"),
        Address("/datos/<conjunto>/vistas/<vista>.csv", "la tabla de cada vista del conjunto (`views`), con el"
                " resumen de todas las filas que dibuja su gráfica; `<vista>` es su `name`"),
        Address("/datos/<conjunto>/excel/<archivo>.csv", "cada CSV del conjunto para abrirlo en Excel: los mismos"
                " datos, con la marca UTF-8 (BOM) al inicio para que Excel muestre bien los acentos"),
        Address("/datos/registros/", "los registros del sitio como datos abiertos: compromisos, hitos, indicadores,"
                " sesiones, Secretariados y convocatorias, en CSV con su Data Package y su copia para Excel; en"
                " JSON, la API (`/api/<carpeta>.json`)"),
        Address("/datapackage.json", "todos los conjuntos de datos del sitio en un solo Data Package"),
        Address("/data.json", "el catálogo de datos en DCAT-US (Project Open Data 1.1)"),
        Address("/catalogo.jsonld", "el catálogo de datos en DCAT, como JSON-LD"),
        Address("/api/index.json", "el índice de la API: cada tipo de registro con su total y su dirección, y los"
                                   " catálogos"),
        Address("/api/<carpeta>.json", "todos los registros de un tipo en JSON, con los nombres de campo de esta"
                " referencia; estatus y avance de los compromisos, calculados a la fecha de publicación"),
        Address("/schemas/<tipo>.schema.json", "el JSON Schema de un tipo de registro, para los editores de texto"),
        Address(f"/schemas/{SETTINGS_SCHEMA}", "el JSON Schema de `gobabierto.yml`"),
    )),
    ("Suscripciones y buscadores", (
        Address("/feed.xml", "las novedades del sitio en Atom: registros y conjuntos de datos nuevos o cambiados"),
        Address("/calendario.ics", "el calendario (iCalendar) de sesiones, fechas de hitos y apertura y cierre de"
                                   f" convocatorias de {ical.SITE_DAYS_BEFORE} días antes de la publicación a"
                                   f" {ical.SITE_DAYS_AFTER} días después, para suscribirse desde cualquier"
                                   " aplicación"),
        Address("/planes/<identificador>/calendario.ics", "el calendario completo de un plan: los hitos de sus"
                " compromisos, sus sesiones y sus convocatorias; solo si tiene alguna fecha"),
        Address("/municipios/<identificador>/calendario.ics", "el calendario completo de un municipio: los hitos de sus"
                " compromisos, sus sesiones y las convocatorias de sus planes; solo si tiene alguna fecha"),
        Address("/sitemap.xml", "el mapa del sitio para los buscadores; en un sitio muy grande, el índice de sus"
                                " partes"),
        Address("/sitemap-<N>.xml", "cada parte del mapa del sitio, cuando no cabe en un solo archivo"),
        Address("/robots.txt", "las indicaciones para los buscadores, con la dirección del mapa del sitio cuando el"
                               " sitio tiene su `url` completa"),
        Address(f"/{SEARCH_FOLDER}/…", "el índice del buscador (Pagefind), que `/buscar/` lee en el navegador; en un sitio grande, partido en fragmentos `/pagefind/<N>/`"),
    )),
    ("Archivos", (
        Address("/<archivo de static/>", "cada archivo de `static/`, en la misma ruta: `static/documentos/acta.pdf`"
                                         " se publica en `/documentos/acta.pdf`", static=True),
        Address("/assets/<archivo>", "los estilos, scripts e íconos del tema (y los de `templates/assets/` del"
                                     " sitio); `marca.css` lleva el color de la marca"),
        Address("/CNAME", "el dominio propio, cuando `gobabierto.yml` tiene `dominio`"),
        Address("/.nojekyll", "le dice a GitHub Pages que publique los archivos tal cual"),
        Address(f"/{OUTPUT_MARKER}", "marca la carpeta como un sitio generado por gobabierto, que la siguiente construcción"
                              " puede reemplazar"),
    )),
)

ADDRESSES: tuple[Address, ...] = tuple(address for _, group in SECTIONS for address in group)


def matching(site_path: str) -> list[Address]:
    """The addresses (other than static/'s files) whose pattern `site_path` matches."""
    return [a for a in ADDRESSES if not a.static and a.regex().fullmatch(site_path)]
