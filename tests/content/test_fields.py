from datetime import date
from pathlib import Path

import pytest

from gobabierto.content.fields import MISSING, Context, Field

from gobabierto.content.convert import Converter

from gobabierto.core.slugs import suggest
from gobabierto.core.problems import Problems
from gobabierto.content.readers import parse_yaml


def convert(text, table, static_dir=None):
    problems = Problems()
    data, sm = parse_yaml(text, "r.yml", problems)
    assert sm is not None
    values = Converter(Context("r.yml", sm, problems, static_dir)).convert_mapping(data, table, ())
    return values, [(p.location.line, p.location.field, p.code, p.message) for p in problems.sorted()]


def codes(problems):
    return [(line, field, code) for line, field, code, _ in problems]


TEXT = (Field("titulo", "text", True),)


def test_boolean_trap_explains_quotes():
    _, problems = convert("titulo: no\n", TEXT)
    assert codes(problems) == [(1, "titulo", "yaml-booleano")]
    assert '"no"' in problems[0][3]


def test_leading_zero_trap():
    _, problems = convert("clave: 05037\n", (Field("clave", "text"),))
    assert codes(problems) == [(1, "clave", "yaml-cero-inicial")]
    assert "2591" in problems[0][3] and '"05037"' in problems[0][3]


def test_number_where_text_expected_suggests_quotes():
    _, problems = convert("titulo: 2024\n", TEXT)
    assert codes(problems) == [(1, "titulo", "tipo-invalido")]
    assert '"2024"' in problems[0][3]


@pytest.mark.parametrize("raw, expected_code, hint", [
    ("2024-02-30", "fecha-invalida", "no existe"),
    ("08/07/2022", "fecha-invalida", "2022-07-08"),
    ("mañana", "fecha-invalida", "AAAA-MM-DD"),
])
def test_bad_dates(raw, expected_code, hint):
    _, problems = convert(f"fecha: {raw}\n", (Field("fecha", "date"),))
    assert codes(problems) == [(1, "fecha", expected_code)] and hint in problems[0][3]


def test_good_dates_quoted_or_not():
    values, problems = convert('a: 2022-07-08\nb: "2022-07-09"\n', (Field("a", "date"), Field("b", "date")))
    assert problems == [] and values == {"a": date(2022, 7, 8), "b": date(2022, 7, 9)}


def test_enum_suggests_without_accents_and_spaces():
    table = (Field("s", "enum", choices=("sociedad_civil", "autoridad")),)
    _, problems = convert("s: Sociedad Civil\n", table)
    assert codes(problems) == [(1, "s", "valor-no-permitido")] and "«sociedad_civil»" in problems[0][3]


def test_unknown_key_suggests_nearest_and_does_not_double_report_required():
    table = (Field("fecha_inicio", "date", True), Field("titulo", "text", True))
    _, problems = convert("titulo: x\nfecha_incio: 2024-01-01\n", table)
    assert codes(problems) == [(2, "fecha_incio", "campo-desconocido")]
    assert "¿Quisiste decir «fecha_inicio»?" in problems[0][3]


def test_missing_and_empty_required_fields():
    table = (Field("titulo", "text", True), Field("objetivo", "text", True))
    _, problems = convert("titulo:\n", table)
    assert codes(problems) == [(1, "objetivo", "campo-requerido"), (1, "titulo", "campo-vacio")]


@pytest.mark.parametrize("link, code", [
    ("javascript:alert(1)", "enlace-invalido"),
    ("JaVaScRiPt:alert(1)", "enlace-invalido"),
    ("data:text/html,hola", "enlace-invalido"),
    ("//evil.example/x", "enlace-invalido"),
    ("../../etc/passwd", "ruta-invalida"),
    ("docs/no-existe.pdf", "archivo-no-encontrado"),
])
def test_links_allow_only_web_mail_and_static_files(tmp_path, link, code):
    (tmp_path / "docs").mkdir()
    _, problems = convert(f"e: {link!r}\n".replace("'", '"'), (Field("e", "link"),), static_dir=tmp_path)
    assert codes(problems) == [(1, "e", code)]


def test_link_to_existing_static_file_and_web(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "acta.pdf").write_bytes(b"%PDF")
    values, problems = convert("a: /docs/acta.pdf\nb: https://x.gob.mx/a\n", (Field("a", "link"), Field("b", "link")),
                               static_dir=tmp_path)
    assert problems == [] and values == {"a": "docs/acta.pdf", "b": "https://x.gob.mx/a"}


def test_symlink_out_of_static_is_refused(tmp_path):
    static = tmp_path / "static"
    static.mkdir()
    (tmp_path / "secreto.txt").write_text("x")
    (static / "enlace.txt").symlink_to(tmp_path / "secreto.txt")
    _, problems = convert("a: enlace.txt\n", (Field("a", "link"),), static_dir=static)
    assert codes(problems) == [(1, "a", "enlace-simbolico")]


def test_ranges_and_list_items():
    table = (Field("ods", "list", item=Field("ods", "int", minimum=1, maximum=17)),)
    values, problems = convert("ods: [1, 17, 0, true]\n", table)
    assert codes(problems) == [(1, "ods.3", "fuera-de-rango"), (1, "ods.4", "tipo-invalido")]
    assert values == {}  # a list with a bad item is dropped whole


def test_email_and_color():
    table = (Field("c", "email"), Field("k", "color"))
    values, problems = convert('c: "mailto:a@b.gob.mx"\nk: "#1F5F5B"\n', table)
    assert problems == [] and values == {"c": "a@b.gob.mx", "k": "#1f5f5b"}


def test_suggest_returns_nothing_for_far_values():
    assert suggest("zzzz", ["transparencia"]) == ""
