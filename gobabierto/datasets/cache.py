"""Dataset validation results cached by content hash.

An entry is a folder `<cache>/datos/<slug>/<key>/` holding `resultado.json` (the problems
found, row counts, the preview) and the files to publish (UTF-8 CSV, JSON rows). The key is
the sha256 of gobabierto's and frictionless' versions, the descriptor and every data file's
sha256, so any change to any of them misses the cache. The cache lives in
`.gobabierto-cache/` under the site (or `$GOBABIERTO_CACHE_DIR`); when it cannot be written
a temporary folder serves the one build."""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import shutil
import tempfile
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from gobabierto import __version__
from gobabierto.core import paths

DIRNAME = paths.CACHE
HASHES = "huellas.json"
# A file whose content changed within this long of its hashing could have changed again
# without its modification time moving (coarse file-system clocks): its hash is not trusted
# from the memo (the rule git uses for its index).
RACY_NS = 2_000_000_000
FORMAT = 4  # bump when what an entry holds changes
RESULT = "resultado.json"


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _versions() -> list[str]:
    try:
        frictionless_version = version("frictionless")
    except PackageNotFoundError:  # pragma: no cover - frictionless is a dependency
        frictionless_version = "?"
    return [__version__, frictionless_version, str(FORMAT)]


def mark_cache_folder(top: Path) -> None:
    """The cache folder's .gitignore (nothing in it is committed) and CACHEDIR.TAG (backup
    tools may leave it out), written once."""
    ignore = top / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# Caché de gobabierto: se regenera sola; no se sube al repositorio.\n*\n", encoding="utf-8")
        (top / "CACHEDIR.TAG").write_text("Signature: 8a477f597d28d172789f06886806bc55\n"
                                          "# Caché de gobabierto.\n", encoding="utf-8")


class Cache:
    def __init__(self, root: Path):
        configured = os.environ.get("GOBABIERTO_CACHE_DIR")
        self.shared = bool(configured)  # a folder other sites may use too
        self.base = (Path(configured) if configured else Path(root) / DIRNAME) / "datos"
        self._temporary: Path | None = None
        self._versions = _versions()
        self._root = Path(root).resolve()
        self._hashes: dict[str, list] | None = None
        self._hashes_changed = False
        self._hashed: set[str] = set()

    def file_hash(self, path: Path, sha256_of) -> str:
        """The file's sha256, from the memo when its size, modification and change times and
        inode are those it had when hashed (and it had not changed just before), else
        computed with `sha256_of(path)` and remembered. Raises OSError like stat."""
        name = str(path.resolve())
        if not Path(name).is_relative_to(self._root):  # generated for this build only
            return sha256_of(path)
        self._hashed.add(name)
        stat = path.stat()
        identity = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]
        memo = self._load_hashes()
        known = memo.get(name)
        if (isinstance(known, list) and len(known) == 6 and known[:4] == identity
                and isinstance(known[5], int) and known[5] - max(stat.st_mtime_ns, stat.st_ctime_ns) > RACY_NS):
            return known[4]
        hashed_at = time.time_ns()
        digest = sha256_of(path)
        memo[name] = identity + [digest, hashed_at]
        self._hashes_changed = True
        return digest

    def save_hashes(self, prune: bool = False) -> None:
        """Write the memo of file hashes; with `prune`, only of the files hashed by this cache
        (the site's current data files)."""
        memo = self._load_hashes()
        if prune:
            kept = {name: value for name, value in memo.items() if name in self._hashed}
            self._hashes_changed |= len(kept) != len(memo)
            memo = self._hashes = kept
        if not self._hashes_changed:
            return
        try:
            self.base.mkdir(parents=True, exist_ok=True)
            self._mark_base()
            handle, temporary = tempfile.mkstemp(prefix=".huellas-", dir=self.base)
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump({"formato": FORMAT, "archivos": memo}, stream, ensure_ascii=False)
            os.replace(temporary, self.base / HASHES)
        except OSError:
            return  # only the memo is lost: the next build hashes again
        self._hashes_changed = False

    def _load_hashes(self) -> dict[str, list]:
        if self._hashes is None:
            try:
                stored = json.loads((self.base / HASHES).read_text(encoding="utf-8"))
                files = stored.get("archivos") if isinstance(stored, dict) and stored.get("formato") == FORMAT else None
                self._hashes = files if isinstance(files, dict) else {}
            except (OSError, ValueError):
                self._hashes = {}
        return self._hashes

    def key(self, descriptor: Any, file_hashes: list[str]) -> str:
        material = json.dumps([self._versions, descriptor, file_hashes], sort_keys=True, default=str,
                              ensure_ascii=False)
        return hashlib.sha256(material.encode("utf-8")).hexdigest()

    def load(self, slug: str, key: str) -> tuple[dict, Path] | None:
        """The cached result and its folder, or None (missing, unreadable or incomplete)."""
        folder = self.base / slug / key
        try:
            result = json.loads((folder / RESULT).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(result, dict) or result.get("formato") != FORMAT:
            return None
        if any(not (folder / name).is_file() for name in result.get("archivos", ())):
            return None
        return result, folder

    def workdir(self, slug: str) -> Path:
        """A fresh folder to compute an entry in."""
        try:
            (self.base / slug).mkdir(parents=True, exist_ok=True)
            self._mark_base()
            return Path(tempfile.mkdtemp(prefix=".nuevo-", dir=self.base / slug))
        except OSError:
            return Path(tempfile.mkdtemp(prefix=f"{slug}-", dir=self._temp_base()))

    def store(self, slug: str, key: str, workdir: Path, result: dict) -> Path:
        """Save `result` with the files in `workdir` as the entry for `key`; older entries of
        the same dataset are removed. Returns the entry's folder."""
        result = {**result, "formato": FORMAT}
        try:
            (workdir / RESULT).write_text(json.dumps(result, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        except OSError:
            return workdir  # the files to publish are there; only the cache is lost
        if self._temporary is not None and workdir.is_relative_to(self._temporary):
            return workdir
        final = self.base / slug / key
        try:
            workdir.rename(final)
        except OSError:
            if (final / RESULT).is_file():  # another build stored the same entry first
                self.discard(workdir)
                return final
            return workdir
        stale = time.time() - 3600
        try:
            for sibling in (self.base / slug).iterdir():
                if sibling.name == key:
                    continue
                if sibling.name.startswith(".nuevo-") and _mtime(sibling) > stale:
                    continue  # another build may be computing there right now
                shutil.rmtree(sibling, ignore_errors=True)
        except OSError:
            pass  # old entries stay; they are only disk space
        return final

    def prune(self, slugs: set[str]) -> None:
        """Forget datasets the site no longer has (only in the site's own cache folder)."""
        if self.shared or not self.base.is_dir():
            return
        for folder in self.base.iterdir():
            if folder.is_dir() and folder.name not in slugs:
                shutil.rmtree(folder, ignore_errors=True)

    def discard(self, workdir: Path) -> None:
        shutil.rmtree(workdir, ignore_errors=True)

    def _mark_base(self) -> None:
        mark_cache_folder(self.base.parent)

    def _temp_base(self) -> Path:
        if self._temporary is None:
            self._temporary = Path(tempfile.mkdtemp(prefix="gobabierto-datos-"))
            atexit.register(shutil.rmtree, self._temporary, True)
        return self._temporary
