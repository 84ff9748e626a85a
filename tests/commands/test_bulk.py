"""`gobabierto export` / `gobabierto import`: milestones and indicator values round-trip
through a CSV, and an import changes only the lines of the values it changes."""

from __future__ import annotations

import csv
import difflib
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import BASE_EPOCH, DEMO_EPOCH, ROOT, copy_site, tool_missing, tree_digest
from gobabierto.commands import bulk
from gobabierto.commands.cli import main
from gobabierto.build.stages import load_site
from gobabierto.core.problems import Problems
from gobabierto.content.readers import parse_document
from gobabierto.commands.yamledit import EditError, YamlText


def invoke(*args: str, epoch: str = BASE_EPOCH):
    return CliRunner().invoke(main, list(args), env={"SOURCE_DATE_EPOCH": epoch})


def read_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def write_rows(path: Path, rows: list[dict], fields=None, encoding="utf-8-sig", delimiter=",") -> None:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields or list(rows[0]), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)


def row(rows, slug_start: str, kind: str, number: int) -> dict:
    return next(r for r in rows if r["compromiso"].startswith(slug_start) and r["tipo"] == kind
                and r["numero"] == str(number))


def changed_lines(before: dict[str, str], after: dict[str, str]) -> dict[str, list[str]]:
    """file → the +/- lines of a unified diff (what `git diff` would show)."""
    out = {}
    for name in sorted(set(before) | set(after)):
        diff = [line for line in difflib.unified_diff(before.get(name, "").splitlines(), after.get(name, "").splitlines(),
                                                      lineterm="", n=0)
                if line[:1] in "+-" and not line.startswith(("+++", "---"))]
        if diff:
            out[name] = diff
    return out


def texts(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted((site / "content").rglob("*")) if p.is_file()}


@pytest.fixture()
def demo(tmp_path) -> Path:
    site = tmp_path / "demo"
    for name in ("content", "datasets", "static", "templates"):
        shutil.copytree(ROOT / name, site / name)
    shutil.copy(ROOT / "gobabierto.yml", site / "gobabierto.yml")
    return site


def test_export_edit_three_milestones_import_changes_only_those_lines(demo, tmp_path, monkeypatch):
    sheet = tmp_path / "compromisos.csv"
    result = invoke("export", str(sheet), "--source", str(demo), epoch=DEMO_EPOCH)
    assert result.exit_code == 0, result.output
    assert "Se exportaron 19 hitos y 8 indicadores de 5 compromisos" in result.output
    assert sheet.read_bytes().startswith("\ufeffcompromiso,tipo,numero,descripcion".encode())
    before = texts(demo)

    rows = read_rows(sheet)
    row(rows, "jornadas", "hito", 3).update(cumplido="2026-06-25", evidencias="https://ejemplo.org/memoria-2026.pdf")
    row(rows, "secretariados", "hito", 4).update(
        cumplido="2026-11-10", evidencias="documentos/acta-instalacion-secretariado-tecnico-municipal-huixquilucan-2023.pdf")
    row(rows, "sistema-registro", "hito", 4)["cumplido"] = "2025-06-18"
    write_rows(sheet, rows)

    result = invoke("import", str(sheet), "--source", str(demo), epoch=DEMO_EPOCH)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "Se cambiaron 5 valores en 3 archivos."

    jornadas = "content/compromisos/jornadas-culturales-talleres-acceso-informacion.md"
    secretariados = "content/compromisos/secretariados-tecnicos-municipales-huixquilucan.md"
    sistema = "content/compromisos/sistema-registro-seguimiento-proyectos-obras-hueyapan.md"
    assert changed_lines(before, texts(demo)) == {
        jornadas: ["+    cumplido: 2026-06-25", "+    evidencias:", "+      - https://ejemplo.org/memoria-2026.pdf"],
        secretariados: ["+    cumplido: 2026-11-10", "+    evidencias:",
                        "+      - documentos/acta-instalacion-secretariado-tecnico-municipal-huixquilucan-2023.pdf"],
        sistema: ["-    cumplido: 2025-06-20", "+    cumplido: 2025-06-18"],
    }
    # The new lines sit inside the right milestone, after its due date.
    lines = texts(demo)[jornadas].splitlines()
    at = lines.index("    cumplido: 2026-06-25")
    assert lines[at - 1] == "    fecha: 2026-06-30"
    # The site still validates, and the values are the new ones.
    problems = Problems()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", DEMO_EPOCH)
    site = load_site(demo, problems)
    assert problems.errors == [] and site is not None
    commitment = next(c for c in site.records["compromiso"] if c.slug.startswith("jornadas"))
    assert str(commitment.hitos[2].cumplido) == "2026-06-25"
    assert commitment.hitos[2].evidencias == ("https://ejemplo.org/memoria-2026.pdf",)


