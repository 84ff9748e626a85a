"""Group fields take the shorthand an editor writes first: `organo_garante: IDAIP` is
`{nombre: IDAIP}`, `contacto: correo@…` is `{correo: …}`, a dataset's `licenses: [CC-BY-4.0]`
is `[{name: CC-BY-4.0}]`. Both forms build the same site; a text that stands for nothing is
refused with the long form to copy."""

from __future__ import annotations

import json

import jsonschema
import pytest

from helpers import make_site, run_cli, tree_digest

LONG = {
    "gobabierto.yml": ("organo_garante:\n  nombre: Instituto de Transparencia de Prueba\n  siglas: ITP\n"
                       "  url: https://itp.example.org/\n", "organo_garante:\n  nombre: ITP\n"),
    "content/municipios/villa-alta.yml": ("organo_garante:\n  nombre: Instituto de Transparencia de Prueba\n"
                                          "  siglas: ITP\ncontacto:\n  correo: contacto@villa-alta.gob.mx\n",
                                          "organo_garante:\n  nombre: ITP\ncontacto:\n  correo: contacto@villa-alta.gob.mx\n"),
    "datasets/obras/datapackage.yaml": ("contacto:\n  nombre: Dirección de Obras Públicas\n  correo: obras@prueba.gob.mx\n",
                                        "contacto:\n  nombre: Dirección de Obras Públicas\nlicenses:\n  - name: CC-BY-4.0\n"),
}
SHORT = {
    "gobabierto.yml": "organo_garante: ITP\n",
    "content/municipios/villa-alta.yml": "organo_garante: ITP\ncontacto: contacto@villa-alta.gob.mx\n",
    "datasets/obras/datapackage.yaml": "contacto: Dirección de Obras Públicas\nlicenses: [CC-BY-4.0]\n",
}


def _rewrite(site, forms: dict[str, str]) -> None:
    for rel, (original, _) in LONG.items():
        path = site / rel
        text = path.read_text(encoding="utf-8")
        assert original in text, f"the base fixture's {rel} changed: update this test"
        path.write_text(text.replace(original, forms[rel]), encoding="utf-8")


def test_the_shorthand_builds_the_same_site_as_the_long_form(tmp_path):
    long_site, short_site = make_site(tmp_path / "largo", {}), make_site(tmp_path / "corto", {})
    _rewrite(long_site, {rel: long for rel, (_, long) in LONG.items()})
    _rewrite(short_site, SHORT)
    for site in (long_site, short_site):
        done = run_cli("build", "--source", str(site), "--output", str(site / "_site"))
        assert done.returncode == 0, done.stdout + done.stderr
    long_tree, short_tree = tree_digest(long_site / "_site"), tree_digest(short_site / "_site")
    assert long_tree == short_tree
    package = json.loads((short_site / "_site" / "datos" / "obras" / "datapackage.json").read_text(encoding="utf-8"))
    assert package["contacto"] == {"nombre": "Dirección de Obras Públicas"}
    assert package["licenses"] == [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                                    "title": "Creative Commons Atribución 4.0 Internacional"}]
    home = (short_site / "_site" / "index.html").read_text(encoding="utf-8")
    assert "<li>ITP</li>" in home


@pytest.mark.parametrize("rel, replacement, expected", [
    ("content/municipios/villa-alta.yml", "contacto: Oficina de enlace\n",
     ("content/municipios/villa-alta.yml", 12, "contacto", "tipo-invalido",
      "se esperaba un grupo de campos (clave: valor) y se encontró «Oficina de enlace». Un texto solo vale aquí"
      " como «correo» (un correo electrónico). Escribe sus campos sangrados dos espacios bajo «contacto:», uno por"
      " línea (correo, telefono, direccion), o en una línea: «contacto: {correo: nombre@municipio.gob.mx,"
      " telefono: …}».")),
    ("content/planes/primer-plan.md", None,
     ("content/planes/primer-plan.md", 7, "periodo", "tipo-invalido",
      "se esperaba un grupo de campos (clave: valor) y se encontró «2024-2026». Escribe sus campos sangrados dos"
      " espacios bajo «periodo:», uno por línea (inicio, fin), o en una línea: «periodo: {inicio: AAAA-MM-DD,"
      " fin: AAAA-MM-DD}».")),
])
def test_a_text_that_stands_for_no_field_shows_the_long_form(tmp_path, rel, replacement, expected):
    site = make_site(tmp_path / "sitio", {})
    path = site / rel
    text = path.read_text(encoding="utf-8")
    if replacement is None:
        text = text.replace("periodo:\n  inicio: 2024-01-15\n  fin: 2026-12-31\n", "periodo: 2024-2026\n")
    else:
        text = text.replace("contacto:\n  correo: contacto@villa-alta.gob.mx\n", replacement)
    path.write_text(text, encoding="utf-8")
    done = run_cli("validate", "--source", str(site), "--format", "json")
    assert done.returncode == 1, done.stdout + done.stderr
    problems = [(p["archivo"], p["linea"], p["campo"], p["codigo"], p["mensaje"])
                for p in json.loads(done.stdout)["problemas"]]
    assert problems == [expected]


def test_the_json_schemas_take_the_shorthand_and_refuse_what_the_validator_refuses():
    from gobabierto.publish.schemas import all_schemas

    schemas = all_schemas()
    municipio = {"nombre": "Villa Alta", "estado": "Puebla"}
    good = [("gobabierto.schema.json", {"titulo": "x", "organo_garante": "IDAIP"}),
            ("municipio.schema.json", {**municipio, "organo_garante": "IDAIP", "contacto": "a@b.gob.mx"}),
            ("municipio.schema.json", {**municipio, "organo_garante": {"nombre": "IDAIP"}, "contacto": {"correo": "a@b.mx"}}),
            ("municipio.schema.json", {**municipio, "organo_garante": None, "contacto": ""})]
    for name, document in good:
        jsonschema.validate(document, schemas[name])
    bad = [("municipio.schema.json", {**municipio, "contacto": "Oficina de enlace"}),
           ("municipio.schema.json", {**municipio, "organo_garante": ["IDAIP"]}),
           ("plan.schema.json", {"titulo": "x", "edicion": 1, "ambito": "estatal", "estado": "Puebla",
                                 "periodo": "2024-2026", "fase": "concluido"})]
    for name, document in bad:
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(document, schemas[name])
