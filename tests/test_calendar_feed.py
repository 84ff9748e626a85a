"""/calendario.ics and each plan's and municipality's calendario.ics read by a real
iCalendar parser and checked against RFC 5545's wire rules; /feed.xml read as Atom (RFC
4287), with dates from Git history when there is one."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import feedparser
import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import BASE_EPOCH, make_site, run_cli, tool_missing

ATOM = "{http://www.w3.org/2005/Atom}"
HOST = "ejemplo.github.io/prueba"  # the base fixture's url: https://ejemplo.github.io/prueba/

TRICKY_SESSION = """---
titulo: "Sesión ordinaria; acuerdos, dudas y una barra \\\\ invertida: ñandú, acción, pingüino y más texto largo"
organo: Comisión de Gobierno Abierto, Transparencia y Rendición de Cuentas del Municipio de Villa Alta
municipio: villa-alta
tipo: ordinaria
fecha: 2025-02-03
---
"""


def build(site: Path, epoch: str = BASE_EPOCH) -> Path:
    output = site.parent / (site.name + "-salida")
    result = run_cli("build", "--source", str(site), "--output", str(output), epoch=epoch)
    assert result.returncode == 0, result.stdout + result.stderr
    return output


@pytest.fixture()
def built(tmp_path) -> Path:
    return build(make_site(tmp_path / "sitio", {"content/sesiones/sesion-con-signos.md": TRICKY_SESSION}))


def events_by_uid(raw: bytes) -> dict:
    calendar = icalendar.Calendar.from_ical(raw)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


PLAN_ICS = Path("planes", "primer-plan", "calendario.ics")
VILLA_ALTA_ICS = Path("municipios", "villa-alta", "calendario.ics")


@pytest.mark.parametrize("calendar", ["calendario.ics", PLAN_ICS, VILLA_ALTA_ICS], ids=str)
def test_calendar_lines_follow_the_wire_format(built, calendar):
    raw = (built / calendar).read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b""), "every line ends in CRLF"
    lines = raw.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75, "lines are folded at 75 octets"
    folded = [line for line in lines if line.startswith(b" ")]
    assert folded, "the fixture has lines long enough to fold"
    for line in lines:
        line.decode("utf-8")  # folding never cuts a UTF-8 character in two


def test_calendar_holds_sessions_milestones_and_call_deadlines_as_whole_days(built):
    raw = (built / PLAN_ICS).read_bytes()
    calendar = icalendar.Calendar.from_ical(raw)
    assert str(calendar["VERSION"]) == "2.0" and "gobabierto" in str(calendar["PRODID"])
    assert str(calendar["X-WR-CALNAME"]) == ("Gobierno Abierto de Prueba · Primer Plan de Acción Local de Prueba:"
                                             " calendario")
    events = events_by_uid(raw)
    # From the base fixture's YAML, all of the plan's: its session, the 3 + 2 milestones of
    # its commitments and its call's opening and closing days (the session added above
    # names no plan).
    expected = {
        f"sesion-instalacion-comision@{HOST}": date(2024, 4, 11),
        f"hito-portal-de-datos-1@{HOST}": date(2024, 6, 30),
        f"hito-portal-de-datos-2@{HOST}": date(2025, 3, 31),
        f"hito-portal-de-datos-3@{HOST}": date(2026, 12, 15),
        f"hito-talleres-1@{HOST}": date(2024, 5, 30),
        f"hito-talleres-2@{HOST}": date(2025, 9, 30),
        f"convocatoria-convocatoria-plan-apertura@{HOST}": date(2023, 9, 29),
        f"convocatoria-convocatoria-plan-cierre@{HOST}": date(2023, 11, 15),
    }
    assert {uid: e.decoded("DTSTART") for uid, e in events.items()} == expected
    # the start of the build's day in the site's zone (06:00 UTC in Mexico City): a calendar
    # changes once a day, not at every build
    stamp = datetime(2025, 11, 21, 6, 0, tzinfo=timezone.utc)
    assert datetime.fromtimestamp(int(BASE_EPOCH), timezone.utc).date() == stamp.date()
    for uid, event in events.items():
        start = event.decoded("DTSTART")
        assert type(start) is date, f"{uid} is an all-day event (VALUE=DATE)"
        assert event.decoded("DTEND") == start + timedelta(days=1)
        assert event.decoded("DTSTAMP") == stamp
        assert str(event["URL"]).startswith("https://ejemplo.github.io/prueba/")
    assert b"DTSTART;VALUE=DATE:20240411\r\n" in raw
    talleres = events[f"hito-talleres-2@{HOST}"]
    assert str(talleres["SUMMARY"]) == "Hito: Talleres en las tres juntas auxiliares"
    # The base fixture is built on 2025-11-21: 52 days after 2025-09-30.
    assert "Estado al 21 de noviembre de 2025: vencido, 52 días de retraso." in str(talleres["DESCRIPTION"])
    assert str(events[f"convocatoria-convocatoria-plan-cierre@{HOST}"]["SUMMARY"]).startswith("Cierra la convocatoria:")


def test_calendar_text_is_escaped_and_comes_back_intact(built):
    raw = (built / VILLA_ALTA_ICS).read_bytes()  # the session is Villa Alta's
    event = events_by_uid(raw)[f"sesion-sesion-con-signos@{HOST}"]
    assert str(event["SUMMARY"]) == ("Sesión ordinaria; acuerdos, dudas y una barra \\ invertida: ñandú, acción,"
                                     " pingüino y más texto largo")
    assert b"Sesi\xc3\xb3n ordinaria\\; acuerdos\\, dudas y una barra \\\\ invertida" in raw.replace(b"\r\n ", b"")


def test_calendar_uids_do_not_change_from_build_to_build(tmp_path):
    site = make_site(tmp_path / "sitio", {})
    first = events_by_uid((build(site) / PLAN_ICS).read_bytes())
    later = str(int(BASE_EPOCH) + 40 * 86400)
    second = events_by_uid((build(site, later) / PLAN_ICS).read_bytes())
    assert set(first) == set(second) and len(first) == 8  # 1 session, 5 milestones, 2 call days


def test_subscribe_links_on_home_and_footer(built):
    home = (built / "index.html").read_text(encoding="utf-8")
    assert home.count('href="webcal://ejemplo.github.io/prueba/calendario.ics"') == 2  # home section and footer
    assert 'href="/prueba/calendario.ics"' in home and ">Suscribirse al calendario<" in home
    session = (built / "sesiones" / "instalacion-comision" / "index.html").read_text(encoding="utf-8")
    assert 'href="webcal://ejemplo.github.io/prueba/calendario.ics"' in session


# -- one calendar per plan and per municipality; the site's, bounded ------------------------

# A second plan, of Villa Alta only, whose one commitment has milestones around the edges of
# the site-wide calendar's window (the base fixture is built on 2025-11-21: the window runs
# from 2025-08-23, 90 days before, to 2026-11-21, 365 days after), and a plan with nothing
# dated at all.
SECOND_PLAN = """---
titulo: Segundo Plan
edicion: 2
ambito: estatal
estado: Puebla
municipios: [villa-alta]
periodo: {inicio: 2025-01-01, fin: 2027-12-31}
fase: implementacion
---
"""
EMPTY_PLAN = """---
titulo: Plan sin fechas
edicion: 3
ambito: estatal
estado: Puebla
periodo: {inicio: 2025-01-01, fin: 2027-12-31}
fase: convocatoria
---
"""
EDGES = {1: "2025-08-22", 2: "2025-08-23", 3: "2025-11-21", 4: "2026-11-21", 5: "2026-11-22"}
EDGE_COMMITMENT = """---
titulo: Bordes del calendario
plan: segundo-plan
municipio: villa-alta
problematica: Fechas en los bordes.
objetivo: Probar el calendario del sitio.
pilares: [transparencia]
responsable: Contraloría
fecha_inicio: 2025-01-01
fecha_fin: 2027-12-31
hitos:
""" + "".join(f"  - descripcion: Hito del {day}\n    fecha: {day}\n" for day in EDGES.values()) + "---\n"


@pytest.fixture(scope="module")
def scoped(tmp_path_factory) -> Path:
    return build(make_site(tmp_path_factory.mktemp("calendarios") / "sitio", {
        "content/sesiones/sesion-con-signos.md": TRICKY_SESSION,
        "content/planes/segundo-plan.md": SECOND_PLAN,
        "content/planes/plan-sin-fechas.md": EMPTY_PLAN,
        "content/compromisos/bordes.md": EDGE_COMMITMENT,
    }))


def uids(path: Path) -> set[str]:
    return {uid.split("@")[0] for uid in events_by_uid(path.read_bytes())}


BASE_PLAN_UIDS = {"sesion-instalacion-comision", "convocatoria-convocatoria-plan-apertura",
                  "convocatoria-convocatoria-plan-cierre", "hito-portal-de-datos-1", "hito-portal-de-datos-2",
                  "hito-portal-de-datos-3", "hito-talleres-1", "hito-talleres-2"}
EDGE_UIDS = {f"hito-bordes-{n}" for n in EDGES}


def test_a_plan_calendar_holds_exactly_its_commitments_milestones_sessions_and_calls(scoped):
    assert uids(scoped / PLAN_ICS) == BASE_PLAN_UIDS
    assert uids(scoped / "planes" / "segundo-plan" / "calendario.ics") == EDGE_UIDS
    assert not (scoped / "planes" / "plan-sin-fechas" / "calendario.ics").exists()


def test_a_municipality_calendar_holds_its_commitments_sessions_and_its_plans_calls(scoped):
    # Villa Alta: its commitments (portal-de-datos, bordes), its two sessions, the call of
    # the plan it takes part in; not Río Bajo's commitment (talleres).
    assert uids(scoped / VILLA_ALTA_ICS) == ({"sesion-instalacion-comision", "sesion-sesion-con-signos",
                                              "convocatoria-convocatoria-plan-apertura",
                                              "convocatoria-convocatoria-plan-cierre", "hito-portal-de-datos-1",
                                              "hito-portal-de-datos-2", "hito-portal-de-datos-3"} | EDGE_UIDS)
    assert uids(scoped / "municipios" / "rio-bajo" / "calendario.ics") == {
        "hito-talleres-1", "hito-talleres-2", "convocatoria-convocatoria-plan-apertura",
        "convocatoria-convocatoria-plan-cierre"}


def test_the_site_calendar_holds_90_days_back_to_365_ahead(scoped):
    # bordes-1 is 91 days old and bordes-5 366 days ahead; talleres-2 (2025-09-30) is recent;
    # everything else of the base fixture is older than 90 days or, portal-de-datos-3
    # (2026-12-15), further than a year.
    assert uids(scoped / "calendario.ics") == {"hito-bordes-2", "hito-bordes-3", "hito-bordes-4", "hito-talleres-2"}
    description = str(icalendar.Calendar.from_ical((scoped / "calendario.ics").read_bytes())["X-WR-CALDESC"])
    assert "del 23 de agosto de 2025 al 21 de noviembre de 2026" in description


def test_every_calendar_parses_and_an_event_is_the_same_in_each(scoped):
    published = sorted(p.relative_to(scoped).as_posix() for p in scoped.rglob("calendario.ics"))
    assert published == ["calendario.ics", "municipios/rio-bajo/calendario.ics", "municipios/villa-alta/calendario.ics",
                         "planes/primer-plan/calendario.ics", "planes/segundo-plan/calendario.ics"]
    names, today = set(), {}
    for rel in published:
        calendar = icalendar.Calendar.from_ical((scoped / rel).read_bytes())
        events = calendar.walk("VEVENT")
        assert events, f"{rel} has events"
        names.add(str(calendar["X-WR-CALNAME"]))
        found = [e for e in events if str(e["UID"]).startswith("hito-bordes-3@")]
        if found:
            today[rel] = tuple(found[0].to_ical().replace(b"\r\n ", b"").splitlines())
    assert len(names) == len(published), "each calendar has its own name"
    assert "Gobierno Abierto de Prueba · Villa Alta: calendario" in names
    # today's milestone, in the site's, its plan's and its municipality's calendars: one event
    assert sorted(today) == ["calendario.ics", "municipios/villa-alta/calendario.ics",
                             "planes/segundo-plan/calendario.ics"]
    assert len(set(today.values())) == 1
    assert f"UID:hito-bordes-3@{HOST}".encode() in today["calendario.ics"]


def test_plan_and_municipality_pages_offer_their_own_calendar(scoped):
    plan = (scoped / "planes" / "primer-plan" / "index.html").read_text(encoding="utf-8")
    assert ('<a href="webcal://ejemplo.github.io/prueba/planes/primer-plan/calendario.ics">'
            'Suscribirse al calendario de este plan</a>') in plan
    town = (scoped / "municipios" / "rio-bajo" / "index.html").read_text(encoding="utf-8")
    assert ('<a href="webcal://ejemplo.github.io/prueba/municipios/rio-bajo/calendario.ics">'
            'Suscribirse al calendario de este municipio</a>') in town
    empty = (scoped / "planes" / "plan-sin-fechas" / "index.html").read_text(encoding="utf-8")
    assert "Suscribirse al calendario de este plan" not in empty


# -- Atom ------------------------------------------------------------------------------------


def atom(path: Path) -> ET.Element:
    return ET.fromstring(path.read_bytes())


def check_atom(feed: ET.Element) -> list[ET.Element]:
    """RFC 4287's required elements; returns the entries."""
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{name}") is not None and feed.find(f"{ATOM}{name}").text.strip(), name
    assert feed.find(f"{ATOM}author/{ATOM}name").text.strip()
    assert feed.find(f"{ATOM}link[@rel='self']").get("href").endswith("/feed.xml")
    entries = feed.findall(f"{ATOM}entry")
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{name}").text.strip(), name
        assert entry.find(f"{ATOM}link[@rel='alternate']").get("href").startswith("https://")
        datetime.fromisoformat(entry.find(f"{ATOM}updated").text)
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(ids) == len(set(ids)), "entry ids are unique"
    updated = [datetime.fromisoformat(e.find(f"{ATOM}updated").text) for e in entries]
    assert updated == sorted(updated, reverse=True), "newest first"
    return entries


