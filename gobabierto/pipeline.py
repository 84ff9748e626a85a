"""The only module that knows the order of the stages.

Phase A (`load_site`) reads and checks everything and never stops part-way; phase B
(`build_site`) renders and writes only a valid site, atomically."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from . import api, buildcache, derive, fingerprint, i18n, markdown, parallel, registros, schemas, write
from . import datasets as datasets_stage
from .catalog import Catalog
from .config import SETTINGS_FILE, load_config
from .discover import discover_datasets, discover_records, find_symlinks
from .history import History
from .linking import link
from .models import Site
from .problems import ContentError, Problems
from .progress import Progress, silent
from .readers import read_document
from .records import to_record
from .render import default_theme_dir, make_environment
from .routes import build_routes
from .urls import Urls


@dataclass
class BuildResult:
    site: Site
    output: Path
    pages: int
    problems: Problems
    rendered: frozenset[str] = frozenset()  # output files of the pages rendered by this build
    reused: int = 0                         # pages whose bytes came from the build cache


def _check_body(record, problems: Problems) -> None:
    found = markdown.body_problems(record.body)
    for offset, code, message in found:
        problems.add(code, message, record.origin.path, record.origin.body_line + offset, "texto")
    for offset, tag in markdown.language_tags(record.body):
        if not i18n.well_formed_tag(tag):
            problems.add("idioma-invalido", f"«{tag}» no es un código de idioma válido para marcar un pasaje; usa una"
                         " etiqueta BCP 47 como «nah» (náhuatl), «en» (inglés) o «es-MX», por ejemplo"
                         " «<span lang=\"nah\">Niltze</span>»", record.origin.path, record.origin.body_line + offset,
                         "texto")
    if any(code != "html-no-permitido" for _, code, _ in found):
        return  # too complex to convert: the images cannot be looked for either
    for offset, src in markdown.remote_images(record.body):
        problems.add("imagen-remota", f"la imagen «{src}» está en otro sitio y las páginas solo muestran archivos"
                     " propios: descárgala a static/img/ y enlázala con su ruta, por ejemplo «![descripción](/img/foto.jpg)»",
                     record.origin.path, record.origin.body_line + offset, "texto")


def load_site(root: Path, problems: Problems, progress: Progress = silent,
              records_cache: buildcache.RecordCache | None = None) -> Site | None:
    """Phase A: every source read and checked; every problem recorded. None on errors.
    `progress(stage, done, total)` is told of each record read and dataset validated.
    With `records_cache`, a file whose bytes were read before is not parsed again."""
    root = Path(root)
    config = load_config(root, problems)
    today = derive.build_date(config.zona_horaria)
    static_dir = root / "static"
    find_symlinks(root, problems)
    records = []
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
        record = to_record(source.record_type, source.slug, doc, problems, static_dir)
        if record is not None:
            _check_body(record, problems)
            records.append(record)
    dataset_sources = discover_datasets(root, problems)
    datasets = datasets_stage.load_datasets(root, dataset_sources, problems, config.licencia,
                                            lambda done: progress("datos", done, len(dataset_sources)))
    site = link(config, records, known_slugs, [d.slug for d in dataset_sources], datasets, today, problems, str(root))
    datasets_stage.check_references(site, problems, known_slugs)
    return None if problems.has_errors() else site


def _copy_tree(writer: write.Writer, source: Path, prefix: str, problems: Problems, root: Path) -> None:
    if not source.is_dir():
        return
    for path in sorted(source.rglob("*")):
        if path.is_dir() or path.name.startswith("."):
            continue
        rel = path.relative_to(source).as_posix()
        if path.is_symlink():
            problems.add("enlace-simbolico", "los enlaces simbólicos no se publican; copia el archivo real",
                         path.relative_to(root).as_posix())
            continue
        writer.copy(prefix + rel, path)


def _write_json(writer: write.Writer, path: str, document) -> None:
    """`document` as indented JSON and a final newline, encoded straight into its file: the
    JSON API of a national site is hundreds of MB of text that is never held in memory."""
    with writer.open_text(path) as out:
        json.dump(document, out, ensure_ascii=False, indent=2, sort_keys=False)
        out.write("\n")


def _write_open_data(site: Site, urls: Urls, writer: write.Writer, packages: dict[str, dict]) -> None:
    """The site-wide catalogues and the JSON API, one document in memory at a time."""
    catalogue = Catalog(site, urls, packages)
    _write_json(writer, "datapackage.json", catalogue.site_package())
    _write_json(writer, "data.json", catalogue.pod())
    _write_json(writer, "catalogo.jsonld", catalogue.dcat())
    for path, document in api.endpoints(site, urls):
        _write_json(writer, path, document)


class _Recording:
    """A writer that keeps what it is given in the build cache and links it into the output,
    noting each file; any other use of the writer makes the group uncacheable."""

    def __init__(self, writer: write.Writer, cache: buildcache.PageCache):
        self.writer, self.cache = writer, cache
        self.files: list[tuple[str, str, int, int]] | None = []

    def write(self, rel_path: str, content: str | bytes) -> None:
        data = content.encode("utf-8") if isinstance(content, str) else content
        stored = self.cache.put(data)
        if stored is None:
            self.files = None
            self.writer.write(rel_path, data)
            return
        self.writer.link(rel_path, self.cache.blob_path(stored[0]))
        if self.files is not None:
            self.files.append((rel_path, *stored))

    @contextlib.contextmanager
    def open_text(self, rel_path: str):
        """Like Writer.open_text (streamed, never whole in memory), into the cache first."""
        with self.cache.open_text() as (out, finish):
            if out is None:  # the cache cannot be written: straight into the output
                self.files = None
                with self.writer.open_text(rel_path) as direct:
                    yield direct
                return
            yield out
        stored = finish()
        if stored is None:
            raise OSError(f"no se pudo guardar «{rel_path}» en la caché de construcción")
        self.writer.link(rel_path, self.cache.blob_path(stored[0]))
        if self.files is not None:
            self.files.append((rel_path, *stored))

    def __getattr__(self, name: str):
        self.files = None
        return getattr(self.writer, name)


def _cached_open_data(site: Site, urls: Urls, writer: write.Writer, packages: dict, cache: buildcache.PageCache,
                      fingerprints: fingerprint.Fingerprints) -> None:
    """The open data (`_write_open_data`) from the cache when nothing it is made of changed:
    the whole site, the published dataset descriptors, the address, the engine and the
    build's moment (Data Package `created`)."""
    try:
        key = fingerprint._h("datos-abiertos", fingerprints.base, fingerprints.reads.whole(), fingerprints.clock,
                             fingerprints.digester.digest(packages))
    except fingerprint.Uncacheable:
        _write_open_data(site, urls, writer, packages)
        return
    found = cache.group(key)
    if found is not None:
        for rel, blob in found:
            writer.link(rel, blob)
        return
    recording = _Recording(writer, cache)
    _write_open_data(site, urls, recording, packages)
    if recording.files is not None:
        cache.store_group(key, recording.files)


