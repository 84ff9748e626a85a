"""What a dataset page shows beyond its model: file sizes in words and the schema.org
`Dataset` description that search engines read (https://schema.org/Dataset)."""

from __future__ import annotations

import re
from datetime import date
from typing import Callable

from .datadescriptor import DESCRIPTION_MAX, DESCRIPTION_MIN
from .datasets import Dataset
from .fields import _MONTHS, spanish_date

_PART = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def file_size(size: int | None) -> str:
    """Bytes in words, with a decimal point as Mexico writes numbers: "1.2 MB"."""
    if size is None:
        return ""
    if size < 1000:
        return f"{size} bytes" if size != 1 else "1 byte"
    for unit, factor in (("kB", 1000), ("MB", 1000**2), ("GB", 1000**3)):
        if size < factor * 1000 or unit == "GB":
            value = size / factor
            return f"{value:.1f} {unit}" if value < 100 else f"{value:.0f} {unit}"
    return f"{size} bytes"  # pragma: no cover


def _period_part(text: str) -> tuple[str, bool] | None:
    """"2024-03" → ("marzo de 2024", False); "2024-03-31" → ("31 de marzo de 2024", True)."""
    match = _PART.match(text.strip())
    if not match:
        return None
    year, month, day = match.groups()
    try:
        if day:
            return spanish_date(date(int(year), int(month), int(day))), True
        if month:
            return f"{_MONTHS[int(month) - 1]} de {year}", False
    except (ValueError, IndexError):
        return None
    return year, False


def coverage_words(text: str | None) -> str:
    """An ISO 8601 period in words ("2022-04/2025-08" → "de abril de 2022 a agosto de 2025");
    any other text as it is."""
    if not text:
        return ""
    parts = text.split("/")
    if len(parts) == 2:
        start, end = _period_part(parts[0]), _period_part(parts[1])
        if start and end:
            return f"{'del' if start[1] else 'de'} {start[0]} {'al' if end[1] else 'a'} {end[0]}"
    single = _period_part(text) if len(parts) == 1 else None
    return single[0] if single else text


def description_for_search(dataset: Dataset, site_title: str) -> str:
    """The description within schema.org's 50–5000 characters: a short one is completed
    with what the dataset is (the build warns the editor about it), a long one is cut."""
    text = " ".join(dataset.descripcion.split())
    if len(text) < DESCRIPTION_MIN:
        who = f" publicado por {dataset.dependencia}" if dataset.dependencia else ""
        text = f"{dataset.titulo}. {text} Conjunto de datos abiertos{who} en {site_title}.".strip()
    if len(text) < DESCRIPTION_MIN:
        text += " Se descarga en CSV, JSON y como paquete de datos (Frictionless Data Package)."
    if len(text) > DESCRIPTION_MAX:
        text = text[: DESCRIPTION_MAX - 1].rstrip() + "…"
    return text


def schema_org(dataset: Dataset, absolute: Callable[[str], str], site, changes=()) -> dict:
    """schema.org `Dataset` for the page at /datos/<slug>/ (absolute URLs when the site has `url`)."""
    base = f"/datos/{dataset.slug}/"
    publisher = {"@type": "Organization", "name": dataset.dependencia or site.config.titulo}
    if dataset.contacto and dataset.contacto.get("correo"):
        publisher["contactPoint"] = {"@type": "ContactPoint", "contactType": "datos abiertos",
                                     "email": dataset.contacto["correo"],
                                     **({"name": dataset.contacto["nombre"]} if dataset.contacto.get("nombre") else {})}
    data = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "@id": absolute(base),
        "name": dataset.titulo,
        "description": description_for_search(dataset, site.config.titulo),
        "url": absolute(base),
        "identifier": dataset.slug,
        "inLanguage": site.config.idioma,
        "isAccessibleForFree": True,
        "publisher": publisher,
        "creator": publisher,
        "includedInDataCatalog": {"@type": "DataCatalog", "name": site.config.titulo, "url": absolute("/datos/")},
        "distribution": [
            {"@type": "DataDownload", "name": f.path, "encodingFormat": f.mediatype, "contentUrl": absolute(base + f.path),
             "contentSize": file_size(f.bytes), "sha256": f.sha256}
            for f in dataset.downloads],
    }
    licenses = [lic.get("path") or lic.get("name") for lic in dataset.published_licenses]
    if licenses:
        data["license"] = licenses[0] if len(licenses) == 1 else licenses
    if dataset.keywords:
        data["keywords"] = list(dataset.keywords)
    if dataset.cobertura_temporal:
        data["temporalCoverage"] = dataset.cobertura_temporal
    if dataset.cobertura_geografica:
        data["spatialCoverage"] = {"@type": "Place", "name": dataset.cobertura_geografica}
    if changes:
        data["dateModified"] = changes[0].when.isoformat()
        data["datePublished"] = changes[-1].when.isoformat()
    fields = [f for r in dataset.resources for f in r.fields]
    if fields:
        data["variableMeasured"] = [f.title or f.name for f in fields]
    return data
