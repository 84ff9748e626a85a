"""/feed.xml: the records and datasets that are new or have changed, newest first, as an
Atom feed (RFC 4287).

An entry's `updated` is the date of the last commit that touched its file (its
`published`, the first) when the site is built from a Git checkout; without Git it is the
record's own most recent date, and records with no date at all are left out rather than
given a made-up one. Entry ids are the page's absolute address, or a name-based UUID when
the site has no `url`: the same record keeps the same id from build to build."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from gobabierto.content.records import RECORD_TYPES
from gobabierto.text import i18n, markdown
from gobabierto.text.i18n import N_, Language
from gobabierto.text.labels import label

LIMIT = 50


@dataclass(frozen=True)
class Entry:
    kind: str          # record kind, or "dataset"
    kind_label: str    # its name in the site's language, used as the Atom category
    title: str
    path: str          # site path of its page
    updated: datetime
    published: datetime | None
    summary: str
    change: str        # message of the last commit that touched it, when known


def _record_date(record, today: date) -> date | None:
    """The most recent date a record itself carries, never after the build date."""
    kind = record.kind
    candidates: list[date | None] = []
    if kind == "compromiso":
        candidates = [record.fecha_inicio] + [m.cumplido for m in record.hitos] + [i.fecha for i in record.indicadores]
    elif kind == "plan":
        candidates = [record.periodo.inicio if record.periodo else None]
    elif kind == "convocatoria":
        candidates = [record.fecha_apertura]
    elif hasattr(record, "fecha"):
        candidates = [record.fecha]
    dates = [d for d in candidates if d is not None and d <= today]
    return max(dates) if dates else None


def _excerpt(body: str, limit: int = 240) -> str:
    """The body's first paragraph as plain text."""
    text = markdown.body(body).summary if body and body.strip() else ""
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def _summary(record, lang: Language) -> str:
    kind, _ = record.kind, lang.gettext
    when = lang.date(record.fecha) if getattr(record, "fecha", None) else ""
    if kind == "compromiso":
        return _(N_("%(status)s; avance %(progress)s. %(objective)s"), status=_(label(record.status, "status")),
                 progress=lang.percent(record.progress), objective=record.objetivo)
    if kind == "sesion":
        return _(N_("%(kind)s de %(body)s, %(date)s."), kind=_(label(record.tipo, "session")), body=record.organo,
                 date=when)
    if kind == "convocatoria":
        return _(N_("%(state)s: registro del %(start)s al %(end)s. Convoca: %(who)s."),
                 state=_(label(record.state, "call")), start=lang.date(record.fecha_apertura),
                 end=lang.date(record.fecha_cierre), who=record.convocante)
    if kind == "plan":
        return _(N_("Plan de Acción Local, %(state)s; fase: %(phase)s."), state=record.estado,
                 phase=_(label(record.fase, "phase")).lower())
    if kind == "actividad":
        what = _(label(record.tipo, "activity")) if record.tipo else _(N_("Actividad"))
        if record.lugar:
            return _(N_("%(what)s del %(date)s en %(place)s."), what=what, date=when, place=record.lugar)
        return _(N_("%(what)s del %(date)s."), what=what, date=when)
    if kind == "practica":
        given = ""
        if record.programa and record.otorgante:
            given = _(N_("Presentada a %(program)s (%(by)s)."), program=record.programa, by=record.otorgante) + " "
        elif record.programa:
            given = _(N_("Presentada a %(program)s."), program=record.programa) + " "
        return given + _excerpt(record.body)
    if kind == "manifestacion":
        if record.lugar:
            return _(N_("Firmada en %(place)s el %(date)s."), place=record.lugar, date=when)
        return _(N_("Firmada el %(date)s."), date=when)
    if kind == "dataset":
        return getattr(record, "descripcion", "") or ""
    if kind == "municipio":
        where = _(N_("Municipio de %(state)s."), state=record.estado)
        return f"{where} {_excerpt(record.body)}".strip()
    return _excerpt(record.body)


def entries(site, limit: int = LIMIT) -> list[Entry]:
    zone = ZoneInfo(site.config.zona_horaria)
    lang = i18n.language(site.config.idioma)
    history = site.history
    found: list[Entry] = []
    items = [r for kind in RECORD_TYPES for r in site.of(kind)] + list(site.datasets)
    for item in items:
        changes = site.changes(item) if history is not None else ()
        if changes:
            updated, published, change = changes[0].when, changes[-1].when, changes[0].message
        else:
            day = _record_date(item, site.today) if item.kind != "dataset" else None
            if day is None:
                continue
            updated, published, change = datetime.combine(day, time(), zone), None, ""
        if item.kind == "dataset":
            kind_label, path = lang.gettext(N_("Conjunto de datos")), f"/datos/{item.slug}/"
        else:
            rt = RECORD_TYPES[item.kind]
            kind_label, path = lang.gettext(rt.singular), f"/{rt.folder}/{item.slug}/"
        found.append(Entry(item.kind, kind_label, item.titulo or item.slug, path, updated, published,
                           _summary(item, lang), change))
    found.sort(key=lambda e: (e.updated, e.path), reverse=True)
    return found[:limit]


def entry_id(absolute_url: str, site_title: str) -> str:
    """The page's absolute URL, or a name-based UUID URN when the site has no `url`."""
    if "://" in absolute_url:
        return absolute_url
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"gobabierto:{site_title}:{absolute_url}"))


def updated(site, items: list[Entry]) -> datetime:
    """The feed's own `updated`: its newest entry's, or the build date's midnight when empty."""
    if items:
        return max(e.updated for e in items)
    return datetime.combine(site.today, time(), ZoneInfo(site.config.zona_horaria))
