"""Deterministic generator of synthetic gobabierto sites for the benchmark.

    python bench/generate.py SIZE DEST [--seed N]

SIZE is one of the names in SIZES. The same size and seed always give the same bytes:
every choice comes from one seeded `random.Random`, files are written in a fixed order
and no set or dict-hash order leaks into the output. The content follows the field tables (docs/referencia.md)
and is valid for any build date on or after VALID_FROM (milestones are only marked met
before that date), so `gobabierto validate` reports nothing at all.

Commitments carry ~425 words of Markdown body (the length the issue's comparison with
Hugo, Pelican, MkDocs and Jekyll used), milestones with evidence, indicators and, now
and then, an independent assessment and linked datasets.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

DEFAULT_SEED = 20251121
VALID_FROM = date(2026, 1, 1)   # content is valid for any build date from here on
LAST_MET = date(2025, 12, 31)   # no milestone is met after this day
BODY_WORDS = 425


@dataclass(frozen=True)
class Size:
    """How many records of each type, and the datasets, of one named size."""

    municipios: int
    planes: int
    compromisos: int
    sesiones: int
    practicas: int
    convocatorias: int
    manifestaciones: int
    actividades: int
    paginas: int
    datasets: int
    rows: tuple[int, int]          # rows of an ordinary dataset: min, max
    big_rows: int = 0              # rows of the one big dataset (0: none)
    description: str = ""

    @property
    def records(self) -> int:
        return (self.municipios + self.planes + self.compromisos + self.sesiones + self.practicas
                + self.convocatorias + self.manifestaciones + self.actividades + self.paginas)


SIZES: dict[str, Size] = {
    # for tests: seconds to generate and build
    "tiny": Size(12, 4, 40, 10, 2, 2, 2, 2, 2, datasets=3, rows=(5, 30),
                 description="76 records, 3 datasets"),
    "small": Size(40, 10, 700, 180, 20, 15, 15, 15, 5, datasets=10, rows=(50, 500),
                  description="1,000 records, 10 datasets"),
    # the Markdown comparison (issue 18): 5,000 commitments, a quarter of medium
    "5k": Size(80, 16, 5_000, 940, 60, 45, 45, 60, 4, datasets=15, rows=(50, 1_000),
               description="6,250 records (5,000 commitments), 15 datasets"),
    "medium": Size(250, 50, 16_000, 3_000, 200, 150, 150, 190, 10, datasets=50, rows=(50, 2_000),
                   description="20,000 records, 50 datasets"),
    "national": Size(2_469, 500, 45_000, 10_000, 800, 500, 500, 221, 10, datasets=2_000, rows=(20, 400),
                     big_rows=1_000_000,
                     description="60,000 records (2,469 municipalities), 2,000 datasets, one of 1,000,000 rows"),
    # the comparison with Hugo (bench/hugo.py): 5,000 commitments and the records they need
    "compromisos": Size(50, 10, 5_000, 0, 0, 0, 0, 0, 1, datasets=0, rows=(0, 0),
                        description="5,000 commitments (50 municipalities, 10 plans), no datasets"),
    # the dataset benchmark alone: a minimal site around one 1,000,000-row CSV
    "datos": Size(1, 0, 0, 0, 0, 0, 0, 0, 1, datasets=1, rows=(0, 0), big_rows=1_000_000,
                  description="1 dataset of 1,000,000 rows"),
}

# The 32 states, their INEGI code and roughly their number of municipalities (2,469 in all).
STATES = (
    ("01", "Aguascalientes", 11), ("02", "Baja California", 5), ("03", "Baja California Sur", 5),
    ("04", "Campeche", 13), ("05", "Coahuila", 38), ("06", "Colima", 10), ("07", "Chiapas", 124),
    ("08", "Chihuahua", 67), ("09", "Ciudad de México", 16), ("10", "Durango", 39), ("11", "Guanajuato", 46),
    ("12", "Guerrero", 81), ("13", "Hidalgo", 84), ("14", "Jalisco", 125), ("15", "Estado de México", 125),
    ("16", "Michoacán", 113), ("17", "Morelos", 36), ("18", "Nayarit", 20), ("19", "Nuevo León", 51),
    ("20", "Oaxaca", 570), ("21", "Puebla", 217), ("22", "Querétaro", 18), ("23", "Quintana Roo", 11),
    ("24", "San Luis Potosí", 58), ("25", "Sinaloa", 18), ("26", "Sonora", 72), ("27", "Tabasco", 17),
    ("28", "Tamaulipas", 43), ("29", "Tlaxcala", 60), ("30", "Veracruz", 212), ("31", "Yucatán", 106),
    ("32", "Zacatecas", 58),
)
assert sum(n for _, _, n in STATES) == 2_469

PILLARS = ("transparencia", "participacion", "rendicion_de_cuentas", "innovacion")
PHASES = ("convocatoria", "instalacion", "cocreacion", "implementacion", "seguimiento", "evaluacion", "concluido")
SECTORS = ("sociedad_civil", "autoridad", "organo_garante", "facilitacion")

SAINTS = ("San Andrés", "San Pedro", "Santa María", "San Juan", "Santiago", "San Miguel", "Santa Catarina",
          "San Francisco", "San José", "Santo Domingo", "San Martín", "San Lorenzo", "Santa Cruz", "San Bartolo",
          "San Sebastián", "Santa Ana", "San Mateo", "San Felipe", "San Antonio", "San Nicolás")
PLACES = ("Cholula", "Hueyapan", "Tlacotalpan", "Zacatlán", "Teotitlán", "Ixtlán", "Tepeaca", "Amatlán",
          "Cuautla", "Tlalixtac", "Coyotepec", "Chalco", "Tenango", "Xochitepec", "Atlixco", "Tlaxiaco",
          "Juchitán", "Ocotlán", "Tecamachalco", "Zongolica", "Mitla", "Etla", "Nochixtlán", "Yautepec",
          "Tehuacán", "Huejotzingo", "Acatlán", "Tepeji", "Ameca", "Tonalá", "Zapotitlán", "Calpulalpan")
QUALIFIERS = ("de Ocampo", "de Juárez", "de Morelos", "de Hidalgo", "del Río", "de los Reyes", "de las Flores",
              "el Alto", "el Grande", "Tecolotepec", "de Guerrero", "de Allende", "Nuevo", "Viejo", "de la Sierra")
GIVEN = ("Ana", "Luis", "María", "José", "Claudia", "Jorge", "Patricia", "Héctor", "Sofía", "Miguel", "Laura",
         "Fernando", "Gabriela", "Ricardo", "Verónica", "Alejandro", "Mónica", "Raúl", "Adriana", "Eduardo")
FAMILY = ("Herrera", "Quiñones", "Medrano", "Soto", "Galindo", "Reyes", "Castañeda", "Ortiz", "Rentería", "Luna",
          "Villarreal", "Ponce", "Martínez", "López", "García", "Hernández", "Pérez", "Sánchez", "Ramírez", "Cruz")

# Sentence parts for bodies and descriptions: plain, varied, Spanish.
SUBJECTS = ("El ayuntamiento", "La Coordinación General de Transparencia", "El Secretariado Técnico Local",
            "La Contraloría Municipal", "La Dirección de Obras Públicas", "El órgano garante",
            "La sociedad civil organizada", "El Consejo Ciudadano", "La Tesorería Municipal",
            "La Dirección de Participación Ciudadana", "El cabildo", "Cada dependencia municipal",
            "La unidad de transparencia", "El comité de contraloría social", "La comisión intersecretarial")
VERBS = ("publicará", "revisará", "actualizará", "pondrá a disposición", "documentará", "dará seguimiento a",
         "presentará", "integrará", "evaluará", "difundirá", "sistematizará", "abrirá a consulta",
         "coordinará", "registrará", "validará")
OBJECTS = ("el padrón de obras públicas", "los contratos de adquisiciones", "el presupuesto participativo",
           "las actas de las sesiones", "los indicadores de desempeño", "las solicitudes de información",
           "los programas sociales", "el directorio de servidores públicos", "los informes trimestrales",
           "las evidencias de cada hito", "la agenda de trabajo anual", "los datos de las comunidades",
           "el registro de proyectos sociales", "los resultados de las consultas", "las minutas de los talleres")
MANNERS = ("en formatos abiertos", "con lenguaje ciudadano", "cada trimestre", "en el portal de transparencia",
           "de manera proactiva", "con la participación de las comunidades", "en datos abiertos y reutilizables",
           "con perspectiva de género", "en las lenguas de la región", "antes del cierre del ejercicio",
           "con fechas verificables", "junto con sus fuentes", "para cada localidad")
PURPOSES = ("para que la ciudadanía pueda vigilar su avance", "para facilitar la rendición de cuentas",
            "con el fin de reducir la opacidad en el gasto", "para fortalecer la confianza en las instituciones",
            "para que las personas tomen mejores decisiones", "con el propósito de atender problemas públicos",
            "para que cualquier persona pueda reutilizar la información",
            "y así mejorar la calidad de los servicios municipales",
            "para dar cumplimiento a la Ley General de Transparencia")
HEADINGS = ("Antecedentes", "Descripción del compromiso", "Acciones", "Resultados esperados",
            "Mecanismos de seguimiento", "Participación ciudadana", "Riesgos y supuestos")
CONCEPTS = ("agua potable", "camino", "educación", "electrificación", "espacio público", "salud", "vivienda",
            "drenaje")
ROW_STATUSES = ("programada", "en proceso", "concluida")
THEMES = ("Obra pública", "Presupuesto", "Programas sociales", "Transparencia", "Participación ciudadana",
          "Salud", "Educación", "Seguridad")
PERIODICITIES = ("mensual", "trimestral", "semestral", "anual", "eventual")

_SAFE_PLAIN = re.compile(r"^[A-Za-zÀ-ÿ0-9][A-Za-zÀ-ÿ0-9 ,.()¿?¡!«»%/-]*$")


def slugify(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def scalar(text: str) -> str:
    """A YAML scalar for `text`: plain when that is safe, double-quoted otherwise."""
    if _SAFE_PLAIN.match(text) and not text[-1] in " :" and text.lower() not in ("yes", "no", "si", "on", "off",
                                                                               "true", "false", "null"):
        if not re.fullmatch(r"[0-9.,-]+", text):
            return text
    return json.dumps(text, ensure_ascii=False)


def folded(text: str, indent: str) -> str:
    """A `>-` folded block, wrapped at about 90 columns like the demo's files."""
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > 88 - len(indent):
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return ">-\n" + "\n".join(indent + line for line in lines)


