"""Filters that work without JavaScript: one pre-rendered page per value of each facet.

A listing at "/compromisos/" with a facet "estatus" gets pages such as
"/compromisos/por-estatus/retrasado/", each listing the items that carry that value.
Those pages sit one level deeper than records, so they never collide with a slug."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from gobabierto.core.slugs import slugify

ValuesOf = Callable[[Any], Iterable[tuple[str, str]]]  # item → (value key, value label) pairs


@dataclass(frozen=True)
class Dimension:
    key: str          # "estatus" → pages under "por-estatus/"
    label: str        # "Estatus", shown as the filter group's heading
    values_of: ValuesOf
    order: tuple[str, ...] = ()  # value keys in display order; alphabetical by label when empty


@dataclass(frozen=True)
class FacetValue:
    key: str
    label: str
    count: int
    path: str         # site path of the filtered page


# A facet with more values than this shows only its largest ones beside a listing, and
# links to its own page of every value (a national site has 2,469 municipalities).
INLINE_VALUES = 20


@dataclass(frozen=True)
class Facet:
    key: str
    label: str
    values: tuple[FacetValue, ...]
    path: str = ""    # site path of the page listing every value, when there are too many to show

    def shown(self, active_key: str | None = None) -> tuple[FacetValue, ...]:
        """The values to show beside a listing: all when they are INLINE_VALUES or fewer,
        else the INLINE_VALUES with most items (and the active one), in their usual order."""
        limit = INLINE_VALUES
        if len(self.values) <= limit:
            return self.values
        keep = set(sorted(range(len(self.values)), key=lambda i: -self.values[i].count)[:limit])
        return tuple(v for i, v in enumerate(self.values) if i in keep or v.key == active_key)


@dataclass(frozen=True)
class Filtered:
    """One filtered page: which facet and value, and the items that carry it."""

    facet: Facet
    value: FacetValue
    items: tuple


MAX_KEY = 60  # a page's folder name: file systems refuse names over 255 bytes


def value_key(text: str) -> str:
    """A URL-safe key for a free-text value ("Obras Públicas" → "obras-publicas"). A long
    value is cut and ends in a short hash of the whole, so two long values stay apart."""
    key = slugify(str(text)) or "sin-valor"
    if len(key) > MAX_KEY:
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]
        key = key[:MAX_KEY - 9].rstrip("-") + "-" + digest
    return key


def build_facets(base_path: str, items: Iterable, dimensions: Iterable[Dimension]) -> tuple[list[Facet], list[Filtered]]:
    """Facets to show on the listing at `base_path`, and one Filtered per facet value.
    Facets with fewer than two values are left out: there is nothing to choose."""
    items = list(items)
    facets: list[Facet] = []
    filtered: list[Filtered] = []
    for dim in dimensions:
        members: dict[str, list] = {}
        labels: dict[str, str] = {}
        for item in items:
            seen = set()
            for key, text in dim.values_of(item):
                key = value_key(key)
                if key in seen:
                    continue
                seen.add(key)
                labels.setdefault(key, text)
                members.setdefault(key, []).append(item)
        if len(members) < 2:
            continue
        keys = sorted(members, key=lambda k: (dim.order.index(k) if k in dim.order else len(dim.order),
                                              slugify(labels[k])))
        values = tuple(FacetValue(k, labels[k], len(members[k]), f"{base_path}por-{dim.key}/{k}/") for k in keys)
        facet = Facet(dim.key, dim.label, values, f"{base_path}por-{dim.key}/")
        facets.append(facet)
        filtered.extend(Filtered(facet, v, tuple(members[v.key])) for v in values)
    return facets, filtered
