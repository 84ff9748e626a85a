"""Bodies in Markdown as GitHub's preview shows them, converted once.

The language is CommonMark with GitHub's extensions (tables, strikethrough, addresses linked
as they are written, task lists), read by markdown-it-py. One parse of a body gives
everything the build needs of it, as a `Body`: its HTML (sanitized by nh3, headings from
<h2> under the page's title), its problems (hostile HTML and links, text too deep to read,
constructs whose meaning changed with the move from Python-Markdown), the languages it
marks, the images it would load from other sites, and its first paragraph as plain text.
`Bodies` keeps them by the body's digest, so that a body is converted once per build and
not at all when a build's cache already has it."""

from __future__ import annotations

import hashlib
import html
import re
import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from mdit_py_plugins.gfm_autolink import gfm_autolink_plugin

from gobabierto.text.bodywalk import ALIGNMENT, MAX_NESTING, TooComplex, Walk, plain_text

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "dfn", "div", "dl", "dt",
    "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "input", "ins", "kbd", "li",
    "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
}
_GLOBAL_ATTRS = {"lang", "title", "id", "dir"}
ALLOWED_ATTRS = {
    "*": _GLOBAL_ATTRS,
    "a": {"href", "hreflang"},
    "abbr": {"title"},
    "img": {"src", "alt", "width", "height"},
    "input": {"type", "checked", "disabled"},  # a task list's box; raw <input> is refused before
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "time": {"datetime"},
    "ol": {"start"},
}
ALLOWED_CLASSES = {
    "th": set(ALIGNMENT.values()), "td": set(ALIGNMENT.values()),
    "ul": {"contains-task-list"}, "ol": {"contains-task-list"}, "li": {"task-list-item"},
    "input": {"task-list-item-checkbox"},
}
URL_SCHEMES = {"http", "https", "mailto"}

RENDER_SECONDS = 5.0
# "<" that opens a tag it never closes: harmless to CommonMark (it is text) but, by the
# thousand, HTML pasted in pieces that nobody reads as intended.
_TAG_START = re.compile(r"<[A-Za-z!?/]")
MAX_RESCAN = 1_000_000
# Control characters pasted from Word or a PDF: a Word line break (VT) or a page break (FF)
# becomes a line break, the rest go; XML outputs could not carry them.
_PASTED_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _engine() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING})
    md.enable(["table", "strikethrough"]).use(gfm_autolink_plugin)
    md.options["tasklists"] = True
    md.options["strikethrough_single_tilde"] = True  # GitHub strikes ~one~ as ~~two~~
    # Every link becomes a link token, even javascript:, so the check below refuses it with
    # its line instead of letting it show as text; nh3 would remove such a link in any case.
    md.validateLink = lambda url: True
    return md


_MD = _engine()


@dataclass(frozen=True)
class Body:
    """What the build needs of one body, from one parse."""

    html: str                                    # sanitized; site paths not yet prefixed, tables not yet wrapped
    problems: tuple[tuple[int, str, str, str], ...] = ()   # (line within the body, severity, code, message)
    languages: tuple[tuple[int, str], ...] = ()  # (line, value of a lang attribute)
    remote_images: tuple[tuple[int, str], ...] = ()        # (line, address of an image on another site)
    summary: str = ""                            # the first paragraph, as plain text


# --- limits --------------------------------------------------------------------------------

def _unclosed_tags(body: str) -> tuple[int, int, int]:
    """(how many "<" open a tag with no ">" before the next "<", the characters after each of
    them added up, offset of the first one)."""
    count = rescan = 0
    first = -1
    length = len(body)
    for match in _TAG_START.finditer(body):
        start = match.start()
        following = body.find("<", start + 1)
        end = length if following == -1 else following
        if body.find(">", start + 1, end) == -1:
            count += 1
            rescan += length - start
            first = start if first == -1 else first
    return count, rescan, first


@contextmanager
def _time_limit(seconds: float):
    """Raise TooComplex when the block runs longer than `seconds`. Only where a timer
    signal can be used (the main thread of a Unix process, no other SIGALRM handler);
    elsewhere the structural limits alone bound the work."""
    usable = (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
              and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None))
    if not usable:
        yield
        return

    def expired(signum, frame):
        raise TooComplex("tiempo", 0)

    signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)


# --- conversion ----------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRS,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        allowed_classes=ALLOWED_CLASSES,
        attribute_filter=_only_checkboxes,
    )


def _only_checkboxes(tag: str, attr: str, value: str) -> str | None:
    if tag == "input" and attr == "type" and value != "checkbox":
        return None
    return value


def sanitize(markup: str) -> str:
    """HTML with only what ALLOWED_TAGS, ALLOWED_ATTRS and URL_SCHEMES let through."""
    return _cleaner().clean(markup)


