"""Error messages as an editor reads them: what was expected, what was found, how to fix it."""

from __future__ import annotations

import pytest

from helpers import make_site
from gobabierto.build.stages import load_site
from gobabierto.core.problems import Problems

PAGE = "content/paginas/que-es.md"
TALLERES = "content/compromisos/talleres.md"

CASES = {
    # name: (file, text, field, code, phrases the message must contain)
    "febrero 30": (
        "content/actividades/jornada-cultural.md", "---\ntitulo: J\nfecha: 2024-02-30\n---\n", "fecha", "fecha-invalida",
        ("«2024-02-30»", "febrero de 2024 tiene 29 días", "AAAA-MM-DD")),
    "mes y día al revés": (
        "content/actividades/jornada-cultural.md", "---\ntitulo: J\nfecha: 2024-31-12\n---\n", "fecha", "fecha-invalida",
        ("«2024-31-12»", "¿Quisiste decir 2024-12-31?")),
    "clave en base 8": (
        "content/municipios/villa-alta.yml", "nombre: Villa Alta\nestado: Puebla\nclave_inegi: 05037\n", "clave_inegi",
        "yaml-cero-inicial", ("«05037»", "2591", "base 8", "«\"05037\"»")),
    "lista escrita como texto": (
        PAGE.replace("paginas/que-es", "practicas/registro-de-obras"),
        "---\ntitulo: P\nmunicipio: villa-alta\npilares: transparencia\n---\n", "pilares", "tipo-invalido",
        ("una lista", "«transparencia»", "«[transparencia]»")),
    "número con letra": (
        PAGE, "---\ntitulo: T\norden: primero\n---\n", "orden", "tipo-invalido",
        ("un número entero", "«primero»", "con cifras")),
    "fuera de rango": (
        TALLERES, None, "ods.1", "fuera-de-rango", ("entre 1 y 17", "se encontró 18")),
    "enlace sin https": (
        "content/actividades/jornada-cultural.md",
        "---\ntitulo: J\nfecha: 2024-01-01\nevidencias: [www.ejemplo.org/fotos]\n---\n", "evidencias.1",
        "archivo-no-encontrado", ("«https://www.ejemplo.org/fotos»",)),
    "archivo con error de dedo": (
        "content/actividades/jornada-cultural.md",
        "---\ntitulo: J\nfecha: 2024-01-01\nevidencias: [docs/acto.pdf]\n---\n", "evidencias.1",
        "archivo-no-encontrado", ("«static/docs/acto.pdf»", "¿Quisiste decir «docs/acta.pdf»?")),
    "campo con error de dedo": (
        PAGE, "---\ntitulo: T\nordn: 2\n---\n", "ordn", "campo-desconocido",
        ("«ordn»", "¿Quisiste decir «orden»?", "Corrige el nombre")),
    "referencia vacía": (
        TALLERES, None, "plan", "campo-vacio", ("«plan»", "content/planes/", "sin extensión")),
    "elemento vacío": (
        TALLERES, None, "pilares.1", "elemento-vacio", ("elemento 1", "transparencia, participacion", "borra la línea")),
    "registro vacío": (
        TALLERES, "---\n---\n", "", "registro-vacio",
        ("titulo, plan, problematica, objetivo, pilares, responsable, fecha_inicio, fecha_fin",
         "gobabierto new compromiso")),
}

TALLERES_BROKEN = """---
titulo: Talleres
plan:
problematica: P
objetivo: O
pilares:
  -
ods: [18]
responsable: R
fecha_inicio: 2024-03-01
fecha_fin: 2025-12-31
---
"""


@pytest.mark.parametrize("name", sorted(CASES))
def test_message_names_expected_found_and_fix(name, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1763726400")
    path, text, field, code, phrases = CASES[name]
    site = make_site(tmp_path / "s", {path: text if text is not None else TALLERES_BROKEN})
    problems = Problems()
    load_site(site, problems)
    found = [p for p in problems.items if p.location.path == path and p.location.field == field and p.code == code]
    assert len(found) == 1, [(p.location, p.code) for p in problems.items if p.location.path == path]
    for phrase in phrases:
        assert phrase in found[0].message, (phrase, found[0].message)
