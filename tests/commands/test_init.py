"""`gobabierto init`: a new site repository with no engine code in it, that validates, builds
and links as it is; the engine pinned by its hashes; a folder with anything in it refused,
and nothing written when something goes wrong."""

from __future__ import annotations

import hashlib
import http.server
import json
import os
import pty
import re
import select
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml

from helpers import BASE_EPOCH, ROOT, run_cli
from gobabierto import __version__
from gobabierto.commands import init
from gobabierto.content.records import FOLDERS
from gobabierto.core.paths import SITE_TEMPLATE
from gobabierto.publish.schemas import all_schemas

WHEEL, SDIST = b"the wheel's bytes", b"the sdist's bytes"
# BASE_EPOCH is 2025-11-21: the examples' dates are written from that year.
YEAR = 2025
OUTSIDE_CONTENT = {
    ".github/dependabot.yml", ".github/workflows/check.yml", ".github/workflows/pages.yml", ".gitignore",
    ".vscode/extensions.json", ".vscode/settings.json", ".vscode/tasks.json", "README.md", "gobabierto.yml",
    "requirements.txt", "static/.gitkeep", "templates/.gitkeep", *(f"schemas/{name}" for name in all_schemas()),
}


@pytest.fixture()
def dist(tmp_path) -> Path:
    """A folder of distribution files: this version's wheel and sdist, and another version's."""
    folder = tmp_path / "dist"
    folder.mkdir()
    (folder / f"gobabierto-{__version__}-py3-none-any.whl").write_bytes(WHEEL)
    (folder / f"gobabierto-{__version__}.tar.gz").write_bytes(SDIST)
    (folder / "gobabierto-99.0.0-py3-none-any.whl").write_bytes(b"another version")
    return folder


def expected_pin() -> str:
    first, second = sorted(hashlib.sha256(data).hexdigest() for data in (WHEEL, SDIST))
    return (f"gobabierto=={__version__} \\\n    --hash=sha256:{first} \\\n    --hash=sha256:{second}\n")


def files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_init_writes_a_site_repository_that_builds_as_it_is(tmp_path, dist):
    site = tmp_path / "mi-sitio"
    result = run_cli("init", str(site), "--municipio", "Villa Alta", "--estado", "Durango", "--desde", str(dist),
                     epoch=BASE_EPOCH)
    assert result.returncode == 0, result.stderr
    written = files(site)
    assert result.stdout == (
        f"Se creó el sitio en {site} ({len(written)} archivos), con gobabierto {__version__} fijado en requirements.txt.\n"
        "Siguientes pasos (README.md del sitio los explica):\n"
        "  1. Súbelo a un repositorio nuevo de GitHub (no a un fork) y en Settings → Pages elige «GitHub Actions».\n"
        "  2. Para verlo en tu computadora, crea el entorno .venv con requirements.txt y ejecuta «gobabierto serve».\n")
    # one short example of each record type, one dataset, and the rest of a site repository
    examples = {name.split("/")[1] for name in written if name.startswith("content/")}
    assert examples == set(FOLDERS.values())
    assert all(len([n for n in written if n.startswith(f"content/{folder}/")]) == 1 for folder in FOLDERS.values())
    assert "content/municipios/villa-alta.md" in written
    assert {n for n in written if n.startswith("datasets/")} == {"datasets/directorio/datapackage.yaml",
                                                                  "datasets/directorio/directorio.csv"}
    assert {n for n in written if not n.startswith(("content/", "datasets/"))} == OUTSIDE_CONTENT
    # no engine code: nothing to conflict with when the engine changes
    assert not [n for n in written if n.endswith((".py", ".html", ".po")) or n.startswith("gobabierto/")]
    requirements = (site / "requirements.txt").read_text(encoding="utf-8")
    assert [line for line in requirements.splitlines(keepends=True) if not line.startswith("#")] == \
        expected_pin().splitlines(keepends=True)
    settings = yaml.safe_load((site / "gobabierto.yml").read_text(encoding="utf-8"))
    assert settings["titulo"] == "Gobierno Abierto de Villa Alta"
    assert settings["marca"]["pie"] == "H. Ayuntamiento de Villa Alta, Durango"
    plan = (site / "content" / "planes" / "primer-plan.md").read_text(encoding="utf-8")
    assert f"  inicio: {YEAR}-01-01\n  fin: {YEAR + 1}-12-31\n" in plan and 'municipios: ["villa-alta"]' in plan
    assert not re.search(r"@[a-z_]+@", "".join((site / n).read_text(encoding="utf-8") for n in written)), \
        "a mark of the template was left unfilled"
    for name, schema in all_schemas().items():
        assert json.loads((site / "schemas" / name).read_text(encoding="utf-8")) == schema

    checked = run_cli("validate", "--source", str(site), epoch=BASE_EPOCH)
    assert (checked.returncode, checked.stdout) == (0, "Sin problemas.\n")
    committed(site)  # a site is a Git repository: its pages' dates come from the history
    built = run_cli("build", "--source", str(site), "--output", str(tmp_path / "_site"), "--base-url",
                    "https://usuario.github.io/mi-sitio/", epoch=BASE_EPOCH)
    assert built.returncode == 0, built.stdout + built.stderr
    assert built.stdout.endswith("Sin problemas.\n")
    for page in ("compromisos/datos-de-obra-publica", "municipios/villa-alta", "datos/directorio",
                 "paginas/que-es-gobierno-abierto"):
        assert (tmp_path / "_site" / page / "index.html").is_file(), page
    links = run_cli("check-links", "--source", str(site), "--output", str(tmp_path / "_site"), epoch=BASE_EPOCH)
    assert links.returncode == 0, links.stdout


