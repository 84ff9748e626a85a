"""Commitment tracking on built sites: states at the build date's boundaries in Mexico City,
numbers traced back to the YAML, charts that say what the page says, and every reference
answered by a link back."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from helpers import BASE_SITE, DEMO_URL, ROOT, make_site, run_cli
from gobabierto.core.problems import Problems
from gobabierto.content.records import RECORD_TYPES

# 2026-11-22T03:00Z: the 22nd in UTC, 21:00 of the 21st in Mexico City.
LATE_EVENING = "1795316400"

BOUNDARY_COMMITMENT = """---
titulo: Compromiso en la frontera del día
plan: primer-plan
municipio: villa-alta
problematica: P.
objetivo: O.
pilares: [transparencia]
responsable: Dirección de Prueba
fecha_inicio: 2026-01-01
fecha_fin: 2027-12-31
hitos:
  - descripcion: Hito que vence hoy
    fecha: 2026-11-21
  - descripcion: Hito que venció ayer
    fecha: 2026-11-20
  - descripcion: Hito que vence mañana
    fecha: 2026-11-22
---
"""

CALL_CLOSING_TODAY = """---
titulo: Convocatoria que cierra hoy
convocante: Instituto de Transparencia de Prueba
plan: primer-plan
fecha_apertura: 2026-11-01
fecha_cierre: 2026-11-21
enlace_registro: https://prueba.gob.mx/registro
---
"""


def text_of(html: str) -> str:
    """Visible text with tags dropped and whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" .", ".").strip()


@pytest.fixture(scope="module")
def boundary_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("frontera")
    site = make_site(root / "sitio", {"content/compromisos/frontera.md": BOUNDARY_COMMITMENT,
                                      "content/convocatorias/cierra-hoy.md": CALL_CLOSING_TODAY})
    output = root / "salida"
    result = run_cli("build", "--source", str(site), "--output", str(output), epoch=LATE_EVENING)
    assert result.returncode == 0, result.stdout + result.stderr
    return output


def test_milestones_due_today_yesterday_and_tomorrow_in_mexico_city(boundary_site):
    page = (boundary_site / "compromisos" / "frontera" / "index.html").read_text(encoding="utf-8")
    items = {m.group(1): text_of(m.group(2)) for m in
             re.finditer(r'<li class="hito hito-\w+" id="hito-(\d)">(.*?)</li>\s*(?=<li class="hito|</ol>)', page, re.S)}
    assert "Pendiente vence hoy" in items["1"] and "comprometido para el 21 de noviembre de 2026" in items["1"]
    assert "Vencido 1 día de retraso" in items["2"]
    assert "Pendiente falta 1 día" in items["3"]
    assert "Retrasado" in text_of(page.split("</h1>")[1].split("</p>")[0])
    why = text_of(page.split('id="por-que-retraso"')[1].split("</section>")[0])
    assert "Hito 2: «Hito que venció ayer». Debía cumplirse el 20 de noviembre de 2026." in why
    assert "Hito que vence hoy" not in why


def test_a_call_closing_today_in_mexico_city_is_open_and_on_the_home_page(boundary_site):
    call = (boundary_site / "convocatorias" / "cierra-hoy" / "index.html").read_text(encoding="utf-8")
    assert "Abierta" in call and "Registrarme en la convocatoria" in call
    home = (boundary_site / "index.html").read_text(encoding="utf-8")
    assert "Convocatoria que cierra hoy" in home.split('id="convocatorias-portada"')[1].split("</section>")[0]
    upcoming = text_of(home.split('id="proximos-hitos"')[1].split("</section>")[0])
    assert upcoming.index("21 de noviembre de 2026 · vence hoy") < upcoming.index("22 de noviembre de 2026 · vence mañana")
    assert "Al 21 de noviembre de 2026" in home


