#!/usr/bin/env python3
"""Writes docs/referencia.md, the field reference for editors, from the field tables, the
problem codes and the published addresses (gobabierto/publish/fieldref.py).

    python scripts/referencia.py            # write docs/referencia.md
    python scripts/referencia.py --check    # exit 1 if docs/referencia.md is not what the tables give

Run it after changing a field table, a problem code or an address, and commit the result;
tests/publish/test_reference.py fails until then."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gobabierto.publish.fieldref import OUTPUT, reference  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="no escribe nada: dice si el archivo está al día")
    args = parser.parse_args()
    path = ROOT / OUTPUT
    text = reference()
    current = path.read_text(encoding="utf-8") if path.is_file() else None
    if args.check:
        if current != text:
            print(f"{OUTPUT} no está al día: ejecuta «python scripts/referencia.py» y confirma el cambio")
            return 1
        print(f"{OUTPUT} está al día")
        return 0
    if current != text:
        path.write_text(text, encoding="utf-8", newline="\n")
        print(f"actualizado {OUTPUT}")
    else:
        print(f"{OUTPUT} ya estaba al día")
    return 0


if __name__ == "__main__":
    sys.exit(main())
