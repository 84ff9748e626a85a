"""/calendario.ics: sessions, milestone due dates and call deadlines as an iCalendar
(RFC 5545) feed people can subscribe to.

Every event is a whole day (`VALUE=DATE`): the records carry dates, not times. Lines end in
CRLF and are folded at 75 octets without splitting a UTF-8 character; text values are
escaped; each event's UID is stable across builds (`<kind>-<slug>[-<n>]@<host><prefix>`),
so calendars update events instead of duplicating them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from urllib.parse import urlsplit

from . import derive
from .discover import slugify
from .fields import spanish_date
from .labels import days_text, label


@dataclass(frozen=True)
class Event:
    uid: str                 # left of the "@", e.g. "hito-portal-de-datos-3"
    day: date
    summary: str
    description: str
    path: str                # site path of the page that tells more
    categories: tuple[str, ...] = ()
    transparent: bool = False  # a deadline, not time taken up


def events(site) -> list[Event]:
    """Every dated thing a citizen may want in a calendar, by date."""
    today = site.today
    found: list[Event] = []
    for s in site.of("sesion"):
        if s.fecha is None:
            continue
        what = label(s.tipo, "session")
        found.append(Event(f"sesion-{s.slug}", s.fecha, s.titulo,
                           f"{what} de {s.organo}, {spanish_date(s.fecha)}.", f"/sesiones/{s.slug}/",
                           ("Sesión",)))
    for c in site.of("compromiso"):
        total = len(c.hitos)
        for n, m in enumerate(c.hitos, 1):
            state = label(m.state, "milestone").lower()
            if m.state == derive.OVERDUE:
                state += f", {days_text(derive.days_late(m, today))} de retraso"
            elif m.cumplido is not None:
                state += f", el {spanish_date(m.cumplido)}"
            found.append(Event(
                f"hito-{c.slug}-{n}", m.fecha, f"Hito: {m.descripcion}",
                f"Hito {n} de {total} del compromiso «{c.titulo}». Fecha comprometida: {spanish_date(m.fecha)}."
                f" Estado al {spanish_date(today)}: {state}.", f"/compromisos/{c.slug}/", ("Hito de compromiso",),
                transparent=True))
    for call in site.of("convocatoria"):
        path = f"/convocatorias/{call.slug}/"
        if call.fecha_apertura is not None:
            found.append(Event(f"convocatoria-{call.slug}-apertura", call.fecha_apertura,
                               f"Abre la convocatoria: {call.titulo}",
                               f"Convoca: {call.convocante}. Registro del {spanish_date(call.fecha_apertura)}"
                               f" al {spanish_date(call.fecha_cierre)}.", path, ("Convocatoria",), transparent=True))
        if call.fecha_cierre is not None:
            found.append(Event(f"convocatoria-{call.slug}-cierre", call.fecha_cierre,
                               f"Cierra la convocatoria: {call.titulo}",
                               f"Último día para registrarse. Convoca: {call.convocante}.", path, ("Convocatoria",),
                               transparent=True))
    return sorted(found, key=lambda e: (e.day, e.uid))


def escape_text(value: str) -> str:
    """TEXT value escaping (RFC 5545 §3.3.11)."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str, limit: int = 75) -> str:
    """Fold one content line into chunks of at most `limit` octets (RFC 5545 §3.1): the
    first chunk `limit` octets, each continuation a space and `limit - 1` octets, never
    cutting a UTF-8 sequence."""
    out: list[str] = []
    current, size, budget = "", 0, limit
    for char in line:
        length = len(char.encode("utf-8"))
        if size + length > budget:
            out.append(current)
            current, size, budget = " ", 1, limit
        current += char
        size += length
    out.append(current)
    return "\r\n".join(out)


def uid_host(base_url: str | None, site_title: str) -> str:
    """The right-hand side of every UID: the site's host and path prefix, so that two
    project sites on one github.io host never share a UID."""
    parts = urlsplit(base_url or "")
    if parts.netloc:
        return parts.netloc + parts.path.rstrip("/")
    return f"{slugify(site_title) or 'sitio'}.gobabierto.invalid"


def serialize(items: list[Event], config, absolute, base_url: str | None, now: datetime) -> str:
    """The calendar as text with CRLF line ends. `absolute(path)` makes a page's full URL."""
    stamp = now.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    host = uid_host(base_url, config.titulo)
    name = f"{config.titulo}: calendario"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//gobabierto//Calendario de Gobierno Abierto//ES",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"NAME:{escape_text(name)}",
        "X-WR-CALDESC:" + escape_text("Sesiones, fechas comprometidas de los hitos y fechas de apertura y cierre"
                                      f" de convocatorias. Actualizado al {spanish_date(now.date())}."),
        f"X-WR-TIMEZONE:{config.zona_horaria}",
        "REFRESH-INTERVAL;VALUE=DURATION:P1D",
        "X-PUBLISHED-TTL:P1D",
    ]
    for e in items:
        url = absolute(e.path)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{e.uid}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{e.day.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(e.day + timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY;LANGUAGE=es:{escape_text(e.summary)}",
            f"DESCRIPTION;LANGUAGE=es:{escape_text(e.description + (' Más información: ' + url if '://' in url else ''))}",
        ]
        if e.categories:
            lines.append("CATEGORIES:" + ",".join(escape_text(c) for c in e.categories))
        if "://" in url:
            lines.append(f"URL;VALUE=URI:{url}")
        lines.append(f"TRANSP:{'TRANSPARENT' if e.transparent else 'OPAQUE'}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
