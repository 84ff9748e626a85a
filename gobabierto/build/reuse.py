"""Outputs taken from the build cache when what they are made of is unchanged: each page by
its fingerprint and the site values its templates read (fingerprint.py), and the site-wide
open data by the whole site's digest. What changed is rendered, over several processes when
there is enough of it (core.parallel), and kept in the cache for the next build.

Rendering over several processes: each task is a run of page indices; a worker renders
them, stores each page's bytes in the page cache itself (returning only their name) and
returns the site reads its templates made. Results come back in page order, so the output
and the cache index do not depend on scheduling."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Callable, Iterator

from gobabierto.build import cache as buildcache
from gobabierto.build import explain, fingerprint, write
from gobabierto.core import clock, parallel
from gobabierto.core.problems import Problems
from gobabierto.core.progress import Progress
from gobabierto.pages.render import RenderError, render_page


def render_pages(env, tracker, site, urls, pages, writer: write.Writer, cache: buildcache.PageCache,
                 problems: Problems, progress: Progress, workers: int | None, reasons: dict | None = None) -> tuple:
    """Every page into the writer: its bytes from the cache when its fingerprint and its
    site reads are unchanged, else rendered. Returns (output files rendered, pages reused,
    output file → digest of its bytes where known, the build's Fingerprints). With
    `reasons`, each rendered page's output file → why (explain.page_reason) goes in it."""
    # the language: the filters (dates, numbers) and the gettext globals are bound to it
    fingerprints = fingerprint.Fingerprints(env, site, base=f"{urls.origin}|{urls.prefix}|{site.config.idioma}",
                                            clock=clock.build_now(site.config.zona_horaria).isoformat(),
                                            known_templates=cache.templates)
    prints: list[str | None] = []
    kept: dict[int, Path] = {}
    for index, page in enumerate(pages):
        try:
            found = fingerprints.page(page)
        except fingerprint.Uncacheable:
            found = None
        prints.append(found)
        if found is not None:
            blob = cache.lookup(page.output, found, fingerprints.reads_match)
            if blob is not None:
                kept[index] = blob
    to_render = [i for i in range(len(pages)) if i not in kept]
    if reasons is not None:
        for index in to_render:
            entry = cache.previous(pages[index].output)
            changed = fingerprints.changed_reads(entry[1]) if entry and entry[0] == prints[index] else []
            shown = explain.shown_changes(pages[index].context, getattr(reasons, "changed_files", frozenset()))
            reasons[pages[index].output] = explain.page_reason(entry, prints[index], changed, shown)
    rendered = render(env, tracker, pages, to_render, cache.put, workers)
    try:
        return _collect(pages, kept, prints, rendered, fingerprints, writer, cache, problems, progress)
    finally:
        rendered.close()  # stops the workers if writing failed part-way


def _collect(pages, kept, prints, rendered, fingerprints, writer, cache, problems, progress):
    done = 0
    rendered_files: set[str] = set()
    digests: dict[str, str] = {}
    pending = next(rendered, None)
    for index, page in enumerate(pages):
        done += 1
        progress("paginas", done, len(pages))
        if index in kept:
            writer.link(page.output, kept[index])
            digests[page.output] = kept[index].name
            continue
        assert pending is not None and pending[0] == index
        _, result, reads = pending
        pending = next(rendered, None)
        rendered_files.add(page.output)
        if result[0] == "error":
            _, message, template, line = result
            problems.add("plantilla-invalida", f"{message} (al generar {page.path})", f"templates/{template or page.template}",
                         line)
            continue
        if result[0] == "bytes":
            writer.write(page.output, result[1])
            continue
        _, digest, size, mtime = result
        if prints[index] is not None:
            try:
                cache.record(page.output, prints[index], fingerprints.digest_reads(reads), digest, size, mtime)
            except fingerprint.Uncacheable:
                pass
        writer.link(page.output, cache.blob_path(digest))
        digests[page.output] = digest
    cache.templates = fingerprints.templates.used_known
    return rendered_files, len(kept), digests, fingerprints


class _Recording:
    """A writer that keeps what it is given in the build cache and links it into the output,
    noting each file; any other use of the writer makes the group uncacheable."""

    def __init__(self, writer: write.Writer, cache: buildcache.PageCache):
        self.writer, self.cache = writer, cache
        self.files: list[tuple[str, str, int, int]] | None = []

    def write(self, rel_path: str, content: str | bytes) -> None:
        data = content.encode("utf-8") if isinstance(content, str) else content
        stored = self.cache.put(data)
        if stored is None:
            self.files = None
            self.writer.write(rel_path, data)
            return
        self.writer.link(rel_path, self.cache.blob_path(stored[0]))
        if self.files is not None:
            self.files.append((rel_path, *stored))

    @contextlib.contextmanager
    def open_text(self, rel_path: str):
        """Like Writer.open_text (streamed, never whole in memory), into the cache first."""
        with self.cache.open_text() as (out, finish):
            if out is None:  # the cache cannot be written: straight into the output
                self.files = None
                with self.writer.open_text(rel_path) as direct:
                    yield direct
                return
            yield out
        stored = finish()
        if stored is None:
            raise OSError(f"no se pudo guardar «{rel_path}» en la caché de construcción")
        self.writer.link(rel_path, self.cache.blob_path(stored[0]))
        if self.files is not None:
            self.files.append((rel_path, *stored))

    def __getattr__(self, name: str):
        self.files = None
        return getattr(self.writer, name)


def open_data(parts, writer: write.Writer, cache: buildcache.PageCache, fingerprints: fingerprint.Fingerprints,
              reasons: dict | None = None) -> None:
    """Each part of the open data (publish/open_data.py) from the cache when what it is made
    of is unchanged (Fingerprints.open_data): a changed commitment rewrites the commitments'
    API file, not the sessions' nor, when nothing else changed, anything else. With
    `reasons`, each rewritten part → why goes in it."""
    for part in parts:
        try:
            key = fingerprints.open_data(part.name, part.inputs, part.whole_site)
        except fingerprint.Uncacheable:
            part.write(writer)
            if reasons is not None:
                reasons[f"datos abiertos: {part.name}"] = explain.UNCACHEABLE
            continue
        found = cache.group(key)
        if found is not None:
            for rel, blob in found:
                writer.link(rel, blob)
            continue
        if reasons is not None:
            reasons[f"datos abiertos: {part.name}"] = ("cambió todo el sitio o el momento de la construcción"
                                                       if part.whole_site else "cambió lo que contiene")
        recording = _Recording(writer, cache)
        part.write(recording)
        if recording.files is not None:
            cache.store_group(key, recording.files)


CHUNK = 100  # pages per task of a rendering worker


def _render_one(env, tracker, page, store: Callable[[bytes], tuple | None]):
    """(index-free result): ("blob", name, size, mtime) | ("bytes", data) | ("error", message, template, line)."""
    tracker.start()
    try:
        text = render_page(env, page)
    except RenderError as exc:
        return ("error", str(exc), exc.template, exc.line), tracker.stop()
    reads = tracker.stop()
    data = text.encode("utf-8")
    stored = store(data)
    return (("blob", *stored) if stored is not None else ("bytes", data)), reads


def render(env, tracker, pages, indices: list[int], store: Callable[[bytes], tuple | None],
           workers: int | None = None) -> Iterator[tuple]:
    """Yield (index, result, reads) for each of `indices`, in order (see `_render_one`)."""
    workers = parallel.workers_for(len(indices)) if workers is None else workers
    if workers <= 1 or len(indices) < 2:
        for i in indices:
            yield (i, *_render_one(env, tracker, pages[i], store))
        return
    chunks = [indices[n:n + CHUNK] for n in range(0, len(indices), CHUNK)]

    def render_chunk(chunk: list[int]) -> list[tuple]:
        return [(i, *_render_one(env, tracker, pages[i], store)) for i in chunk]

    for _, results in parallel.forked_map(render_chunk, chunks, workers):
        yield from results
