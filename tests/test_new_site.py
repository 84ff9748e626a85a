"""A municipality's own site, end to end, as from a fresh clone: the wheel and the sdist built
from this checkout the way the release workflow builds them; `gobabierto init` run from the
checkout, pinning that wheel; inside the new site, the commands its README gives install the
engine from the wheel into a fresh virtual environment (nothing of this checkout on the path)
and its publishing job builds it; its workflows pass actionlint; and a later engine version,
built from a copy of the checkout, is taken by changing one pin."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from helpers import BASE_EPOCH, ROOT, run_cli
from test_workflows import PROJECT, actionlint, crawl  # noqa: F401  (actionlint: the fixture)
from workflow_runner import run_job
from gobabierto import __version__
from gobabierto.core.paths import SITE_TEMPLATE

sys.path.insert(0, str(ROOT / "scripts"))
import release  # noqa: E402  (scripts/release.py: what the release workflow checks)

SOURCE = ("gobabierto", "templates", "requirements", "pyproject.toml", "README.md")
LATER = ".".join([*__version__.split(".")[:2], str(int(__version__.split(".")[2]) + 1)])


def run(command: list[str] | str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "SOURCE_DATE_EPOCH")}
    environment.update(PYTHONIOENCODING="utf-8", PIP_DISABLE_PIP_VERSION_CHECK="1", **(env or {}))
    done = subprocess.run(command, cwd=cwd, env=environment, capture_output=True, text=True, timeout=900,
                          shell=isinstance(command, str), executable="/bin/bash" if isinstance(command, str) else None)
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    return done


def build_distributions(source: Path, folder: Path) -> list[Path]:
    """`python -m hatchling build`, as release.yml runs it (not `python -m build`: build.py at
    the root would shadow PyPA's build)."""
    run([sys.executable, "-m", "hatchling", "build", "-d", str(folder)], cwd=source)
    return sorted(folder.iterdir())


@pytest.fixture(scope="module")
def dists(tmp_path_factory) -> dict[str, Path]:
    """This checkout's wheel and sdist, and those of a copy whose version is one later."""
    base = tmp_path_factory.mktemp("distribuciones")
    build_distributions(ROOT, base / "actual")
    copy = base / "copia"
    for name in SOURCE:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / name, copy / name)
    init = copy / "gobabierto" / "__init__.py"
    init.write_text(init.read_text(encoding="utf-8").replace(f'__version__ = "{__version__}"', f'__version__ = "{LATER}"'),
                    encoding="utf-8")
    build_distributions(copy, base / "siguiente")
    return {"actual": base / "actual", "siguiente": base / "siguiente"}


def pip_env(dists: dict[str, Path]) -> dict[str, str]:
    """pip finds the locally built versions as if they were on PyPI (the rest comes from the index)."""
    return {"PIP_FIND_LINKS": " ".join([str(dists["actual"]), str(dists["siguiente"]),
                                        os.environ.get("PIP_FIND_LINKS", "")]).strip()}


