"""The Makefile, run: it checks the Python before it removes or creates `.venv/` (a Spanish
message saying which to install, from the package's own check), and `make clean` removes
everything its targets create and nothing else."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ROOT
from test_python_version import MESSAGE, OLD


@pytest.fixture()
def checkout(tmp_path) -> Path:
    """What the Makefile needs of the repository, with an environment it must leave alone."""
    folder = tmp_path / "gobabierto"
    folder.mkdir()
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy2(ROOT / name, folder / name)
    for name in ("gobabierto", "requirements"):
        shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    return folder


def test_the_makefile_stops_before_touching_the_environment(tmp_path, checkout):
    (checkout / ".venv").mkdir()
    (checkout / ".venv" / "keep").write_text("an environment the failed check must not remove", encoding="utf-8")
    old_python = tmp_path / "python3.10"
    old_python.write_text(f'#!/bin/sh\n[ "$1" = "-c" ] && exec "{sys.executable}" -c "{OLD}; $2"\n'
                          f'exec "{sys.executable}" "$@"\n', encoding="utf-8")
    old_python.chmod(0o755)
    done = subprocess.run(["make", "site", f"PYTHON={old_python}"], cwd=checkout, capture_output=True, text=True,
                          timeout=120, env={"PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8"})
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert lines[:2] == [MESSAGE.format(executable=sys.executable),
                         "Con make, indica qué Python usar: make site PYTHON=python3.12"]
    assert sorted(p.name for p in (checkout / ".venv").iterdir()) == ["keep"]


def test_the_makefile_says_when_there_is_no_python_at_all(checkout):
    done = subprocess.run(["make", "site", "PYTHON=python-que-no-existe"], cwd=checkout, capture_output=True,
                          text=True, timeout=60, env={"PATH": "/usr/bin:/bin"})
    assert done.returncode == 2 and not (checkout / ".venv").exists()
    assert done.stderr.splitlines()[0] == ("No se encontró «python-que-no-existe»: instala Python 3.11 o más reciente,"
                                           " o indica cuál usar: make site PYTHON=python3.12")


def test_make_clean_removes_what_make_created_and_nothing_else(checkout):
    before = sorted(p.relative_to(checkout).as_posix() for p in checkout.rglob("*") if p.is_file())
    made = ["_site", "._site.x1y2", ".gobabierto-cache", ".venv", ".venv-newest", ".pytest_cache", "tests/artifacts",
            "node_modules"]
    for folder in made:
        (checkout / folder / "sub").mkdir(parents=True)
        (checkout / folder / "sub" / "file").write_text("", encoding="utf-8")
    done = subprocess.run(["make", "clean"], cwd=checkout, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert [folder for folder in made if (checkout / folder).exists()] == []
    assert sorted(p.relative_to(checkout).as_posix() for p in checkout.rglob("*") if p.is_file()) == before