def test_feed_without_git_dates_each_record_by_its_own_dates(built):
    entries = check_atom(atom(built / "feed.xml"))
    by_id = {e.find(f"{ATOM}id").text: e for e in entries}
    session = by_id["https://ejemplo.github.io/prueba/sesiones/instalacion-comision/"]
    assert session.find(f"{ATOM}updated").text == "2024-04-11T00:00:00-06:00"  # its `fecha`, in Mexico City
    # The commitment's latest own date up to the build: milestone 2 met on 2025-04-15,
    # its indicator measured on 2025-10-01.
    commitment = by_id["https://ejemplo.github.io/prueba/compromisos/portal-de-datos/"]
    assert commitment.find(f"{ATOM}updated").text == "2025-10-01T00:00:00-06:00"
    assert not any("/municipios/" in i for i in by_id), "records without any date are left out"
    # Every dated record of the base fixture, by the latest date in its YAML file.
    assert [i.removeprefix("https://ejemplo.github.io/prueba") for i in by_id] == [
        "/compromisos/portal-de-datos/",         # indicator measured 2025-10-01
        "/practicas/registro-de-obras/",         # fecha 2025-08-01
        "/sesiones/sesion-con-signos/",          # fecha 2025-02-03
        "/actividades/jornada-cultural/",        # fecha 2024-09-28
        "/compromisos/talleres/",                # milestone 1 met 2024-05-30
        "/sesiones/instalacion-comision/",       # fecha 2024-04-11
        "/planes/primer-plan/",                  # periodo.inicio 2024-01-15
        "/convocatorias/convocatoria-plan/",     # fecha_apertura 2023-09-29
        "/manifestaciones/manifestacion-villa-alta/",  # fecha 2023-07-08
    ]
    title = by_id["https://ejemplo.github.io/prueba/sesiones/sesion-con-signos/"].find(f"{ATOM}title").text
    assert title == "Sesión ordinaria; acuerdos, dudas y una barra \\ invertida: ñandú, acción, pingüino y más texto largo"
    parsed = feedparser.parse((built / "feed.xml").read_bytes())
    assert parsed.bozo == 0 and parsed.version == "atom10"
    assert len(parsed.entries) == len(entries)


