"""gobabierto: static "Gobierno Abierto" micro-sites from YAML/Markdown records and CSV datasets."""

from __future__ import annotations

import sys

# The one place the version is written: pyproject.toml reads it from here (hatch's version
# source), `gobabierto --version` prints it, CHANGELOG.md and the release tag name it.
__version__ = "0.1.0"

# The oldest Python the engine runs on (pyproject.toml's requires-python says the same).
OLDEST_PYTHON = (3, 11)


def unsupported_python(running: tuple = tuple(sys.version_info), executable: str = sys.executable) -> str | None:
    """The Spanish message for a Python too old to run gobabierto, or None."""
    if running[:2] >= OLDEST_PYTHON:
        return None
    oldest = ".".join(map(str, OLDEST_PYTHON))
    return (f"gobabierto necesita Python {oldest} o más reciente, y «{executable}» es Python"
            f" {'.'.join(map(str, running[:3]))}. Instala Python 3.12 (en Windows y macOS desde"
            f" https://www.python.org/downloads/; en Ubuntu 22.04: sudo apt install python3.11 python3.11-venv)"
            f" y vuelve a intentarlo con ese Python. No se cambió nada.")


# Checked on import, before any command reads or writes a file: every entry point (the
# `gobabierto` command, `python -m gobabierto`, the Makefile's first step) goes through here.
if unsupported_python() is not None:
    raise SystemExit(unsupported_python())
