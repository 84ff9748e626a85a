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

from gobabierto.content import derive
from gobabierto.core.slugs import slugify
from gobabierto.text import i18n
from gobabierto.text.i18n import N_
from gobabierto.text.labels import label


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
    lang = i18n.language(site.config.idioma)
    _, day = lang.gettext, lang.date
    found: list[Event] = []
    for s in site.of("sesion"):
        if s.fecha is None:
            continue
        what = _(label(s.tipo, "session"))
        found.append(Event(f"sesion-{s.slug}", s.fecha, s.titulo,
                           _(N_("%(kind)s de %(body)s, %(date)s."), kind=what, body=s.organo, date=day(s.fecha)),
                           f"/sesiones/{s.slug}/", (_(N_("Sesión")),)))
    for c in site.of("compromiso"):
        total = len(c.hitos)
        for n, m in enumerate(c.hitos, 1):
            state = _(label(m.state, "milestone")).lower()
            if m.state == derive.OVERDUE:
                state = _(N_("%(state)s, %(days)s de retraso"), state=state, days=lang.days(derive.days_late(m, today)))
            elif m.cumplido is not None:
                state = _(N_("%(state)s, el %(date)s"), state=state, date=day(m.cumplido))
            found.append(Event(
                f"hito-{c.slug}-{n}", m.fecha, _(N_("Hito: %(what)s"), what=m.descripcion),
                _(N_("Hito %(n)s de %(total)s del compromiso «%(commitment)s». Fecha comprometida: %(due)s."
                     " Estado al %(today)s: %(state)s."), n=n, total=total, commitment=c.titulo, due=day(m.fecha),
                  today=day(today), state=state),
                f"/compromisos/{c.slug}/", (_(N_("Hito de compromiso")),), transparent=True))
    for call in site.of("convocatoria"):
        path = f"/convocatorias/{call.slug}/"
        if call.fecha_apertura is not None:
            found.append(Event(f"convocatoria-{call.slug}-apertura", call.fecha_apertura,
                               _(N_("Abre la convocatoria: %(title)s"), title=call.titulo),
                               _(N_("Convoca: %(who)s. Registro del %(start)s al %(end)s."), who=call.convocante,
                                 start=day(call.fecha_apertura), end=day(call.fecha_cierre)),
                               path, (_(N_("Convocatoria")),), transparent=True))
        if call.fecha_cierre is not None:
            found.append(Event(f"convocatoria-{call.slug}-cierre", call.fecha_cierre,
                               _(N_("Cierra la convocatoria: %(title)s"), title=call.titulo),
                               _(N_("Último día para registrarse. Convoca: %(who)s."), who=call.convocante),
                               path, (_(N_("Convocatoria")),), transparent=True))
    return sorted(found, key=lambda e: (e.day, e.uid))


def escape_text(value: str) -> str:
    """TEXT value escaping (RFC 5545 §3.3.11)."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str, limit: int = 75) -> str:
    """Fold one content line into chunks of at most `limit` octets (RFC 5545 §3.1): the
    first chunk `limit` octets, each continuation a space and `limit - 1` octets, never
    cutting a UTF-8 sequence. Cut on the encoded bytes: a calendar has tens of thousands
    of lines, most of them short."""
    data = line.encode("utf-8")
    if len(data) <= limit:
        return line
    chunks: list[bytes] = []
    start, budget = 0, limit
    while len(data) - start > budget:
        end = start + budget
        while data[end] & 0xC0 == 0x80:  # inside a character: cut before it
            end -= 1
        chunks.append(data[start:end])
        start, budget = end, limit - 1
    chunks.append(data[start:])
    return "\r\n ".join(chunk.decode("utf-8") for chunk in chunks)


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
    lang = i18n.language(config.idioma)
    _ = lang.gettext
    name = _(N_("%(site)s: calendario"), site=config.titulo)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//gobabierto//Calendario de Gobierno Abierto//ES",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"NAME:{escape_text(name)}",
        "X-WR-CALDESC:" + escape_text(_(N_("Sesiones, fechas comprometidas de los hitos y fechas de apertura y cierre"
                                           " de convocatorias. Actualizado al %(date)s."), date=lang.date(now.date()))),
        f"X-WR-TIMEZONE:{config.zona_horaria}",
        "REFRESH-INTERVAL;VALUE=DURATION:P1D",
        "X-PUBLISHED-TTL:P1D",
    ]
    def more(url: str) -> str:
        return " " + _(N_("Más información: %(url)s"), url=url) if "://" in url else ""

    for e in items:
        url = absolute(e.path)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{e.uid}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{e.day.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(e.day + timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY;LANGUAGE={config.idioma}:{escape_text(e.summary)}",
            f"DESCRIPTION;LANGUAGE={config.idioma}:{escape_text(e.description + more(url))}",
        ]
        if e.categories:
            lines.append("CATEGORIES:" + ",".join(escape_text(c) for c in e.categories))
        if "://" in url:
            lines.append(f"URL;VALUE=URI:{url}")
        lines.append(f"TRANSP:{'TRANSPARENT' if e.transparent else 'OPAQUE'}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