def convert(text: str) -> Body:
    """One body, parsed once: its HTML and everything known about it. Never raises: what
    cannot be converted is a problem of the Body, whose HTML is then empty."""
    text = _PASTED_CONTROL.sub("", text.replace("\x0b", "\n").replace("\x0c", "\n"))
    walk = Walk(text.split("\n"))
    count, rescan, first = _unclosed_tags(text)
    produced = ""
    if rescan > MAX_RESCAN:
        walk.error("html-sin-cerrar", text.count("\n", 0, first),
                   f"el texto tiene {count} signos «<» que abren una etiqueta HTML sin cerrarla con «>» (el primero en"
                   " esta línea): es HTML pegado a medias; si es texto, escribe «&lt;» en lugar de «<», y si es HTML,"
                   " cierra cada etiqueta")
    else:
        try:
            with _time_limit(RENDER_SECONDS):
                env: dict = {}
                tokens = _MD.parse(text, env)
                walk.run(tokens)
                produced = _MD.renderer.render(tokens, _MD.options, env)
        except (TooComplex, RecursionError) as exc:
            deep = isinstance(exc, RecursionError) or exc.args[0] == "anidado"
            reason = ("está anidado a demasiados niveles (listas o citas dentro de otras) desde esta línea" if deep
                      else f"tarda más de {RENDER_SECONDS:g} segundos en convertirse a HTML")
            walk.error("texto-demasiado-complejo", exc.args[1] if isinstance(exc, TooComplex) else 0,
                       f"el texto en Markdown {reason}; simplifícalo o divídelo en varios registros")
            produced = ""
    found = tuple(sorted((line, severity, code, message) for (line, code), (severity, message) in walk.problems.items()))
    return Body(sanitize(produced).rstrip("\n") if produced else "", found, tuple(walk.languages), tuple(walk.remote),
                walk.summary or "")


def digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class Bodies:
    """Converted bodies by the digest of their text, for one build: `known` holds those a
    previous build kept (under the same engine); `conversions` counts the bodies converted."""

    def __init__(self, known: dict[str, Body] | None = None):
        self.known = known or {}
        self.used: dict[str, Body] = {}
        self.conversions = 0

    def get(self, text: str) -> Body:
        key = digest(text)
        found = self.used.get(key) or self.known.get(key)
        if found is None:
            found = convert(text)
            self.conversions += 1
        self.used[key] = found
        return found


_current = Bodies()


@contextmanager
def using(bodies: Bodies):
    """Make `bodies` the store that `body()` and the page filters read during a build."""
    global _current
    previous, _current = _current, bodies
    try:
        yield bodies
    finally:
        _current = previous


def body(text: str) -> Body:
    """The converted body of `text`, from the current store."""
    return _current.get(text)


# --- publishing ----------------------------------------------------------------------------

# An <a href> or <img src> holding a path of the site ("/…", not "//…"), in nh3's output,
# where every attribute value is double-quoted with its quotes escaped.
_SITE_PATH = re.compile(r'(<(?:a|img)(?:\s+[\w:-]+(?:="[^"]*")?)*?\s+(?:href|src)=")/(?!/)')
_CHECKBOX = re.compile(r"<input\b")


def publish(body_html: str, prefix: str = "", table_label: str = "Tabla", task_label: str = "Tarea") -> str:
    """A body's HTML as a page shows it: site paths under the path prefix, each table in a
    focusable region that scrolls, named `table_label`; each task box named `task_label`."""
    if prefix:
        body_html = _SITE_PATH.sub(lambda m: m.group(1) + prefix + "/", body_html)
    if "<table>" in body_html:
        region = f'<div class="tabla-desplazable" tabindex="0" role="region" aria-label="{html.escape(table_label)}">'
        body_html = body_html.replace("<table>", region + "<table>").replace("</table>", "</table></div>")
    if "<input" in body_html:
        body_html = _CHECKBOX.sub(f'<input aria-label="{html.escape(task_label)}"', body_html)
    return body_html


def render(text: str, prefix: str = "", table_label: str = "Tabla", task_label: str = "Tarea") -> str:
    """Markdown → the HTML a page shows (see `publish`), through the current store."""
    if not text.strip():
        return ""
    return publish(body(text).html, prefix, table_label, task_label)


@lru_cache(maxsize=4096)
def plain(text: str) -> str:
    """A short text in Markdown (an objective, a description) as plain text: what a search
    engine's summary of the page shows. Not a body: it is not kept in the store."""
    return " ".join(" ".join(plain_text(t.children or []) for t in _MD.parse(text) if t.type == "inline").split())
