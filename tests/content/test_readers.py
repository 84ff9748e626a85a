from datetime import date

import pytest

from gobabierto.content import readers
from gobabierto.core.problems import Problems
from gobabierto.content.readers import parse_yaml, read_document
from gobabierto.core.sourcemap import dotted


def parse(text):
    problems = Problems()
    data, source_map = parse_yaml(text, "x.yml", problems)
    return data, source_map, [p.as_tuple() for p in problems.sorted()]


def test_lines_of_keys_and_list_items_are_recorded():
    data, sm, problems = parse("titulo: A\nhitos:\n  - descripcion: uno\n    fecha: 2024-01-02\n  - descripcion: dos\n")
    assert problems == []
    assert data["hitos"][0]["fecha"] == date(2024, 1, 2)
    assert sm.line(("titulo",)) == 1
    assert sm.line(("hitos", 0, "fecha")) == 4
    assert sm.line(("hitos", 1)) == 5
    # an unknown deeper path falls back to its nearest known parent
    assert sm.line(("hitos", 1, "nada")) == 5


def test_retyped_plain_scalars_keep_their_text_but_quoted_ones_stay_text():
    data, sm, _ = parse('a: no\nb: "no"\nc: 05\nd: 1:30\n')
    assert data == {"a": False, "b": "no", "c": 5, "d": 90}
    assert sm.plain_text == {("a",): "no", ("c",): "05", ("d",): "1:30"}


def test_impossible_date_is_kept_as_text_for_the_validator():
    data, _, problems = parse("fecha: 2023-02-30\n")
    assert data == {"fecha": "2023-02-30"} and problems == []


@pytest.mark.parametrize("text, code, line", [
    ("a: 1\na: 2\n", "clave-duplicada", 2),
    ("a: &x 1\nb: 2\n", "yaml-ancla", 1),
    ("a: 1\nb: *x\n", "yaml-alias", 2),
    ("a: !!python/object:os.system x\n", "yaml-etiqueta", 1),
    ("a: !miEtiqueta x\n", "yaml-etiqueta", 1),
    ("a: 1\n---\nb: 2\n", "yaml-varios-documentos", 2),
    ("a: [1, 2\n", "yaml-invalido", 2),
    ("a:\n\t- b\n", "yaml-tabulador", 2),
    ("a: {b: 1\n", "yaml-invalido", 2),
])
def test_refused_yaml_is_a_located_problem(text, code, line):
    data, sm, problems = parse(text)
    assert (data, sm) == (None, None)
    assert [(p[1], p[3]) for p in problems][:1] == [(line, code)]


def test_alias_is_refused_with_its_line():
    _, _, problems = parse("a: &x [1]\nb: *x\n")
    assert [(p[1], p[2], p[3]) for p in problems] == [(1, "a", "yaml-ancla"), (2, "b", "yaml-alias")]


def test_depth_and_collection_size_are_capped(monkeypatch):
    deep = "a: " + "[" * (readers.MAX_DEPTH + 5) + "]" * (readers.MAX_DEPTH + 5) + "\n"
    assert parse(deep)[2][0][3] == "yaml-demasiado-profundo"
    monkeypatch.setattr(readers, "MAX_ITEMS", 3)
    assert parse("a: [1, 2, 3, 4, 5]\n")[2] == [("x.yml", 1, "", "yaml-demasiados-elementos")]


def test_front_matter_body_and_lines(tmp_path):
    path = tmp_path / "p.md"
    path.write_bytes("\ufeff---\r\ntitulo: Hola\r\norden: 2\r\n---\r\n\r\nTexto **fuerte**.\r\n".encode())
    problems = Problems()
    doc = read_document(path, "content/paginas/p.md", problems)
    assert problems.items == []
    assert doc.data == {"titulo": "Hola", "orden": 2}
    assert doc.source_map.line(("orden",)) == 3
    assert doc.body == "Texto **fuerte**." and doc.body_line == 6 and doc.fence_line == 4  # the blank line 5 counts


def test_files_too_large_or_not_utf8_are_problems(tmp_path, monkeypatch):
    big = tmp_path / "big.yml"
    big.write_text("a: 1\n" * 10)
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 20)
    problems = Problems()
    assert read_document(big, "big.yml", problems) is None
    assert problems.items[0].code == "archivo-demasiado-grande"
    latin = tmp_path / "l.yml"
    latin.write_bytes("a: 1\nb: años\n".encode("latin-1"))
    problems = Problems()
    assert readers.read_text(latin, "l.yml", problems) is None
    assert [p.as_tuple() for p in problems.items] == [("l.yml", 2, "", "codificacion-invalida")]


def test_dotted_paths_count_list_items_from_one():
    assert dotted(("hitos", 1, "fecha")) == "hitos.2.fecha"


@pytest.mark.parametrize("loader", ["CSafeLoader", "SafeLoader"])
@pytest.mark.parametrize("text, line", [
    # flow nesting far past libyaml's own limit (1,000 levels since PyYAML 6.0.4) and ours
    ("titulo: x\nextra: " + "[" * 200_000 + "\n", 2),
    ("titulo: x\nextra: " + "{a: " * 5_000 + "\n", 2),
    # block nesting just past ours, and far past libyaml's
    ("titulo: x\nextra:\n" + "".join("  " * i + "- \n" for i in range(1, readers.MAX_DEPTH + 5)), 2 + readers.MAX_DEPTH),
    ("titulo: x\nextra:\n" + "".join(" " * i + "- \n" for i in range(1, 1_500)), 2 + readers.MAX_DEPTH),
])
def test_nesting_past_the_limit_has_its_own_message_with_either_loader(monkeypatch, loader, text, line):
    """Whichever parser stops first, the editor reads what is wrong, not a generic YAML error."""
    import yaml

    if not hasattr(yaml, loader):
        pytest.fail(f"PyYAML was installed without {loader}: the locked wheels carry libyaml")
    monkeypatch.setattr(readers, "_Parser", getattr(yaml, loader))
    problems = Problems()
    assert parse_yaml(text, "x.yml", problems) == (None, None)
    assert [(*p.as_tuple(), p.message) for p in problems.sorted()] == [
        ("x.yml", line, "", "yaml-demasiado-profundo",
         f"el contenido está anidado a más de {readers.MAX_DEPTH} niveles; simplifica la estructura")]