def test_the_calendar_tells_the_same_states(boundary_site):
    import icalendar

    events = {str(e["UID"]).split("@")[0]: e for e in
              icalendar.Calendar.from_ical((boundary_site / "calendario.ics").read_bytes()).walk("VEVENT")}
    assert "Estado al 21 de noviembre de 2026: pendiente." in str(events["hito-frontera-1"]["DESCRIPTION"])
    assert "vencido, 1 día de retraso." in str(events["hito-frontera-2"]["DESCRIPTION"])


# -- numbers traced to the YAML ---------------------------------------------------------------


def demo_commitments():
    for path in sorted((ROOT / "content" / "compromisos").glob("*.md")):
        yield path.stem, yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


@pytest.mark.parametrize("slug, data", list(demo_commitments()), ids=lambda v: v if isinstance(v, str) else "")
def test_commitment_progress_is_the_weight_of_its_met_milestones(demo_build, slug, data):
    milestones = data.get("hitos", [])
    weight = sum(m.get("peso", 1) for m in milestones)
    met = [m for m in milestones if m.get("cumplido")]
    progress = round(100 * sum(m.get("peso", 1) for m in met) / weight, 1)
    page = (demo_build / "compromisos" / slug / "index.html").read_text(encoding="utf-8")
    assert float(re.search(r'<progress max="100" value="([\d.]+)"', page).group(1)) == progress
    note = text_of(page.split('<p class="nota">')[1].split("</p>")[0])
    assert f"{len(met)} de {len(milestones)} cumplidos" in note
    assert f"content/compromisos/{slug}.md" in page
    for n, m in enumerate(milestones, 1):
        item = page.split(f'id="hito-{n}"')[1].split("</li>")[0]
        for evidence in m.get("evidencias", []):
            assert evidence.split("/")[-1] in item, f"hito {n} shows its evidence"
        if m.get("cumplido") and not m.get("evidencias"):
            assert "sin evidencia publicada" in item


def test_home_counts_and_mean_progress_come_from_the_commitments(demo_build):
    home = (demo_build / "index.html").read_text(encoding="utf-8")
    section = home.split('id="avance-general"')[1].split("</section>")[0]
    pages = [(demo_build / "compromisos" / slug / "index.html").read_text(encoding="utf-8")
             for slug, _ in demo_commitments()]
    values = [float(re.search(r'<progress max="100" value="([\d.]+)"', p).group(1)) for p in pages]
    mean = round(sum(values) / len(values), 1)
    assert f"Avance promedio: <strong>{mean:g}%</strong>" in section  # CLDR es-MX: no space
    statuses = [re.search(r'class="estatus estatus-(\w+)"', p.split("</h1>")[1]).group(1) for p in pages]
    svg = ET.fromstring(re.search(r"<svg .*?</svg>", section, re.S).group(0))
    parts = [e for e in svg.iter() if "g-parte" in (e.get("class") or "")]
    widths = {e.get("class").split()[1][2:]: float(e.get("width")) for e in parts}
    total = sum(widths.values())
    for status in set(statuses):
        assert widths[status] / total == pytest.approx(statuses.count(status) / len(statuses), abs=1e-3)
        assert re.search(rf"estatus-{status}\".*?<strong>{statuses.count(status)}</strong>", section, re.S)


def test_home_answers_which_commitments_are_late_first(demo_build):
    home = (demo_build / "index.html").read_text(encoding="utf-8")
    summary = text_of(home.split('class="resumen-portada">')[1].split("</p>")[0])
    assert summary.startswith("Al 21 de noviembre de 2026, 1 de 5 compromisos va con retraso: cuáles y por qué.")
    assert 'href="#retrasos"' in home


