"""Vega-Lite views drawn as SVG by vl-convert (Vega and Vega-Lite compiled into one Rust
library: no browser, no network), when the site is loaded, so that `gobabierto validate`
reports a spec Vega cannot draw and the pages only embed text.

Vega draws the summary table the validation pass computed (views.py, never the rows),
with the theme's colours as `currentColor` (tinted by the stylesheet, so the chart reads in
dark mode and in print), the site's number and date formats, no `data.url` (the converter
is told to load nothing), and the same accessible `<svg role="img">` with `<title>` and
`<desc>` as the engine's own charts. The ids inside are prefixed with a placeholder the
page fills in. A drawing is cached on disk by everything it depends on, so an unchanged
view never starts the converter (about half a second the first time in a process)."""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import json
import re
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from markupsafe import escape

from gobabierto.content.fields import Context
from gobabierto.core import paths
from gobabierto.core.problems import Problems
from gobabierto.datasets.cache import mark_cache_folder
from gobabierto.datasets.dataset import Dataset
from gobabierto.datasets.views import View
from gobabierto.pages.charts import WIDTH
from gobabierto.pages.views import ViewCharts, number_value
from gobabierto.text import i18n

FORMAT = 1          # bump when what a drawing holds changes
FOLDER = "vistas"   # in the build cache
PACKAGE = "vl-convert-python"
PLACEHOLDER = "__ID__"
PALETTE = ["currentColor", "#4e79a7", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f"]
TEXT = {"labelColor": "currentColor", "titleColor": "currentColor", "labelFontSize": 13, "titleFontSize": 13,
        "labelFont": "system-ui, sans-serif", "titleFont": "system-ui, sans-serif"}
CONFIG = {
    "background": None,
    "font": "system-ui, sans-serif",
    "aria": False,
    "view": {"stroke": None},
    "mark": {"color": "currentColor"},
    "axis": {**TEXT, "domainColor": "currentColor", "tickColor": "currentColor", "gridColor": "currentColor",
             "gridOpacity": 0.25, "labelLimit": 180, "titleFontWeight": "normal"},
    "legend": {**TEXT, "titleFontWeight": "normal"},
    "header": TEXT,
    "range": {"category": PALETTE},
}


def available() -> bool:
    """Whether vl-convert is installed (the `vega` extra)."""
    return importlib.util.find_spec("vl_convert") is not None


def _version() -> str:
    try:
        return version(PACKAGE)
    except PackageNotFoundError:
        return "?"


def _group_value(value, column) -> str | None:
    """A group's value as Vega reads a date: local midnight (a bare "2024-01-01" would be
    UTC midnight, the last day of 2023 west of Greenwich)."""
    if value is None:
        return None
    if column.unit == "year":
        return f"{value}-01-01T00:00:00"
    if column.unit == "yearmonth":
        return f"{value}-01T00:00:00"
    if column.type == "date":
        return f"{value}T00:00:00"
    return value


def spec_for(view: View, charts: ViewCharts) -> dict:
    """The spec Vega draws: the view's, with its table as inline values, the page's width,
    the theme and the column titles of the page's table."""
    spec = json.loads(json.dumps(view.spec))
    columns = {c.name: c for c in view.columns}
    values = []
    for row in view.rows:
        item = {}
        for column, value in zip(view.columns, row):
            item[column.name] = number_value(value) if column.op is not None and column.type not in ("date", "datetime") \
                else _group_value(value, column)
        values.append(item)
    for definition in _definitions(spec.get("encoding", {})):
        name = str(definition.get("field", "")).replace("\\", "")
        if name in columns and "title" not in definition:
            definition["title"] = charts.column_title(columns[name])
    spec["data"] = {"values": values}
    spec["width"] = WIDTH
    spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    y = spec.get("encoding", {}).get("y")
    if "height" not in spec and not (isinstance(y, dict) and y.get("type") in ("nominal", "ordinal")):
        spec["height"] = 220
    spec["config"] = CONFIG
    return spec


def _definitions(encoding: dict):
    for definition in encoding.values():
        for item in definition if isinstance(definition, list) else [definition]:
            if isinstance(item, dict) and "field" in item:
                yield item


_ROOT = re.compile(r"<svg\b[^>]*>")
_SIZE = re.compile(r'\b(width|height)="([\d.]+)"')
_IDS = re.compile(r'\bid="([^"]+)"')
_INNER_ARIA = re.compile(r'\s(?:role|aria-[a-z]+)="[^"]*"')


def finish(svg: str, view: View, desc: str) -> str:
    """Vega's SVG as one of the site's charts: its root named and described, the inner ARIA
    roles gone (the chart is one image; its table has the figures), every id prefixed."""
    root = _ROOT.search(svg)
    if root is None:
        raise ValueError("vl-convert no devolvió un SVG")
    sizes = dict(_SIZE.findall(root.group(0)))
    width, height = sizes.get("width", str(WIDTH)), sizes.get("height", "200")
    view_box = re.search(r'viewBox="([^"]+)"', root.group(0))
    box = view_box.group(1) if view_box else f"0 0 {width} {height}"
    body = _INNER_ARIA.sub("", svg[root.end():])
    for name in sorted(set(_IDS.findall(body)), key=len, reverse=True):
        prefixed = f"{PLACEHOLDER}-{name}"
        body = body.replace(f'id="{name}"', f'id="{prefixed}"').replace(f"url(#{name})", f"url(#{prefixed})")
        body = body.replace(f'href="#{name}"', f'href="#{prefixed}"')
    head = (f'<svg class="grafica grafica-vista grafica-vega" id="{PLACEHOLDER}" role="img" viewBox="{box}"'
            f' width="{width}" height="{height}" aria-labelledby="{PLACEHOLDER}-t" aria-describedby="{PLACEHOLDER}-d"'
            f' xmlns="http://www.w3.org/2000/svg"><title id="{PLACEHOLDER}-t">{escape(view.title)}</title>'
            f'<desc id="{PLACEHOLDER}-d">{escape(desc)}</desc>')
    return head + body


class Drawer:
    """Draws each vega-lite view once, from the cache when it can."""

    def __init__(self, root: Path, lang: i18n.Language):
        self.folder = paths.cache_dir(root) / FOLDER
        self.lang = lang
        self.charts = ViewCharts(lang)
        self.used: set[str] = set()
        self._converter = None

    def draw(self, view: View) -> str:
        spec = spec_for(view, self.charts)
        desc = self.charts.describe(view, self.charts.shown(view))
        locale = self.lang.tag if self.lang.tag in ("es-MX", "en-US") else ("es-MX" if self.lang.code == "es" else "en-US")
        material = json.dumps([FORMAT, _version(), spec, locale, view.title, desc], sort_keys=True, ensure_ascii=False)
        key = hashlib.sha256(material.encode("utf-8")).hexdigest()[:32]
        self.used.add(key)
        cached = self.folder / f"{key}.svg"
        try:
            return cached.read_text(encoding="utf-8")
        except OSError:
            pass
        if self._converter is None:
            import vl_convert  # ~85 MB of Vega in Rust: loaded only when a view needs drawing

            self._converter = vl_convert
        svg = self._converter.vegalite_to_svg(spec, allowed_base_urls=[], format_locale=locale,
                                              time_format_locale=locale)
        drawn = finish(svg, view, desc)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            mark_cache_folder(self.folder.parent)
            temporary = cached.with_suffix(".tmp")
            temporary.write_text(drawn, encoding="utf-8")
            temporary.replace(cached)
        except OSError:
            pass  # drawn again next time
        return drawn

    def prune(self) -> None:
        """Forget the drawings no view of this build asked for (the folder is the site's own)."""
        if not self.folder.is_dir():
            return
        for path in self.folder.glob("*.svg"):
            if path.stem not in self.used:
                path.unlink(missing_ok=True)


def draw_views(datasets: list[Dataset], root: Path, problems: Problems, tag: str) -> list[Dataset]:
    """The datasets with their vega-lite views drawn; a view Vega cannot draw, or a site
    without vl-convert, is a located problem (and the dataset keeps the view undrawn)."""
    if not any(v.kind == "vega-lite" for d in datasets for v in d.views):
        return datasets
    drawer = Drawer(root, i18n.language(tag))
    out = []
    for dataset in datasets:
        views = []
        ctx = Context(dataset.origin.path, dataset.origin.source_map, problems) if dataset.origin else None
        for view in dataset.views:
            if view.kind == "vega-lite" and ctx is not None:
                svg = _draw_one(drawer, view, ctx)
                view = dataclasses.replace(view, svg=svg)
            views.append(view)
        out.append(dataclasses.replace(dataset, views=tuple(views)) if views else dataset)
    drawer.prune()
    return out


def _draw_one(drawer: Drawer, view: View, ctx: Context) -> str:
    at = ("views", view.index, "spec")
    if not available():
        ctx.error("vista-vega-sin-motor", "para dibujar las vistas vega-lite hace falta vl-convert-python, que no está"
                  " instalado: instala gobabierto con «pip install 'gobabierto[vega]'» (o con requirements/site.txt,"
                  " que ya lo incluye), o escribe la vista como «specType: simple»", at)
        return ""
    try:
        return drawer.draw(view)
    except Exception as exc:  # noqa: BLE001 - Vega's own message, for the editor to fix the spec
        reason = _reason(str(exc))
        ctx.error("vista-vega-invalida", f"Vega no pudo dibujar la gráfica: {reason}. Revisa la especificación en"
                  " https://vega.github.io/editor/ (con los datos de la tabla de la vista)", at)
        return ""


def _reason(text: str) -> str:
    """Vega's own words from a failed conversion ("Invalid field type…"), without the stack."""
    for line in text.splitlines():
        found = re.match(r"\s*(?:\w*Error): (.+)", line)
        if found:
            return found.group(1).strip().rstrip(".")[:300]
    return " ".join(text.split())[:300]
