"""The whole site map as one table: every page's address, template and context."""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from gobabierto.content import derive
from gobabierto.content.models import Site
from gobabierto.content.records import RECORD_TYPES
from gobabierto.pages import feed, ical, searchmap, tracking
from gobabierto.pages.facets import build_facets, commitment_dimensions, dataset_dimensions, pair_pages, value_key
from gobabierto.pages.pagination import paginate
from gobabierto.pages.tracking import overall_progress, status_counts
from gobabierto.pages.urls import Urls
from gobabierto.text import i18n
from gobabierto.text.i18n import N_
from gobabierto.text.labels import label

ICAL_NAME = "calendario.ics"  # the site's calendar, and each plan's and municipality's, and their template
DEFAULT_NAV = ("inicio", "paginas/que-es-gobierno-abierto", "planes", "compromisos", "sesiones", "practicas",
               "convocatorias", "datos")


@dataclass(frozen=True)
class PageSpec:
    path: str                 # site path, e.g. "/compromisos/agua/" or "/sitemap.xml"
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    section: str = ""         # the menu entry it belongs to
    in_sitemap: bool = True

    @property
    def output(self) -> str:
        return Urls.output_file(self.path)


class Relations:
    """Reverse references: which records point at a given record, through which field."""

    def __init__(self, site: Site):
        self.site = site

    @cached_property
    def _index(self) -> dict[tuple[str, str, str], list]:
        index: dict[tuple[str, str, str], list] = {}
        for kind, records in self.site.records.items():
            for spec in RECORD_TYPES[kind].fields:
                target = spec.ref or (spec.item.ref if spec.item is not None else None)
                if target is None:
                    continue
                for record in records:
                    value = getattr(record, spec.key)
                    for slug in value if isinstance(value, tuple) else (value,):
                        if slug:
                            index.setdefault((kind, spec.key, slug), []).append(record)
        for dataset in self.site.datasets:
            for slug in getattr(dataset, "compromisos", ()) or ():
                index.setdefault(("dataset", "compromisos", slug), []).append(dataset)
            municipio = getattr(dataset, "municipio", None)
            if municipio:
                index.setdefault(("dataset", "municipio", municipio), []).append(dataset)
        return index

    def referring(self, kind: str, key: str, slug: str) -> list:
        return list(self._index.get((kind, key, slug), []))

    def about_municipality(self, slug: str) -> dict[str, list]:
        """Everything that refers to a municipality, by kind (plans through `municipios`)."""
        found = {
            "plan": self.referring("plan", "municipios", slug),
            "compromiso": self.referring("compromiso", "municipio", slug),
        }
        for kind in ("sesion", "practica", "manifestacion", "actividad"):
            found[kind] = self.referring(kind, "municipio", slug)
        found["dataset"] = self.referring("dataset", "municipio", slug)
        return found

    def _via_commitments(self, kind: str, commitments) -> list:
        """Records of `kind` that name any of `commitments` in their `compromisos`."""
        return [r for c in commitments for r in self.referring(kind, "compromisos", c.slug)]

    def about_plan(self, slug: str) -> dict[str, list]:
        """Records that concern a plan: named in their `plan`, or through its commitments."""
        commitments = self.referring("compromiso", "plan", slug)
        found = {"compromiso": commitments}
        for kind in ("sesion", "convocatoria", "manifestacion", "actividad", "practica"):
            direct = self.referring(kind, "plan", slug) if kind != "practica" else []
            found[kind] = _by_date(direct + self._via_commitments(kind, commitments))
        return found

    def about_commitment(self, slug: str) -> dict[str, list]:
        """Records and datasets that name a commitment in their `compromisos`."""
        found = {kind: _by_date(self.referring(kind, "compromisos", slug)) for kind in ("sesion", "practica", "actividad")}
        found["dataset"] = self.referring("dataset", "compromisos", slug)
        return found


def _by_date(records) -> list:
    """Each record once, the most recent first (undated ones last)."""
    unique = {(r.kind, r.slug): r for r in records}
    return sorted(unique.values(), reverse=True,
                  key=lambda r: (getattr(r, "fecha", None) or getattr(r, "fecha_cierre", None) or date.min, r.slug))


def navigation(site: Site) -> list[tuple[str, str, str]]:
    """(key, label, site path) for each menu entry, in `navegacion` order, in the site's language."""
    _ = i18n.language(site.config.idioma).gettext
    entries = site.config.navegacion or DEFAULT_NAV
    menu = []
    for entry in entries:
        if entry.startswith("paginas/"):
            page = site.get("pagina", entry.split("/", 1)[1])
            if page is not None:
                menu.append((entry, page.titulo, Urls.record(page)))
        else:
            menu.append((entry, _(label(entry, "nav")), Urls.section(entry)))
    return menu