def test_the_feed_is_announced_in_every_page_head(built):
    for page in ("index.html", "compromisos/talleres/index.html"):
        html = (built / page).read_text(encoding="utf-8")
        head = html.split("</head>")[0]
        assert re.search(r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="/prueba/feed.xml">',
                         head)


def _git(cwd: Path, *args: str, when: str | None = None):
    env = {**os.environ}
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    subprocess.run(["git", "-C", str(cwd), "-c", "user.name=Editora", "-c", "user.email=e@example.org", *args],
                   check=True, capture_output=True, env=env)


def test_feed_dates_come_from_git_history_when_there_is_one(tmp_path):
    if shutil.which("git") is None:
        tool_missing("git is not installed (apt-get install git)")
    site = make_site(tmp_path / "sitio", {})
    _git(site, "init", "-q")
    _git(site, "add", ".")
    _git(site, "commit", "-q", "-m", "Primera publicación", when="2025-01-10T10:00:00-06:00")
    path = site / "content" / "compromisos" / "talleres.md"
    path.write_text(path.read_text(encoding="utf-8").replace("fecha: 2025-09-30\n", "fecha: 2025-09-30\n"
                                                                 "    cumplido: 2025-09-29\n"
                                                                 "    evidencias: [docs/acta.pdf]\n"),
                    encoding="utf-8")
    _git(site, "commit", "-q", "-am", "Talleres: hito 2 cumplido", when="2025-10-02T09:30:00-06:00")
    built = build(site)
    entries = check_atom(atom(built / "feed.xml"))
    first = entries[0]
    assert first.find(f"{ATOM}id").text == "https://ejemplo.github.io/prueba/compromisos/talleres/"
    assert first.find(f"{ATOM}updated").text == "2025-10-02T09:30:00-06:00"
    assert first.find(f"{ATOM}published").text == "2025-01-10T10:00:00-06:00"
    assert "último cambio: Talleres: hito 2 cumplido" in first.find(f"{ATOM}summary").text
    others = {e.find(f"{ATOM}updated").text for e in entries[1:]}
    assert others == {"2025-01-10T10:00:00-06:00"}, "every other file was last touched by the first commit"
    assert any("/municipios/" in e.find(f"{ATOM}id").text for e in entries), "with Git, undated records have dates"
    page = (built / "compromisos" / "talleres" / "index.html").read_text(encoding="utf-8")
    history = page.split('id="historial-titulo"')[1].split("</section>")[0]
    assert history.index("Talleres: hito 2 cumplido") < history.index("Primera publicación")


