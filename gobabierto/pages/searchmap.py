"""The part of the site map that the search page and the search indexer share: which pages
the index holds (a record's or a dataset's page, the ones base.html marks
`data-pagefind-body`) and how they are split into shards.

A site of up to SHARD_PAGES indexed pages keeps one index at `pagefind/`, which a search
downloads pieces of as today. A bigger site splits its pages into K shards of about
SHARD_PAGES / 2 to SHARD_PAGES pages each, `pagefind/0/` … `pagefind/K-1/`, each a whole
Pagefind bundle that the search page merges in the browser (Pagefind's `mergeIndex`). A
page's shard comes from a hash of its address, so an edit re-indexes only its own shard,
and each indexer's memory stays bounded whatever the size of the site."""

from __future__ import annotations

import math
import zlib

FOLDER = "pagefind"
# Pages per shard at most. Pagefind holds about 200 KB per page while indexing: 4,000 pages
# are under 1 GB, and two indexers (one per core) stay under 2 GB.
SHARD_PAGES = 4_000


def is_indexed(context: dict) -> bool:
    """Whether a page with this context is in the search index (its main content is a
    record or a dataset: base.html marks it data-pagefind-body)."""
    return bool(context.get("record") or context.get("dataset"))


def shard_count(indexed: int) -> int:
    return max(1, math.ceil(indexed / SHARD_PAGES))


def shard_of(output: str, shards: int) -> int:
    """The shard of a page, by its output file (e.g. `compromisos/agua/index.html`)."""
    return zlib.crc32(output.encode("utf-8")) % shards if shards > 1 else 0


def plan(indexed: list[str]) -> dict[int, list[str]]:
    """Shard → its pages (output files, sorted), for the shards that hold any."""
    shards = shard_count(len(indexed))
    found: dict[int, list[str]] = {}
    for output in sorted(indexed):
        found.setdefault(shard_of(output, shards), []).append(output)
    return dict(sorted(found.items()))


def folders(shards: dict[int, list[str]]) -> dict[int, str]:
    """Each shard's folder in the site, relative to its root, with a trailing slash: one
    index at `pagefind/`, or `pagefind/<shard>/` for each shard of a bigger site."""
    if shard_count(sum(len(pages) for pages in shards.values())) <= 1:
        return {index: f"{FOLDER}/" for index in shards}
    return {index: f"{FOLDER}/{index}/" for index in shards}
