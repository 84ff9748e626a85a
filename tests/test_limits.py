"""Limits: each one a clear, located error in Spanish, reached quickly, never a hang."""

from __future__ import annotations

import json
import re
import time

import pytest

from gobabierto.datasets import limits
from gobabierto.content import readers
from gobabierto.core import problems as problems_module
from helpers import make_site, run_cli


def problem_lines(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.endswith("]")]


LINE = re.compile(r"^(?P<where>[^ ]+?):(?: (?P<field>[\w.]+):)? (?P<message>.*) \[(?P<code>[\w-]+)\]$")


def codes(stdout: str) -> list[tuple[str, str]]:
    """(path[:line][: field], code) of each problem line."""
    found = []
    for line in problem_lines(stdout):
        m = LINE.match(line)
        assert m, line
        where = m["where"] + (f": {m['field']}" if m["field"] else "")
        found.append((where, m["code"]))
    return found


def test_reader_limits_on_real_files_are_errors_in_seconds(tmp_path):
    depth = readers.MAX_DEPTH
    huge = "---\ntitulo: Enorme\n---\n" + ("Texto de relleno. " * 60 + "\n") * 1000
    size = len(huge.encode("utf-8"))
    assert size > readers.MAX_FILE_BYTES
    site = make_site(tmp_path / "s", {
        # a record over the size limit
        "content/paginas/enorme.md": huge,
        # nesting far past the limit: the YAML parser's cost grows with it
        "content/paginas/profunda.md": "---\ntitulo: x\nextra: " + "[" * 200_000 + "\n---\n",
        "content/paginas/profunda-bloques.md": "---\ntitulo: x\nextra:\n" + "".join(
            "  " * i + "- \n" for i in range(1, depth + 5)) + "---\n",
        # collections past the limit, including a flood of repeated keys
        "content/paginas/lista-enorme.md": "---\ntitulo: x\nextra:\n" + "  - 1\n" * 100_000 + "---\n",
        "content/municipios/claves.yml": "nombre: x\nestado: y\n" + "nombre: z\n" * 80_000,
    })
    started = time.monotonic()
    result = run_cli("validate", "--source", str(site), "--format", "json")
    elapsed = time.monotonic() - started
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    problems = json.loads(result.stdout)["problemas"]
    found = {(p["archivo"], p["linea"], p["codigo"]): p["mensaje"] for p in problems}
    assert found[("content/paginas/enorme.md", None, "archivo-demasiado-grande")] == (
        f"el archivo pesa {size:,} bytes y el máximo para un registro es 1,000,000; divide el contenido")
    assert ("content/paginas/profunda.md", 3, "yaml-demasiado-profundo") in found
    assert ("content/paginas/profunda-bloques.md", 3 + depth, "yaml-demasiado-profundo") in found
    assert ("content/paginas/lista-enorme.md", 4 + readers.MAX_ITEMS, "yaml-demasiados-elementos") in found
    # the repeated keys are each reported, up to the size limit, which then ends the file
    assert ("content/municipios/claves.yml", 1 + readers.MAX_ITEMS, "yaml-demasiados-elementos") in found
    assert len([k for k in found if k[0] == "content/municipios/claves.yml"]) == readers.MAX_ITEMS - 1
    assert elapsed < 60, f"the limits took {elapsed:.0f} s to trip"


def test_markdown_that_would_hang_the_converter_is_a_located_error(tmp_path):
    nested = "".join("\t" * i + "- punto\n" for i in range(400))
    site = make_site(tmp_path / "s", {
        "content/paginas/etiquetas.md": "---\ntitulo: x\n---\nIntro\n\n" + "<a " * 5000 + "\n",
        "content/paginas/cdata.md": "---\ntitulo: x\n---\n" + "<![CDATA[" * 3000 + "\n",
        "content/paginas/anidada.md": "---\ntitulo: x\n---\n" + nested,
        "content/paginas/citas.md": "---\ntitulo: x\n---\n" + ">" * 400_000 + " cita\n",
    })
    started = time.monotonic()
    result = run_cli("validate", "--source", str(site))
    elapsed = time.monotonic() - started
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    found = codes(result.stdout)
    assert ("content/paginas/etiquetas.md:6: texto", "html-sin-cerrar") in found
    assert ("content/paginas/cdata.md:4: texto", "html-sin-cerrar") in found
    assert ("content/paginas/anidada.md:4: texto", "texto-demasiado-complejo") in found
    assert ("content/paginas/citas.md:4: texto", "texto-demasiado-complejo") in found
    assert "el texto tiene 5000 signos «<» que abren una etiqueta HTML sin cerrarla" in result.stdout
    assert elapsed < 60, f"took {elapsed:.0f} s"


