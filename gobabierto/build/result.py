"""What a build did: the site it read, where it wrote, how many pages, what it found."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from gobabierto.core.problems import Problems

MAX_DRAFTS_NAMED = 5

if TYPE_CHECKING:
    from gobabierto.content.models import Site


@dataclass
class BuildResult:
    site: Site | None                       # None when the build was skipped: nothing was read
    output: Path
    pages: int
    problems: Problems
    rendered: frozenset[str] = frozenset()  # output files of the pages rendered by this build
    reused: int = 0                         # pages whose bytes came from the build cache (all, if skipped)
    skipped: bool = False                   # nothing changed since the last build: nothing was done
    conversions: int = 0                    # Markdown bodies converted (the others came from the cache)
    drafts: tuple[str, ...] = ()            # the files of the records left out as drafts
    # with build_site(search_later=True): writes the search index into the output, returns its problems
    index_later: Callable[[], Problems] | None = None

    def drafts_note(self) -> str:
        """How many drafts the build left out, and which (Spanish); empty when none."""
        if not self.drafts:
            return ""
        shown = ", ".join(self.drafts[:MAX_DRAFTS_NAMED])
        rest = len(self.drafts) - MAX_DRAFTS_NAMED
        shown += f" y {rest} más" if rest > 0 else ""
        if len(self.drafts) == 1:
            return f"1 borrador no se publicó («borrador: true»): {shown}."
        return f"{len(self.drafts)} borradores no se publicaron («borrador: true»): {shown}."
