"""A call leads with its deadline («cierra en N días», computed on the build's day like every
status) and how to take part; the listings say it too. The open-data catalogue says each
dataset's licence and last change."""

from __future__ import annotations

import re

import pytest

from helpers import make_site, run_cli

CALL = "content/convocatorias/convocatoria-plan.md"


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def build_with_dates(tmp_path, opening: str, closing: str):
    site = make_site(tmp_path / "sitio", {})
    path = site / CALL
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("fecha_apertura: 2023-09-29", f"fecha_apertura: {opening}")
                    .replace("fecha_cierre: 2023-11-15", f"fecha_cierre: {closing}"), encoding="utf-8")
    output = tmp_path / "_site"
    result = run_cli("build", "--source", str(site), "--output", str(output))  # built on 2025-11-21
    assert result.returncode == 0, result.stdout + result.stderr
    return output


def lead(output) -> str:
    page = (output / "convocatorias" / "convocatoria-plan" / "index.html").read_text(encoding="utf-8")
    return text_of(page.split('<section class="plazo')[1].split("</section>")[0].split(">", 1)[1])


@pytest.mark.parametrize("opening, closing, expected", [
    ("2025-11-01", "2025-11-26", "▶ Abierta cierra en 5 días Recibe registros del 1 de noviembre de 2025 al 26 de"
                                 " noviembre de 2025. Cómo participar Revisa los 2 requisitos. Registrarme en la"
                                 " convocatoria Dudas: gobiernoabierto@prueba.gob.mx"),
    ("2025-11-01", "2025-11-22", "▶ Abierta cierra mañana Recibe registros del 1 de noviembre de 2025 al 22 de"
                                 " noviembre de 2025. Cómo participar Revisa los 2 requisitos. Registrarme en la"
                                 " convocatoria Dudas: gobiernoabierto@prueba.gob.mx"),
    ("2025-11-01", "2025-11-21", "▶ Abierta cierra hoy Recibe registros del 1 de noviembre de 2025 al 21 de"
                                 " noviembre de 2025. Cómo participar Revisa los 2 requisitos. Registrarme en la"
                                 " convocatoria Dudas: gobiernoabierto@prueba.gob.mx"),
    ("2025-12-01", "2025-12-31", "○ Próxima abre en 10 días Recibe registros del 1 de diciembre de 2025 al 31 de"
                                 " diciembre de 2025. Cómo participar Revisa los 2 requisitos. El 1 de diciembre de"
                                 " 2025 se abre el registro en: https://prueba.gob.mx/registro Dudas:"
                                 " gobiernoabierto@prueba.gob.mx"),
    ("2023-09-29", "2023-11-15", "■ Cerrada cerró el 15 de noviembre de 2023 Ya no recibe registros."),
])
def test_a_call_leads_with_its_deadline_and_how_to_take_part(tmp_path, opening, closing, expected):
    output = build_with_dates(tmp_path, opening, closing)
    assert lead(output) == expected
    page = (output / "convocatorias" / "convocatoria-plan" / "index.html").read_text(encoding="utf-8")
    assert page.index('class="plazo') < page.index('<dl class="datos">')  # before the details
    assert 'href="#requisitos"' not in page or '<h2 id="requisitos">' in page


def test_the_listing_and_the_home_page_say_how_long_is_left(tmp_path):
    output = build_with_dates(tmp_path, "2025-11-01", "2025-11-26")
    for page in ("convocatorias/index.html", "index.html"):
        listing = text_of((output / page).read_text(encoding="utf-8"))
        assert "▶ Abierta cierra en 5 días · del 1 de noviembre de 2025 al 26 de noviembre de 2025" in listing, page


def test_the_catalogue_lists_each_dataset_with_its_licence_and_last_change(tmp_path):
    output = build_with_dates(tmp_path, "2023-09-29", "2023-11-15")
    catalogue = text_of((output / "datos" / "index.html").read_text(encoding="utf-8"))
    assert ("Dirección de Obras Públicas · Obra pública · 3 filas · CSV, JSON · licencia: Creative Commons"
            " Atribución 4.0 Internacional · actualizado el 21 de noviembre de 2025") in catalogue
