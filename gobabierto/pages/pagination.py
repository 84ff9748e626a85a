"""Long listings cut into numbered pages, as static pages that work without JavaScript.

Page 1 keeps the listing's own address ("/compromisos/"); page N lives at
"<listing>pagina/N/" ("/compromisos/pagina/2/", "/compromisos/por-estatus/retrasado/pagina/2/").
Those addresses sit one level below a record's and under the word "pagina", so they never
take a record's place. A listing that fits on one page gets no page 2 and no navigation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

SEGMENT = "pagina"
DEFAULT_SIZE = 50
EDGE = 1      # page numbers always offered at each end…
AROUND = 2    # …and on each side of the current page; the rest becomes "…"


def page_path(base: str, number: int) -> str:
    """Site path of page `number` of the listing at `base` (page 1 is `base` itself)."""
    return base if number == 1 else f"{base}{SEGMENT}/{number}/"


@dataclass(frozen=True)
class Pager:
    """Where one page sits in its listing."""

    base: str      # the listing's address (page 1)
    number: int    # this page, from 1
    count: int     # how many pages the listing has
    total: int     # items over all pages
    first: int     # position (from 1) of this page's first item; 0 when the listing is empty
    last: int      # position of its last item

    @property
    def path(self) -> str:
        return page_path(self.base, self.number)

    @property
    def prev(self) -> str | None:
        return page_path(self.base, self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return page_path(self.base, self.number + 1) if self.number < self.count else None

    def path_of(self, number: int) -> str:
        return page_path(self.base, number)

    def window(self) -> list[int | None]:
        """Page numbers to offer, in order, with None where a run of numbers is left out:
        the ends, and the pages around this one (1 … 4 5 [6] 7 8 … 20)."""
        shown = sorted({n for n in range(1, self.count + 1)
                        if n <= EDGE or n > self.count - EDGE or abs(n - self.number) <= AROUND})
        out: list[int | None] = []
        for n in shown:
            if out and n - out[-1] == 2:
                out.append(n - 1)   # a gap of a single page is shown, not elided
            elif out and n - out[-1] > 2:
                out.append(None)
            out.append(n)
        return out


def paginate(base: str, items: Sequence, size: int = DEFAULT_SIZE) -> list[tuple[Pager, list]]:
    """(pager, the items of that page) for every page of the listing at `base`, in order.
    An empty listing still has its page 1."""
    items = list(items)
    size = max(1, int(size))
    count = max(1, -(-len(items) // size))
    pages = []
    for number in range(1, count + 1):
        chunk = items[(number - 1) * size:number * size]
        first = (number - 1) * size + 1 if chunk else 0
        pages.append((Pager(base, number, count, len(items), first, first + len(chunk) - 1 if chunk else 0), chunk))
    return pages