def _check_domain(site: Site, base_url: str | None, problems: Problems) -> None:
    """A build for another host than the custom domain (GitHub Pages before the domain is set
    in the repository's settings) still works, but the editor should know why."""
    domain = site.config.dominio
    host = urlsplit(base_url).hostname if base_url else domain
    if domain and host != domain and host not in ("localhost", "127.0.0.1"):
        origin = site.config.origin
        line = origin.line("dominio") if origin else None
        problems.warn("dominio-sin-configurar",
                      f"el sitio se construye para {base_url} y no para el dominio «{domain}»: en GitHub, escribe"
                      " el dominio en Settings → Pages → Custom domain para que el sitio se publique ahí",
                      SETTINGS_FILE, line, "dominio")


def build_site(root: Path, output: Path, base_url: str | None = None, progress: Progress = silent,
               use_cache: bool = True, workers: int | None = None) -> BuildResult:
    """Validate, then write the site to `output` atomically. Raises ContentError on content
    problems and write.WriteError on output problems; the old output is left untouched.
    `use_cache=False` forgets what earlier builds left in the cache first (a clean build);
    `workers` forces the number of rendering processes (default: by the amount of work)."""
    with tempfile.TemporaryDirectory(prefix="gobabierto-") as scratch:
        return _build(Path(root), Path(output), base_url, Path(scratch), progress, use_cache, workers)


def _render_pages(env, tracker, site: Site, urls: Urls, pages, writer: write.Writer, cache: buildcache.PageCache,
                  problems: Problems, progress: Progress, workers: int | None) -> tuple:
    """Every page into the writer: its bytes from the cache when its fingerprint and its
    site reads are unchanged, else rendered. Returns (output files rendered, pages reused,
    output file → digest of its bytes where known, the build's Fingerprints)."""
    # the language: the filters (dates, numbers) and the gettext globals are bound to it
    fingerprints = fingerprint.Fingerprints(env, site, base=f"{urls.origin}|{urls.prefix}|{site.config.idioma}",
                                            clock=derive.build_now(site.config.zona_horaria).isoformat(),
                                            known_templates=cache.templates)
    prints: list[str | None] = []
    kept: dict[int, Path] = {}
    for index, page in enumerate(pages):
        try:
            found = fingerprints.page(page)
        except fingerprint.Uncacheable:
            found = None
        prints.append(found)
        if found is not None:
            blob = cache.lookup(page.output, found, fingerprints.reads_match)
            if blob is not None:
                kept[index] = blob
    to_render = [i for i in range(len(pages)) if i not in kept]
    rendered = parallel.render(env, tracker, pages, to_render, cache.put, workers)
    try:
        return _collect(pages, kept, prints, rendered, fingerprints, writer, cache, problems, progress)
    finally:
        rendered.close()  # stops the workers if writing failed part-way