def test_init_vacio_leaves_the_folders_to_fill(tmp_path, dist):
    site = tmp_path / "vacio"
    result = run_cli("init", str(site), "--vacio", "--desde", str(dist), epoch=BASE_EPOCH)
    assert result.returncode == 0, result.stderr
    assert files(site) == OUTSIDE_CONTENT | {f"content/{folder}/.gitkeep" for folder in FOLDERS.values()} | {
        "datasets/.gitkeep"}
    readme = (site / "README.md").read_text(encoding="utf-8")
    assert init.EMPTY_NOTE in readme and init.EXAMPLES_NOTE not in readme
    committed(site)
    built = run_cli("build", "--source", str(site), "--output", str(tmp_path / "_site"), "--base-url",
                    "https://usuario.github.io/vacio/", epoch=BASE_EPOCH)
    assert built.returncode == 0 and built.stdout.endswith("Sin problemas.\n"), built.stdout + built.stderr


def test_without_names_init_leaves_placeholders_in_capitals(tmp_path, dist):
    site = tmp_path / "sitio"
    result = run_cli("init", str(site), "--desde", str(dist), epoch=BASE_EPOCH)
    assert result.returncode == 0, result.stderr
    assert ("Cambia los textos en MAYÚSCULAS (NOMBRE DEL MUNICIPIO, ESTADO) de gobabierto.yml y content/ por los"
            " nombres reales.\n") in result.stdout
    settings = yaml.safe_load((site / "gobabierto.yml").read_text(encoding="utf-8"))
    assert settings["titulo"] == "Gobierno Abierto de NOMBRE DEL MUNICIPIO"
    municipality = yaml.safe_load((site / "content" / "municipios" / "nombre-del-municipio.md").read_text(
        encoding="utf-8").split("---")[1])
    assert (municipality["nombre"], municipality["estado"]) == ("NOMBRE DEL MUNICIPIO", "ESTADO")
    assert run_cli("validate", "--source", str(site), epoch=BASE_EPOCH).returncode == 0


def test_init_asks_for_the_names_in_a_terminal(tmp_path, dist):
    """Run in a terminal (a pseudo-terminal here), init asks; Enter alone keeps the placeholder."""
    site = tmp_path / "preguntado"
    main_fd, child_fd = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "gobabierto", "init", str(site), "--desde", str(dist)],
                               stdin=child_fd, stdout=child_fd, stderr=child_fd, cwd=ROOT, close_fds=True,
                               env={**os.environ, "SOURCE_DATE_EPOCH": BASE_EPOCH, "PYTHONIOENCODING": "utf-8"})
    os.close(child_fd)
    seen = b""

    def read_until(text: bytes) -> None:
        nonlocal seen
        while text not in seen:
            ready, _, _ = select.select([main_fd], [], [], 60)
            assert ready, f"no {text!r} after {seen!r}"
            seen += os.read(main_fd, 1024)

    read_until("Municipio o institución: ".encode())
    os.write(main_fd, "San Andrés Cholula\n".encode())
    read_until(b"Estado: ")
    os.write(main_fd, b"\n")
    read_until("Se creó el sitio".encode())
    assert process.wait(timeout=60) == 0
    os.close(main_fd)
    settings = yaml.safe_load((site / "gobabierto.yml").read_text(encoding="utf-8"))
    assert settings["titulo"] == "Gobierno Abierto de San Andrés Cholula"
    assert settings["marca"]["pie"] == "H. Ayuntamiento de San Andrés Cholula, ESTADO"
    assert (site / "content" / "municipios" / "san-andres-cholula.md").is_file()


