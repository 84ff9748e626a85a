"""What a dataset page shows beyond its model: file sizes in words and the schema.org
`Dataset` description that search engines read (https://schema.org/Dataset)."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Callable

from markupsafe import Markup, escape

from gobabierto.datasets.dataset import DataField, Dataset
from gobabierto.datasets.descriptor import DESCRIPTION_MAX, DESCRIPTION_MIN
from gobabierto.datasets.messages import CONSTRAINT_WORDS, TYPE_NAMES, date_format_words, enum_words
from gobabierto.text import i18n
from gobabierto.text.i18n import N_, Language

_PART = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _period_part(text: str, lang: Language) -> tuple[str, bool] | None:
    """"2024-03" → ("marzo de 2024", False); "2024-03-31" → ("31 de marzo de 2024", True)."""
    match = _PART.match(text.strip())
    if not match:
        return None
    year, month, day = match.groups()
    try:
        if day:
            return lang.date(date(int(year), int(month), int(day))), True
        if month:
            return lang.month_year(date(int(year), int(month), 1)), False
    except ValueError:
        return None
    return year, False


# Spanish joins a period with "del … al …" between days, "de … a …" between months or years.
_PERIODS = {(True, True): N_("del %(start)s al %(end)s"), (True, False): N_("del %(start)s a %(end)s"),
            (False, True): N_("de %(start)s al %(end)s"), (False, False): N_("de %(start)s a %(end)s")}


def coverage_words(text: str | None, lang: Language = i18n.language(i18n.SOURCE)) -> str:
    """An ISO 8601 period in words ("2022-04/2025-08" → "de abril de 2022 a agosto de 2025");
    any other text as it is."""
    if not text:
        return ""
    parts = text.split("/")
    if len(parts) == 2:
        start, end = _period_part(parts[0], lang), _period_part(parts[1], lang)
        if start and end:
            return lang.gettext(_PERIODS[start[1], end[1]], start=start[0], end=end[0])
    single = _period_part(text, lang) if len(parts) == 1 else None
    return single[0] if single else text


def field_type(data_field: DataField, lang: Language) -> str:
    """A column's type in words, for the data dictionary ("fecha DD/MM/AAAA")."""
    name = lang.gettext(TYPE_NAMES.get(data_field.type, data_field.type))
    if data_field.type in ("date", "datetime") and data_field.format not in (None, "default", "any"):
        year = lang.gettext(N_("AAAA"))   # the four letters that stand for the year: "YYYY" in English
        return f"{name.split(' ')[0]} {date_format_words(data_field.format, year)}"
    return name


def field_constraints(data_field: DataField, lang: Language) -> str:
    """A column's constraints as short phrases joined by "; ", or "Ninguna"."""
    words = [lang.gettext(N_("clave primaria"))] if data_field.primary_key else []
    for key, value in data_field.constraints.items():
        if key in ("required", "unique"):
            if value is True:
                words.append(lang.gettext(CONSTRAINT_WORDS[key]))
        elif key in CONSTRAINT_WORDS:
            shown = enum_words(value) if key == "enum" else value
            words.append(lang.gettext(CONSTRAINT_WORDS[key], v=shown))
        else:
            words.append(f"{key}: {value}")
    return "; ".join(words) if words else lang.gettext(N_("Ninguna"))


def description_for_search(dataset: Dataset, site_title: str, lang: Language = i18n.language(i18n.SOURCE)) -> str:
    """The description within schema.org's 50–5000 characters: a short one is completed
    with what the dataset is (the build warns the editor about it), a long one is cut."""
    text = " ".join(dataset.descripcion.split())
    if len(text) < DESCRIPTION_MIN:
        what = (lang.gettext(N_("Conjunto de datos abiertos publicado por %(who)s en %(site)s."),
                             who=dataset.dependencia, site=site_title) if dataset.dependencia
                else lang.gettext(N_("Conjunto de datos abiertos en %(site)s."), site=site_title))
        text = f"{dataset.titulo}. {text} {what}".strip()
    if len(text) < DESCRIPTION_MIN:
        text += " " + (lang.gettext(N_("Se descarga en CSV, JSON y como paquete de datos (Frictionless Data Package)."))
                       if any(r.json or r.api for r in dataset.resources) else
                       lang.gettext(N_("Se descarga en CSV y como paquete de datos (Frictionless Data Package).")))
    if len(text) > DESCRIPTION_MAX:
        text = text[: DESCRIPTION_MAX - 1].rstrip() + "…"
    return text


