"""A build's entry: refuse an output folder that is not gobabierto's to replace, skip the
build when the stamp says nothing it is made of changed, else run the stages.

This module and what it imports are the standard library's and the build's own light
parts: a build that changed nothing never loads the engine (YAML, Markdown, Jinja,
frictionless). The stages are imported at one place, below."""

from __future__ import annotations

import tempfile
from pathlib import Path

from gobabierto.build import stamp, write
from gobabierto.build.result import BuildResult
from gobabierto.core import paths
from gobabierto.core.progress import Progress, silent


def build_site(root: Path, output: Path, base_url: str | None = None, progress: Progress = silent,
               use_cache: bool = True, workers: int | None = None, search_later: bool = False,
               reasons: dict | None = None) -> BuildResult:
    """Validate, then write the site to `output` atomically. Raises ContentError on content
    problems and write.WriteError on output problems; the old output is left untouched.
    `use_cache=False` forgets what earlier builds left in the cache first (a clean build);
    `workers` forces the number of rendering processes (default: by the amount of work);
    `search_later` leaves the search index out of the build and returns it as
    `result.index_later()`, to run once the output is in place (the preview reloads first);
    `reasons`, a dict, is filled with why each page, open-data part and search shard was
    redone (`build --explicar`)."""
    root, output = Path(root), Path(output)
    reason = write.check_output_location(root, output)
    if reason:
        raise write.WriteError(reason)
    folder = paths.cache_dir(root)
    if not use_cache:
        stamp.forget(folder)
    inputs = stamp.take(root, output, base_url)  # before anything is read
    if use_cache:
        skipped = stamp.up_to_date(folder, inputs, output)
        if skipped is not None:
            return BuildResult(None, output, skipped.pages, skipped.problems, frozenset(), skipped.pages, skipped=True,
                               drafts=skipped.drafts, footprint=skipped.footprint)
    from gobabierto.build import stages  # the seam: only a build that has work to do loads the engine

    with tempfile.TemporaryDirectory(prefix="gobabierto-") as scratch:
        return stages.build(root, output, base_url, Path(scratch), inputs, progress, use_cache, workers, search_later,
                            reasons)
