"""Rendering pages over every core when there are enough of them to pay for it.

Workers are forked (Linux, macOS with fork available) after the site, the Jinja environment
and the page table exist, so they inherit them instead of receiving them pickled. Each task
is a run of page indices; a worker renders them, stores each page's bytes in the page cache
itself (returning only their name) and returns the site reads its templates made. Results
come back in page order (`imap`), so the output and the cache index do not depend on
scheduling. Small jobs, a process with other threads running (`gobabierto serve`) or a
system without fork stay in one process."""

from __future__ import annotations

import multiprocessing
import os
import threading
from typing import Callable, Iterator

from .render import RenderError, render_page

MIN_PAGES = 1000  # below this, starting workers costs more than it saves
CHUNK = 100
ENV_WORKERS = "GOBABIERTO_PROCESOS"

# (env, tracker, pages, store): set in the parent just before forking, read by workers.
_STATE: tuple | None = None


def workers_for(count: int) -> int:
    """How many processes to render `count` pages with (1: in this process)."""
    configured = os.environ.get(ENV_WORKERS, "").strip()
    if configured.isdigit() and int(configured) > 0:
        wanted = int(configured)
    else:
        if count < MIN_PAGES:
            return 1
        wanted = os.cpu_count() or 1
    if wanted <= 1 or threading.active_count() > 1 or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return wanted


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


def _chunk(indices: list[int]) -> list[tuple]:
    env, tracker, pages, store = _STATE  # type: ignore[misc]
    return [(i, *_render_one(env, tracker, pages[i], store)) for i in indices]


def render(env, tracker, pages, indices: list[int], store: Callable[[bytes], tuple | None],
           workers: int | None = None) -> Iterator[tuple]:
    """Yield (index, result, reads) for each of `indices`, in order (see `_render_one`)."""
    global _STATE
    workers = workers_for(len(indices)) if workers is None else workers
    if workers <= 1 or len(indices) < 2:
        for i in indices:
            yield (i, *_render_one(env, tracker, pages[i], store))
        return
    chunks = [indices[n:n + CHUNK] for n in range(0, len(indices), CHUNK)]
    _STATE = (env, tracker, pages, store)
    try:
        with multiprocessing.get_context("fork").Pool(min(workers, len(chunks))) as pool:
            for results in pool.imap(_chunk, chunks):
                yield from results
    finally:
        _STATE = None