def readme_commands(site: Path) -> list[str]:
    """The macOS and Linux commands of the site's README, «Ver el sitio en tu computadora»."""
    readme = (site / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Ver el sitio en tu computadora", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.S)
    assert len(blocks) == 1, "one block of commands for macOS and Linux"
    return blocks[0].strip().splitlines()


def make_site(dists: dict[str, Path], folder: Path) -> Path:
    """`gobabierto init` run from this checkout, as from a fresh clone, pinning the wheel built from it."""
    done = run_cli("init", str(folder), "--municipio", "Villa Alta", "--estado", "Durango", "--desde",
                   str(dists["actual"]), epoch=BASE_EPOCH)
    assert done.returncode == 0 and done.stdout.startswith(f"Se creó el sitio en {folder} "), done.stderr
    return folder


def install_as_the_readme_says(site: Path, dists: dict[str, Path]) -> list[str]:
    """Every README line but the last (the preview, which runs until Ctrl+C); returns them."""
    commands = readme_commands(site)
    assert commands[-1] == ".venv/bin/gobabierto serve"
    for command in commands[:-1]:
        run(command, cwd=site, env=pip_env(dists))
    return commands


# -- the wheel -------------------------------------------------------------------------------

def test_the_wheel_carries_the_theme_the_catalogues_the_lock_and_the_site_template(dists):
    wheel = zipfile.ZipFile(next(dists["actual"].glob("*.whl")))
    names = set(wheel.namelist())
    theme = {f"gobabierto/_theme/{p.relative_to(ROOT / 'templates').as_posix()}"
             for p in (ROOT / "templates").rglob("*") if p.is_file()}
    assert theme and theme <= names
    catalogues = {p.relative_to(ROOT).as_posix() for p in (ROOT / "gobabierto" / "text" / "locale").rglob("*.po")}
    assert catalogues and catalogues <= names
    template = {p.relative_to(ROOT).as_posix() for p in SITE_TEMPLATE.rglob("*") if p.is_file()}
    assert ".github/workflows/pages.yml" in {t.split("site_template/", 1)[1] for t in template}
    assert template <= names
    assert wheel.read("gobabierto/_requirements.txt") == (ROOT / "requirements" / "engine.txt").read_bytes()
    assert not [n for n in names if n.startswith(("tests/", "content/", "gobabierto/__pycache__"))]


def test_the_release_check_accepts_these_distributions_once_the_changelog_is_dated(dists):
    dated = f"# Cambios\n\n## {__version__} — 2027-01-15\n\nLo nuevo.\n"
    assert release.problems(f"v{__version__}", dists["actual"], dated) == []
    undated = dated.replace("2027-01-15", "sin publicar")
    assert release.problems(f"v{__version__}", dists["actual"], undated) == [
        f"la entrada {__version__} de CHANGELOG.md dice «sin publicar»: escribe la fecha de la versión"]
    assert release.problems("v9.9.9", dists["actual"], dated) == [
        f"la etiqueta «v9.9.9» no es v{__version__}, la versión de gobabierto/__init__.py"]
    notes = release.notes(dists["actual"], dated)
    hashes = sorted(hashlib.sha256(p.read_bytes()).hexdigest() for p in dists["actual"].iterdir())
    assert notes.startswith("Lo nuevo.\n\n### Usar esta versión en un sitio\n")
    assert notes.endswith(f"```\ngobabierto=={__version__} \\\n    --hash=sha256:{hashes[0]} \\\n"
                          f"    --hash=sha256:{hashes[1]}\n```\n")


# -- a site, end to end ----------------------------------------------------------------------

def test_a_site_made_by_init_builds_with_the_engine_from_the_wheel(dists, tmp_path, actionlint):
    site = make_site(dists, tmp_path / "mi-sitio")
    install_as_the_readme_says(site, dists)
    engine = site / ".venv" / "bin"
    assert run([str(engine / "gobabierto"), "--version"], cwd=site).stdout == f"gobabierto {__version__}\n"
    located = run([str(engine / "python"), "-m", "gobabierto.core.lock"], cwd=site).stdout.strip()
    assert Path(located).read_bytes() == (ROOT / "requirements" / "engine.txt").read_bytes()
    assert str(site / ".venv") in located, "the engine runs from the site's environment, not from this checkout"
    # The JSON Schemas travel as the tables they are made from: the installed engine writes
    # exactly the committed schemas/.
    run([str(engine / "gobabierto"), "schemas", "--output", str(tmp_path / "schemas")], cwd=site)
    assert {p.name: p.read_bytes() for p in (tmp_path / "schemas").iterdir()} == {
        p.name: p.read_bytes() for p in (ROOT / "schemas").iterdir()}

    # The publishing job, every `run:` step as written (the install again included), with that environment.
    job = run_job(site_workflow(site, "pages.yml"), "build", site, {"steps.pages.outputs.base_url": PROJECT},
                  engine_bin=engine, env=pip_env(dists))
    assert [(s.name, s.returncode) for s in job.steps] == [
        ("Instalar gobabierto", 0), ("Revisar el contenido", 0), ("Construir el sitio", 0), ("Revisar los enlaces", 0)
    ], "\n".join(f"--- {s.name}\n{s.output}" for s in job.steps)
    assert crawl(site / "_site", PROJECT)[1] == []

    done = actionlint(*(str(p) for p in sorted((site / ".github" / "workflows").glob("*.yml"))))
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def site_workflow(site: Path, name: str) -> dict:
    workflow = yaml.safe_load((site / ".github" / "workflows" / name).read_text(encoding="utf-8"))
    workflow["on"] = workflow.pop(True)
    return workflow


def test_a_later_engine_is_taken_by_changing_one_pin(dists, tmp_path):
    site = make_site(dists, tmp_path / "sitio")
    commands = install_as_the_readme_says(site, dists)
    gobabierto = str(site / ".venv" / "bin" / "gobabierto")
    first = run([gobabierto, "build"], cwd=site, env={"SOURCE_DATE_EPOCH": BASE_EPOCH})
    assert first.stdout.splitlines()[-1].startswith("Sitio generado en _site: ")
    again = run([gobabierto, "build"], cwd=site, env={"SOURCE_DATE_EPOCH": BASE_EPOCH})
    assert again.stdout.splitlines()[-1].startswith("El sitio en _site ya estaba al día")  # after its warnings, said again

    # The one pin: gobabierto's line in requirements.txt, its version and its hashes (what
    # Dependabot's pull request changes).
    pin = site / "requirements.txt"
    text = pin.read_text(encoding="utf-8")
    old = sorted(hashlib.sha256(p.read_bytes()).hexdigest() for p in dists["actual"].iterdir())
    new = sorted(hashlib.sha256(p.read_bytes()).hexdigest() for p in dists["siguiente"].iterdir())
    changed = text.replace(f"gobabierto=={__version__}", f"gobabierto=={LATER}")
    for before, after in zip(old, new):
        changed = changed.replace(before, after)
    pin.write_text(changed, encoding="utf-8")
    differing = [line for line in zip(text.splitlines(), changed.splitlines()) if line[0] != line[1]]
    assert [before.split()[0] for before, _ in differing] == [f"gobabierto=={__version__}", "--hash=sha256:" + old[0],
                                                             "--hash=sha256:" + old[1]]

    for command in commands[1:-1]:  # the environment exists: the two installs again
        run(command, cwd=site, env=pip_env(dists))
    assert run([gobabierto, "--version"], cwd=site).stdout == f"gobabierto {LATER}\n"
    rebuilt = run([gobabierto, "build"], cwd=site, env={"SOURCE_DATE_EPOCH": BASE_EPOCH})
    assert rebuilt.stdout.splitlines()[-1].startswith("Sitio generado en _site: "), "a new engine builds again"
