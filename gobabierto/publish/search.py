"""The search index: Pagefind run over the staging folder before it is swapped in.

Pagefind (`pagefind[bin]` from PyPI) reads the built pages marked `data-pagefind-body`
(records and datasets) and writes `pagefind/` — the index split in small pieces, the
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
from pathlib import Path

from gobabierto.core.paths import SETTINGS_FILE
from gobabierto.core.problems import Problems

OUTPUT_FOLDER = "pagefind"
LANGUAGE = "es"   # the default: Pagefind's language code for es-MX
# Pagefind's prebuilt interfaces (and their CSS): unused, since buscar.js renders results.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
TIMEOUT = 600
UNAVAILABLE = "busqueda-no-disponible"


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


def _unavailable(problems: Problems, reason: str) -> None:
    problems.warn(UNAVAILABLE, f"el sitio se generó sin buscador: {reason}. La página /buscar/ muestra las"
                  " secciones y los filtros en su lugar", SETTINGS_FILE)


def index_site(staging: Path, written: set[str], problems: Problems, language: str = LANGUAGE) -> bool:
    """Index the pages in `staging` into `staging/pagefind/`. True when the index was
    written; otherwise a warning says why and the site goes on without it."""
    if any(path.split("/", 1)[0] == OUTPUT_FOLDER for path in written):
        _unavailable(problems, f"la carpeta «{OUTPUT_FOLDER}/» del sitio (en static/) ocupa el lugar del índice"
                     " de búsqueda; cámbiale el nombre")
        return False
    binary = find_binary()
    if binary is None:
        _unavailable(problems, "no está instalado Pagefind, el programa que crea el índice; instálalo con"
                     " «pip install 'pagefind[bin]'» y vuelve a generar el sitio")
        return False
    command = [str(binary), "--site", str(staging), "--output-subdir", OUTPUT_FOLDER,
               "--force-language", language, "--quiet"]
    try:
        run = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
    except (OSError, subprocess.SubprocessError) as exc:
        _unavailable(problems, f"Pagefind no pudo ejecutarse ({exc})")
        shutil.rmtree(staging / OUTPUT_FOLDER, ignore_errors=True)
        return False
    if run.returncode != 0:
        detail = " ".join((run.stderr or run.stdout).split())[-300:]
        _unavailable(problems, f"Pagefind terminó con error ({detail or run.returncode})")
        shutil.rmtree(staging / OUTPUT_FOLDER, ignore_errors=True)
        return False
    for name in UNUSED:
        (staging / OUTPUT_FOLDER / name).unlink(missing_ok=True)
    return True
