"""What a build did: the site it read, where it wrote, how many pages, what it found."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Mapping

from gobabierto.core.problems import Problems

MAX_DRAFTS_NAMED = 5
SECTIONS_NAMED = 3  # the largest sections the summary and the size's problems name
# the problems of the published size (build/budget.py): shown even by a quiet build
SIZE_CODES = frozenset({"publicacion-cerca-del-limite", "publicacion-excede-el-limite"})

if TYPE_CHECKING:
    from gobabierto.content.models import Site


MB, GB = 1_000_000, 1_000_000_000  # decimal, as hosts state their limits


@dataclass(frozen=True)
class Footprint:
    """What a build publishes: its bytes, its files, and the bytes of each top-level section
    (a folder, «compromisos/», or a file at the root, «data.json»), largest first."""

    size: int
    files: int
    sections: tuple[tuple[str, int], ...]

    def largest(self, count: int = SECTIONS_NAMED) -> str:
        """«compromisos/ 210 MB, datos/ 120 MB, api/ 40 MB»."""
        return ", ".join(f"{name} {human_size(size)}" for name, size in self.sections[:count])

    def line(self) -> str:
        """The build summary's line (Spanish)."""
        files = f"{thousands(self.files)} {'archivo' if self.files == 1 else 'archivos'}"
        largest = self.largest()
        return f"Publicado: {human_size(self.size)} en {files}" + (f" — {largest}." if largest else ".")


def measure(sizes: Mapping[str, int]) -> Footprint:
    """The footprint of the files `sizes` names (output path → bytes)."""
    sections: dict[str, int] = {}
    for path, size in sizes.items():
        top, slash, _ = path.partition("/")
        name = top + slash
        sections[name] = sections.get(name, 0) + size
    ordered = tuple(sorted(sections.items(), key=lambda item: (-item[1], item[0])))
    return Footprint(sum(sizes.values()), len(sizes), ordered)


def thousands(n: int) -> str:
    """61 204: thousands set apart by a space (NOM-008-SCFI), which no reader takes for a decimal mark."""
    return f"{n:,}".replace(",", " ")


def human_size(size: int) -> str:
    """Bytes in decimal units, with a decimal point: «340 KB», «4.2 MB», «412 MB», «1.2 GB»."""
    if size < MB:
        return f"{max(1, round(size / 1000)) if size else 0} KB"
    if size < 10 * MB:
        return f"{size / MB:.1f} MB".replace(".0 ", " ")
    if size < GB:
        return f"{round(size / MB)} MB"
    return f"{size / GB:.2f}".rstrip("0").rstrip(".") + " GB"


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
    footprint: Footprint | None = None      # what the output holds (without its index, with search_later)

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