# The sitemap protocol's limit of URLs in one file (sitemaps.org); above it, /sitemap.xml
# becomes a sitemap index of numbered sitemaps.
SITEMAP_MAX_URLS = 50_000
# At most this many items of each kind on the home page (late commitments, plans,
# municipalities, calls, datasets…); each list links to its full listing.
HOME_ITEMS = 8
# At most this many commitments, overdue milestones and upcoming ones on a plan's or a
# municipality's page; the page links to the listing of all its commitments.
RECORD_PAGE_ITEMS = 12

def paged(path: str, template: str, context: dict, section: str, size: int, gettext,
          in_sitemap: bool = True) -> list[PageSpec]:
    """The listing at `path` cut into pages of `size` of its `records` (see pagination.py):
    each page gets its share of them and a `pager`; pages after the first say their number
    in their title and stay out of the sitemap (their records are in it already)."""
    pages = []
    for pager, chunk in paginate(path, context["records"], size):
        page_context = dict(context, records=chunk, pager=pager)
        if pager.number > 1:
            page_context["title"] = gettext("%(title)s (página %(number)s de %(count)s)", title=context["title"],
                                            number=pager.number, count=pager.count)
        pages.append(PageSpec(pager.path, template, page_context, section, in_sitemap and pager.number == 1))
    return pages


def _filtered_listing(base: str, template: str, base_context: dict, items, dimensions, section: str,
                      noun: str, size: int, gettext, extra=None, pair=None) -> tuple[list, list[PageSpec]]:
    """Facets for the listing at `base`, and the pages of each facet value (see facets.py);
    with `pair` (two of the dimensions), the pages of both filters at once too."""
    facets, filtered = build_facets(base, items, dimensions)
    within, pairs = pair_pages(base, *pair, filtered) if pair else ({}, [])
    pages = []
    for f, second, shown in [(f, None, within.get(f.value.path, {})) for f in filtered] + \
            [(p.first, p.second, shown) for p, shown in pairs]:
        context = dict(base_context)
        label = f.value.label + (f" · {second.value.label}" if second else "")
        # the filters as the page names them: without their items, which each page of the
        # listing shows only its share of (else any of them changing re-renders every page)
        context.update(title=f"{base_context['title']}: {label}", filter=dataclasses.replace(f, items=()),
                       filter2=dataclasses.replace(second, items=()) if second else None,
                       facets=[shown.get(facet.key, facet) for facet in facets],
                       records=list((second or f).items), all_path=base, noun=noun)
        if extra is not None:
            context.update(extra((second or f).items))
        path = second.value.path if second else f.value.path
        pages.extend(paged(path, template, context, section, size, gettext, in_sitemap=False))
    for facet in facets:
        if len(facet.shown()) < len(facet.values):
            title = gettext("%(listing)s por %(facet)s", listing=base_context["title"], facet=facet.label.lower())
            context = {"title": title, "facet": facet,
                       "records": list(facet.values), "all_path": base, "all_title": base_context["title"],
                       "noun": noun}
            pages.extend(paged(facet.path, "filtro.html", context, section, size, gettext, in_sitemap=False))
    return facets, pages


def plans_of(site: Site, plan_slug: str | None, commitments) -> list:
    """The plan a record names, then the plans of the commitments it names, each once."""
    slugs = [plan_slug] if plan_slug else []
    slugs += [c.plan for c in commitments if c is not None]
    return [site.get("plan", s) for s in dict.fromkeys(slugs) if site.get("plan", s) is not None]


def status_filter_paths(commitments) -> dict[str, str]:
    """status → its filtered listing under /compromisos/, when that page exists (the
    facet is offered only when commitments differ in status)."""
    present = {c.status for c in commitments if c.status}
    if len(present) < 2:
        return {}
    return {s: f"{Urls.section('compromiso')}por-estatus/{value_key(s)}/" for s in sorted(present)}


def dashboard(site: Site, relations: Relations, commitments, plans, municipalities) -> dict[str, Any]:
    """What a dashboard shows about a set of commitments: who is late and why, what falls
    due next, and progress per plan and per municipality."""
    commitments = list(commitments)
    in_scope = {c.slug for c in commitments}
    by_plan = [(p, [c for c in relations.referring("compromiso", "plan", p.slug) if c.slug in in_scope])
               for p in plans]
    by_municipality = [(mu, [c for c in relations.referring("compromiso", "municipio", mu.slug) if c.slug in in_scope])
                       for mu in municipalities]
    return {
        "late": tracking.late(commitments, site.today, i18n.language(site.config.idioma)),
        "upcoming": tracking.upcoming(commitments, site.today),
        "upcoming_days": tracking.UPCOMING_DAYS,
        "plan_progress": tracking.progress_by([(p, cs) for p, cs in by_plan if cs]),
        "municipality_progress": tracking.progress_by([(mu, cs) for mu, cs in by_municipality if cs]),
    }


