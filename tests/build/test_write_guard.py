"""The writer's guard: nothing outside the staging folder, no path written twice."""

from __future__ import annotations

import pytest

from gobabierto.build.write import Writer, WriteError


def test_writes_nested_files_and_copies(tmp_path):
    staging = tmp_path / "staging"
    writer = Writer(staging)
    writer.write("/compromisos/agua/index.html", "<p>agua</p>")
    writer.write("compromisos/luz/index.html", b"<p>luz</p>")
    source = tmp_path / "datos.csv"
    source.write_text("a,b\n1,2\n", encoding="utf-8")
    writer.copy("datos/agua/datos.csv", source)
    assert (staging / "compromisos" / "agua" / "index.html").read_text(encoding="utf-8") == "<p>agua</p>"
    assert (staging / "compromisos" / "luz" / "index.html").read_bytes() == b"<p>luz</p>"
    assert (staging / "datos" / "agua" / "datos.csv").read_text(encoding="utf-8") == "a,b\n1,2\n"
    assert writer.written == {"compromisos/agua/index.html", "compromisos/luz/index.html", "datos/agua/datos.csv"}


@pytest.mark.parametrize("path", ["../fuera.html", "a/../../fuera.html", "a/b/../../../fuera.html", "..", "a/.."])
def test_refuses_paths_that_climb_out(tmp_path, path):
    writer = Writer(tmp_path / "staging")
    with pytest.raises(WriteError, match="queda fuera de la carpeta de salida"):
        writer.write(path, "x")
    assert not (tmp_path / "fuera.html").exists()


def test_refuses_writing_a_path_twice(tmp_path):
    writer = Writer(tmp_path / "staging")
    writer.write("sesiones/index.html", "uno")
    with pytest.raises(WriteError, match="dos páginas quieren escribirse en «sesiones/index.html»"):
        writer.write("/sesiones/index.html", "dos")
    assert (tmp_path / "staging" / "sesiones" / "index.html").read_text(encoding="utf-8") == "uno"
