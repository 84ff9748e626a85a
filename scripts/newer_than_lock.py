"""Which installed packages are newer (or older) than requirements/test.txt locks: what the
weekly workflow (newest.yml) writes into its summary, so a red run names the releases that
may have broken it. Run it with the environment's Python: `python scripts/newer_than_lock.py`."""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

from packaging.markers import Marker
from packaging.utils import canonicalize_name

LOCK = Path(__file__).resolve().parent.parent / "requirements" / "test.txt"
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def locked() -> dict[str, str]:
    pins = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match and (match[3] is None or Marker(match[3]).evaluate()):
            pins[canonicalize_name(match[1])] = match[2]
    return pins


def main() -> int:
    pins = locked()
    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}
    rows = [(name, pins.get(name, "—"), version) for name, version in sorted(installed.items())
            if name not in ("pip", "setuptools", "wheel", "gobabierto") and pins.get(name) != version]
    print(f"### Versiones distintas de las de `requirements/test.txt` (Python {sys.version.split()[0]})\n")
    if not rows:
        print("Ninguna: las versiones más nuevas son las que ya están fijadas.")
        return 0
    print("| paquete | fijada | instalada |\n|---|---|---|")
    for name, pin, version in rows:
        print(f"| {name} | {pin} | {version} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
