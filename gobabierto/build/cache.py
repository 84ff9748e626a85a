"""The incremental build's cache, beside the dataset cache in `.gobabierto-cache/`.

- `registros.pickle`: each content file's parsed document (`readers.read_document`), keyed
  by a digest of its path and bytes; files that had problems are not kept.
- `cuerpos.pickle`: each Markdown body's conversion (`markdown.Body`: its HTML, problems,
  languages, remote images and summary), keyed by a digest of its text; the bodies of the
  last build only.
- `paginas/indice.pickle`: for each output file of a page, the fingerprint it was rendered
  with (fingerprint.py), the site reads its templates made and their digests, and the name
  of its bytes; the bytes live in `paginas/<2 hex>/<digest of the bytes>` and are
  hard-linked into the output (copied where a link is not possible). A file is trusted only
  while its size and modification time are those it was written with, or when its bytes
  still hash to its name, so an output file edited in place is never published again.
- `pagefind/<key>/`: each shard of the last build's search index, keyed by the digest of
  every HTML file it indexed and by the Pagefind binary (search_index.py).

Everything is versioned (FORMAT and the engine digest); a corrupt, foreign or unreadable
cache is ignored and rebuilt, never fatal. The cache folder itself is the dataset cache's
(`datacache.DIRNAME`, or `$GOBABIERTO_CACHE_DIR/sitios/<digest of the site's path>`)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import shutil
import tempfile
from pathlib import Path

from gobabierto.content.readers import Document, read_document
from gobabierto.core.paths import cache_dir
from gobabierto.core.problems import Problems
from gobabierto.datasets.cache import DIRNAME, mark_cache_folder
from gobabierto.text import markdown

FORMAT = 1
PAGES = "paginas"
INDEX = "indice.pickle"
RECORDS = "registros.pickle"
BODIES = "cuerpos.pickle"
SEARCH = "pagefind"


def _file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


_FILE_MODE = _file_mode()


def blob_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def file_digest(path: Path) -> str | None:
    hasher = hashlib.blake2b(digest_size=16)
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                hasher.update(chunk)
    except OSError:
        return None
    return hasher.hexdigest()


def load_pickle(path: Path, engine: str) -> dict | None:
    try:
        with open(path, "rb") as handle:
            data = pickle.load(handle)
    except Exception:  # noqa: BLE001 — a corrupt or foreign cache is only a slower build
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("engine") != engine:
        return None
    return data


def save_pickle(path: Path, data: dict) -> None:
    """Write atomically; a cache that cannot be written is only a slower next build."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _mark(path.parent)
        fd, temporary = tempfile.mkstemp(prefix=".nuevo-", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError:
        try:
            os.unlink(temporary)  # type: ignore[possibly-undefined]
        except (OSError, NameError):
            pass


def _mark(folder: Path) -> None:
    """The .gitignore and CACHEDIR.TAG at the top of the cache folder."""
    top = folder
    while top.name != DIRNAME and top.parent != top and top.name != "sitios":
        top = top.parent
    if top.name != DIRNAME:
        return
    mark_cache_folder(top)


class RecordCache:
    """Parsed documents by the digest of their path and bytes."""

    def __init__(self, folder: Path, engine: str):
        self.path = folder / RECORDS
        self.engine = engine
        loaded = load_pickle(self.path, engine)
        self._old: dict[str, Document] = loaded.get("docs", {}) if loaded else {}
        self._new: dict[str, Document] = {}
        self.hits = 0
        self.changed: list[str] = []  # the files read afresh: new or changed since the last build

    def read(self, path: Path, rel_path: str, problems: Problems) -> Document | None:
        try:
            key = hashlib.blake2b(rel_path.encode("utf-8", "surrogateescape") + b"\0" + path.read_bytes(),
                                  digest_size=16).hexdigest()
        except OSError:
            return read_document(path, rel_path, problems)
        found = self._old.get(key)
        if found is not None:
            self.hits += 1
            self._new[key] = found
            return found
        self.changed.append(rel_path)
        before = len(problems.items)
        doc = read_document(path, rel_path, problems)
        if doc is not None and len(problems.items) == before:
            self._new[key] = doc  # the file may have changed since it was hashed: then it simply never hits
        return doc

    def save(self) -> None:
        if self._new.keys() != self._old.keys():
            save_pickle(self.path, {"format": FORMAT, "engine": self.engine, "docs": self._new})


def load_bodies(folder: Path, engine: str) -> markdown.Bodies:
    """The store of converted bodies, holding those the last build kept."""
    loaded = load_pickle(folder / BODIES, engine)
    known = loaded.get("bodies") if loaded else None
    return markdown.Bodies(known if isinstance(known, dict) else None)


def save_bodies(folder: Path, engine: str, bodies: markdown.Bodies) -> None:
    """Keep the bodies this build used, when they are not exactly the ones it found."""
    if bodies.conversions or bodies.used.keys() != bodies.known.keys():
        save_pickle(folder / BODIES, {"format": FORMAT, "engine": engine, "bodies": bodies.used})


class PageCache:
    """Rendered pages by output path: fingerprint, tracked reads, and their bytes."""

    def __init__(self, folder: Path, engine: str):
        self.folder = folder / PAGES
        self.engine = engine
        loaded = load_pickle(self.folder / INDEX, engine)
        self._old: dict[str, tuple] = loaded.get("pages", {}) if loaded else {}
        self._new: dict[str, tuple] = {}
        self.templates: dict = loaded.get("templates", {}) if loaded else {}  # fingerprint.Templates.known
        self._old_groups: dict[str, list] = loaded.get("groups", {}) if loaded else {}
        self._new_groups: dict[str, list] = {}

    def blob_path(self, digest: str) -> Path:
        return self.folder / digest[:2] / digest

    def lookup(self, rel: str, fingerprint: str, reads_match) -> Path | None:
        """The stored bytes of `rel` if it was rendered with this fingerprint and its reads
        still read the same; they are kept for the next build."""
        entry = self._old.get(rel)
        if entry is None or entry[0] != fingerprint or not reads_match(entry[1]):
            return None
        _, reads, digest, size, mtime = entry
        blob = self.blob_path(digest)
        try:
            stat = blob.stat()
        except OSError:
            return None
        if stat.st_size != size or stat.st_mtime_ns != mtime:
            if stat.st_size != size or file_digest(blob) != digest:
                return None  # altered: render it again
            mtime = stat.st_mtime_ns
        self._new[rel] = (fingerprint, reads, digest, size, mtime)
        return blob

    def previous(self, rel: str) -> tuple | None:
        """What the last build recorded of `rel`: (fingerprint, reads, digest, size, mtime)."""
        return self._old.get(rel)

    def put(self, data: bytes) -> tuple[str, int, int] | None:
        """Keep `data`: (name, size, mtime) of its stored copy, or None if it can't be stored.
        Safe to call from worker processes."""
        digest = blob_digest(data)
        blob = self.blob_path(digest)
        try:
            stat = blob.stat()
            if stat.st_size != len(data) or file_digest(blob) != digest:
                raise FileNotFoundError
        except OSError:
            try:
                blob.parent.mkdir(parents=True, exist_ok=True)
                fd, temporary = tempfile.mkstemp(prefix=".nuevo-", dir=blob.parent)
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                os.chmod(temporary, _FILE_MODE)  # it is published as it is: the mode of any written file
                os.replace(temporary, blob)
                stat = blob.stat()
            except OSError:
                return None
        return digest, len(data), stat.st_mtime_ns

    @contextlib.contextmanager
    def open_text(self):
        """(file open for text, finish): write into a temporary file in the cache; `finish()`
        files it under its digest and returns (name, size, mtime) like `put`. The file is None
        when the cache cannot be written."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(prefix=".nuevo-", dir=self.folder)
        except OSError:
            yield None, lambda: None
            return
        done: list = []

        def finish():
            return done[0] if done else None

        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="", buffering=1 << 16) as out:
                yield out, finish
            digest = file_digest(Path(temporary))
            if digest is None:
                raise OSError(f"no se pudo leer «{temporary}»")
            blob = self.blob_path(digest)
            blob.parent.mkdir(parents=True, exist_ok=True)
            os.chmod(temporary, _FILE_MODE)
            os.replace(temporary, blob)
            stat = blob.stat()
            done.append((digest, stat.st_size, stat.st_mtime_ns))
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)

    def record(self, rel: str, fingerprint: str, reads: tuple, digest: str, size: int, mtime: int) -> None:
        self._new[rel] = (fingerprint, reads, digest, size, mtime)

    def group(self, key: str) -> list[tuple[str, Path]] | None:
        """The files of a group of outputs stored under `key` (`store_group`), if every one
        is still intact; they are kept for the next build."""
        entry = self._old_groups.get(key)
        if entry is None:
            return None
        found = []
        for rel, digest, size, mtime in entry:
            blob = self.blob_path(digest)
            try:
                stat = blob.stat()
            except OSError:
                return None
            if (stat.st_size, stat.st_mtime_ns) != (size, mtime) and file_digest(blob) != digest:
                return None
            found.append((rel, blob))
        self._new_groups[key] = entry
        return found

    def store_group(self, key: str, files: list[tuple[str, str, int, int]]) -> None:
        self._new_groups[key] = files

    def digest_of(self, rel: str) -> str | None:
        entry = self._new.get(rel)
        return entry[2] if entry else None

    def save(self, keep_blobs: set[str] = frozenset()) -> None:
        """Write the index of this build and drop the bytes no page uses any more."""
        save_pickle(self.folder / INDEX, {"format": FORMAT, "engine": self.engine, "pages": self._new,
                                    "templates": self.templates, "groups": self._new_groups})
        used = {entry[2] for entry in self._new.values()} | set(keep_blobs)
        used |= {digest for files in self._new_groups.values() for _, digest, _, _ in files}
        try:
            shards = [s for s in self.folder.iterdir() if s.is_dir() and len(s.name) == 2]
            for shard in shards:
                for blob in shard.iterdir():
                    if blob.name not in used:
                        blob.unlink(missing_ok=True)
        except OSError:
            pass


def clear(root: Path) -> None:
    """Forget the pages, records and bodies (`--no-cache`); the dataset cache has its own keys."""
    folder = cache_dir(root)
    shutil.rmtree(folder / PAGES, ignore_errors=True)
    shutil.rmtree(folder / SEARCH, ignore_errors=True)
    for name in (RECORDS, BODIES):
        try:
            (folder / name).unlink()
        except OSError:
            pass


def link_tree(source: Path, target: Path) -> list[tuple[str, int, int]]:
    """Hard-link (or copy) every file of `source` into `target`; their (path, size, mtime)."""
    files = []
    for path in sorted(source.rglob("*")):
        if path.is_dir():
            continue
        rel = path.relative_to(source).as_posix()
        destination = target / rel
        destination.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, destination)
        except OSError:
            shutil.copyfile(path, destination)
        stat = path.stat()
        files.append((rel, stat.st_size, stat.st_mtime_ns))
    return files
