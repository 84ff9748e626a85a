"""Filters that work without JavaScript: one pre-rendered page per value of each facet.

A listing at "/compromisos/" with a facet "estatus" gets pages such as
"/compromisos/por-estatus/retrasado/", each listing the items that carry that value.
Those pages sit one level deeper than records, so they never collide with a slug."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from gobabierto.content.models import Site
from gobabierto.core.slugs import slugify
from gobabierto.text import i18n
from gobabierto.text.i18n import N_
from gobabierto.text.labels import label

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


def _facet(dim: Dimension, items: Iterable, path_of: Callable[[str], str], path: str = "",
           minimum: int = 2) -> tuple[Facet | None, dict[str, list]]:
    """The facet of `dim` over `items` (None with fewer than `minimum` values: by default,
    with one there is nothing to choose),
    each value's page at `path_of(value key)` and the page of all its values at `path`, and
    the items of each value."""
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
    if len(members) < max(minimum, 1):
        return None, members
    keys = sorted(members, key=lambda k: (dim.order.index(k) if k in dim.order else len(dim.order),
                                          slugify(labels[k])))
    values = tuple(FacetValue(k, labels[k], len(members[k]), path_of(k)) for k in keys)
    return Facet(dim.key, dim.label, values, path), members


def build_facets(base_path: str, items: Iterable, dimensions: Iterable[Dimension]) -> tuple[list[Facet], list[Filtered]]:
    """Facets to show on the listing at `base_path`, and one Filtered per facet value.
    Facets with fewer than two values are left out: there is nothing to choose."""
    items = list(items)
    facets: list[Facet] = []
    filtered: list[Filtered] = []
    for dim in dimensions:
        facet, members = _facet(dim, items, lambda k, d=dim.key: f"{base_path}por-{d}/{k}/", f"{base_path}por-{dim.key}/")
        if facet is not None:
            facets.append(facet)
            filtered.extend(Filtered(facet, v, tuple(members[v.key])) for v in facet.values)
    return facets, filtered


# Two facets combined, one page per pair of values (a plan's commitments with one status), as
# long as the pages stay this few; beyond, each facet filters on its own.
MAX_PAIR_PAGES = 2_000


@dataclass(frozen=True)
class Pair:
    """A page of two filters at once: `first` narrowed by `second` (its items carry both)."""

    first: Filtered
    second: Filtered


def pair_pages(base_path: str, first: Dimension, second: Dimension,
               filtered: list[Filtered]) -> tuple[dict[str, Facet], list[tuple[Pair, dict[str, Facet]]]]:
    """Combining the values of `first` and `second` without JavaScript: for each page of one
    value, the other facet counted within it, its values leading to the pages of both at
    "por-<first>/<a>/por-<second>/<b>/"; and those pages, each with the facets it shows in
    place of the listing's (key → facet). Nothing when the pages would be too many."""
    def pair_path(a: str, b: str) -> str:
        return f"{base_path}por-{first.key}/{a}/por-{second.key}/{b}/"

    within: dict[tuple[str, str], Facet] = {}
    pairs: list[tuple[Filtered, Filtered]] = []
    for f in filtered:  # a choice of one is not offered
        if f.facet.key not in (first.key, second.key):
            continue
        if f.facet.key == first.key:
            facet, members = _facet(second, f.items, lambda k, a=f.value.key: pair_path(a, k), minimum=1)
            pairs += [(f, Filtered(facet, v, tuple(members[v.key]))) for v in facet.values] if facet else []
        else:
            facet, _ = _facet(first, f.items, lambda k, b=f.value.key: pair_path(k, b), minimum=1)
        if facet is not None and len(facet.values) > 1:
            within[(f.facet.key, f.value.key)] = facet
    if len(pairs) > MAX_PAIR_PAGES:
        return {}, []
    shown = {}
    for f in filtered:
        facet = within.get((f.facet.key, f.value.key))
        if facet is not None:
            shown[f.value.path] = {facet.key: facet}
    pages = []
    for a, b in pairs:
        facets = {key: within[(other, value)] for key, other, value in (
            (second.key, first.key, a.value.key), (first.key, second.key, b.value.key)) if (other, value) in within}
        if facets:  # else no page links to it: the plan's only status, the status' only plan
            pages.append((Pair(a, b), facets))
    return shown, pages


STATUS_ORDER = ("retrasado", "en_proceso", "no_iniciado", "cumplido", "cancelado")


def commitment_dimensions(site: Site) -> list[Dimension]:
    _ = i18n.language(site.config.idioma).gettext

    def plan_of(c):
        plan = site.get("plan", c.plan)
        return [(c.plan, plan.titulo if plan else c.plan)]

    def municipality_of(c):
        slug = c.municipio or (lambda p: p.municipios[0] if p and len(p.municipios) == 1 else None)(site.get("plan", c.plan))
        found = site.get("municipio", slug)
        return [(slug, found.nombre)] if found else []

    return [
        Dimension("plan", _(N_("Plan")), plan_of),
        Dimension("municipio", _(N_("Municipio")), municipality_of),
        Dimension("pilar", _(N_("Pilar")), lambda c: [(p, _(label(p, "pillar"))) for p in c.pilares]),
        Dimension("estatus", _(N_("Estatus")), lambda c: [(c.status, _(label(c.status, "status")))] if c.status else [],
                  order=tuple(value_key(s) for s in STATUS_ORDER)),
    ]


def dataset_dimensions(site: Site) -> list[Dimension]:
    _ = i18n.language(site.config.idioma).gettext

    def municipality_of(d):
        found = site.get("municipio", d.municipio)
        return [(d.municipio, found.nombre)] if found else []

    return [
        Dimension("municipio", _(N_("Municipio")), municipality_of),
        Dimension("tema", _(N_("Tema")), lambda d: [(d.tema, d.tema)] if d.tema else []),
        Dimension("dependencia", _(N_("Dependencia")), lambda d: [(d.dependencia, d.dependencia)] if d.dependencia else []),
        Dimension("formato", _(N_("Formato")), lambda d: [(f, f) for f in d.formats]),
    ]