def test_plain_text_with_a_few_less_than_signs_is_fine(tmp_path):
    site = make_site(tmp_path / "s", {"content/paginas/comparaciones.md":
                                      "---\ntitulo: x\n---\nSi a<b y b<c entonces a<c.\n\n" + "Texto normal. " * 2000})
    result = run_cli("validate", "--source", str(site))
    assert result.returncode == 0, result.stdout


def _many_errors(count: int) -> str:
    return "---\ntitulo: Muchos errores\nplan: primer-plan\n" + "ods: [" + ", ".join(["99"] * count) + "]\n---\n"


def test_only_the_first_problems_are_printed_with_the_count_of_the_rest(tmp_path):
    site = make_site(tmp_path / "s", {"content/compromisos/muchos.md": _many_errors(300)})
    result = run_cli("validate", "--source", str(site))
    lines = result.stdout.splitlines()
    assert result.returncode == 1
    shown = problems_module.MAX_PROBLEMS_SHOWN
    assert len(problem_lines(result.stdout)) == shown
    # the other required fields are missing too: 300 out-of-range values plus those
    total = int(re.match(r"(\d+) errores\.", lines[-1]).group(1))
    assert total > 300
    assert lines[-2] == (f"… y {total - shown} problemas más que no se muestran; corrige estos y vuelve a revisar,"
                         " o usa --format json para verlos todos.")
    data = json.loads(run_cli("validate", "--source", str(site), "--format", "json").stdout)
    assert data["errores"] == total and len(data["problemas"]) == total
    github = run_cli("validate", "--source", str(site), "--format", "github").stdout.splitlines()
    assert len([g for g in github if g.startswith("::error ")]) == shown
    assert github[-1].startswith(f"::notice::… y {total - shown} problemas más")


def test_when_problems_are_cut_errors_come_before_warnings(tmp_path):
    milestones = "".join(f"  - descripcion: Hito {i}\n    fecha: 2024-01-01\n    cumplido: 2024-01-01\n"
                         for i in range(250))
    record = ("---\ntitulo: Muchos hitos\nplan: primer-plan\nproblematica: p\nobjetivo: o\npilares: [innovacion]\n"
              "responsable: r\nfecha_inicio: 2024-01-01\nfecha_fin: 2024-12-31\nhitos:\n" + milestones + "---\n")
    site = make_site(tmp_path / "s", {"content/compromisos/a-hitos.md": record,
                                      "content/paginas/zz-error.md": "---\ntitulo: x\norden: uno\n---\n"})
    result = run_cli("validate", "--source", str(site))
    shown = problem_lines(result.stdout)
    assert len(shown) == problems_module.MAX_PROBLEMS_SHOWN
    assert shown[-1].startswith("content/paginas/zz-error.md:3: orden: se esperaba un número entero")
    assert result.stdout.splitlines()[-1] == "1 error y 250 advertencias."