def test_init_refuses_a_folder_with_anything_in_it(tmp_path, dist):
    folder = tmp_path / "ocupada"
    folder.mkdir()
    (folder / "notas.txt").write_text("mías", encoding="utf-8")
    result = run_cli("init", str(folder), "--desde", str(dist))
    assert result.returncode == 1
    assert result.stderr == (
        f"Error: la carpeta «{folder}» no está vacía: gobabierto init solo escribe en una carpeta nueva o vacía,"
        " para no mezclar el sitio nuevo con otros archivos ni sobrescribir nada. Elige otra, por ejemplo"
        " «gobabierto init mi-sitio». No se escribió nada.\n")
    assert files(folder) == {"notas.txt"}
    # an empty folder is fine
    (folder / "notas.txt").unlink()
    assert run_cli("init", str(folder), "--desde", str(dist)).returncode == 0


def test_init_says_what_is_missing_in_the_distribution_folder(tmp_path):
    empty = tmp_path / "dist"
    empty.mkdir()
    result = run_cli("init", str(tmp_path / "sitio"), "--desde", str(empty))
    assert result.returncode == 1
    assert result.stderr == (
        f"Error: en «{empty}» no hay archivos de gobabierto {__version__} (gobabierto-{__version__}-py3-none-any.whl"
        f" o gobabierto-{__version__}.tar.gz). Constrúyelos desde el repositorio de gobabierto con «python -m pip"
        f" wheel . --no-deps -w {empty}», o quita --desde para tomarlos de PyPI. No se escribió nada.\n")
    assert not (tmp_path / "sitio").exists()


def test_a_name_that_would_break_the_yaml_is_refused(tmp_path, dist):
    result = run_cli("init", str(tmp_path / "sitio"), "--municipio", 'Villa "Alta"', "--desde", str(dist))
    assert result.returncode == 1
    assert result.stderr == ('Error: --municipio «Villa "Alta"» no sirve: escribe el nombre sin comillas dobles ni'
                             ' barras invertidas, por ejemplo --municipio "Villa Alta". No se escribió nada.\n')
    assert not (tmp_path / "sitio").exists()


# -- the pin from PyPI ----------------------------------------------------------------------

@pytest.fixture()
def pypi(monkeypatch):
    """A local stand-in for PyPI's JSON API: `releases` maps a path to the JSON it answers."""
    releases: dict[str, dict] = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = releases.get(self.path)
            self.send_response(200 if body is not None else 404)
            self.end_headers()
            self.wfile.write(json.dumps(body or {"message": "Not Found"}).encode())

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setattr(init, "PYPI_RELEASE", f"http://127.0.0.1:{server.server_address[1]}/pypi/{{name}}/{{version}}/json")
    yield releases
    server.shutdown()


def test_without_a_folder_the_hashes_come_from_pypi(pypi):
    pypi["/pypi/gobabierto/1.2.3/json"] = {"urls": [
        {"filename": "gobabierto-1.2.3-py3-none-any.whl", "digests": {"sha256": "b" * 64}},
        {"filename": "gobabierto-1.2.3.tar.gz", "digests": {"sha256": "a" * 64}},
    ]}
    assert init.pypi_hashes("1.2.3") == ["a" * 64, "b" * 64]
    with pytest.raises(init.InitError) as missing:
        init.pypi_hashes("9.9.9")
    assert str(missing.value) == (
        "gobabierto 9.9.9 no está publicado en PyPI (¿lo instalaste desde una copia del repositorio?), así que el"
        " sitio no podría instalarlo. Usa una versión publicada, o --desde CARPETA con el wheel de esta versión"
        " (python -m pip wheel . --no-deps -w CARPETA).")


def test_without_a_connection_init_says_so_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(init, "PYPI_RELEASE", "http://127.0.0.1:9/pypi/{name}/{version}/json")  # nothing listens
    with pytest.raises(init.InitError) as failed:
        init.create(tmp_path / "sitio", "Villa Alta", "Durango")
    assert str(failed.value).startswith(f"no se pudo consultar PyPI para obtener las huellas de gobabierto {__version__}")
    assert str(failed.value).endswith("; revisa tu conexión a internet, o usa --desde CARPETA con sus archivos.")
    assert not (tmp_path / "sitio").exists()


# -- what the template is -------------------------------------------------------------------

def test_the_engine_repository_uses_the_site_s_vscode_files():
    """One copy of the VS Code settings and tasks: a site gets exactly what this repository uses."""
    for name in ("settings.json", "tasks.json", "extensions.json"):
        assert (ROOT / ".vscode" / name).read_bytes() == (SITE_TEMPLATE / ".vscode" / name).read_bytes(), name


def test_the_vscode_tasks_run_on_windows_macos_and_linux():
    tasks = json.loads((SITE_TEMPLATE / ".vscode" / "tasks.json").read_text(encoding="utf-8"))["tasks"]
    assert [t["args"] for t in tasks] == [["validate"], ["serve"]]
    for task in tasks:
        assert task["type"] == "process" and "options" not in task, "no shell, no PATH of one platform"
        assert task["command"] == "${workspaceFolder}/.venv/bin/gobabierto"
        assert task["windows"] == {"command": "${workspaceFolder}\\.venv\\Scripts\\gobabierto.exe"}