def test_feed_ids_without_a_site_url_are_stable_uuids(tmp_path):
    site = make_site(tmp_path / "sitio", {})
    config = site / "gobabierto.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("url: https://ejemplo.github.io/prueba/\n", ""),
                      encoding="utf-8")
    output = site.parent / "salida"
    result = run_cli("build", "--source", str(site), "--output", str(output))
    assert result.returncode == 0, result.stderr
    feed = atom(output / "feed.xml")
    ids = [e.find(f"{ATOM}id").text for e in feed.findall(f"{ATOM}entry")]
    assert ids and all(re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", i) for i in ids) and len(set(ids)) == len(ids)
    again = site.parent / "otra"
    assert run_cli("build", "--source", str(site), "--output", str(again)).returncode == 0
    assert [e.find(f"{ATOM}id").text for e in atom(again / "feed.xml").findall(f"{ATOM}entry")] == ids
    calendar = (output / PLAN_ICS).read_bytes().replace(b"\r\n ", b"")  # unfolded
    assert b"UID:sesion-instalacion-comision@gobierno-abierto-de-prueba.gobabierto.invalid\r\n" in calendar


_CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n")
# long lines too: a piece of text repeated (Hypothesis rarely draws long text on its own)
_LINES = st.one_of(st.text(_CHARS, max_size=200),
                   st.builds(lambda piece, times: piece * times, st.text(_CHARS, min_size=1, max_size=12),
                             st.integers(1, 60)))


@settings(max_examples=300, deadline=None)
@given(_LINES)
def test_folding_cuts_at_75_octets_between_characters_and_unfolds_back(line):
    from gobabierto.pages.ical import fold

    folded = fold(line)
    chunks = folded.split("\r\n")
    assert chunks[0] + "".join(c[1:] for c in chunks[1:]) == line  # unfolding gives the line back
    assert all(c.startswith(" ") for c in chunks[1:])
    sizes = [len(c.encode("utf-8")) for c in chunks]
    assert all(size <= 75 for size in sizes)
    # each chunk is as long as it can be: the next character would not have fitted
    for chunk, following in zip(chunks, chunks[1:]):
        assert len(chunk.encode("utf-8")) + len(following[1].encode("utf-8")) > 75
    assert all(c != " " for c in chunks[1:])  # no empty continuation