def test_a_build_with_many_warnings_prints_the_first_ones(tmp_path):
    milestones = "".join(f"  - descripcion: Hito {i}\n    fecha: 2024-01-01\n    cumplido: 2024-01-01\n"
                         for i in range(230))
    record = ("---\ntitulo: Muchos hitos\nplan: primer-plan\nproblematica: p\nobjetivo: o\npilares: [innovacion]\n"
              "responsable: r\nfecha_inicio: 2024-01-01\nfecha_fin: 2024-12-31\nhitos:\n" + milestones + "---\n")
    site = make_site(tmp_path / "s", {"content/compromisos/hitos.md": record})
    result = run_cli("build", "--source", str(site), "--output", str(tmp_path / "salida"))
    assert result.returncode == 0, result.stdout[-2000:]
    lines = result.stdout.splitlines()
    assert len(problem_lines(result.stdout)) == problems_module.MAX_PROBLEMS_SHOWN
    # 230 milestones without evidence, and the copy's missing Git history
    assert lines[-3] == ("… y 31 advertencias más que no se muestran; usa «gobabierto validate --format json» para"
                         " verlas todas.")
    assert lines[-2].startswith("Publicado: ")  # the size report, then the verdict
    assert lines[-1].endswith("231 advertencias.")


def _dataset_with(cells: list[str]) -> dict[str, str]:
    descriptor = ("title: Textos largos\ndescription: Un conjunto de datos con celdas de texto para probar los"
                  " límites de longitud.\nresources:\n  - name: textos\n    path: textos.csv\n    schema:\n"
                  "      fields:\n        - {name: id, type: integer}\n        - {name: texto, type: string}\n")
    rows = "".join(f'{i},"{cell}"\n' for i, cell in enumerate(cells, 1))
    return {"datasets/textos/datapackage.yaml": descriptor, "datasets/textos/textos.csv": "id,texto\n" + rows}


def test_a_csv_cell_too_long_is_a_located_error(tmp_path):
    long = "x" * (limits.MAX_CELL_CHARS + 1)
    multiline = ("línea\n" * 10) + "y" * limits.MAX_CELL_CHARS
    site = make_site(tmp_path / "s", _dataset_with(["corto", long, "corto", multiline]))
    started = time.monotonic()
    result = run_cli("validate", "--source", str(site))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert problem_lines(result.stdout) == [
        "datasets/textos/textos.csv:3: texto: la celda tiene 100,001 caracteres y el máximo es 100,000; un texto tan"
        " largo no cabe en una tabla: publícalo como documento y enlázalo, o revisa si faltan unas comillas de cierre"
        " en una fila anterior [csv-celda-demasiado-larga]",
        "datasets/textos/textos.csv:5: texto: la celda tiene 100,060 caracteres y el máximo es 100,000; un texto tan"
        " largo no cabe en una tabla: publícalo como documento y enlázalo, o revisa si faltan unas comillas de cierre"
        " en una fila anterior [csv-celda-demasiado-larga]",
    ]
    assert time.monotonic() - started < 60


def test_an_unclosed_quote_swallowing_the_file_is_reported_once_per_file(tmp_path):
    cells = ["y" * (limits.MAX_CELL_CHARS + 5)] * (limits.MAX_CELL_PROBLEMS + 7)
    site = make_site(tmp_path / "s", _dataset_with(cells))
    result = run_cli("validate", "--source", str(site))
    lines = problem_lines(result.stdout)
    assert len(lines) == limits.MAX_CELL_PROBLEMS + 1
    assert lines[-1] == (f"datasets/textos/textos.csv:{limits.MAX_CELL_PROBLEMS + 2}: y 7 celdas más pasan de 100,000"
                         " caracteres (la primera, en esta línea) [csv-celda-demasiado-larga]")


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_cell_length_follows_the_declared_dialect(tmp_path, delimiter):
    from gobabierto.core.problems import Problems

    path = tmp_path / "datos.csv"
    path.write_text(f"a{delimiter}b\n1{delimiter}{'z' * 50}\n", encoding="utf-8")
    problems = Problems()
    assert limits.check_csv_cells(path, "datos.csv", problems, delimiter=delimiter, max_chars=40) is False
    assert [p.as_tuple() for p in problems.items] == [("datos.csv", 2, "b", "csv-celda-demasiado-larga")]
    assert limits.csv_dialect({"dialect": {"delimiter": delimiter}}) == (delimiter, '"')
    assert limits.csv_dialect({"dialect": {"csv": {"delimiter": delimiter}}}) == (delimiter, '"')
