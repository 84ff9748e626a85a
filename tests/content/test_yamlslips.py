"""The usual YAML slips are each named where they are, with the line as it should be: a tab
at its line and column, an unclosed quote where it opens (not where the front matter ends),
a missing space after «:» or «-», a colon inside a text, a list written both ways, Windows
paths, Word's quotes. With the C parser and PyYAML's own, whose reports differ. The table
of the editors' guide is checked against what gobabierto really says."""

from __future__ import annotations

import re

import pytest
import yaml

from gobabierto.build.stages import load_site
from gobabierto.content import readers
from gobabierto.content.readers import parse_document
from gobabierto.core.problems import Problems, format_text
from helpers import ROOT, make_site

SLIPS = [
    ("---\ntitulo: Agua\npilares:\n\t- transparencia\n---\n",
     "c.md:4: hay un tabulador en la columna 1: YAML no admite tabuladores para sangrar; usa espacios (borra el"
     " tabulador y escribe dos espacios por nivel) [yaml-tabulador]"),
    ("---\ntitulo: Agua\ncontacto:\n  \tnombre: Obras\n---\n",
     "c.md:4: hay un tabulador en la columna 3: YAML no admite tabuladores para sangrar; usa espacios (borra el"
     " tabulador y escribe dos espacios por nivel) [yaml-tabulador]"),
    # the front matter goes on for many lines: the quote is named where it opens, line 2
    ("---\ntitulo: \"Agua potable\nplan: primer-plan\nmunicipio: villa-alta\n" + "objetivo: Publicar.\n" * 60
     + "---\nTexto.\n",
     "c.md:2: las comillas («\"») que abren en la columna 9 no se cierran en esta línea; ciérralas al final del texto:"
     " titulo: \"Agua potable\" [yaml-comillas-sin-cerrar]"),
    # closed by the next line's first quote: YAML stops on the next line, the slip is on this one
    ("---\ntitulo: 'Agua potable\nplan: 'primer-plan'\n---\n",
     "c.md:2: las comillas («'») que abren en la columna 9 no se cierran en esta línea; ciérralas al final del texto:"
     " titulo: 'Agua potable' [yaml-comillas-sin-cerrar]"),
    ("---\ntitulo: Agua\nplan:primer-plan\nmunicipio: villa-alta\n---\n",
     "c.md:3: falta un espacio después de los dos puntos de «plan:»; escribe plan: primer-plan [yaml-falta-espacio]"),
    ("---\ntitulo:Agua\nplan: primer-plan\n---\n",
     "c.md:2: falta un espacio después de los dos puntos de «titulo:»; escribe titulo: Agua [yaml-falta-espacio]"),
    ("---\ntitulo: Agua potable: doce comunidades\nplan: primer-plan\n---\n",
     "c.md:2: el texto de «titulo» lleva dos puntos y un espacio («: »), que YAML lee como el comienzo de otro campo;"
     " pon todo el texto entre comillas: titulo: \"Agua potable: doce comunidades\" [yaml-dos-puntos]"),
    ("---\nhitos:\n  - descripcion: Padrón \"oficial\": comunidades\n    fecha: 2025-03-31\n---\n",
     "c.md:3: el texto de «descripcion» lleva dos puntos y un espacio («: »), que YAML lee como el comienzo de otro"
     " campo; pon todo el texto entre comillas: descripcion: \"Padrón \\\"oficial\\\": comunidades\" [yaml-dos-puntos]"),
    ("---\npilares: [transparencia]\n  - participacion\n---\n",
     "c.md:2: la lista de «pilares» mezcla las dos formas de escribir una lista: entre corchetes en una línea"
     " (pilares: [uno, dos]) o un elemento por línea que empieza con «- »; usa solo una [yaml-listas-mezcladas]"),
    ("---\ntitulo: Agua\npilares:\n  - transparencia\n  [participacion]\n---\n",
     "c.md:3: la lista de «pilares» mezcla las dos formas de escribir una lista: entre corchetes en una línea"
     " (pilares: [uno, dos]) o un elemento por línea que empieza con «- »; usa solo una [yaml-listas-mezcladas]"),
    ("---\npilares: [transparencia,\n  - participacion]\n---\n",
     "c.md:2: la lista de «pilares» mezcla las dos formas de escribir una lista: entre corchetes en una línea"
     " (pilares: [uno, dos]) o un elemento por línea que empieza con «- »; usa solo una [yaml-listas-mezcladas]"),
    ("---\nevidencias: [\"C:\\Users\\ana\\acta.pdf\"]\n---\n",
     "c.md:2: «C:\\Users\\ana\\acta.pdf» lleva barras invertidas («\\»), que entre comillas dobles YAML lee como códigos"
     " especiales; si es la ruta de un archivo de tu computadora, cópialo a static/documentos/ y escribe su ruta con"
     " «/» (documentos/acta.pdf); si es un texto, ponlo entre comillas simples [yaml-barra-invertida]"),
    ("---\nevidencia: \"D:\\Documentos\\Acta.pdf\"\n---\n",
     "c.md:2: «D:\\Documentos\\Acta.pdf» lleva barras invertidas («\\»), que entre comillas dobles YAML lee como códigos"
     " especiales; si es la ruta de un archivo de tu computadora, cópialo a static/documentos/ y escribe su ruta con"
     " «/» (documentos/Acta.pdf); si es un texto, ponlo entre comillas simples [yaml-barra-invertida]"),
    ("---\ntitulo: “Agua: potable”\n---\n",
     "c.md:2: el texto de «titulo» empieza con comillas tipográficas («“»), las que pone Word, y YAML no las toma como"
     " comillas; cámbialas por comillas rectas: titulo: \"Agua: potable\" [yaml-comillas-tipograficas]"),
    ("---\ntitulo: Agua\n  plan: primer-plan\n---\n",
     "c.md:3: «plan» tiene más sangría que «titulo», la línea de arriba, que ya tiene su valor; alinea «plan:» con"
     " «titulo:», o deja «titulo:» sin valor si «plan» va dentro de ese grupo [yaml-sangria]"),
    ("---\ntitulo: @ayuntamiento en redes\n---\n",
     "c.md:2: el texto empieza con «@», un carácter que YAML reserva y no deja empezar un texto sin comillas; pon el"
     " texto entre comillas: titulo: \"@ayuntamiento en redes\" [yaml-caracter-reservado]"),
    # none of the usual slips: the parser's own report, in Spanish, where it stopped
    ("---\ntitulo: Agua\nplan: ]\n---\n",
     "c.md:3: YAML no válido en esta línea: revisa la sangría, los dos puntos y las comillas [yaml-invalido]"),
]


