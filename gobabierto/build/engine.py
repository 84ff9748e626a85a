"""The engine's identity: gobabierto's own code and data (message catalogues, the packaged
theme) and the versions of Python and of the libraries that read and render. The build's
caches (through fingerprint.engine_digest) and the build stamp (stamp.py) are keyed by it.
Computed once per process, without importing any of those libraries."""

from __future__ import annotations

import functools
import hashlib
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from gobabierto import __version__
from gobabierto.core import paths

# What renders, reads and formats: Babel's locale data shape dates and numbers, tzdata the
# build's date in the site's time zone.
LIBRARIES = ("jinja2", "markdown-it-py", "mdit-py-plugins", "nh3", "markupsafe", "pyyaml", "frictionless", "babel", "tzdata")


def hash_parts(*parts: str | bytes) -> str:
    """One digest of several parts, each length-prefixed (so ("ab", "c") ≠ ("a", "bc"))."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


def engine_files(package: Path = paths.PACKAGE) -> list[Path]:
    """Every file of the engine's package, code and data (message catalogues, the packaged
    theme), in a stable order; bytecode left out."""
    return [path for path in sorted(package.rglob("*"))
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"]


@functools.lru_cache(maxsize=1)
def digest() -> str:
    package = paths.PACKAGE
    parts = [__version__, sys.version]
    for dist in LIBRARIES:
        try:
            parts.append(f"{dist}={version(dist)}")
        except PackageNotFoundError:
            parts.append(f"{dist}=?")
    for path in engine_files(package):
        parts.append(path.relative_to(package).as_posix())
        parts.append(hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest())
    return hash_parts(*parts)
