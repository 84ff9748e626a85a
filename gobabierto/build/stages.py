"""The only module that knows the order of the stages.

Phase A (`load_site`) reads and checks everything and never stops part-way; phase B
(`build`) renders and writes only a valid site, atomically. `build.site.build_site` is
the entry that decides, before any of this is imported, whether there is anything to do."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from gobabierto.build import cache as buildcache
from gobabierto.build import budget, fingerprint, reuse, stamp, write
from gobabierto.build.result import BuildResult, measure
from gobabierto.build.search_index import build_index
from gobabierto.content.bodies import check_body
from gobabierto.content.config import check_address, check_domain, check_schedule, load_config
from gobabierto.content.discover import discover_datasets, discover_records, find_symlinks
from gobabierto.content.history import History, check_history
from gobabierto.content.linking import link
from gobabierto.content.models import Site
from gobabierto.content.readers import read_document
from gobabierto.content.records import is_draft, to_record
from gobabierto.core import clock, paths
from gobabierto.core.problems import ContentError, Problems
from gobabierto.core.progress import Progress, silent
from gobabierto.datasets import dataset as datasets_stage
from gobabierto.pages import searchmap, vega
from gobabierto.pages.render import make_environment
from gobabierto.pages.routes import build_routes
from gobabierto.pages.urls import Urls
from gobabierto.publish import open_data, record_tables, schemas
from gobabierto.text import i18n, markdown


def load_site(root: Path, problems: Problems, progress: Progress = silent,
              records_cache: buildcache.RecordCache | None = None) -> Site | None:
    """Phase A: every source read and checked; every problem recorded. None on errors.
    `progress(stage, done, total)` is told of each record read and dataset validated.
    With `records_cache`, a file whose bytes were read before is not parsed again."""
    root = Path(root)
    config = load_config(root, problems)
    today = clock.build_date(config.zona_horaria)
    static_dir = root / paths.STATIC
    find_symlinks(root, problems)
    check_schedule(root, problems)
    records, drafts = [], []
    draft_problems = Problems()  # a draft's problems, reported as warnings at the end
    sources = discover_records(root, problems)
    known_slugs: dict[str, set] = {}
    for source in sources:
        known_slugs.setdefault(source.record_type.kind, set()).add(source.slug)
    for done, source in enumerate(sources, 1):
        progress("registros", done, len(sources))
        if records_cache is not None:
            doc = records_cache.read(source.path, source.rel_path, problems)
        else:
            doc = read_document(source.path, source.rel_path, problems)
        if doc is None:
            continue
        draft = is_draft(doc.data)
        sink = draft_problems if draft else problems
        record = to_record(source.record_type, source.slug, doc, sink, static_dir)
        if record is not None:
            check_body(record, sink)
            (drafts if draft else records).append(record)
    draft_slugs: dict[str, dict[str, str]] = {}  # kind → slug → file, of the records left out as drafts
    for record in drafts:
        draft_slugs.setdefault(record.kind, {})[record.slug] = record.origin.path
        known_slugs[record.kind].discard(record.slug)
    dataset_sources = discover_datasets(root, problems)
    datasets = datasets_stage.load_datasets(root, dataset_sources, problems, config.licencia,
                                            lambda done: progress("datos", done, len(dataset_sources)),
                                            json_copies=config.datos_json)
    datasets = vega.draw_views(datasets, root, problems, config.idioma)
    site = link(config, records, known_slugs, [d.slug for d in dataset_sources], datasets, today, problems, str(root),
                drafts, draft_problems)
    datasets_stage.check_references(site, problems, known_slugs, draft_slugs)
    for problem in draft_problems.items:
        location = problem.location
        problems.warn(problem.code, f"(borrador) {problem.message}", location.path, location.line, location.field)
    return None if problems.has_errors() else site


def build(root: Path, output: Path, base_url: str | None, scratch: Path, inputs: stamp.Inputs,
          progress: Progress = silent, use_cache: bool = True, workers: int | None = None,
          search_later: bool = False, reasons: dict | None = None) -> BuildResult:
    """Phase A, then phase B into a staging folder swapped in at the end. Raises
    ContentError on content problems and write.WriteError on output problems; the old
    output is left untouched. `inputs`: the stamp taken before anything was read.
    Every Markdown body is converted once, in phase A, or taken from the last build's.
    `reasons`: filled with why each page, open-data part and search shard was redone."""
    folder = paths.cache_dir(root)
    if not use_cache:
        buildcache.clear(root)
    engine = fingerprint.engine_digest()
    bodies = buildcache.load_bodies(folder, engine)
    with markdown.using(bodies):
        result = _build(root, output, base_url, scratch, inputs, progress, use_cache, workers, folder, engine, bodies,
                        search_later, reasons)
    result.conversions = bodies.conversions
    return result


def _build(root: Path, output: Path, base_url: str | None, scratch: Path, inputs: stamp.Inputs, progress: Progress,
           use_cache: bool, workers: int | None, folder: Path, engine: str, bodies: markdown.Bodies,
           search_later: bool, reasons: dict | None) -> BuildResult:
    problems = Problems()
    records_cache = buildcache.RecordCache(folder, engine)
    site = load_site(root, problems, progress, records_cache)
    buildcache.save_bodies(folder, engine, bodies)  # even when the content has errors: the next try needs them
    if site is None:
        raise ContentError(problems)
    records_cache.save()
    if reasons is not None:
        reasons.changed_files = frozenset(records_cache.changed)
    history = History.read(root, zone=site.config.zona_horaria)
    site = dataclasses.replace(site, history=history)
    check_history(history, problems)
    urls = Urls(base_url if base_url is not None else site.config.url)
    check_domain(site.config, base_url, problems)
    check_address(site.config, base_url, problems)
    records_package = record_tables.load(site, urls, root, problems, scratch)
    if problems.has_errors():
        raise ContentError(problems)
    site = dataclasses.replace(site, datasets=tuple(site.datasets) + tuple(records_package))
    tracker = fingerprint.Tracker()
    env = make_environment(root, urls, fingerprint.TrackedSite(site, tracker))
    cache = buildcache.PageCache(folder, engine)
    staging = write.staging_dir(output, reuse=use_cache)
    try:
        writer = write.Writer(staging, reused=write.is_spare(staging))
        pages = build_routes(site)
        rendered, reused, digests, fingerprints = reuse.render_pages(env, tracker, site, urls, pages, writer, cache,
                                                                     problems, progress, workers, reasons)
        if problems.has_errors():
            raise ContentError(problems)
        _theme_assets(writer, root, site)
        write.copy_tree(writer, root / paths.STATIC, "", problems, root)
        packages = datasets_stage.publish(site, writer, root)
        reuse.open_data(open_data.parts(site, urls, packages), writer, cache, fingerprints, reasons)
        schemas.publish(writer)
        writer.write(".nojekyll", b"")
        if site.config.dominio:
            writer.write("CNAME", site.config.dominio + "\n")
        if problems.has_errors():
            raise ContentError(problems)
        writer.prune()
        indexed = [p.output for p in pages if searchmap.is_indexed(p.context)] if site.config.busqueda else []
        language, written = i18n.language(site.config.idioma).code, writer.written
        if not search_later:
            build_index(folder, staging, written, problems, language, indexed, reasons, writer.sizes)
        footprint = measure(writer.sizes)  # counted as written: no second walk over the tree
        budget.check(footprint, site.config, problems, budget.static_names(root / paths.STATIC))
        if problems.has_errors():  # over the host's limit: the published site stays as it was
            raise ContentError(problems)
        stamp.forget(folder)  # the output is about to change: the last build's stamp no longer describes it
        write.swap_in(staging, output)
    except BaseException as exc:
        # a failed build's tree is the next build's spare; an interrupted one is a leftover
        write.discard(staging, output if isinstance(exc, Exception) else None)
        raise
    cache.save()
    if search_later:  # the output lacks its index until index_later() runs: no stamp vouches for it
        def index_later() -> Problems:
            later = Problems()
            build_index(folder, output, written, later, language, indexed, reasons)
            return later
        return BuildResult(site, output, len(pages), problems, frozenset(rendered), reused, drafts=site.drafts,
                           index_later=index_later, footprint=footprint)
    stamp.record(folder, inputs, output, site.config.zona_horaria, site.today, len(pages), problems, site.drafts,
                 footprint)
    return BuildResult(site, output, len(pages), problems, frozenset(rendered), reused, drafts=site.drafts,
                       footprint=footprint)


def _theme_assets(writer: write.Writer, root: Path, site: Site) -> None:
    """The theme's assets, each replaced by the site's own of the same name, the site's
    other assets, and the brand colour."""
    theme_assets = paths.theme_dir() / "assets"
    own_assets = root / paths.TEMPLATES / "assets"
    for path in sorted(theme_assets.glob("*")) if theme_assets.is_dir() else []:
        override = own_assets / path.name
        writer.copy(f"assets/{path.name}", override if override.is_file() else path)
    for path in sorted(own_assets.glob("*")) if own_assets.is_dir() else []:
        if f"assets/{path.name}" not in writer.written:
            writer.copy(f"assets/{path.name}", path)
    writer.write("assets/marca.css", f":root {{ --color-marca: {site.config.marca.color}; }}\n")