def municipality_dashboard(site: Site, relations: Relations, municipality, related) -> dict[str, Any]:
    commitments = related["compromiso"]
    slugs = dict.fromkeys([p.slug for p in related["plan"]] + [c.plan for c in commitments])
    plans = [site.get("plan", s) for s in slugs if site.get("plan", s) is not None]
    plan_slugs = set(slugs)
    calls = [c for c in site.of("convocatoria") if c.plan in plan_slugs]
    return {
        "commitments": commitments,
        "counts": status_counts(commitments),
        "overall": overall_progress(commitments),
        "plans": plans,
        "calls": calls,  # of its plans: all in its calendar, the open and coming ones on its page
        "open_calls": [c for c in calls if c.state in ("abierta", "proxima")],
        **dashboard(site, relations, commitments, plans, []),
    }


def sitemaps(paths: list[str], limit: int = SITEMAP_MAX_URLS) -> list[PageSpec]:
    """/sitemap.xml listing `paths`; or, when they are more than `limit`, /sitemap.xml as a
    sitemap index of /sitemap-1.xml, /sitemap-2.xml … holding at most `limit` each."""
    if len(paths) <= limit:
        return [PageSpec("/sitemap.xml", "sitemap.xml", {"paths": paths}, in_sitemap=False)]
    parts = [paths[start:start + limit] for start in range(0, len(paths), limit)]
    names = [f"/sitemap-{n}.xml" for n in range(1, len(parts) + 1)]
    return ([PageSpec("/sitemap.xml", "sitemapindex.xml", {"sitemaps": names}, in_sitemap=False)]
            + [PageSpec(name, "sitemap.xml", {"paths": part}, in_sitemap=False) for name, part in zip(names, parts)])


def summarised(context: dict[str, Any], keys, limit: int = RECORD_PAGE_ITEMS) -> dict[str, Any]:
    """For each of `keys`, its first `limit` items as `shown_<key>` (the whole list stays
    under `key`, for counts and charts): a plan or municipality page stays light however
    many commitments refer to it, and links to their listing for the rest."""
    return {f"shown_{key}": list(context[key][:limit]) for key in keys}


def _heaviest(items, weight, limit: int = HOME_ITEMS) -> list:
    """All `items` when they are `limit` or fewer; else the `limit` of greatest `weight`
    (ties: the first ones), kept in their own order."""
    items = list(items)
    if len(items) <= limit:
        return items
    keep = set(sorted(range(len(items)), key=lambda i: -weight(items[i]))[:limit])
    return [item for i, item in enumerate(items) if i in keep]


def home(site: Site, relations: Relations, commitments) -> dict[str, Any]:
    """The home page's context: counts over the whole site, but at most HOME_ITEMS of each
    kind of item (the most overdue, the soonest due, the plans and municipalities with the
    most commitments…), each list with its total so the page can link to the rest."""
    plans, municipalities = site.of("plan"), site.of("municipio")
    board = dashboard(site, relations, commitments, plans, municipalities)
    plan_counts = Counter(c.plan for c in commitments)
    municipality_counts = {row.record.slug: len(row.commitments) for row in board["municipality_progress"]}
    latest_sessions = sorted(site.of("sesion"), key=lambda r: (r.fecha, r.slug), reverse=True)
    open_calls = [c for c in site.of("convocatoria") if c.state in ("abierta", "proxima")]
    totals = {key: len(board[key]) for key in ("late", "upcoming", "plan_progress", "municipality_progress")}
    totals.update(plans=len(plans), municipalities=len(municipalities), open_calls=len(open_calls),
                  datasets=len(site.datasets))
    return {
        "title": site.config.titulo,
        "municipalities": _heaviest(municipalities, lambda mu: municipality_counts.get(mu.slug, 0)),
        "plans": _heaviest(plans, lambda p: plan_counts[p.slug]),
        "plan_counts": plan_counts,
        "commitments": commitments,
        "counts": status_counts(commitments),
        "overall": overall_progress(commitments),
        "open_calls": open_calls[:HOME_ITEMS],
        "latest_sessions": latest_sessions[:5],
        "datasets": site.datasets[:HOME_ITEMS],
        **board,
        "late": board["late"][:HOME_ITEMS],
        "upcoming": board["upcoming"][:HOME_ITEMS],
        "plan_progress": _heaviest(board["plan_progress"], lambda row: len(row.commitments)),
        "municipality_progress": _heaviest(board["municipality_progress"], lambda row: len(row.commitments)),
        "totals": totals,
        "status_paths": status_filter_paths(commitments),
    }