def _without(workflow: dict, job: str) -> dict:
    """A job with its install step and the lock its caches are keyed by taken out."""
    steps = []
    for step in workflow["jobs"][job]["steps"]:
        if step.get("name") == "Instalar gobabierto":
            continue
        text = json.dumps(step).replace("requirements/site.txt", "LOCK").replace("requirements.txt", "LOCK")
        steps.append(json.loads(text))
    return {**workflow["jobs"][job], "steps": steps}


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True)
    return data


@pytest.mark.parametrize("name, jobs", [("pages.yml", ("build", "deploy")), ("check.yml", ("contenido",))])
def test_a_site_s_workflows_are_this_repository_s_but_for_the_install(name, jobs):
    """What the demo's publication does, a site's does: the same triggers, permissions and
    steps; only the install differs (this checkout here, the pinned engine there)."""
    ours, theirs = load(ROOT / ".github" / "workflows" / name), load(SITE_TEMPLATE / ".github" / "workflows" / name)
    assert {k: v for k, v in ours.items() if k != "jobs"} == {k: v for k, v in theirs.items() if k != "jobs"}
    assert set(theirs["jobs"]) == set(jobs), "a site runs no tests of the engine"
    for job in jobs:
        assert _without(ours, job) == _without(theirs, job), job
    install = next(s for s in theirs["jobs"][jobs[0]]["steps"] if s.get("name") == "Instalar gobabierto")
    assert install["run"].splitlines() == [
        "python -m pip install --require-hashes --no-deps -r requirements.txt",
        'python -m pip install --require-hashes -r "$(python -m gobabierto.core.lock)"']


def test_dependabot_proposes_each_release_of_the_engine():
    config = yaml.safe_load((SITE_TEMPLATE / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    pip = next(u for u in config["updates"] if u["package-ecosystem"] == "pip")
    assert pip["directory"] == "/" and pip["allow"] == [{"dependency-name": "gobabierto"}]
    assert {u["package-ecosystem"] for u in config["updates"]} == {"pip", "github-actions"}


def test_the_site_readme_gives_the_same_steps_for_windows_as_for_macos_and_linux():
    """The Windows (PowerShell) block is the macOS and Linux block with Windows' paths and
    command substitution: the test of a new site runs the latter, this keeps the former in step."""
    readme = (SITE_TEMPLATE / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Ver el sitio en tu computadora", 1)[1].split("\n## ", 1)[0]
    [windows] = re.findall(r"```powershell\n(.*?)```", section, re.S)
    [unix] = re.findall(r"```sh\n(.*?)```", section, re.S)
    translated = (unix.replace("python3 -m venv", "py -3 -m venv").replace('"$(', "(").replace(')"', ")")
                  .replace(".venv/bin/python", ".venv\\Scripts\\python.exe")
                  .replace(".venv/bin/gobabierto", ".venv\\Scripts\\gobabierto.exe"))
    assert windows == translated
    assert "make" not in windows + unix


def test_the_editors_guide_gives_the_commands_of_the_site_s_readme():
    def blocks(text: str, heading: str) -> list[str]:
        section = text.split(heading, 1)[1].split("\n## ", 1)[0]
        return re.findall(r"```(?:sh|powershell)\n(.*?)```", section, re.S)

    guide = (ROOT / "docs" / "guia-editores.md").read_text(encoding="utf-8")
    readme = (SITE_TEMPLATE / "README.md").read_text(encoding="utf-8")
    assert blocks(guide, "## Ver el sitio en tu computadora antes de publicar") == blocks(
        readme, "## Ver el sitio en tu computadora")


def test_the_site_readme_says_how_to_check_the_daily_rebuild_as_the_guide_does():
    def section(text: str, heading: str) -> str:
        return text.split(heading + "\n", 1)[1].split("\n## ", 1)[0].strip()

    guide = (ROOT / "docs" / "guia-editores.md").read_text(encoding="utf-8")
    readme = (SITE_TEMPLATE / "README.md").read_text(encoding="utf-8")
    daily = section(readme, "## La publicación diaria")
    assert daily == section(guide, "## Comprobar que el sitio se publica cada día")
    assert "*Enable workflow*" in daily and "[programacion-ausente]" in daily and "<!--" not in daily


def committed(site: Path) -> None:
    """`git init` and a first commit of everything `init` wrote, as the site's README says."""
    for command in (["init", "-q"], ["add", "-A"], ["-c", "user.name=Prueba", "-c", "user.email=prueba@example.org",
                                                     "commit", "-q", "-m", "Sitio nuevo"]):
        subprocess.run(["git", *command], cwd=site, check=True, capture_output=True)