def wrap(text: str, width: int = 90) -> str:
    return "\n".join(_wrap_lines(text, width))


def _wrap_lines(text: str, width: int):
    current = ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) > width:
            yield current
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        yield current


@dataclass
class Municipality:
    slug: str
    name: str
    state: str
    state_code: str
    inegi: str


@dataclass
class Plan:
    slug: str
    title: str
    ambito: str
    state: str
    municipalities: list[str]
    start: date
    end: date
    call: str | None = None


@dataclass
class Summary:
    size: str
    seed: int
    records: int = 0
    datasets: int = 0
    rows: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    big_dataset: str | None = None
    big_rows: int = 0
    commitment: str = ""      # a commitment the benchmark edits
    small_dataset: str = ""   # an ordinary dataset the benchmark edits

    def as_dict(self) -> dict:
        return dict(self.__dict__)


class Generator:
    def __init__(self, size_name: str, dest: Path, seed: int):
        self.size_name, self.size, self.dest = size_name, SIZES[size_name], dest
        self.rng = random.Random(f"{size_name}:{seed}")
        self.summary = Summary(size_name, seed)
        self.sentences = [self._sentence() for _ in range(1500)]

    # -- text ---------------------------------------------------------------------------
    def _sentence(self) -> str:
        r = self.rng
        return (f"{r.choice(SUBJECTS)} {r.choice(VERBS)} {r.choice(OBJECTS)} {r.choice(MANNERS)} "
                f"{r.choice(PURPOSES)}.")

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.rng.choice(self.sentences) for _ in range(sentences))

    def person(self) -> str:
        r = self.rng
        return f"{r.choice(GIVEN)} {r.choice(FAMILY)} {r.choice(FAMILY)}"

    def body(self, words: int, title: str) -> str:
        """Markdown of about `words` words: headed sections, paragraphs, a list, emphasis and
        a link, the way an editor writes a commitment."""
        r = self.rng
        parts = [wrap(f"Este compromiso, «{title}», atiende un problema público del municipio. {self.paragraph(2)}")]
        count = len(parts[0].split())
        headings = list(HEADINGS)
        r.shuffle(headings)
        while count < words:
            heading = headings.pop() if headings else "Notas"
            parts.append(f"## {heading}")
            if heading == "Acciones":
                items = [f"- {self.paragraph(1)}" for _ in range(r.randint(3, 5))]
                parts.append("\n".join(items))
                count += sum(len(i.split()) for i in items)
            else:
                text = self.paragraph(r.randint(2, 4))
                if r.random() < 0.5:
                    text = text.replace(" para ", " **para** ", 1)
                if r.random() < 0.3:
                    text += (f" Consulta el [portal de transparencia](https://transparencia.example.org/"
                             f"{r.randint(1, 9999)}/) para más detalles.")
                parts.append(wrap(text))
                count += len(text.split())
        return "\n\n".join(parts) + "\n"

    def day_between(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randint(0, max(0, (end - start).days)))

    # -- writing ------------------------------------------------------------------------
    def write(self, rel: str, text: str) -> None:
        path = self.dest / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")

    def record(self, folder: str, slug: str, front: list[str], body: str) -> None:
        self.write(f"content/{folder}/{slug}.md", "---\n" + "\n".join(front) + "\n---\n" + body)

    # -- the site -----------------------------------------------------------------------
    def run(self) -> Summary:
        if self.dest.exists():
            shutil.rmtree(self.dest)
        self.dest.mkdir(parents=True)
        s = self.size
        munis = self.municipalities(s.municipios)
        pages = [f"pagina-{i + 1:02d}" for i in range(s.paginas)]
        plans = self.plans(munis, s.planes)
        calls = [f"convocatoria-{i + 1:04d}" for i in range(s.convocatorias)]
        for i, slug in enumerate(calls):
            if i < len(plans):
                plans[i].call = slug
        commitment_slugs = [f"compromiso-{i + 1:05d}" for i in range(s.compromisos)]
        dataset_slugs = [f"datos-{i + 1:04d}" for i in range(s.datasets)]
        self.config(pages)
        self.write_municipalities(munis)
        self.write_plans(plans)
        self.write_commitments(commitment_slugs, plans, dataset_slugs)
        self.write_sessions(s.sesiones, munis, commitment_slugs)
        self.write_practices(s.practicas, munis)
        self.write_calls(calls, plans)
        self.write_letters(s.manifestaciones, munis)
        self.write_activities(s.actividades, munis)
        self.write_pages(pages)
        self.write_datasets(dataset_slugs, munis, commitment_slugs)
        counts = {"municipio": s.municipios, "plan": s.planes, "compromiso": s.compromisos, "sesion": s.sesiones,
                  "practica": s.practicas, "convocatoria": s.convocatorias, "manifestacion": s.manifestaciones,
                  "actividad": s.actividades, "pagina": s.paginas}
        self.summary.counts = counts
        self.summary.records = sum(counts.values())
        self.summary.datasets = s.datasets
        self.summary.commitment = commitment_slugs[len(commitment_slugs) // 2] if commitment_slugs else ""
        self.write("bench-summary.json", json.dumps(self.summary.as_dict(), indent=2, sort_keys=True) + "\n")
        return self.summary

    def config(self, pages: list[str]) -> None:
        nav = ["inicio"] + ([f"paginas/{pages[0]}"] if pages else []) + [
            "municipios", "planes", "compromisos", "sesiones", "practicas", "convocatorias", "datos"]
        self.write("gobabierto.yml", "\n".join([
            f"# Sitio sintético «{self.size_name}» generado por bench/generate.py (semilla {self.summary.seed}).",
            f"titulo: {scalar('Gobierno Abierto — sitio de prueba de rendimiento (' + self.size_name + ')')}",
            f"descripcion: {folded(self.paragraph(2), '  ')}",
            'url: "https://ejemplo.github.io/rendimiento/"',
            "idioma: es-MX",
            "zona_horaria: America/Mexico_City",
            "# Over GitHub Pages' 1 GB the bench still builds (a warning), so that its size is measured.",
            "limite_publicacion_bloquea: false",
            "organo_garante:",
            "  nombre: Instituto de Transparencia del Estado (ilustrativo)",
            "  siglas: ITE",
            '  url: "https://transparencia.example.org/"',
            "licencia: CC-BY-4.0",
            "contacto:",
            '  correo: "gobierno.abierto@example.org"',
            '  telefono: "+52 55 0000 0000"',
            "navegacion:",
            *[f"  - {entry}" for entry in nav],
            "marca:",
            '  color: "#1f5f5b"',
            "  pie: Sitio sintético para medir la velocidad de gobabierto; los datos son ilustrativos.",
            "",
        ]))

    def municipalities(self, count: int) -> list[Municipality]:
        """`count` municipalities spread over the states in proportion to the real ones;
        the full national size has exactly each state's real number."""
        total = sum(n for _, _, n in STATES)
        quotas = [max(1, round(n * count / total)) if count >= len(STATES) else 0 for _, _, n in STATES]
        if count < len(STATES):
            for i in range(count):
                quotas[i % len(STATES)] += 1
        while sum(quotas) > count:
            quotas[quotas.index(max(quotas))] -= 1
        while sum(quotas) < count:
            quotas[quotas.index(max(quotas))] += 1
        result, seen = [], set()
        for (code, state, _), quota in zip(STATES, quotas):
            for number in range(1, quota + 1):
                r = self.rng
                name = f"{r.choice(SAINTS)} {r.choice(PLACES)} {r.choice(QUALIFIERS)}"
                slug = slugify(name)
                if slug in seen:
                    slug = f"{slug}-{code}-{number:03d}"
                seen.add(slug)
                result.append(Municipality(slug, name, state, code, f"{code}{number:03d}"))
        return result

    def write_municipalities(self, munis: list[Municipality]) -> None:
        r = self.rng
        for mu in munis:
            start = r.choice((2021, 2022, 2024))
            front = [
                f"nombre: {scalar(mu.name)}",
                f"estado: {scalar(mu.state)}",
                f'clave_inegi: "{mu.inegi}"',
                f'periodo: "{start}-{start + 3}"',
                f"presidencia: {scalar(self.person())}",
                f"sitio_web: \"https://{mu.slug}.gob.example.org/\"",
                f"comunidades: {r.randint(5, 120)}",
                f"poblacion: {r.randint(1_500, 900_000)}",
                "contacto:",
                f'  correo: "transparencia@{mu.slug}.example.org"',
                f"  direccion: {scalar('Palacio Municipal, ' + mu.name + ', ' + mu.state)}",
            ]
            body = wrap(f"{mu.name} es un municipio de {mu.state}. {self.paragraph(r.randint(3, 6))}") + "\n"
            self.record("municipios", mu.slug, front, body)

    def plans(self, munis: list[Municipality], count: int) -> list[Plan]:
        """One state plan per state (up to `count`), the rest municipal plans."""
        r = self.rng
        by_state: dict[str, list[Municipality]] = {}
        for mu in munis:
            by_state.setdefault(mu.state, []).append(mu)
        states = [s for _, s, _ in STATES if s in by_state]
        plans: list[Plan] = []
        for state in states[:count // 2 if count > 1 else count]:
            start = date(r.choice((2021, 2022, 2023)), r.randint(1, 12), 1)
            members = [m.slug for m in by_state[state]]
            plans.append(Plan(f"pal-{slugify(state)}-{len(plans) + 1:03d}", f"Plan de Acción Local de {state}",
                              "estatal", state, members, start, start + timedelta(days=r.randint(540, 1100))))
        while len(plans) < count:
            mu = munis[r.randrange(len(munis))]
            start = date(r.choice((2021, 2022, 2023, 2024)), r.randint(1, 12), 1)
            plans.append(Plan(f"plan-municipal-{mu.slug}-{len(plans) + 1:03d}",
                              f"Plan municipal de Gobierno Abierto de {mu.name}", "municipal", mu.state, [mu.slug],
                              start, start + timedelta(days=r.randint(540, 1100))))
        return plans

    def write_plans(self, plans: list[Plan]) -> None:
        r = self.rng
        for plan in plans:
            front = [
                f"titulo: {scalar(plan.title)}",
                f"edicion: {r.randint(1, 4)}",
                f"ambito: {plan.ambito}",
                f"estado: {scalar(plan.state)}",
                "municipios:",
                *[f"  - {slug}" for slug in plan.municipalities],
                "periodo:",
                f"  inicio: {plan.start.isoformat()}",
                f"  fin: {plan.end.isoformat()}",
                f"fase: {r.choice(PHASES)}",
            ]
            if plan.call:
                front.append(f"convocatoria: {plan.call}")
            front.append("secretariado:")
            for sector in SECTORS:
                since = self.day_between(plan.start, plan.start + timedelta(days=60))
                front += [f"  - nombre: {scalar(self.person())}", f"    sector: {sector}",
                          f"    organizacion: {scalar(r.choice(SUBJECTS))}", f"    desde: {since.isoformat()}"]
            body = (f"El **{plan.title}** reúne los compromisos de gobierno abierto de su ejercicio.\n\n"
                    f"## Objetivo general\n\n{wrap(self.paragraph(4))}\n\n## Secretariado Técnico Local\n\n"
                    f"{wrap(self.paragraph(3))}\n")
            self.record("planes", plan.slug, front, body)

    def write_commitments(self, slugs: list[str], plans: list[Plan], datasets: list[str]) -> None:
        r = self.rng
        weights = [len(p.municipalities) ** 0.5 for p in plans]
        for slug in slugs:
            plan = r.choices(plans, weights)[0]
            title = f"{r.choice(VERBS).capitalize()} {r.choice(OBJECTS)} {r.choice(MANNERS)}"
            start = self.day_between(plan.start, plan.start + timedelta(days=120))
            end = self.day_between(start + timedelta(days=180), start + timedelta(days=900))
            pillars = sorted(r.sample(PILLARS, r.randint(1, 3)), key=PILLARS.index)
            front = [
                f"titulo: {scalar(title)}",
                f"plan: {plan.slug}",
                f"municipio: {r.choice(plan.municipalities)}",
                f"problematica: {folded(self.paragraph(2), '  ')}",
                f"objetivo: {folded(self.paragraph(1), '  ')}",
                "pilares:", *[f"  - {p}" for p in pillars],
                "ods:", *[f"  - {n}" for n in sorted(r.sample(range(1, 18), r.randint(1, 3)))],
                f"responsable: {scalar(r.choice(SUBJECTS))}",
                "corresponsables:", *[f"  - {scalar(s)}" for s in r.sample(SUBJECTS, 2)],
                f"fecha_inicio: {start.isoformat()}",
                f"fecha_fin: {end.isoformat()}",
                "hitos:",
            ]
            milestones = r.randint(3, 6)
            span = (end - start).days
            for k in range(milestones):
                due = start + timedelta(days=span * (k + 1) // milestones)
                front += [f"  - descripcion: {folded(self.paragraph(1), '      ')}", f"    fecha: {due.isoformat()}"]
                met = due + timedelta(days=r.randint(-30, 45))
                if met <= LAST_MET and r.random() < 0.75:
                    front += [f"    cumplido: {met.isoformat()}", "    evidencias:",
                              f'      - "https://evidencias.example.org/{slug}/hito-{k + 1}.pdf"']
                if r.random() < 0.2:
                    front.append(f"    peso: {r.choice((2, 3, 0.5))}")
            front += ["indicadores:"]
            for k in range(r.randint(1, 2)):
                base, goal = r.randint(0, 40), r.randint(60, 100)
                front += [f"  - nombre: {scalar('Porcentaje de ' + r.choice(OBJECTS) + ' publicados')}",
                          '    unidad: "%"', f"    linea_base: {base}", f"    meta: {goal}",
                          f"    valor: {r.randint(base, goal)}"]
            if datasets and r.random() < 0.1:
                front += ["datasets:", f"  - {r.choice(datasets)}"]
            if r.random() < 0.2:
                front += ["evaluacion:", "  verificable: true",
                          f"  impacto_potencial: {r.choice(('incierto', 'moderado', 'sustancial'))}",
                          f"  cumplimiento: {r.choice(('limitado', 'sustancial', 'completo'))}",
                          f"  abrio_el_gobierno: {r.choice(('marginal', 'significativo', 'sobresaliente'))}"]
            words = r.randint(BODY_WORDS - 25, BODY_WORDS + 25)
            self.record("compromisos", slug, front, self.body(words, title))

    def write_sessions(self, count: int, munis: list[Municipality], commitments: list[str]) -> None:
        r = self.rng
        for i in range(count):
            mu = r.choice(munis)
            when = date(r.randint(2021, 2025), r.randint(1, 12), r.randint(1, 28))
            kind = r.choice(("instalacion", "ordinaria", "ordinaria", "extraordinaria"))
            front = [
                f"titulo: {scalar(f'Sesión {kind} {i + 1} de la Comisión de Gobierno Abierto de {mu.name}')}",
                f"organo: {scalar('Comisión Intersecretarial de Gobierno Abierto de ' + mu.name)}",
                f"municipio: {mu.slug}",
                f"tipo: {kind}",
                f"numero: {r.randint(1, 12)}",
                f"ejercicio: {when.year}",
                f"fecha: {when.isoformat()}",
                "objetivos:", *[f"  - {folded(self.paragraph(1), '    ')}" for _ in range(r.randint(1, 3))],
                "acuerdos:", *[f"  - {folded(self.paragraph(1), '    ')}" for _ in range(r.randint(1, 3))],
                "asistentes:", *[f"  - {scalar(s)}" for s in r.sample(SUBJECTS, 3)],
            ]
            if commitments:
                front += ["compromisos:", *[f"  - {c}" for c in sorted(r.sample(commitments, min(2, len(commitments))))]]
            self.record("sesiones", f"sesion-{i + 1:05d}", front, wrap(self.paragraph(r.randint(4, 8))) + "\n")

    def write_practices(self, count: int, munis: list[Municipality]) -> None:
        r = self.rng
        for i in range(count):
            mu = r.choice(munis)
            front = [f"titulo: {scalar('Buena práctica ' + str(i + 1) + ': ' + r.choice(OBJECTS) + ' ' + r.choice(MANNERS))}",
                     f"municipio: {mu.slug}", f"fecha: {date(r.randint(2021, 2025), r.randint(1, 12), 15).isoformat()}",
                     "pilares:", *[f"  - {p}" for p in sorted(r.sample(PILLARS, 2), key=PILLARS.index)]]
            body = "\n\n".join(f"## {h}\n\n{wrap(self.paragraph(r.randint(2, 4)))}"
                               for h in ("Introducción", "Objetivo general", "Desarrollo", "Impactos")) + "\n"
            self.record("practicas", f"practica-{i + 1:04d}", front, body)

    def write_calls(self, calls: list[str], plans: list[Plan]) -> None:
        r = self.rng
        for i, slug in enumerate(calls):
            opens = date(r.randint(2021, 2025), r.randint(1, 12), r.randint(1, 28))
            front = [f"titulo: {scalar('Convocatoria ' + str(i + 1) + ' para integrar el Secretariado Técnico Local')}",
                     f"convocante: {scalar(r.choice(SUBJECTS))}",
                     f"fecha_apertura: {opens.isoformat()}",
                     f"fecha_cierre: {(opens + timedelta(days=r.randint(15, 60))).isoformat()}",
                     "requisitos:", *[f"  - {folded(self.paragraph(1), '    ')}" for _ in range(2)],
                     f'correo: "convocatorias{i + 1}@example.org"']
            if i < len(plans):
                front.insert(2, f"plan: {plans[i].slug}")
            self.record("convocatorias", slug, front, wrap(self.paragraph(r.randint(4, 8))) + "\n")

    def write_letters(self, count: int, munis: list[Municipality]) -> None:
        r = self.rng
        for i in range(count):
            mu = r.choice(munis)
            front = [f"titulo: {scalar('Manifestación de intención de ' + mu.name + ' ' + str(i + 1))}",
                     f"municipio: {mu.slug}", f"fecha: {date(r.randint(2021, 2025), r.randint(1, 12), 10).isoformat()}",
                     "firmantes:", f"  - nombre: {scalar(self.person())}", "    cargo: Presidencia municipal",
                     "considerandos:", *[f"  - {folded(self.paragraph(1), '    ')}" for _ in range(r.randint(3, 6))]]
            self.record("manifestaciones", f"manifestacion-{i + 1:04d}", front, wrap(self.paragraph(3)) + "\n")

    def write_activities(self, count: int, munis: list[Municipality]) -> None:
        r = self.rng
        for i in range(count):
            mu = r.choice(munis)
            front = [f"titulo: {scalar('Taller ' + str(i + 1) + ' sobre ' + r.choice(OBJECTS))}",
                     f"municipio: {mu.slug}", f"tipo: {r.choice(('taller', 'jornada', 'capacitacion', 'foro'))}",
                     f"fecha: {date(r.randint(2021, 2025), r.randint(1, 12), 20).isoformat()}",
                     f"lugar: {scalar('Casa de Cultura de ' + mu.name)}"]
            self.record("actividades", f"actividad-{i + 1:04d}", front, wrap(self.paragraph(r.randint(3, 6))) + "\n")

    def write_pages(self, pages: list[str]) -> None:
        for i, slug in enumerate(pages):
            front = [f"titulo: {scalar('Página informativa ' + str(i + 1))}", f"orden: {i + 1}"]
            body = f"## ¿Qué es Gobierno Abierto?\n\n{wrap(self.paragraph(5))}\n\n## Cómo participar\n\n{wrap(self.paragraph(4))}\n"
            self.record("paginas", slug, front, body)

    # -- datasets -----------------------------------------------------------------------
    def write_datasets(self, slugs: list[str], munis: list[Municipality], commitments: list[str]) -> None:
        r = self.rng
        for i, slug in enumerate(slugs):
            big = i == 0 and self.size.big_rows > 0
            rows = self.size.big_rows if big else r.randint(*self.size.rows)
            mu = r.choice(munis)
            if big:
                self.summary.big_dataset, self.summary.big_rows = slug, rows
            elif not self.summary.small_dataset:
                self.summary.small_dataset = slug
            self.summary.rows += rows
            self.descriptor(slug, mu, commitments, rows, views=big)
            self.csv(slug, mu, rows)

    def descriptor(self, slug: str, mu: Municipality, commitments: list[str], rows: int, views: bool = False) -> None:
        r = self.rng
        theme = r.choice(THEMES)
        lines = [
            f"name: {slug}",
            f"title: {scalar(f'{theme}: registro {slug[-4:]} de {mu.name}')}",
            f"description: {folded(self.paragraph(2) + f' El archivo tiene {rows} filas.', '  ')}",
            "keywords:", f"  - {scalar(theme.lower())}", f"  - {scalar(mu.name)}",
            "licenses:", "  - name: CC-BY-4.0", '    path: "https://creativecommons.org/licenses/by/4.0/"',
            "    title: Creative Commons Atribución 4.0 Internacional",
            f"municipio: {mu.slug}",
            f"dependencia: {scalar(r.choice(SUBJECTS))}",
            "contacto:", "  nombre: Unidad de transparencia", f'  correo: "datos@{mu.slug}.example.org"',
            f"tema: {scalar(theme)}",
            f"periodicidad: {r.choice(PERIODICITIES)}",
            'cobertura_temporal: "2021-01/2025-12"',
            f"cobertura_geografica: {scalar(mu.name + ', ' + mu.state)}",
        ]
        if commitments and r.random() < 0.5:
            lines += ["compromisos:", f"  - {r.choice(commitments)}"]
        lines += [
            "resources:",
            "  - name: registro",
            "    title: Registro de obras y acciones",
            "    path: registro.csv",
            "    format: csv",
            "    mediatype: text/csv",
            "    encoding: utf-8",
            "    schema:",
            "      primaryKey:",
            "        - id",
            "      fields:",
            "        - name: id", "          type: integer", "          title: Identificador",
            "          constraints:", "            required: true", "            unique: true", "            minimum: 1",
            "        - name: localidad", "          type: string", "          title: Localidad",
            "          constraints:", "            required: true",
            "        - name: concepto", "          type: string", "          title: Concepto",
            "          constraints:", "            required: true", "            enum:",
            *[f"              - {scalar(c)}" for c in CONCEPTS],
            "        - name: monto_mxn", "          type: number", "          title: Monto (pesos)",
            "          constraints:", "            required: true", "            minimum: 0",
            "        - name: fecha", "          type: date", "          title: Fecha",
            "          constraints:", "            required: true",
            "        - name: estatus", "          type: string", "          title: Estatus",
            "          constraints:", "            required: true", "            enum:",
            *[f"              - {scalar(s)}" for s in ROW_STATUSES],
            "        - name: avance", "          type: integer", "          title: Avance (%)",
            "          constraints:", "            minimum: 0", "            maximum: 100",
            "        - name: observaciones", "          type: string", "          title: Observaciones",
        ]
        if views:  # the big dataset's two views, summed over its every row in the validation pass (last: run.py strips them)
            lines += [
                "views:",
                "  - name: monto-por-concepto", "    title: Monto por concepto", "    specType: simple",
                "    spec: {type: bar, group: concepto, series: [monto_mxn]}",
                "  - name: registros-por-mes", "    title: Registros por mes", "    specType: simple",
                "    spec: {type: line, group: fecha, timeUnit: yearmonth, aggregate: count}",
            ]
        self.write(f"datasets/{slug}/datapackage.yaml", "\n".join(lines + [""]))

    def csv(self, slug: str, mu: Municipality, rows: int) -> None:
        r = self.rng
        localities = [f"{r.choice(SAINTS)} {r.choice(PLACES)}" for _ in range(40)]
        notes = ("", "", "", "Sin observaciones", "Obra con reprogramación", "Pendiente de acta de entrega",
                 '"Incluye mantenimiento, señalización y limpieza"')
        start = date(2021, 1, 1).toordinal()
        path = self.dest / "datasets" / slug / "registro.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        randint, choice, random_ = r.randint, r.choice, r.random
        with path.open("w", encoding="utf-8", newline="\n") as out:
            out.write("id,localidad,concepto,monto_mxn,fecha,estatus,avance,observaciones\n")
            chunk = []
            for n in range(1, rows + 1):
                state = choice(ROW_STATUSES)
                progress = 100 if state == "concluida" else (0 if state == "programada" else randint(1, 99))
                chunk.append(f"{n},{choice(localities)},{choice(CONCEPTS)},{randint(1_000, 9_000_000)}.{randint(0, 99):02d},"
                             f"{date.fromordinal(start + randint(0, 1825)).isoformat()},{state},{progress},{choice(notes)}\n")
                if len(chunk) >= 10_000:
                    out.write("".join(chunk))
                    chunk.clear()
            out.write("".join(chunk))


def generate(size: str, dest: Path, seed: int = DEFAULT_SEED) -> Summary:
    """Write the synthetic site of `size` into `dest` (replacing it) and say what is in it."""
    if size not in SIZES:
        raise ValueError(f"unknown size {size!r}; choose one of {', '.join(SIZES)}")
    return Generator(size, Path(dest), seed).run()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("size", choices=list(SIZES))
    parser.add_argument("dest", type=Path)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    summary = generate(args.size, args.dest, args.seed)
    print(f"{args.dest}: {summary.records:,} records, {summary.datasets:,} datasets, {summary.rows:,} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
