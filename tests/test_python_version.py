"""A Python older than 3.11 gets a Spanish message that says which one to install, before
anything is written: from the `gobabierto` command (any command, `init` included) and from the
Makefile, which checks before it removes or creates `.venv/`. The old Python is this one with
`sys.version_info` replaced, so the test runs wherever the suite does."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ROOT
from gobabierto import unsupported_python

MESSAGE = ("gobabierto necesita Python 3.11 o más reciente, y «{executable}» es Python 3.10.12. Instala Python 3.12 (en"
           " Windows y macOS desde https://www.python.org/downloads/; en Ubuntu 22.04: sudo apt install python3.11"
           " python3.11-venv) y vuelve a intentarlo con ese Python. No se cambió nada.")
OLD = "import sys; sys.version_info = (3, 10, 12, 'final', 0)"


def test_the_message_names_the_python_to_install():
    assert unsupported_python((3, 10, 12, "final", 0), "/usr/bin/python3") == MESSAGE.format(executable="/usr/bin/python3")
    assert unsupported_python((3, 11, 0, "final", 0), "/usr/bin/python3") is None
    assert unsupported_python((3, 13, 1, "final", 0), "/usr/bin/python3") is None


def test_the_command_stops_before_writing_anything(tmp_path):
    target = tmp_path / "mi-sitio"
    code = f"{OLD}; import runpy; runpy.run_module('gobabierto', run_name='__main__', alter_sys=True)"
    done = subprocess.run([sys.executable, "-c", code, "init", str(target), "--desde", str(tmp_path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, env={"PYTHONIOENCODING": "utf-8"})
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == MESSAGE.format(executable=sys.executable) + "\n"
    assert not target.exists()


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
