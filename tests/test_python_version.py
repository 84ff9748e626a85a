"""A Python older than 3.11 gets a Spanish message that says which one to install, before
anything is written, from the `gobabierto` command (any command, `init` included); the
Makefile's own check is in test_makefile.py. The old Python is this one with
`sys.version_info` replaced, so the test runs wherever the suite does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from helpers import ROOT
from gobabierto import unsupported_python

MESSAGE = ("gobabierto necesita Python 3.11 o más reciente, y «{executable}» es Python 3.10.12. Instala Python 3.12 (en"
           " Windows y macOS desde https://www.python.org/downloads/; en Ubuntu 22.04: sudo apt install python3.11"
           " python3.11-venv) y vuelve a intentarlo con ese Python. No se cambió nada.")
OLD = "import sys; sys.version_info = (3, 10, 12, 'final', 0)"  # what an old Python says


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
