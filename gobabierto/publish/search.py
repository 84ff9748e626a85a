"""Pagefind, the search indexer: where its binary is, and one run of it over a folder of
pages. What is indexed and in how many shards is the site map's (pages/searchmap.py); the
runs, their cache and their order are the build's (build/search_index.py).

Pagefind (`pagefind[bin]` from PyPI) reads the built pages marked `data-pagefind-body`
(records and datasets) and writes a bundle — the index split in small pieces, the
WebAssembly that reads it and `pagefind.js` — beside them, so the search page works with
nothing from another host. The index is in the site's `idioma` whatever a passage says
(`--force-language es` or `en`: one index, with that language's stemming and stop words). Pagefind's ready-made interfaces are removed:
`/buscar/` draws its results with `assets/buscar.js` and the theme's styles, which keeps
the style budget. Pages carry their kind as `data-pagefind-meta`, not as a Pagefind filter:
Pagefind 1.5 writes its filter files in a different order on every run, and the site must
come out byte-identical from the same sources. Without the binary the site is built all the same, with a warning."""

from __future__ import annotations

import shutil
import subprocess
import threading
from pathlib import Path

from gobabierto.core.paths import SETTINGS_FILE
from gobabierto.core.problems import Problems

LANGUAGE = "es"   # the default: Pagefind's language code for es-MX
# Pagefind's prebuilt interfaces (and their CSS): unused, since buscar.js renders results.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
TIMEOUT = 600
UNAVAILABLE = "busqueda-no-disponible"

_running: set[subprocess.Popen] = set()  # the Pagefind runs under way, for stop_running()
_running_lock = threading.Lock()


def find_binary() -> Path | None:
    """The Pagefind executable shipped by `pagefind[bin]`, or one on PATH; None if absent."""
    try:  # pagefind's Python package is optional: a Pagefind on PATH does as well
        from pagefind.service import get_executable
    except ImportError:
        found = None
    else:
        try:
            found = get_executable()
        except (FileNotFoundError, OSError):
            found = None
    if found is None:
        on_path = shutil.which("pagefind_extended") or shutil.which("pagefind")
        found = Path(on_path) if on_path else None
    return found


def unavailable(problems: Problems, reason: str) -> None:
    problems.warn(UNAVAILABLE, f"el sitio se generó sin buscador: {reason}. La página /buscar/ muestra las"
                  " secciones y los filtros en su lugar", SETTINGS_FILE)


def run_pagefind(binary: Path, pages: Path, output: Path, language: str = LANGUAGE) -> str | None:
    """Index the HTML pages under `pages` (a folder mirroring the site's paths) into a new
    bundle at `output`. None when it worked; else why not, in Spanish."""
    command = [str(binary), "--site", str(pages), "--output-path", str(output), "--force-language", language,
               "--quiet"]
    try:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"Pagefind no pudo ejecutarse ({exc})"
    with _running_lock:
        _running.add(process)
    try:
        stdout, stderr = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        return f"Pagefind no terminó en {TIMEOUT} s"
    finally:
        with _running_lock:
            _running.discard(process)
    if process.returncode != 0:
        detail = " ".join((stderr or stdout).split())[-300:]
        return f"Pagefind terminó con error ({detail or process.returncode})"
    for name in UNUSED:
        (output / name).unlink(missing_ok=True)
    return None


def stop_running() -> None:
    """End every Pagefind run under way (the preview is closing: its index is not needed)."""
    with _running_lock:
        running = list(_running)
    for process in running:
        try:
            process.kill()
        except OSError:
            pass