def test_charts_on_the_demo_are_named_described_and_ids_are_unique(demo_build):
    for page in sorted(demo_build.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        ids = re.findall(r'\sid="([^"]+)"', html)
        assert len(ids) == len(set(ids)), f"duplicate ids in {page.relative_to(demo_build)}"
        for svg in re.findall(r"<svg .*?</svg>", html, re.S):
            root = ET.fromstring(svg)
            if root.get("aria-hidden") == "true":
                continue
            assert root.get("role") == "img"
            labelled = root.get("aria-labelledby")
            title = root.find("{http://www.w3.org/2000/svg}title")
            desc = root.find("{http://www.w3.org/2000/svg}desc")
            assert title is not None and title.text.strip() and title.get("id") == labelled
            assert desc is not None and desc.text.strip() and desc.get("id") == root.get("aria-describedby")
    home = (demo_build / "index.html").read_text(encoding="utf-8")
    assert home.count('role="img"') >= 2  # status and progress per plan
    assert 'role="img"' in (demo_build / "compromisos" / "jornadas-culturales-talleres-acceso-informacion" /
                            "index.html").read_text(encoding="utf-8")


# -- references and links back ----------------------------------------------------------------


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: set[str] = set()

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.update(v for k, v in attrs if k == "href" and v)


def links_of(output: Path, site_path: str, prefix: str) -> set[str]:
    parser = _Links()
    parser.feed((output / site_path.strip("/") / "index.html").read_text(encoding="utf-8"))
    return {h[len(prefix):] if h.startswith(prefix + "/") else h for h in parser.hrefs}


def references(source: Path):
    """(record path, field, target path) for every reference written in the site's records."""
    from gobabierto.build.stages import load_site

    site = load_site(source, Problems())
    assert site is not None
    for kind, rt in RECORD_TYPES.items():
        for record in site.of(kind):
            for spec in rt.fields:
                target = spec.ref or (spec.item.ref if spec.item is not None else None)
                if target is None:
                    continue
                value = getattr(record, spec.key)
                for slug in value if isinstance(value, tuple) else ((value,) if value else ()):
                    target_path = (f"/datos/{slug}/" if target == "dataset"
                                   else f"/{RECORD_TYPES[target].folder}/{slug}/")
                    yield f"/{rt.folder}/{record.slug}/", spec.key, target_path


def check_back_links(source: Path, output: Path, prefix: str):
    pairs = list(references(source))
    assert pairs
    missing = []
    for page, key, target in pairs:
        if target not in links_of(output, page, prefix):
            missing.append(f"{page} does not link to {target} ({key})")
        if not target.startswith("/datos/") and page not in links_of(output, target, prefix):
            missing.append(f"{target} does not link back to {page} ({key})")
    assert missing == []
    return {(page.split("/")[1], key) for page, key, _ in pairs}


def test_every_reference_in_the_base_fixture_links_both_ways(tmp_path):
    site = make_site(tmp_path / "sitio", {})
    output = tmp_path / "salida"
    assert run_cli("build", "--source", str(site), "--output", str(output)).returncode == 0
    kinds = check_back_links(site, output, "/prueba")
    assert {("sesiones", "plan"), ("sesiones", "compromisos"), ("practicas", "compromisos"), ("actividades", "plan"),
            ("actividades", "compromisos"), ("manifestaciones", "plan"), ("convocatorias", "plan"),
            ("compromisos", "municipio"), ("planes", "municipios")} <= kinds


def test_every_reference_in_the_demo_links_both_ways(demo_build):
    check_back_links(ROOT, demo_build, DEMO_URL.rstrip("/").split("github.io")[1])


def test_a_plan_lists_what_concerns_it_through_its_commitments(demo_build):
    page = (demo_build / "planes" / "plan-municipal-gobierno-abierto-san-andres-cholula" / "index.html")
    html = page.read_text(encoding="utf-8")
    for heading, slug in (("Sesiones", "primera-sesion-ordinaria-2024"),
                          ("Actividades", "taller-proteccion-datos-personales-2024"),
                          ("Convocatorias", "convocatoria-consejo-ciudadano-san-andres-cholula-2026")):
        section = html.split(f">{heading}</h2>")[1].split("</section>")[0]
        assert f"/{slug}/" in section
    overdue = text_of(html.split('id="plan-vencidos"')[1].split("</table>")[0])
    assert "Jornadas culturales y talleres" in overdue and "30 de junio de 2026" in overdue and " 144" in overdue