def schema_org(dataset: Dataset, absolute: Callable[[str], str], site, changes=(), updated=None) -> dict:
    """schema.org `Dataset` for the page at /datos/<slug>/ (absolute URLs when the site has `url`)."""
    base = f"/datos/{dataset.slug}/"
    lang = i18n.language(site.config.idioma)
    publisher = {"@type": "Organization", "name": dataset.dependencia or site.config.titulo}
    if dataset.contacto and dataset.contacto.get("correo"):
        publisher["contactPoint"] = {"@type": "ContactPoint", "contactType": lang.gettext(N_("datos abiertos")),
                                     "email": dataset.contacto["correo"],
                                     **({"name": dataset.contacto["nombre"]} if dataset.contacto.get("nombre") else {})}
    data = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "@id": absolute(base),
        "name": dataset.titulo,
        "description": description_for_search(dataset, site.config.titulo, lang),
        "url": absolute(base),
        "identifier": dataset.slug,
        "inLanguage": site.config.idioma,
        "isAccessibleForFree": True,
        "publisher": publisher,
        "creator": publisher,
        "includedInDataCatalog": {"@type": "DataCatalog", "name": site.config.titulo, "url": absolute("/datos/")},
        "distribution": [
            {"@type": "DataDownload", "name": f.path, "encodingFormat": f.mediatype, "contentUrl": absolute(base + f.path),
             "contentSize": lang.file_size(f.bytes), "sha256": f.sha256}
            for f in dataset.downloads] + [
            {"@type": "DataDownload", "name": path.rsplit("/", 1)[-1], "encodingFormat": "application/json",
             "contentUrl": absolute(path)}
            for path in dict.fromkeys(r.api for r in dataset.resources if r.api)],
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
    elif updated is not None:  # no Git history: the files' date, never the build's
        data["dateModified"] = updated.when.isoformat()
    fields = [f for r in dataset.resources for f in r.fields]
    if fields:
        data["variableMeasured"] = [f.title or f.name for f in fields]
    return data


# A number column whose name ends so holds amounts in pesos, shown as money ($2,850,000.00):
# `monto_mxn`, `presupuesto_pesos`.
MONEY_SUFFIXES = ("_mxn", "_pesos")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def is_money(field: DataField) -> bool:
    return field.type in ("number", "integer") and field.name.lower().endswith(MONEY_SUFFIXES)


def _as_date(text: str, field: DataField) -> date | None:
    pattern = field.format if field.format and "%" in field.format else "%Y-%m-%d"
    try:
        return datetime.strptime(text, pattern).date()
    except ValueError:
        return None


def preview_cell(text: str, field: DataField | None, lang: Language) -> str:
    """A preview cell in the site's formats: numbers with their separators, amounts in pesos,
    dates in words (in a <time> that keeps the ISO date, for sorting); anything that does
    not read as its column's type, and every other type, as it is in the file. Keys stay
    as written: «1», not a quantity."""
    value = text.strip()
    if field is None or not value:
        return text
    if field.type in ("number", "integer") and not field.primary_key and _NUMBER.match(value):
        try:
            number = Decimal(value)
        except InvalidOperation:
            return text
        return lang.money(number) if is_money(field) else lang.number(number)
    if field.type == "date":
        day = _as_date(value, field)
        if day is not None:
            return Markup('<time datetime="%s">%s</time>') % (day.isoformat(), lang.short_date(day))
    if field.type == "yearmonth" and re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
        day = date(int(value[:4]), int(value[5:]), 1)
        return Markup('<time datetime="%s">%s</time>') % (value, lang.short_month(day))
    return escape(text)
