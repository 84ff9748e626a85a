#!/usr/bin/env python3
"""Keeps the interface's message catalogues in step with the code and the theme.

    python scripts/catalogo.py            # extract, then update every catalogue in place
    python scripts/catalogo.py --check    # exit 1 if a catalogue lacks, marks fuzzy or keeps stale messages

Messages are extracted with Babel from gobabierto/*.py (`_`, `gettext`, `ngettext`, `N_`),
from the theme's templates (Jinja's `_`, `ngettext`, `{% trans %}`) and from its scripts.
A new message enters each catalogue untranslated (it must then be translated by hand; the
check and the tests fail until it is); a message no longer used leaves it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gobabierto.text.catalogues import catalogue_problems, update_catalogues  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="no cambia nada: dice qué falta o sobra")
    args = parser.parse_args()
    if not args.check:
        for path in update_catalogues():
            print(f"actualizado {path.relative_to(ROOT)}")
    problems = catalogue_problems()
    for line in problems:
        print(line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
