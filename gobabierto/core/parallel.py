"""Work spread over every core when there is enough of it to pay for it: page rendering
(build.reuse) and dataset validation (datasets.validate).

Workers are forked (Linux, macOS with fork available) after the data they need exists (the
site, the Jinja environment, the page table, the datasets to validate), so they inherit it
instead of receiving it pickled: a task is only an index. Small jobs, a process with other
threads running (`gobabierto serve`) or a system without fork stay in one process."""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from typing import Callable, Iterator, Sequence

MIN_PAGES = 1000  # below this, starting workers costs more than it saves
ENV_WORKERS = "GOBABIERTO_PROCESOS"

# (work, items): set in the parent just before forking, read by the workers.
_STATE: tuple | None = None


def workers_for(count: int, enough: bool | None = None) -> int:
    """How many processes to do `count` tasks with (1: in this process). The work pays for
    workers when `enough` says so, by default when there are MIN_PAGES tasks or more;
    $GOBABIERTO_PROCESOS forces a number."""
    configured = os.environ.get(ENV_WORKERS, "").strip()
    if configured.isdigit() and int(configured) > 0:
        wanted = int(configured)
    else:
        if not (count >= MIN_PAGES if enough is None else enough):
            return 1
        wanted = os.cpu_count() or 1
    if wanted <= 1 or count < 2 or _threads_running() or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return wanted


def _threads_running() -> bool:
    """Other threads (`gobabierto serve`'s server and watcher) could hold a lock at the
    moment of the fork, which the child would then wait on for ever."""
    return threading.active_count() > 1


def _run(index: int):
    work, items = _STATE  # type: ignore[misc]
    return index, work(items[index])


def forked_map(work: Callable, items: Sequence, workers: int, ordered: bool = True) -> Iterator[tuple]:
    """Yield (index, work(item)) for each of `items`: in this process when `workers` ≤ 1,
    else in `workers` forked processes. `ordered`: in the items' order; otherwise as each
    finishes (put the longest tasks first so that no core is left with one at the end).
    `work` and the items are inherited by the workers; only indices and results travel."""
    global _STATE
    if workers <= 1 or len(items) < 2:
        for index, item in enumerate(items):
            yield index, work(item)
        return
    _STATE = (work, items)
    # The site is inherited, not copied: its pages stay shared with the parent as long as
    # nobody writes to them. The cyclic collector would (it links every object it tracks),
    # so what exists now is moved out of its reach in the parent, and so in the workers.
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(min(workers, len(items))) as pool:
            spread = pool.imap if ordered else pool.imap_unordered
            yield from spread(_run, range(len(items)))
    finally:
        _STATE = None
        gc.unfreeze()


