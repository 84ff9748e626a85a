#!/usr/bin/env python3
"""Checks a release before it is published, and writes its notes (release.yml runs both).

    python scripts/release.py check v0.2.0 dist/    # exit 1, saying why, if anything is off
    python scripts/release.py notes v0.2.0 dist/    # the GitHub release's notes, in Markdown

`check`: the tag names the version of gobabierto/__init__.py; CHANGELOG.md has that version's
entry, dated; dist/ holds exactly its wheel and sdist; the wheel carries the theme, the message
catalogues, the engine's lock and the site template. `notes`: the CHANGELOG entry, then the
lines a site's requirements.txt takes to use this version (its hashes, from dist/)."""

from __future__ import annotations

import argparse
import re
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gobabierto import __version__  # noqa: E402
from gobabierto.commands.init import local_hashes, requirements  # noqa: E402

CHANGELOG = ROOT / "CHANGELOG.md"
# "## 0.2.0 — 2027-01-15" once released; "## 0.2.0 — sin publicar" while it is being written.
ENTRY = re.compile(r"^## (?P<version>\d+\.\d+\.\d+\S*) — (?P<date>\d{4}-\d{2}-\d{2}|sin publicar)$", re.M)
# What a wheel must carry for `gobabierto init`, `build` and a site's install to work.
WHEEL_MUST_HOLD = {
    "gobabierto/_theme/base.html": "el tema (templates/)",
    "gobabierto/_requirements.txt": "el lock del motor (requirements/engine.txt)",
    "gobabierto/text/locale/en/LC_MESSAGES/messages.po": "los catálogos de mensajes",
    "gobabierto/commands/site_template/.github/workflows/pages.yml": "la plantilla de «gobabierto init»",
}


def entries(text: str) -> dict[str, tuple[str, str]]:
    """version → (date or «sin publicar», the entry's text below its heading)."""
    found = list(ENTRY.finditer(text))
    result = {}
    for i, match in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(text)
        result[match["version"]] = (match["date"], text[match.end():end].strip())
    return result


def problems(tag: str, dist: Path, changelog: str) -> list[str]:
    found = []
    if tag != f"v{__version__}":
        found.append(f"la etiqueta «{tag}» no es v{__version__}, la versión de gobabierto/__init__.py")
    entry = entries(changelog).get(__version__)
    if entry is None:
        found.append(f"CHANGELOG.md no tiene la entrada «## {__version__} — AAAA-MM-DD»")
    elif entry[0] == "sin publicar":
        found.append(f"la entrada {__version__} de CHANGELOG.md dice «sin publicar»: escribe la fecha de la versión")
    expected = {f"gobabierto-{__version__}-py3-none-any.whl", f"gobabierto-{__version__}.tar.gz"}
    present = {p.name for p in dist.iterdir()} if dist.is_dir() else set()
    if present != expected:
        found.append(f"{dist} tiene {sorted(present)}, no exactamente {sorted(expected)}")
    wheel = dist / f"gobabierto-{__version__}-py3-none-any.whl"
    if wheel.is_file():
        names = set(zipfile.ZipFile(wheel).namelist())
        found += [f"el wheel no lleva {what} ({name})" for name, what in WHEEL_MUST_HOLD.items() if name not in names]
    return found


def notes(dist: Path, changelog: str) -> str:
    _date, text = entries(changelog)[__version__]
    pin = "\n".join(line for line in requirements(local_hashes(dist)).splitlines() if not line.startswith("#"))
    return (f"{text}\n\n### Usar esta versión en un sitio\n\nDependabot propone el cambio solo. A mano, estas líneas"
            f" reemplazan las de `gobabierto` en el `requirements.txt` del sitio:\n\n```\n{pin}\n```\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("check", "notes"))
    parser.add_argument("tag")
    parser.add_argument("dist", type=Path)
    args = parser.parse_args()
    changelog = CHANGELOG.read_text(encoding="utf-8")
    found = problems(args.tag, args.dist, changelog)
    if found:
        for problem in found:
            print(f"::error::{problem}")
        return 1
    if args.action == "notes":
        sys.stdout.write(notes(args.dist, changelog))
    else:
        print(f"gobabierto {__version__}: etiqueta, CHANGELOG.md y {args.dist} en orden.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