def test_importing_an_untouched_export_changes_nothing(demo, tmp_path):
    sheet = tmp_path / "c.csv"
    assert invoke("export", str(sheet), "--source", str(demo), epoch=DEMO_EPOCH).exit_code == 0
    before = tree_digest(demo)
    result = invoke("import", str(sheet), "--source", str(demo), epoch=DEMO_EPOCH)
    assert result.exit_code == 0 and result.output.strip() == "Sin cambios: las 27 filas coinciden con los archivos."
    assert tree_digest(demo) == before


def test_indicators_flow_lists_comments_removal_and_line_endings(tmp_path):
    site = copy_site(tmp_path / "sitio")
    portal = site / "content/compromisos/portal-de-datos.md"
    text = portal.read_text(encoding="utf-8")
    text = text.replace("    cumplido: 2024-06-20\n", "    cumplido: 2024-06-20  # acta de la sesión\n")
    portal.write_bytes(("\ufeff" + text).replace("\n", "\r\n").encode("utf-8"))
    before = portal.read_bytes()
    sheet = tmp_path / "c.csv"
    assert invoke("export", str(sheet), "--source", str(site)).exit_code == 0
    rows = read_rows(sheet)
    row(rows, "portal", "hito", 1)["cumplido"] = "2024-06-21"                 # trailing comment kept
    row(rows, "portal", "hito", 2).update(cumplido="", evidencias="")          # un-met: both lines go
    row(rows, "portal", "hito", 3).update(cumplido="2025-10-30", evidencias="docs/acta.pdf | https://ejemplo.org/a")
    row(rows, "portal", "indicador", 1).update(valor="4.5", fecha_valor="2025-11-01")
    row(rows, "talleres", "hito", 1)["evidencias"] = "docs/acta.pdf | https://ejemplo.org/b"
    write_rows(sheet, rows)
    result = invoke("import", str(sheet), "--source", str(site))
    assert result.exit_code == 0, result.output
    after = portal.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") and b"\r\n" in after and b"\n" not in after.replace(b"\r\n", b"")
    diff = changed_lines({"p": before.decode("utf-8-sig").replace("\r\n", "\n")},
                         {"p": after.decode("utf-8-sig").replace("\r\n", "\n")})["p"]
    assert diff == [
        "-    cumplido: 2024-06-20  # acta de la sesión",
        "+    cumplido: 2024-06-21  # acta de la sesión",
        "-    cumplido: 2025-04-15",
        "-    evidencias: [\"https://prueba.gob.mx/datos/obras\"]",
        "+    cumplido: 2025-10-30",
        "+    evidencias: [docs/acta.pdf, https://ejemplo.org/a]",
        "-    valor: 3",
        "-    fecha: 2025-10-01",
        "+    valor: 4.5",
        "+    fecha: 2025-11-01",
    ]
    talleres = (site / "content/compromisos/talleres.md").read_text(encoding="utf-8")
    assert "    evidencias: [docs/acta.pdf, https://ejemplo.org/b]\n" in talleres
    problems = Problems()
    assert load_site(site, problems) is not None, problems.errors


