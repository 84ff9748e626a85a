"""`/api/<type>.json`: every record of a type as JSON, for reuse without scraping.

Keys are the field names editors write in YAML; values computed by the build replace
the ones that depend on the date (`estatus`, `avance`, `estado`), and what the editor
wrote is kept beside them (`estatus_declarado`, `avance_declarado`)."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any, Callable, Iterator

from gobabierto.content.models import Site
from gobabierto.content.records import RECORD_TYPES
from gobabierto.pages.urls import Urls
from gobabierto.text import i18n
from gobabierto.text.i18n import N_

_DROP = {"origin", "kind", "body", "extra", "progress", "status", "state", "borrador"}
_FILES = {"evidencias", "escudo"}  # site-relative files, published as absolute URLs


def _plain(value: Any, urls: Urls) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {}
        for f in dataclasses.fields(value):
            if f.name in _DROP:
                continue
            item = getattr(value, f.name)
            if item in (None, (), "", {}):
                continue
            if f.name in _FILES:
                item = [_file_url(v, urls) for v in item] if isinstance(item, tuple) else _file_url(item, urls)
            out[f.name] = _plain(item, urls)
        if hasattr(value, "state") and getattr(value, "state", ""):
            out["estado"] = value.state
        return out
    if isinstance(value, (list, tuple)):
        return [_plain(v, urls) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v, urls) for k, v in value.items()}
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _file_url(value: str, urls: Urls) -> str:
    return value if value.startswith(("http://", "https://", "mailto:")) else urls.absolute("/" + value.lstrip("/"))


def record_json(record, urls: Urls) -> dict:
    data: dict[str, Any] = {"tipo": record.kind, "slug": record.slug, "url": urls.absolute(Urls.record(record))}
    data.update(_plain(record, urls))
    if record.kind == "compromiso":
        if record.estatus:
            data["estatus_declarado"] = data.pop("estatus")
        if record.avance is not None:
            data["avance_declarado"] = data.pop("avance")
        data["estatus"] = record.status
        data["avance"] = record.progress
    if record.body:
        data["texto"] = record.body
    if record.extra not in (None, {}, ()):
        data["extra"] = _plain(record.extra, urls)
    return data


def type_endpoints(site: Site, urls: Urls) -> Iterator[tuple[str, str, Callable[[], dict]]]:
    """(record type, output path, the JSON document made on demand) for each record type:
    only one type's records are held as JSON values at once."""
    _ = i18n.language(site.config.idioma).gettext
    for kind, rt in RECORD_TYPES.items():
        def document(kind=kind, rt=rt) -> dict:
            records = site.of(kind)
            return {"tipo": kind, "titulo": _(rt.plural), "generado": site.today.isoformat(), "total": len(records),
                    "registros": [record_json(r, urls) for r in records]}
        yield kind, f"api/{rt.folder}.json", document


def index_endpoint(site: Site, urls: Urls) -> tuple[str, dict]:
    """(output path, document) of the API's index: every type, its count and its address."""
    _ = i18n.language(site.config.idioma).gettext
    types = [{"tipo": kind, "titulo": _(rt.plural), "total": len(site.of(kind)), "url": urls.absolute(f"/api/{rt.folder}.json")}
             for kind, rt in RECORD_TYPES.items()]
    return "api/index.json", {
        "titulo": _(N_("%(site)s: API de datos"), site=site.config.titulo),
        "descripcion": _(N_("Cada tipo de registro del micrositio como JSON. Para los conjuntos de datos, "
                            "consulta /datapackage.json, /data.json y /catalogo.jsonld.")),
        "generado": site.today.isoformat(),
        "tipos": types,
        "catalogos": {
            "datapackage": urls.absolute("/datapackage.json"),
            "dcat_us": urls.absolute("/data.json"),
            "dcat_jsonld": urls.absolute("/catalogo.jsonld"),
        },
    }
