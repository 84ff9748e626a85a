"""The only module that knows the order of the stages.

Phase A (`load_site`) reads and checks everything and never stops part-way; phase B
(`build_site`) renders and writes only a valid site, atomically."""

from __future__ import annotations

import dataclasses
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from . import buildcache, stamp, write
from .problems import ContentError, Problems
from .progress import Progress, silent

# The stages are imported by the functions that run them, so that a build the stamp skips
# (stamp.py) does not pay for importing Jinja, Markdown and the models.
if TYPE_CHECKING:
    from .models import Site
    from .urls import Urls


@dataclass
class BuildResult:
    site: Site | None                       # None when the build was skipped: nothing was read
    output: Path
    pages: int
    problems: Problems
    rendered: frozenset[str] = frozenset()  # output files of the pages rendered by this build
    reused: int = 0                         # pages whose bytes came from the build cache (all, if skipped)
    skipped: bool = False                   # nothing changed since the last build: nothing was done


def _check_body(record, problems: Problems) -> None:
    from . import i18n, markdown

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
    from . import datasets as datasets_stage
    from . import derive
    from .config import load_config
    from .discover import discover_datasets, discover_records, find_symlinks
    from .linking import link
    from .readers import read_document
    from .records import to_record

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
    from . import api
    from .catalog import Catalog

    catalogue = Catalog(site, urls, packages)
    _write_json(writer, "datapackage.json", catalogue.site_package())
    _write_json(writer, "data.json", catalogue.pod())
    _write_json(writer, "catalogo.jsonld", catalogue.dcat())
    for path, document in api.endpoints(site, urls):
        _write_json(writer, path, document)


def _check_domain(site: Site, base_url: str | None, problems: Problems) -> None:
    """A build for another host than the custom domain (GitHub Pages before the domain is set
    in the repository's settings) still works, but the editor should know why."""
    from .config import SETTINGS_FILE

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


def _build(root: Path, output: Path, base_url: str | None, scratch: Path, progress: Progress,
           use_cache: bool = True, workers: int | None = None) -> BuildResult:
    """Validate, then write the site to `output` atomically. Raises ContentError on content
    problems and write.WriteError on output problems; the old output is left untouched.
    When nothing the output is made of changed since the last build (stamp.py), return at
    once without reading a record."""
    root, output = Path(root), Path(output)
    problems = Problems()
    reason = write.check_output_location(root, output)
    if reason:
        raise write.WriteError(reason)
    folder = buildcache.cache_dir(root)
    if not use_cache:
        buildcache.clear(root)
        stamp.forget(folder)
    inputs = stamp.take(root, output, base_url)  # before anything is read
    if use_cache:
        skipped = stamp.up_to_date(folder, inputs, output)
        if skipped is not None:
            return BuildResult(None, output, skipped.pages, skipped.problems, frozenset(), skipped.pages, skipped=True)

    from . import datasets as datasets_stage
    from . import fingerprint, i18n, registros, reuse, schemas
    from .history import History
    from .render import default_theme_dir, make_environment
    from .routes import build_routes
    from .urls import Urls

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
        rendered, reused, digests, fingerprints = reuse.render_pages(env, tracker, site, urls, pages, writer, cache, problems, progress, workers)
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
        reuse.open_data(site, urls, writer, packages, cache, fingerprints, _write_open_data)
        schemas.publish(writer)
        writer.write(".nojekyll", b"")
        if site.config.dominio:
            writer.write("CNAME", site.config.dominio + "\n")
        if problems.has_errors():
            raise ContentError(problems)
        writer.prune()
        buildcache.search_index(folder, staging, writer.written, digests, problems,
                                i18n.language(site.config.idioma).code)
        stamp.forget(folder)  # the output is about to change: the last build's stamp no longer describes it
        write.swap_in(staging, output)
    except BaseException as exc:
        # a failed build's tree is the next build's spare; an interrupted one is a leftover
        write.discard(staging, output if isinstance(exc, Exception) else None)
        raise
    cache.save()
    stamp.record(folder, inputs, output, site.config.zona_horaria, site.today, len(pages), problems)
    return BuildResult(site, output, len(pages), problems, frozenset(rendered), reused)
