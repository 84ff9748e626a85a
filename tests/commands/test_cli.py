"""The commands as an editor runs them: exit codes, formats, the build.py shim."""

from __future__ import annotations

import sys

from helpers import BASE_EPOCH, BASE_SITE, ROOT, make_site, run_cli, tree_digest


def test_validate_clean_site_exits_zero():
    result = run_cli("validate", "--source", str(BASE_SITE))
    assert result.returncode == 0 and result.stdout.strip() == "Sin problemas."


def test_usage_errors_exit_two():
    assert run_cli("validate", "--source", "/no/existe").returncode == 2
    assert run_cli("validate", "--format", "xml", "--source", str(BASE_SITE)).returncode == 2
    assert run_cli("construir").returncode == 2


def test_github_format_annotates_file_and_line(tmp_path):
    site = make_site(tmp_path / "s", {"content/actividades/jornada-cultural.md":
                                      "---\ntitulo: Jornada\nfecha: 2024-13-01\n---\n"})
    result = run_cli("validate", "--source", str(site), "--format", "github")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "::error file=content/actividades/jornada-cultural.md,line=3,title=fecha [fecha-invalida]::"
        "la fecha «2024-13-01» no existe en el calendario; revisa el día y el mes (formato AAAA-MM-DD)."
        " ¿Quisiste decir 2024-01-13? El mes va en medio"]


def test_build_prints_summary_and_warnings(tmp_path):
    site = make_site(tmp_path / "s", {})
    text = (site / "content/compromisos/talleres.md").read_text()
    (site / "content/compromisos/talleres.md").write_text(text.replace("    evidencias: [docs/acta.pdf]\n", "", 1))
    result = run_cli("build", "--source", str(site), "--output", str(tmp_path / "out"))
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    # a copy outside Git dates its pages by its files, and says so
    assert lines[0].startswith("content: advertencia: el sitio no se construyó desde un repositorio de Git")
    assert lines[1].startswith("content/compromisos/talleres.md:12: hitos.1: advertencia:")
    assert lines[-1].startswith(f"Sitio generado en {tmp_path / 'out'}: ") and lines[-1].endswith("2 advertencias.")


def test_build_refuses_to_overwrite_a_foreign_folder(tmp_path):
    foreign = tmp_path / "documentos"
    foreign.mkdir()
    (foreign / "informe.docx").write_bytes(b"importante")
    before = tree_digest(foreign)
    result = run_cli("build", "--source", str(BASE_SITE), "--output", str(foreign))
    assert result.returncode == 1 and "no generó gobabierto" in result.stderr
    assert tree_digest(foreign) == before and "Traceback" not in result.stderr


def test_missing_settings_or_content(tmp_path):
    (tmp_path / "a" / "content").mkdir(parents=True)
    result = run_cli("validate", "--source", str(tmp_path / "a"))
    assert result.returncode == 1
    assert result.stdout.splitlines()[:1] == [
        "gobabierto.yml: no existe gobabierto.yml en la raíz del sitio; crea uno con al menos «titulo:» [configuracion-ausente]",
    ]
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "gobabierto.yml").write_text("titulo: Sitio\n", encoding="utf-8")
    result = run_cli("validate", "--source", str(tmp_path / "b"))
    assert result.returncode == 1
    assert result.stdout.splitlines()[:1] == [
        "content: no existe la carpeta content/ con los registros del sitio [carpeta-ausente]"]


def test_build_py_shim_builds_the_repository(tmp_path):
    import os
    import subprocess

    env = {**os.environ, "SOURCE_DATE_EPOCH": BASE_EPOCH}
    result = subprocess.run([sys.executable, "build.py", "--output", str(tmp_path / "out"), "--quiet"], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "compromisos" / "index.html").is_file()


def test_hostile_input_never_shows_a_traceback(tmp_path):
    site = make_site(tmp_path / "s", {
        "content/paginas/rara.md": b"---\n\xff\xfe: [\n---\n",
        "content/paginas/lista.md": "---\n- a\n- b\n---\n",
        "content/paginas/vacia.md": "---\n---\n",
        "content/municipios/escalar.yml": "solo texto\n",
    })
    result = run_cli("build", "--source", str(site), "--output", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    codes = [line.rsplit("[", 1)[1].rstrip("]") for line in result.stdout.splitlines()[:-1]]
    # sorted by path: municipios/escalar.yml, paginas/lista.md, paginas/rara.md, paginas/vacia.md
    assert codes == ["tipo-invalido", "tipo-invalido", "codificacion-invalida", "registro-vacio"]
