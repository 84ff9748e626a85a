"""/calendario.ics: sessions, milestone due dates and call deadlines as an iCalendar
(RFC 5545) feed people can subscribe to; the site-wide one holds recent and coming events
(the window below), each plan's and each municipality's calendar all of theirs.

Every event is a whole day (`VALUE=DATE`): the records carry dates, not times. Lines end in
CRLF and are folded at 75 octets without splitting a UTF-8 character; text values are
escaped; each event's UID is stable across builds (`<kind>-<slug>[-<n>]@<host><prefix>`),
so calendars update events instead of duplicating them. An event is made once per record
(`by_record`) and every calendar that holds it takes that same one: someone subscribed to
the site's calendar and to a plan's sees one event, with one UID, in both."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from urllib.parse import urlsplit

from gobabierto.content import derive
from gobabierto.core.slugs import slugify
from gobabierto.text import i18n
from gobabierto.text.i18n import N_
from gobabierto.text.labels import label


# The site-wide /calendario.ics holds only the events from this many days before the build's
# "today" to this many after: on a national site, every milestone of every commitment made
# it hundreds of megabytes. Each plan's and municipality's calendar keeps all of theirs.
SITE_DAYS_BEFORE = 90
SITE_DAYS_AFTER = 365


@dataclass(frozen=True)
class Event:
    uid: str                 # left of the "@", e.g. "hito-portal-de-datos-3"
    day: date
    summary: str
    description: str
    path: str                # site path of the page that tells more
    categories: tuple[str, ...] = ()
    transparent: bool = False  # a deadline, not time taken up


def by_record(site) -> dict[tuple[str, str], tuple[Event, ...]]:
    """Each session's, commitment's and call's events by (kind, slug): made once and shared
    by every calendar that holds them."""
    today = site.today
    lang = i18n.language(site.config.idioma)
    _, day = lang.gettext, lang.date
    found: dict[tuple[str, str], tuple[Event, ...]] = {}
    for s in site.of("sesion"):
        if s.fecha is None:
            continue
        what = _(label(s.tipo, "session"))
        found[s.kind, s.slug] = (Event(
            f"sesion-{s.slug}", s.fecha, s.titulo,
            _(N_("%(kind)s de %(body)s, %(date)s."), kind=what, body=s.organo, date=day(s.fecha)),
            f"/sesiones/{s.slug}/", (_(N_("Sesión")),)),)
    for c in site.of("compromiso"):
        total = len(c.hitos)
        milestones = []
        for n, m in enumerate(c.hitos, 1):
            state = _(label(m.state, "milestone")).lower()
            if m.state == derive.OVERDUE:
                state = _(N_("%(state)s, %(days)s de retraso"), state=state, days=lang.days(derive.days_late(m, today)))
            elif m.cumplido is not None:
                state = _(N_("%(state)s, el %(date)s"), state=state, date=day(m.cumplido))
            milestones.append(Event(
                f"hito-{c.slug}-{n}", m.fecha, _(N_("Hito: %(what)s"), what=m.descripcion),
                _(N_("Hito %(n)s de %(total)s del compromiso «%(commitment)s». Fecha comprometida: %(due)s."
                     " Estado al %(today)s: %(state)s."), n=n, total=total, commitment=c.titulo, due=day(m.fecha),
                  today=day(today), state=state),
                f"/compromisos/{c.slug}/", (_(N_("Hito de compromiso")),), transparent=True))
        found[c.kind, c.slug] = tuple(milestones)
    for call in site.of("convocatoria"):
        path = f"/convocatorias/{call.slug}/"
        days = []
        if call.fecha_apertura is not None:
            days.append(Event(f"convocatoria-{call.slug}-apertura", call.fecha_apertura,
                              _(N_("Abre la convocatoria: %(title)s"), title=call.titulo),
                              _(N_("Convoca: %(who)s. Registro del %(start)s al %(end)s."), who=call.convocante,
                                start=day(call.fecha_apertura), end=day(call.fecha_cierre)),
                              path, (_(N_("Convocatoria")),), transparent=True))
        if call.fecha_cierre is not None:
            days.append(Event(f"convocatoria-{call.slug}-cierre", call.fecha_cierre,
                              _(N_("Cierra la convocatoria: %(title)s"), title=call.titulo),
                              _(N_("Último día para registrarse. Convoca: %(who)s."), who=call.convocante),
                              path, (_(N_("Convocatoria")),), transparent=True))
        found[call.kind, call.slug] = tuple(days)
    return found


def of_records(index: dict[tuple[str, str], tuple[Event, ...]], records) -> list[Event]:
    """The events of `records` (sessions, commitments, calls; others have none), each once,
    by date."""
    chosen = {e.uid: e for r in records if r is not None for e in index.get((r.kind, r.slug), ())}
    return sorted(chosen.values(), key=lambda e: (e.day, e.uid))


def site_window(today: date) -> tuple[date, date]:
    """The first and last day the site-wide calendar holds."""
    return today - timedelta(days=SITE_DAYS_BEFORE), today + timedelta(days=SITE_DAYS_AFTER)


def site_events(index: dict[tuple[str, str], tuple[Event, ...]], today: date) -> list[Event]:
    """What the site-wide calendar holds: every event within `site_window(today)`, by date."""
    first, last = site_window(today)
    return sorted((e for found in index.values() for e in found if first <= e.day <= last),
                  key=lambda e: (e.day, e.uid))


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


def serialize(items: list[Event], config, absolute, base_url: str | None, now: datetime,
              of: str | None = None, window: tuple[date, date] | None = None) -> str:
    """The calendar as text with CRLF line ends. `absolute(path)` makes a page's full URL;
    `of` names the plan or municipality a calendar is of (None: the site's), `window` the
    days the site-wide one holds."""
    stamp = now.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    host = uid_host(base_url, config.titulo)
    lang = i18n.language(config.idioma)
    _ = lang.gettext
    if of:
        name = _(N_("%(site)s · %(name)s: calendario"), site=config.titulo, name=of)
    else:
        name = _(N_("%(site)s: calendario"), site=config.titulo)
    about = _(N_("Sesiones, fechas comprometidas de los hitos y fechas de apertura y cierre de convocatorias."))
    if window is not None:
        about = _(N_("Sesiones, fechas comprometidas de los hitos y fechas de apertura y cierre de convocatorias"
                     " del %(start)s al %(end)s; el calendario de cada plan y de cada municipio, en su página,"
                     " tiene todas las suyas."), start=lang.date(window[0]), end=lang.date(window[1]))
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//gobabierto//Calendario de Gobierno Abierto//ES",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"NAME:{escape_text(name)}",
        "X-WR-CALDESC:" + escape_text(about + " " + _(N_("Actualizado al %(date)s."), date=lang.date(now.date()))),
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
