"""The search index of a build, in shards (pages/searchmap.py), each run by Pagefind only
when one of its pages changed.

Each shard is cached in `.gobabierto-cache/pagefind/<key>/` under a key made of the
Pagefind binary, the index language, the shard's place in the plan and the digest of every
page it holds. A shard whose key is in the cache is linked into the output as it is; the
others are indexed afresh (Pagefind does not clean its output folder, so each run writes a
new folder that replaces the old one only when it is complete), one Pagefind per core at
most. Keys the build did not use are removed, so the cache holds one index."""

from __future__ import annotations

import hashlib
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from gobabierto.build import explain
from gobabierto.build.cache import FORMAT, SEARCH, link_tree, load_pickle, save_pickle
from gobabierto.core.problems import Problems
from gobabierto.pages import searchmap
from gobabierto.publish import search

MANIFEST = "manifiesto.pickle"


def build_index(folder: Path, staging: Path, written: set[str], problems: Problems, language: str,
                indexed: list[str], reasons: dict | None = None, sizes: dict[str, int] | None = None) -> list[str]:
    """Write the search index of `staging` (its `indexed` pages, output files) into
    `staging/pagefind/`; returns the shards (their keys) that were indexed afresh. A site
    without pages to index, or built with `busqueda: false`, gets no index. With `reasons`,
    each shard indexed afresh → why (explain.shard_reason) goes in it. `sizes` is told the
    bytes of each file of the index (output path → size), like `Writer.sizes`."""
    if not any(path.split("/", 1)[0] == searchmap.FOLDER for path in written):
        shutil.rmtree(staging / searchmap.FOLDER, ignore_errors=True)  # a spare tree's old index
    elif indexed:
        search.unavailable(problems, f"la carpeta «{searchmap.FOLDER}/» del sitio (en static/) ocupa el lugar del"
                           " índice de búsqueda; cámbiale el nombre")
        return []
    if not indexed:
        return []
    binary = search.find_binary()
    if binary is None:
        search.unavailable(problems, "no está instalado Pagefind, el programa que crea el índice; instálalo con"
                           " «pip install 'pagefind[bin]'» y vuelve a generar el sitio")
        return []
    try:
        stat = binary.stat()
    except OSError as exc:
        search.unavailable(problems, f"Pagefind no pudo ejecutarse ({exc})")
        return []
    identity = [str(FORMAT), str(binary), str(stat.st_size), str(stat.st_mtime_ns), language, *search.UNUSED]
    plan = searchmap.plan(indexed)
    keys, digests = {}, {}
    for index, pages in plan.items():
        digests[index] = {rel: indexed_digest(staging / rel) for rel in pages}
        parts = [*identity, str(len(plan)), str(index), *(f"{rel}={d}" for rel, d in digests[index].items())]
        keys[index] = hashlib.blake2b("\n".join(parts).encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()
    base = folder / SEARCH
    missing = [index for index, key in keys.items() if not _cached(base / key)]
    if reasons is not None:
        for index in missing:
            previous = _previous_pages(base, len(plan), index)
            reasons[f"búsqueda: fragmento {index + 1} de {len(plan)}"] = explain.shard_reason(previous, digests[index])
    jobs = [(keys[i], plan[i], (len(plan), i, digests[i])) for i in missing]
    failures = _index_shards(binary, base, staging, language, jobs)
    if failures:
        search.unavailable(problems, failures[0])
        shutil.rmtree(staging / searchmap.FOLDER, ignore_errors=True)
        return []
    for index, folder_name in searchmap.folders(plan).items():
        linked = link_tree(base / keys[index] / "indice", staging / folder_name)
        if sizes is not None:
            sizes.update((folder_name + rel, size) for rel, size, _ in linked)
    _prune(base, set(keys.values()))
    return [keys[i] for i in missing]


def indexed_digest(page: Path) -> str:
    """The digest of what Pagefind reads of a page: its <html> tag (the language), its title
    and its <main> (the indexed body, with the kind in data-pagefind-meta). The footer's dates
    and the menu change on many pages at once; the index does not, so neither does the key."""
    try:
        html = page.read_bytes()
    except OSError:
        return "?"
    head = html[:html.find(b">", html.find(b"<html")) + 1] if b"<html" in html else b""
    title_at = html.find(b"<title")
    title = html[title_at:html.find(b"</title>", title_at)] if title_at >= 0 else b""
    main_at = html.find(b"<main")
    main = html[main_at:html.rfind(b"</main>") + 7] if main_at >= 0 else html
    return hashlib.blake2b(b"\0".join((head, title, main)), digest_size=16).hexdigest()


def _previous_pages(base: Path, count: int, index: int) -> dict[str, str] | None:
    """The pages (and their digests) of the cached shard at the same place of a plan of as
    many shards, if the cache holds one."""
    try:
        entries = [e for e in base.iterdir() if e.is_dir() and not e.name.startswith(".")]
    except OSError:
        return None
    for entry in entries:
        manifest = load_pickle(entry / MANIFEST, entry.name)
        if manifest and manifest.get("place") == (count, index):
            return manifest.get("pages")
    return None


def _cached(entry: Path) -> bool:
    """Whether the cached shard is whole: every file it had, of the size and time it had."""
    manifest = load_pickle(entry / MANIFEST, entry.name)
    if manifest is None or not manifest.get("files"):
        return False
    try:
        return all((entry / "indice" / rel).stat().st_size == size and (entry / "indice" / rel).stat().st_mtime_ns == mtime
                   for rel, size, mtime in manifest["files"])
    except OSError:
        return False


def _index_shards(binary: Path, base: Path, staging: Path, language: str, jobs: list[tuple[str, list[str], tuple]]) -> list[str]:
    """Run Pagefind for each (key, pages, place), one per core at most; the reasons of any
    that failed. `place`: (shards in the plan, this one's index, its pages' digests)."""
    if not jobs:
        return []
    workers = max(1, min(os.cpu_count() or 1, len(jobs)))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        found = list(pool.map(lambda job: _index_shard(binary, base, staging, language, *job), jobs))
    return [reason for reason in found if reason]


def _index_shard(binary: Path, base: Path, staging: Path, language: str, key: str, pages: list[str],
                 place: tuple) -> str | None:
    work = base / f".trabajo-{key}"
    shutil.rmtree(work, ignore_errors=True)
    try:
        for rel in pages:  # the shard's pages, at their paths, so that Pagefind's addresses are the site's
            target = work / "sitio" / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(staging / rel, target)
            except OSError:
                shutil.copyfile(staging / rel, target)
        reason = search.run_pagefind(binary, work / "sitio", work / "indice", language)
        if reason is not None:
            return reason
        entry = base / key
        shutil.rmtree(entry, ignore_errors=True)
        entry.mkdir(parents=True)
        os.replace(work / "indice", entry / "indice")
        files = [(p.relative_to(entry / "indice").as_posix(), p.stat().st_size, p.stat().st_mtime_ns)
                 for p in sorted((entry / "indice").rglob("*")) if p.is_file()]
        save_pickle(entry / MANIFEST, {"format": FORMAT, "engine": key, "files": files, "place": place[:2],
                                       "pages": place[2]})
        return None
    except OSError as exc:
        return f"no se pudo escribir el índice de búsqueda en la caché ({exc.strerror or exc})"
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _prune(base: Path, keep: set[str]) -> None:
    try:
        entries = list(base.iterdir())
    except OSError:
        return
    for entry in entries:
        if entry.name not in keep:
            shutil.rmtree(entry, ignore_errors=True)