def _collect(pages, kept, prints, rendered, fingerprints, writer, cache, problems, progress):
    done = 0
    rendered_files: set[str] = set()
    digests: dict[str, str] = {}
    pending = next(rendered, None)
    for index, page in enumerate(pages):
        done += 1
        progress("paginas", done, len(pages))
        if index in kept:
            writer.link(page.output, kept[index])
            digests[page.output] = kept[index].name
            continue
        assert pending is not None and pending[0] == index
        _, result, reads = pending
        pending = next(rendered, None)
        rendered_files.add(page.output)
        if result[0] == "error":
            _, message, template, line = result
            problems.add("plantilla-invalida", f"{message} (al generar {page.path})", f"templates/{template or page.template}",
                         line)
            continue
        if result[0] == "bytes":
            writer.write(page.output, result[1])
            continue
        _, digest, size, mtime = result
        if prints[index] is not None:
            try:
                cache.record(page.output, prints[index], fingerprints.digest_reads(reads), digest, size, mtime)
            except fingerprint.Uncacheable:
                pass
        writer.link(page.output, cache.blob_path(digest))
        digests[page.output] = digest
    cache.templates = fingerprints.templates.used_known
    return rendered_files, len(kept), digests, fingerprints


def _build(root: Path, output: Path, base_url: str | None, scratch: Path, progress: Progress,
           use_cache: bool = True, workers: int | None = None) -> BuildResult:
    """Validate, then write the site to `output` atomically. Raises ContentError on content
    problems and write.WriteError on output problems; the old output is left untouched."""
    root, output = Path(root), Path(output)
    problems = Problems()
    reason = write.check_output_location(root, output)
    if reason:
        raise write.WriteError(reason)
    folder = buildcache.cache_dir(root)
    if not use_cache:
        buildcache.clear(root)
    engine = fingerprint.engine_digest()
    records_cache = buildcache.RecordCache(folder, engine)
    site = load_site(root, problems, progress, records_cache)
    if site is None:
        raise ContentError(problems)
    records_cache.save()
    site = dataclasses.replace(site, history=History.read(root))
    urls = Urls(base_url if base_url is not None else site.config.url)
    _check_domain(site, base_url, problems)
    records_package = registros.load(site, urls, root, problems, scratch)
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
        rendered, reused, digests, fingerprints = _render_pages(env, tracker, site, urls, pages, writer, cache, problems, progress, workers)
        if problems.has_errors():
            raise ContentError(problems)
        theme_assets = default_theme_dir() / "assets"
        own_assets = root / "templates" / "assets"
        for path in sorted(theme_assets.glob("*")) if theme_assets.is_dir() else []:
            override = own_assets / path.name
            writer.copy(f"assets/{path.name}", override if override.is_file() else path)
        for path in sorted(own_assets.glob("*")) if own_assets.is_dir() else []:
            if f"assets/{path.name}" not in writer.written:
                writer.copy(f"assets/{path.name}", path)
        writer.write("assets/marca.css", f":root {{ --color-marca: {site.config.marca.color}; }}\n")
        _copy_tree(writer, root / "static", "", problems, root)
        packages = datasets_stage.publish(site, writer, root)
        _cached_open_data(site, urls, writer, packages, cache, fingerprints)
        schemas.publish(writer)
        writer.write(".nojekyll", b"")
        if site.config.dominio:
            writer.write("CNAME", site.config.dominio + "\n")
        if problems.has_errors():
            raise ContentError(problems)
        writer.prune()
        buildcache.search_index(folder, staging, writer.written, digests, problems,
                                i18n.language(site.config.idioma).code)
        write.swap_in(staging, output)
    except BaseException as exc:
        # a failed build's tree is the next build's spare; an interrupted one is a leftover
        write.discard(staging, output if isinstance(exc, Exception) else None)
        raise
    cache.save()
    return BuildResult(site, output, len(pages), problems, frozenset(rendered), reused)
