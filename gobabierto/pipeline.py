"""The only module that knows the order of the stages.

Phase A (`load_site`) reads and checks everything and never stops part-way; phase B
(`build_site`) renders and writes only a valid site, atomically."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path

from . import api, derive, markdown, registros, write
from . import datasets as datasets_stage
from .catalog import Catalog
from .config import load_config
from .discover import discover_datasets, discover_records, find_symlinks
from .history import History
from .linking import link
from .models import Site
from .problems import ContentError, Problems
from .readers import read_document
from .records import to_record
from .render import RenderError, default_theme_dir, make_environment, render_page
from .routes import build_routes
from .urls import Urls


@dataclass
class BuildResult:
    site: Site
    output: Path
    pages: int
    problems: Problems


def _check_body(record, problems: Problems) -> None:
    for offset, code, message in markdown.body_problems(record.body):
        problems.add(code, message, record.origin.path, record.origin.body_line + offset, "texto")


def load_site(root: Path, problems: Problems) -> Site | None:
    """Phase A: every source read and checked; every problem recorded. None on errors."""
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
    for source in sources:
        doc = read_document(source.path, source.rel_path, problems)
        if doc is None:
            continue
        record = to_record(source.record_type, source.slug, doc, problems, static_dir)
        if record is not None:
            _check_body(record, problems)
            records.append(record)
    dataset_sources = discover_datasets(root, problems)
    datasets = datasets_stage.load_datasets(root, dataset_sources, problems)
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


def _json(document) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def _write_open_data(site: Site, urls: Urls, writer: write.Writer, packages: dict[str, dict]) -> None:
    """The records as a Data Package, the site-wide catalogues and the JSON API."""
    descriptor, files = registros.generate(site, urls)
    descriptor["licenses"] = datasets_stage.effective_licenses(
        datasets_stage.Dataset(registros.SLUG, "", "", (), (), ()), site.config.licencia)
    for generated in files:
        writer.write(f"datos/{registros.SLUG}/{generated.path}", generated.data)
    writer.write(f"datos/{registros.SLUG}/datapackage.json", _json(descriptor))
    packages = dict(packages)
    packages[registros.SLUG] = descriptor
    catalogue = Catalog(site, urls, packages)
    writer.write("datapackage.json", _json(catalogue.site_package()))
    writer.write("data.json", _json(catalogue.pod()))
    writer.write("catalogo.jsonld", _json(catalogue.dcat()))
    for path, document in api.endpoints(site, urls).items():
        writer.write(path, _json(document))


def build_site(root: Path, output: Path, base_url: str | None = None) -> BuildResult:
    """Validate, then write the site to `output` atomically. Raises ContentError on content
    problems and write.WriteError on output problems; the old output is left untouched."""
    root, output = Path(root), Path(output)
    problems = Problems()
    reason = write.check_output_location(root, output)
    if reason:
        raise write.WriteError(reason)
    site = load_site(root, problems)
    if site is None:
        raise ContentError(problems)
    site = dataclasses.replace(site, history=History.read(root))
    urls = Urls(base_url if base_url is not None else site.config.url)
    env = make_environment(root, urls, site)
    staging = write.staging_dir(output)
    try:
        writer = write.Writer(staging)
        pages = build_routes(site)
        for page in pages:
            try:
                writer.write(page.output, render_page(env, page))
            except RenderError as exc:
                location = exc.template or page.template
                problems.add("plantilla-invalida", f"{exc} (al generar {page.path})", f"templates/{location}", exc.line)
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
        if packages is None:  # older publish(): descriptors without bytes and hash
            packages = {d.slug: datasets_stage.published_descriptor(d, site.config.licencia) for d in site.datasets}
        _write_open_data(site, urls, writer, packages)
        writer.write(".nojekyll", b"")
        if problems.has_errors():
            raise ContentError(problems)
        write.swap_in(staging, output)
    except BaseException:
        write.discard(staging)
        raise
    return BuildResult(site, output, len(pages), problems)