def test_block_lists_keep_unchanged_items_and_their_quoting(tmp_path):
    site = copy_site(tmp_path / "sitio")
    path = site / "content/compromisos/talleres.md"
    text = path.read_text(encoding="utf-8").replace(
        "    evidencias: [docs/acta.pdf]\n",
        '    evidencias:\n      # el acta firmada\n      - "docs/acta.pdf"\n      - "https://ejemplo.org/foto"\n')
    path.write_text(text, encoding="utf-8")
    sheet = tmp_path / "c.csv"
    invoke("export", str(sheet), "--source", str(site))
    rows = read_rows(sheet)
    assert row(rows, "talleres", "hito", 1)["evidencias"] == "docs/acta.pdf | https://ejemplo.org/foto"
    row(rows, "talleres", "hito", 1)["evidencias"] = "docs/acta.pdf | https://ejemplo.org/foto-nueva | https://ejemplo.org/c"
    write_rows(sheet, rows)
    assert invoke("import", str(sheet), "--source", str(site)).exit_code == 0
    diff = changed_lines({"t": text}, {"t": path.read_text(encoding="utf-8")})["t"]
    assert diff == ['-      - "https://ejemplo.org/foto"', '+      - "https://ejemplo.org/foto-nueva"',
                    '+      - "https://ejemplo.org/c"']


def test_every_bad_row_is_reported_at_its_row_and_column_and_nothing_is_written(tmp_path):
    site = copy_site(tmp_path / "sitio")
    sheet = tmp_path / "c.csv"
    invoke("export", str(sheet), "--source", str(site))
    rows = read_rows(sheet)
    good = row(rows, "portal", "hito", 3)
    good.update(cumplido="2025-10-01", evidencias="docs/acta.pdf")        # fine, but must not be written
    row(rows, "portal", "hito", 1)["cumplido"] = "21/06/2024"             # row 2
    row(rows, "portal", "hito", 2)["evidencias"] = "docs/no-existe.pdf"   # row 3
    row(rows, "portal", "indicador", 1)["valor"] = "3,5"                  # row 5
    row(rows, "talleres", "hito", 1)["cumplido"] = "2030-01-01"           # row 6: in the future
    row(rows, "talleres", "hito", 2)["descripcion"] = "Otra cosa"         # row 7: the file changed?
    rows.append({**good, "compromiso": "portal-de-dato", "cumplido": ""})  # row 8: unknown slug
    rows.append({**good, "numero": "7"})                                   # row 9: no such milestone
    rows.append({**good, "tipo": "hitos"})                                 # row 10: unknown type
    rows.append({**good})                                                  # row 11: repeated
    write_rows(sheet, rows)
    before = tree_digest(site)
    result = invoke("import", str(sheet), "--source", str(site))
    assert result.exit_code == 1
    shown = str(sheet)
    *lines, hint, last = result.output.splitlines()
    assert hint.startswith("Si abriste el archivo en Excel, al guardarlo cambió el formato de las fechas.")
    assert [line.split(" ", 2)[:2] for line in lines] == [
        [f"{shown}:2:", "cumplido:"], [f"{shown}:3:", "evidencias:"], [f"{shown}:5:", "valor:"],
        [f"{shown}:6:", "cumplido:"], [f"{shown}:7:", "descripcion:"], [f"{shown}:8:", "compromiso:"],
        [f"{shown}:9:", "numero:"], [f"{shown}:10:", "tipo:"], [f"{shown}:11:", "numero:"]]
    codes = [line.rsplit("[", 1)[1].rstrip("]") for line in lines]
    assert codes == ["fecha-invalida", "archivo-no-encontrado", "tipo-invalido", "cumplido-en-el-futuro",
                     "csv-no-coincide", "csv-compromiso-desconocido", "csv-numero-invalido", "csv-tipo-desconocido",
                     "csv-fila-repetida"]
    assert "¿Quisiste decir 2024-06-21?" in lines[0]
    assert "usa punto decimal, «3.5»" in lines[2]
    assert "¿Quisiste decir «portal-de-datos»?" in lines[5]
    assert "tiene 3 hitos" in lines[6] and "¿Quisiste decir «hito»?" in lines[7] and "fila 4" in lines[8]
    assert last == "9 errores. No se cambió ningún archivo."
    assert tree_digest(site) == before