@pytest.mark.parametrize("loader", ["CSafeLoader", "SafeLoader"])
@pytest.mark.parametrize("text, expected", SLIPS)
def test_each_slip_is_named_where_it_is_with_its_fix(monkeypatch, loader, text, expected):
    if not hasattr(yaml, loader):
        pytest.fail(f"PyYAML was installed without {loader}: the locked wheels carry libyaml")
    monkeypatch.setattr(readers, "_Parser", getattr(yaml, loader))
    problems = Problems()
    assert parse_document(text, "c.md", problems, front_matter=True) is None
    assert [format_text(p) for p in problems.sorted()] == [expected]


def test_a_text_that_goes_on_over_several_lines_in_quotes_is_still_read():
    problems = Problems()
    document = parse_document('---\ntitulo: "Agua\n  potable"\nplan: primer-plan\n---\n', "c.md", problems, True)
    assert problems.items == [] and document.data == {"titulo": "Agua potable", "plan": "primer-plan"}


@pytest.mark.parametrize("line, expected", [
    ("plan: “primer-plan”",
     "content/compromisos/talleres.md:3: plan: «“primer-plan”» está entre comillas tipográficas («“»), las que pone"
     " Word, y YAML no las toma como comillas: quítalas, o usa comillas rectas: \"primer-plan\""
     " [yaml-comillas-tipograficas]"),
    ("fecha_inicio: ‘2024-03-01’",
     "content/compromisos/talleres.md:9: fecha_inicio: «‘2024-03-01’» está entre comillas tipográficas («‘»), las que"
     " pone Word, y YAML no las toma como comillas: quítalas, o usa comillas rectas: \"2024-03-01\""
     " [yaml-comillas-tipograficas]"),
    ("pilares:\n  -participacion\n  -transparencia",
     "content/compromisos/talleres.md:7: pilares: falta un espacio después del guion de cada elemento de la lista:"
     " escribe «- participacion» (guion, espacio y el valor), un elemento por línea [yaml-falta-espacio]"),
])
def test_slips_that_yaml_reads_without_complaint_are_named_by_the_field(tmp_path, line, expected):
    site = make_site(tmp_path / "sitio", {})
    record = site / "content" / "compromisos" / "talleres.md"
    key = line.split(":")[0]
    text = re.sub(rf"^{key}:.*$", lambda _: line, record.read_text(encoding="utf-8"), count=1, flags=re.M)
    record.write_text(text, encoding="utf-8")
    problems = Problems()
    load_site(site, problems)
    assert [format_text(p) for p in problems.sorted()] == [expected]


GUIDE = (ROOT / "docs" / "guia-editores.md").read_text(encoding="utf-8")


def guide_slips() -> list[tuple[str, str, str]]:
    """(written, what gobabierto says, code) of each row of the guide's table of slips."""
    section = GUIDE.split("### Descuidos frecuentes al escribir los campos", 1)[1].split("\n#", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        if len(cells) == 4 and cells[1].startswith("`"):
            said = re.findall(r"`([^`]*)`", cells[2])
            rows.append((cells[1].strip("`").replace("⏎", "\n").replace("→", "\t"), said[0], said[1].strip("[]")))
    return rows


def test_the_guide_lists_every_slip():
    codes = {code for _, _, code in guide_slips()}
    assert len(guide_slips()) >= 12
    assert codes == {"yaml-tabulador", "yaml-comillas-sin-cerrar", "yaml-falta-espacio", "yaml-dos-puntos",
                     "yaml-listas-mezcladas", "yaml-barra-invertida", "ruta-de-windows",
                     "yaml-comillas-tipograficas", "yaml-sangria", "yaml-caracter-reservado"}


@pytest.mark.parametrize("written, said, code", guide_slips())
def test_each_slip_of_the_guide_says_what_the_guide_says(tmp_path, written, said, code):
    """Each example of the table, written into a commitment in place of its field, gives
    the problem the table names, with the words it quotes («…» standing for the rest)."""
    site = make_site(tmp_path / "sitio", {})
    record = site / "content" / "compromisos" / "talleres.md"
    key = written.split(":")[0]
    text = record.read_text(encoding="utf-8")
    old = re.search(rf"^( *){key}:.*$(\n\1 +-.*$)*", text, flags=re.M)
    assert old, key
    indent = old.group(1)
    text = text[:old.start()] + "\n".join(indent + line for line in written.split("\n")) + text[old.end():]
    record.write_text(text, encoding="utf-8")
    problems = Problems()
    load_site(site, problems)
    found = [p for p in problems.sorted() if p.location.path == "content/compromisos/talleres.md"]
    assert [p.code for p in found] == [code], [format_text(p) for p in found]
    pattern = ".*".join(re.escape(part.strip()) for part in said.split("…"))
    assert re.search(pattern, found[0].message), (said, found[0].message)