def build_routes(site: Site, sitemap_limit: int = SITEMAP_MAX_URLS) -> list[PageSpec]:
    _lang = i18n.language(site.config.idioma)
    _ = _lang.gettext
    relations = Relations(site)
    size = site.config.por_pagina
    pages: list[PageSpec] = []
    commitments = site.of("compromiso")

    pages.append(PageSpec("/", "inicio.html", home(site, relations, commitments), "inicio"))

    list_order = {
        "sesion": lambda rs: sorted(rs, key=lambda r: (r.fecha, r.slug), reverse=True),
        "convocatoria": lambda rs: sorted(rs, key=lambda r: (r.fecha_cierre, r.slug), reverse=True),
        "actividad": lambda rs: sorted(rs, key=lambda r: (r.fecha, r.slug), reverse=True),
        "manifestacion": lambda rs: sorted(rs, key=lambda r: (r.fecha, r.slug), reverse=True),
        "pagina": lambda rs: sorted(rs, key=lambda r: (r.orden if r.orden is not None else 9999, r.slug)),
        "municipio": lambda rs: sorted(rs, key=lambda r: (r.nombre, r.slug)),
    }
    # the listings first: record pages link to the filtered listing of their commitments
    commitment_lists: dict[tuple[str, str], str] = {}  # (facet, value key) → filtered listing
    for kind, rt in RECORD_TYPES.items():
        records = site.of(kind)
        ordered = list_order.get(kind, list)(records)
        context: dict[str, Any] = {"title": _(rt.plural), "kind": kind, "records": ordered}
        template = f"lista-{kind}.html" if kind == "compromiso" else "lista.html"
        context.update(filter=None, filter2=None, facets=[], all_path=Urls.section(kind), noun=_(rt.plural).lower())
        if kind == "compromiso":
            context["counts"], dimensions = status_counts(records), commitment_dimensions(site)
            context["facets"], filter_pages = _filtered_listing(
                Urls.section(kind), template, context, ordered, dimensions, rt.folder, _(N_("compromisos")), size, _,
                lambda items: {"counts": status_counts(items)}, (dimensions[0], dimensions[-1]))  # plan × estatus
            pages.extend(filter_pages)
            commitment_lists = {(f.key, v.key): v.path for f in context["facets"] for v in f.values}
        pages.extend(paged(Urls.section(kind), template, context, rt.folder, size, _))

    def listing_of(facet: str, slug: str, commitments) -> str | None:
        """The listing of exactly the commitments a plan or municipality page summarises."""
        path = commitment_lists.get((facet, value_key(slug)))
        if path is not None:
            return path
        return Urls.section("compromiso") if commitments and len(commitments) == len(site.of("compromiso")) else None

    events = ical.by_record(site)

    def calendar(record, name: str, records) -> str | None:
        """A plan's or municipality's own calendar, of the events of `records`: its address,
        or None when they have no event (no calendar is published: an empty one would hold
        nothing to subscribe to, and RFC 5545 wants at least one component)."""
        found = ical.of_records(events, records)
        if not found:
            return None
        path = Urls.record(record) + ICAL_NAME
        pages.append(PageSpec(path, ICAL_NAME, {"events": found, "calendar_of": name, "window": None},
                              in_sitemap=False))
        return path

    for kind, rt in RECORD_TYPES.items():
        records = site.of(kind)
        for record in records:
            ctx: dict[str, Any] = {"title": record.titulo, "record": record}
            if kind == "municipio":
                related = relations.about_municipality(record.slug)
                related.update({k: _by_date(related[k]) for k in ("sesion", "practica", "manifestacion", "actividad")})
                ctx["related"] = related
                ctx.update(municipality_dashboard(site, relations, record, related))
                ctx.update(summarised(ctx, ("commitments", "late", "upcoming")),
                           commitments_path=listing_of("municipio", record.slug, ctx["commitments"]),
                           calendar=calendar(record, record.nombre,
                                             [*ctx["commitments"], *related["sesion"], *ctx["calls"]]))
            elif kind == "plan":
                plan_commitments = relations.referring("compromiso", "plan", record.slug)
                ctx.update(
                    commitments=plan_commitments,
                    counts=status_counts(plan_commitments),
                    overall=overall_progress(plan_commitments),
                    calls=relations.referring("convocatoria", "plan", record.slug),
                    call=site.get("convocatoria", record.convocatoria),
                    municipalities=[site.get("municipio", s) for s in record.municipios],
                    related=relations.about_plan(record.slug),
                    overdue=tracking.overdue(plan_commitments, site.today),
                    upcoming=tracking.upcoming(plan_commitments, site.today),
                    commitments_path=listing_of("plan", record.slug, plan_commitments),
                )
                ctx.update(summarised(ctx, ("commitments", "overdue", "upcoming")),
                           calendar=calendar(record, record.titulo, [*plan_commitments, *ctx["related"]["sesion"],
                                                                     *ctx["related"]["convocatoria"], ctx["call"]]))
            elif kind == "compromiso":
                related = relations.about_commitment(record.slug)
                named = [d for d in site.datasets if d.slug in record.datasets]
                ctx.update(
                    plan=site.get("plan", record.plan),
                    municipality=site.get("municipio", record.municipio),
                    sessions=related["sesion"],
                    related=related,
                    datasets=named + [d for d in related["dataset"] if d not in named],
                    late=next(iter(tracking.late([record], site.today, _lang)), None),
                    basis=derive.progress_basis(record.hitos),
                    no_evidence=tracking.without_evidence(record),
                )
            elif kind == "sesion":
                session_commitments = [site.get("compromiso", s) for s in record.compromisos]
                ctx.update(municipality=site.get("municipio", record.municipio),
                           commitments=session_commitments,
                           plans=plans_of(site, record.plan, session_commitments))
            elif kind in ("practica", "manifestacion", "actividad"):
                ctx["municipality"] = site.get("municipio", record.municipio)
                linked = [site.get("compromiso", s) for s in getattr(record, "compromisos", ())]
                ctx.update(commitments=linked, plans=plans_of(site, getattr(record, "plan", None), linked))
            elif kind == "convocatoria":
                ctx["plan"] = site.get("plan", record.plan)
                ctx["municipalities"] = [site.get("municipio", s) for s in ctx["plan"].municipios] if ctx["plan"] else []
            pages.append(PageSpec(Urls.record(record), f"{kind}.html", ctx, rt.folder))

    catalogue = sorted(site.datasets, key=lambda d: (d.titulo.lower(), d.slug))
    context = {"title": _(N_("Datos abiertos")), "datasets": catalogue, "records": catalogue, "filter": None,
               "all_path": "/datos/", "noun": _(N_("conjuntos de datos"))}
    context["facets"], filter_pages = _filtered_listing("/datos/", "datos.html", context, catalogue,
                                                        dataset_dimensions(site), "datos", _(N_("conjuntos de datos")),
                                                        size, _, lambda items: {"datasets": list(items)})
    pages.extend(filter_pages)
    pages.extend(paged("/datos/", "datos.html", context, "datos", size, _))
    for dataset in site.datasets:
        pages.append(PageSpec(Urls.dataset(dataset.slug), "dataset.html", {
            "title": dataset.titulo,
            "description": dataset.descripcion,
            "dataset": dataset,
            "municipality": site.get("municipio", dataset.municipio),
            "commitments": [site.get("compromiso", s) for s in dataset.compromisos],
        }, "datos"))
    listings = {p.path: p.context for p in pages}
    indexed = [p.output for p in pages if searchmap.is_indexed(p.context)] if site.config.busqueda else []
    pages.append(PageSpec("/buscar/", "buscar.html", {
        "title": _(N_("Buscar")),
        "commitment_facets": listings.get(Urls.section("compromiso"), {}).get("facets", []),
        "dataset_facets": listings["/datos/"]["facets"],
        "search_indices": list(searchmap.folders(searchmap.plan(indexed)).values()),
    }, "buscar", in_sitemap=False))
    pages.append(PageSpec("/404.html", "404.html", {"title": _(N_("Página no encontrada"))}, in_sitemap=False))
    pages.append(PageSpec("/" + ICAL_NAME, ICAL_NAME, {"events": ical.site_events(events, site.today),
                                                       "calendar_of": None, "window": ical.site_window(site.today)},
                          in_sitemap=False))
    entries = feed.entries(site)
    pages.append(PageSpec("/feed.xml", "feed.xml", {"title": site.config.titulo, "entries": entries,
                                                    "updated": feed.updated(site, entries)}, in_sitemap=False))
    pages.extend(sitemaps(sorted(p.path for p in pages if p.in_sitemap), sitemap_limit))
    pages.append(PageSpec("/robots.txt", "robots.txt", {}, in_sitemap=False))
    return pages
