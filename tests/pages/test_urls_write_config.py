from pathlib import Path

import pytest

from gobabierto.content.config import contrast_ratio
from gobabierto.core.problems import Location, Problem, Problems, as_json, format_github, format_text
from gobabierto.pages.urls import Urls
from gobabierto.build.write import WriteError, Writer, check_output_location, swap_in


def test_urls_under_a_path_prefix_and_at_the_root():
    project = Urls("https://usuario.github.io/repositorio/")
    assert project.href("/compromisos/") == "/repositorio/compromisos/"
    assert project.absolute("/") == "https://usuario.github.io/repositorio/"
    root = Urls("https://municipio.gob.mx")
    assert root.href("/datos/") == "/datos/" and root.absolute("/datos/") == "https://municipio.gob.mx/datos/"
    assert Urls(None).href("/a/") == "/a/"
    assert Urls.output_file("/compromisos/agua/") == "compromisos/agua/index.html"
    assert Urls.output_file("/sitemap.xml") == "sitemap.xml"


def test_writer_refuses_twice_and_outside(tmp_path):
    writer = Writer(tmp_path)
    writer.write("a/index.html", "x")
    with pytest.raises(WriteError):
        writer.write("a/index.html", "y")
    with pytest.raises(WriteError):
        writer.write("../fuera.html", "y")


def test_streamed_writes_keep_the_guard_and_write_the_bytes_as_given(tmp_path):
    import json

    writer = Writer(tmp_path / "out")
    document = {"título": "Año", "líneas": ["a\r\nb", "c\nd"], "n": [1, 2.5, None, True]}
    with writer.open_text("api/x.json") as out:
        json.dump(document, out, ensure_ascii=False, indent=2)
        out.write("\n")
    expected = (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    assert (tmp_path / "out" / "api" / "x.json").read_bytes() == expected
    for bad in ("api/x.json", "../fuera.json", "/../fuera.json"):
        with pytest.raises(WriteError):
            with writer.open_text(bad) as out:
                out.write("{}")
    assert not (tmp_path / "fuera.json").exists()
    with pytest.raises(WriteError):
        writer.write("api/x.json", "{}")  # one written file, whichever way it was written


def test_output_location_never_swallows_the_sources(tmp_path):
    (tmp_path / "content").mkdir()
    assert check_output_location(tmp_path, tmp_path) is not None
    assert check_output_location(tmp_path / "content" / "x", tmp_path) is not None
    assert check_output_location(tmp_path, tmp_path / "content" / "salida") is not None
    foreign = tmp_path / "mis-documentos"
    foreign.mkdir()
    (foreign / "tesis.docx").write_text("x")
    assert "no generó gobabierto" in check_output_location(tmp_path, foreign)
    assert check_output_location(tmp_path, tmp_path / "_site") is None


def test_swap_replaces_the_whole_tree(tmp_path):
    output = tmp_path / "_site"
    output.mkdir()
    (output / "viejo.html").write_text("viejo")
    staging = tmp_path / "nuevo"
    staging.mkdir()
    (staging / "index.html").write_text("nuevo")
    swap_in(staging, output)
    assert sorted(p.name for p in output.iterdir()) == [".gobabierto", "index.html"]
    # the replaced tree is kept as the spare the next build updates (write.spare_dir)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["._site.reserva", "_site"]
    assert [p.name for p in (tmp_path / "._site.reserva").iterdir()] == ["viejo.html"]


def test_contrast_ratio_matches_wcag_reference_values():
    assert round(contrast_ratio("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast_ratio("#767676", "#ffffff"), 2) == 4.54
    assert contrast_ratio("#ffffff", "#ffffff") == 1.0


def test_problem_formats():
    problems = Problems()
    problems.add("fecha-invalida", "la fecha «2024-02-30» no existe", "content/a.md", 7, "hitos.2.fecha")
    problems.warn("hito-sin-evidencia", "sin evidencias", "content/a.md", 3, "hitos.1")
    lines = [format_text(p) for p in problems.sorted()]
    assert lines == ["content/a.md:3: hitos.1: advertencia: sin evidencias [hito-sin-evidencia]",
                     "content/a.md:7: hitos.2.fecha: la fecha «2024-02-30» no existe [fecha-invalida]"]
    github = format_github(problems.errors[0])
    assert github.startswith("::error file=content/a.md,line=7,title=hitos.2.fecha [fecha-invalida]::")
    assert '"errores": 1' in as_json(problems)
    odd = Problem("x", "a\nb 100%", Location("dir,a:b.md", 1, ""))
    assert format_github(odd) == "::error file=dir%2Ca%3Ab.md,line=1,title=[x]::a%0Ab 100%25"