def test_header_problems_and_encodings(tmp_path):
    site = copy_site(tmp_path / "sitio")
    sheet = tmp_path / "c.csv"
    invoke("export", str(sheet), "--source", str(site))
    rows = read_rows(sheet)
    renamed = [{("cumplio" if k == "cumplido" else k): v for k, v in r.items()} for r in rows]
    write_rows(sheet, renamed)
    result = invoke("import", str(sheet), "--source", str(site))
    assert result.exit_code == 1
    assert f"{sheet}:1: cumplio: la columna 6 se llama «cumplio» y no existe. ¿Quisiste decir «cumplido»?" in result.output
    write_rows(sheet, [{k: v for k, v in r.items() if k != "compromiso"} for r in rows])
    result = invoke("import", str(sheet), "--source", str(site))
    assert result.exit_code == 1 and "falta la columna «compromiso»" in result.output
    # Latin-1 (Excel's «CSV» in some versions) is a located error with the fix.
    write_rows(sheet, rows, encoding="latin-1")
    result = invoke("import", str(sheet), "--source", str(site))
    assert result.exit_code == 1 and "CSV UTF-8" in result.output and "[csv-codificacion]" in result.output
    # Semicolons (spreadsheets in some regions) and fewer columns both work.
    slim = [{k: r[k] for k in ("compromiso", "tipo", "numero", "cumplido")} for r in rows]
    row(slim, "talleres", "hito", 2)["cumplido"] = "2025-09-29"
    write_rows(sheet, slim, delimiter=";")
    result = invoke("import", str(sheet), "--source", str(site))
    assert result.exit_code == 0, result.output
    assert "hitos.2.cumplido: 2025-09-29 (antes: vacío)" in result.output
    # …and a milestone marked met without evidence is a warning at its row.
    assert f"{sheet}:" in result.output and "[hito-sin-evidencia]" in result.output


def test_cells_that_are_not_imported_are_not_silently_ignored(tmp_path):
    site = copy_site(tmp_path / "sitio")
    sheet = tmp_path / "c.csv"
    invoke("export", str(sheet), "--source", str(site))
    rows = read_rows(sheet)
    row(rows, "portal", "indicador", 1)["meta"] = "12"                 # row 5: informative → warning
    row(rows, "portal", "hito", 1)["fecha_comprometida"] = "30/06/2024"  # the same date, as Excel writes it: fine
    row(rows, "talleres", "hito", 1)["valor"] = "8"                    # row 6: an indicator column on a milestone
    write_rows(sheet, rows)
    before = tree_digest(site)
    result = invoke("import", str(sheet), "--source", str(site))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith(f"{sheet}:5: meta: advertencia: la columna «meta» solo informa y no se importa"
                               " (dice «12» y el archivo «10»)")
    assert lines[1].startswith(f"{sheet}:6: valor: la columna «valor» es de los indicadores y esta fila es un hito")
    assert len(lines) == 3 and tree_digest(site) == before


def test_dry_run_writes_nothing(tmp_path):
    site = copy_site(tmp_path / "sitio")
    sheet = tmp_path / "c.csv"
    invoke("export", str(sheet), "--source", str(site))
    rows = read_rows(sheet)
    row(rows, "talleres", "hito", 2).update(cumplido="2025-09-29", evidencias="docs/acta.pdf")
    write_rows(sheet, rows)
    before = tree_digest(site)
    result = invoke("import", str(sheet), "--source", str(site), "--dry-run")
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == "Se cambiarían 2 valores en 1 archivo (--dry-run: no se escribió nada)."
    assert tree_digest(site) == before


def test_a_layout_that_cannot_be_edited_safely_is_refused(tmp_path):
    site = copy_site(tmp_path / "sitio")
    path = site / "content/compromisos/talleres.md"
    text = path.read_text(encoding="utf-8")
    start = text.index("hitos:")
    end = text.index("---", start)
    text = text[:start] + ("hitos:\n  - {descripcion: Primer taller en la cabecera, fecha: 2024-05-30}\n") + text[end:]
    path.write_text(text, encoding="utf-8")
    sheet = tmp_path / "c.csv"
    invoke("export", str(sheet), "--source", str(site))
    rows = read_rows(sheet)
    row(rows, "talleres", "hito", 1).update(cumplido="2024-05-30", evidencias="docs/acta.pdf")
    write_rows(sheet, rows)
    before = tree_digest(site)
    result = invoke("import", str(sheet), "--source", str(site))
    assert result.exit_code == 1 and "[edicion-no-segura]" in result.output
    assert result.output.startswith("content/compromisos/talleres.md:")
    assert tree_digest(site) == before


