"""The Jinja environment (autoescape, StrictUndefined) and page rendering."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import jinja2
from markupsafe import Markup

from gobabierto import __version__
from gobabierto.content import derive
from gobabierto.content.records import RECORD_TYPES
from gobabierto.core import clock, paths
from gobabierto.datasets.dataset import KNOWN_LICENSES
from gobabierto.datasets.display import coverage_words, field_constraints, field_type, preview_cell, schema_org
from gobabierto.datasets.validate import PREVIEW_CELL_CHARS
from gobabierto.pages import feed, ical, tracking
from gobabierto.pages.charts import Charts
from gobabierto.pages.compiled_i18n import LiteralTranslations, catalogue_digest
from gobabierto.pages.routes import PageSpec, navigation
from gobabierto.pages.urls import Urls
from gobabierto.pages.views import ViewCharts
from gobabierto.text import i18n, markdown, unsafe
from gobabierto.text.i18n import N_
from gobabierto.text.labels import ODS, label


def template_dirs(root: Path) -> list[Path]:
    dirs = []
    own = root / "templates"
    if own.is_dir():
        dirs.append(own)
    default = paths.theme_dir()
    if not dirs or default.resolve() != dirs[0].resolve():
        dirs.append(default)
    return dirs


class RenderError(Exception):
    def __init__(self, message: str, template: str | None = None, line: int | None = None):
        super().__init__(message)
        self.template, self.line = template, line


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def page_description(context: dict) -> str:
    """A page's summary for search engines and link previews: the context's `description`,
    else its record's or dataset's objective or description, else the first paragraph of
    its body; "" when there is none (the site's description is used then)."""
    if context.get("description"):
        return str(context["description"])
    item = context.get("record") or context.get("dataset")
    if item is None:
        return ""
    for attr in ("objetivo", "descripcion"):
        value = getattr(item, attr, None)
        if isinstance(value, str) and value.strip():
            return markdown.plain(value)
    body = getattr(item, "body", "") or ""
    return markdown.body(body).summary if body.strip() else ""


def page_updated(site, page) -> object | None:
    """When the content a page shows last changed (a `history.Updated`): its record's or
    dataset's own, the newest of the records a listing shows, the whole content's for the
    home page; None for pages without content of their own (search, 404, a facet's values)."""
    context = page.context
    item = context.get("record") or context.get("dataset")
    if item is not None:
        return site.last_change(item)
    if page.path == "/":
        return site.last_change()
    listed = [r for r in context.get("records") or () if getattr(r, "origin", None) is not None
              or getattr(r, "kind", "") == "dataset"]
    found = [u for u in (site.last_change(r) for r in listed) if u is not None]
    return max(found, key=lambda u: (u.when, u.from_git)) if found else None


def _og_locale(tag: str) -> str:
    """A BCP 47 tag ("es-MX") as an Open Graph locale ("es_MX"); a bare language gets its
    usual territory."""
    if "-" in tag:
        language, territory = tag.split("-", 1)
        return f"{language.lower()}_{territory.upper()}"
    return {"es": "es_MX", "en": "en_US"}.get(tag.lower(), tag.lower())


_LICENSE_TITLES = {lic["title"] for lic in KNOWN_LICENSES.values()}


def _license_title(licence: dict, lang) -> str:
    """A licence's title, translated when it is one the engine names itself."""
    title = licence.get("title") or licence.get("name") or ""
    return lang.gettext(title) if title in _LICENSE_TITLES else title


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between builds, in Jinja's own per-user cache folder (created
    private, ownership checked). Entries are named by the options below and Jinja checks
    each against its template's source, so an edited template is compiled again. A cache
    that cannot be read or written is simply not used."""

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, TypeError):
            bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


_OPTIONS = dict(trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def _bytecode_cache(env: jinja2.Environment, catalogue: str) -> jinja2.BytecodeCache | None:
    """Named by what compiled code depends on besides the source: Jinja's version, the
    options, the filters and tests (an unknown filter is a compile-time error) and the
    catalogue whose literal texts it holds (compiled_i18n)."""
    key = repr((sorted(_OPTIONS.items()), jinja2.__version__, __version__, sorted(env.filters), sorted(env.tests),
                sorted(env.extensions), catalogue))
    key = hashlib.sha256(key.encode()).hexdigest()[:12]
    try:
        return _BytecodeCache(pattern=f"__gobabierto_{key}_%s.cache")
    except (OSError, RuntimeError):  # no private temporary folder to be had
        return None


def make_environment(root: Path, urls: Urls, site) -> jinja2.Environment:
    lang = i18n.language(site.config.idioma)
    # auto_reload is off: a build reads each template once; with it on, Jinja would check
    # every template's modification time again on every page.
    env = jinja2.Environment(
        extensions=["jinja2.ext.i18n", LiteralTranslations],
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs(root)]),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        auto_reload=False,
        **_OPTIONS,
    )
    # JSON-LD keeps accents as they are (tojson still escapes <, >, & and ' for HTML).
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    table_label = lang.gettext(N_("Tabla"))   # the scrolling region around a table in a text
    task_label = lang.gettext(N_("Tarea"))    # the box of an item of a task list ("- [x] …")
    # The catalogue is read once per process (i18n.language is cached), never per page.
    env.install_gettext_translations(lang.translations, newstyle=True)
    env.literal_gettext = lang.translations.gettext  # `_("literal")`, translated when compiled
    env.tests["truncated_cell"] = lambda cell: len(cell) > PREVIEW_CELL_CHARS  # cut by the dataset analysis
    env.filters.update(
        fecha=lang.date,
        md=lambda text: Markup(markdown.render(text or "", urls.prefix, table_label, task_label)),
        pct=lang.percent,
        num=lang.number,
        dinero=lang.money,
        cifra=lang.amount,
        dias=lang.days,
        letra=_letter,
        label=lambda value, group: lang.gettext(label(value, group)) if value is not None else "",
        tipo_dato=lambda f: field_type(f, lang),
        restricciones=lambda f: field_constraints(f, lang),
        nota=lambda note: note.text(lang),
        licencia=lambda lic: _license_title(lic, lang),
        tamano=lang.file_size,
        cobertura=lambda text: coverage_words(text, lang),
        celda=lambda text, field: preview_cell(text, field, lang),
        og_locale=_og_locale,
    )
    env.globals.update(
        href=urls.href,
        absolute=urls.absolute,
        url_for=lambda record: urls.href(Urls.record(record)),
        dataset_url=lambda slug: urls.href(Urls.dataset(slug)),
        section_url=lambda key: urls.href(Urls.section(key)),
        static=lambda rel: rel if rel.startswith(("http://", "https://", "mailto:")) else urls.href("/" + rel),
        asset=lambda name: urls.href("/assets/" + name),
        site=site,
        page_description=page_description,
        changes=site.changes,
        last_change=site.last_change,
        page_updated=lambda page: page_updated(site, page),
        config=site.config,
        today=site.today,
        nav=navigation(site),
        record_types=RECORD_TYPES,
        ods_names={n: lang.gettext(name) for n, name in ODS.items()},
        chart=Charts(lang),
        vistas=ViewCharts(lang),
        calendar_text=lambda events, of=None, window=None: ical.serialize(
            events, site.config, urls.absolute, urls.origin + urls.prefix, clock.start_of(site.today, site.config.zona_horaria),
            of, window),
        feed_id=lambda path: feed.entry_id(urls.absolute(path), site.config.titulo),
        indicator_progress=derive.indicator_progress,
        without_evidence=tracking.without_evidence,
        days_late=lambda milestone: derive.days_late(milestone, site.today),
        days_left=lambda milestone: derive.days_left(milestone, site.today),
        dataset_jsonld=lambda dataset: schema_org(dataset, urls.absolute, site, site.changes(dataset),
                                                  site.last_change(dataset)),
    )
    env.bytecode_cache = _bytecode_cache(env, f"{lang.code}:{catalogue_digest(lang.translations)}")
    return env


# Adjacent cells and terms (`</th><th>`, `</dt><dd>`): a browser lays them out apart, but
# Pagefind reads the text as it is and glued «idcomunidadobra» into search excerpts. A space
# between them changes nothing on the page.
_ADJACENT_CELLS = re.compile(r"</(t[dh]|d[dt])><(t[dh]|d[dt])\b")


def render_page(env: jinja2.Environment, page: PageSpec) -> str:
    try:
        template = env.get_template(page.template)
        text = template.render(page=page, **page.context)
    except jinja2.TemplateSyntaxError as exc:
        raise RenderError(f"error de sintaxis en la plantilla: {exc.message}", exc.name or page.template,
                          exc.lineno) from exc
    except jinja2.TemplateNotFound as exc:
        raise RenderError(f"no existe la plantilla «{exc.name}»", page.template) from exc
    except jinja2.UndefinedError as exc:
        raise RenderError(f"la plantilla usa un valor que no existe: {exc.message}", page.template) from exc
    # The last line of defence: a value that reached a link unchecked never publishes code.
    # Only markup (HTML, the Atom feed, the sitemap) has links a program follows; a calendar
    # or robots.txt is plain text where «src=…» is just words.
    if not page.template.endswith((".html", ".xml")):
        return text
    if page.template.endswith(".html"):
        text = _ADJACENT_CELLS.sub(r"</\1> <\2", text)
    for bad in unsafe.unsafe_output(text):
        raise RenderError(f"la página tendría un enlace que ejecuta código ({bad}); revisa los enlaces del contenido"
                          " que muestra: solo se permiten https://, http://, mailto: y rutas del sitio", page.template)
    return text