def test_files_are_replaced_only_once_all_are_written(tmp_path, monkeypatch):
    import os

    first, second = tmp_path / "a.md", tmp_path / "b.md"
    first.write_text("uno\n")
    second.write_text("dos\n")
    real = os.fdopen
    calls = []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(bulk.os, "fdopen", failing)
    with pytest.raises(OSError):
        bulk.write_atomically({first: b"UNO\n", second: b"DOS\n"})
    assert first.read_text() == "uno\n" and second.read_text() == "dos\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "b.md"]


def test_export_options(tmp_path):
    site = copy_site(tmp_path / "sitio")
    sheet = tmp_path / "c.csv"
    assert invoke("export", str(sheet), "--source", str(site), "--plan", "primer-plan").exit_code == 0
    assert {r["compromiso"] for r in read_rows(sheet)} == {"portal-de-datos", "talleres"}
    result = invoke("export", str(sheet), "--source", str(site))
    assert result.exit_code == 1 and "no se sobrescribe" in result.output
    assert invoke("export", str(sheet), "--source", str(site), "--force").exit_code == 0
    result = invoke("export", str(tmp_path / "d.csv"), "--source", str(site), "--plan", "primer-plann")
    assert result.exit_code == 2 and "¿Quisiste decir «primer-plan»?" in result.output


def test_yamledit_keeps_a_yml_file_without_final_newline(tmp_path):
    text = "titulo: T\nhitos:\n  - descripcion: a\n    fecha: 2024-01-01"
    problems = Problems()
    doc = parse_document(text, "x.yml", problems, front_matter=False)
    editor = YamlText(text, doc, front_matter=False)
    editor.set_scalar(("hitos", 0), "cumplido", __import__("datetime").date(2024, 1, 2),
                      ("descripcion", "fecha", "cumplido", "peso", "evidencias"))
    assert editor.verified("x.yml") == text + "\n    cumplido: 2024-01-02"


def test_yamledit_refuses_what_it_cannot_verify():
    text = "---\ntitulo: T\nhitos: [{descripcion: a, fecha: 2024-01-01}]\n---\nCuerpo\n"
    doc = parse_document(text, "x.md", Problems(), front_matter=True)
    editor = YamlText(text, doc, front_matter=True)
    editor.set_scalar(("hitos", 0), "cumplido", "2024-01-02", ("descripcion", "fecha", "cumplido"))
    with pytest.raises(EditError):
        editor.verified("x.md")


def test_import_then_validate_in_a_real_git_repository(demo, tmp_path):
    """The issue's check: export, edit three milestones, import — `git diff` shows only them."""
    git = shutil.which("git")
    if git is None:
        tool_missing("git is not installed (apt-get install git)")
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@e",
           "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "inicio"]):
        subprocess.run([git, *command], cwd=demo, env=env, check=True)
    sheet = tmp_path / "c.csv"
    invoke("export", str(sheet), "--source", str(demo), epoch=DEMO_EPOCH)
    rows = read_rows(sheet)
    row(rows, "secretariados", "hito", 4).update(cumplido="2026-11-02", evidencias="https://ejemplo.org/acta.pdf")
    row(rows, "secretariados", "hito", 5)["evidencias"] = "https://ejemplo.org/informe.pdf"
    row(rows, "apartado", "hito", 1)["cumplido"] = "2022-06-16"
    write_rows(sheet, rows)
    assert invoke("import", str(sheet), "--source", str(demo), epoch=DEMO_EPOCH).exit_code == 0
    stat = subprocess.run([git, "diff", "--numstat"], cwd=demo, env=env, capture_output=True, text=True).stdout
    assert sorted(line.split("\t")[2] for line in stat.splitlines()) == [
        "content/compromisos/apartado-gobierno-abierto-micrositio-transparencia.md",
        "content/compromisos/secretariados-tecnicos-municipales-huixquilucan.md"]
    diff = subprocess.run([git, "diff", "-U0"], cwd=demo, env=env, capture_output=True, text=True).stdout
    changes = [line for line in diff.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changes == ["-    cumplido: 2022-06-15", "+    cumplido: 2022-06-16",
                       "+    cumplido: 2026-11-02", "+    evidencias:", "+      - https://ejemplo.org/acta.pdf",
                       "+    evidencias:", "+      - https://ejemplo.org/informe.pdf"]
    result = invoke("validate", "--source", str(demo), epoch=DEMO_EPOCH)
    assert result.exit_code == 0, result.output
