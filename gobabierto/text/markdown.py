"""One configured Markdown renderer and HTML sanitizer (nh3), and the check that reports
hostile HTML in a body as a located problem instead of silently dropping it."""

from __future__ import annotations

import bisect
import html
import re
import signal
import threading
from contextlib import contextmanager
from functools import lru_cache

import markdown as _markdown
import nh3
from markdown.extensions.abbr import AbbrExtension
from markdown.extensions.attr_list import AttrListExtension
from markdown.extensions.def_list import DefListExtension
from markdown.extensions.fenced_code import FencedCodeExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "dfn", "div", "dl", "dt",
    "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
    "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody",
    "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
}
_GLOBAL_ATTRS = {"lang", "title", "id", "dir"}
ALLOWED_ATTRS = {
    "*": _GLOBAL_ATTRS,
    "a": {"href", "hreflang"},
    "abbr": {"title"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "scope", "align"},
    "time": {"datetime"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}

_DANGEROUS_TAG = re.compile(
    r"<\s*/?\s*(script|iframe|object|embed|style|form|input|button|textarea|select|meta|base|link|svg|math|frame"
    r"|frameset|applet|template|noscript|xmp|plaintext|video|audio|source|portal)\b", re.IGNORECASE)
# An attribute name follows whitespace, "/" or a closing quote: <img/src=x/onerror=…>.
_EVENT_ATTR = re.compile(r"<[a-zA-Z][^<>]*?[\s/\"'](on[a-z]+)\s*=", re.IGNORECASE)
_BAD_URL = re.compile(r"(?:href|src|action|formaction|xlink:href|data|poster|background)\s*=\s*[\"'`]?\s*"
                      r"(javascript|vbscript|data)\s*:"
                      r"|\]\(\s*<?\s*(javascript|vbscript|data)\s*:"
                      r"|^\s{0,3}\[[^\]]+\]:\s*<?\s*(javascript|vbscript|data)\s*:", re.IGNORECASE)
_STYLE_ATTR = re.compile(r"<[a-zA-Z][^<>]*?[\s/\"']style\s*=", re.IGNORECASE)
# Python-Markdown's attribute lists: {: onclick="…" style="…" }
_ATTR_LIST = re.compile(r"\{:?[^{}]*?[\s{:](on[a-z]+|style)\s*=", re.IGNORECASE)
_PASTED_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\u200b-\u200d\ufeff]")
_URL_IGNORED = re.compile(r"[\t\n\r]")  # browsers drop these inside a URL: "java\tscript:" runs


def _line_problem(decoded: str) -> str | None:
    collapsed = re.sub(r"\s+", " ", decoded)
    if (m := _DANGEROUS_TAG.search(collapsed)):
        return (f"la etiqueta HTML «<{m.group(1).lower()}>» no se permite en el texto; quítala"
                " (para incrustar contenido, enlázalo)")
    if (m := _EVENT_ATTR.search(collapsed)) or (m := _ATTR_LIST.search(collapsed)):
        if m.group(1).lower() != "style":
            return f"el atributo HTML «{m.group(1).lower()}» ejecuta código y no se permite; quítalo"
    if (m := _BAD_URL.search(_URL_IGNORED.sub("", decoded))):
        scheme = next(g for g in m.groups() if g).lower()
        return f"un enlace «{scheme}:» no se permite; usa enlaces https://, mailto: o rutas del sitio"
    if _STYLE_ATTR.search(collapsed) or _ATTR_LIST.search(collapsed):
        return "el atributo HTML «style» no se permite en el texto; el diseño lo da el tema"
    return None


# A `lang` attribute inside a tag (<span lang="nah">) or an attribute list ({: lang="nah" }).
_LANG_ATTR = re.compile(r"""(?:<[a-zA-Z][^<>]*?|\{:?[^{}\n]*?)[\s{:]lang\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>{}/]*))""",
                        re.IGNORECASE)


def language_tags(body: str) -> list[tuple[int, str]]:
    """(0-based line within the body, value) of every language given to a passage, as
    <span lang="nah">…</span>, <div lang="…"> or a Markdown attribute list {: lang="…" }."""
    found = []
    for number, line in enumerate(body.split("\n")):
        for match in _LANG_ATTR.finditer(html.unescape(line)):
            found.append((number, next((g for g in match.groups() if g is not None), "")))
    return found


def unsafe_lines(body: str) -> list[tuple[int, str]]:
    """(0-based line within the body, Spanish explanation) for each line with hostile HTML,
    whatever its casing or entity encoding, and for event attributes of a tag that started
    on an earlier line."""
    decoded = [_CONTROL.sub("", html.unescape(html.unescape(line))) for line in body.split("\n")]
    found: dict[int, str] = {}
    for number, line in enumerate(decoded):
        if "<" not in line and ":" not in line and "{" not in line:
            # Every pattern of the line check needs "<", ":" or "{" (entities are already
            # decoded): most lines of prose are skipped, unchanged in meaning.
            continue
        message = _line_problem(line)
        if message:
            found[number] = message
    joined = "\n".join(line.replace("\n", " ") for line in decoded)
    starts = [0] + [i + 1 for i, c in enumerate(joined) if c == "\n"]
    for m in _EVENT_ATTR.finditer(joined):
        number = bisect.bisect_right(starts, m.start(1)) - 1
        found.setdefault(number, f"el atributo HTML «{m.group(1).lower()}» ejecuta código y no se permite; quítalo")
    return sorted(found.items())


# Python's HTML parser (used by Python-Markdown for raw HTML) reads the rest of the text
# again for every "<" that opens a tag without closing it, so a few thousand of them take
# minutes. The characters it would rescan are counted before converting, and conversion
# itself runs under a time limit.
_TAG_START = re.compile(r"<[A-Za-z!?/]")
MAX_RESCAN = 1_000_000
RENDER_SECONDS = 5.0


class TooComplex(Exception):
    """A body Python-Markdown cannot convert in reasonable time or depth."""


def _unclosed_tags(body: str) -> tuple[int, int, int]:
    """(how many "<" open a tag with no ">" before the next "<", the characters the HTML
    parser would rescan for them, offset of the first one)."""
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
    elsewhere the structural checks alone bound the work."""
    usable = (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
              and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None))
    if not usable:
        yield
        return

    def expired(signum, frame):
        raise TooComplex("tiempo")

    signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)


# Quotes nest one level per ">" and the converter follows them all: whether that takes too
# long depends on the machine, so the depth itself is the limit.
_QUOTE_MARKS = re.compile(r"^(?:[ \t]*>)+", re.M)
MAX_QUOTE_DEPTH = 50


def body_problems(body: str) -> list[tuple[int, str, str]]:
    """(0-based line within the body, code, Spanish explanation) for everything that keeps
    a body from being published: hostile HTML, and text too complex to convert."""
    found = [(line, "html-no-permitido", message) for line, message in unsafe_lines(body)]
    count, rescan, first = _unclosed_tags(body)
    if rescan > MAX_RESCAN:
        found.append((body.count("\n", 0, first), "html-sin-cerrar",
                      f"el texto tiene {count} signos «<» que abren una etiqueta HTML sin cerrarla con «>» (el primero"
                      " en esta línea) y procesarlo tardaría demasiado; si es texto, escribe «&lt;» en lugar de «<»,"
                      " y si es HTML, cierra cada etiqueta"))
        return found
    for match in _QUOTE_MARKS.finditer(body):
        if match.group().count(">") > MAX_QUOTE_DEPTH:
            found.append((body.count("\n", 0, match.start()), "texto-demasiado-complejo",
                          f"el texto en Markdown tiene citas anidadas a más de {MAX_QUOTE_DEPTH} niveles (signos «>» al"
                          " inicio de esta línea); simplifícalo o divídelo en varios registros"))
            return found
    try:
        _convert(body)
    except TooComplex as exc:
        reason = ("está anidado a demasiados niveles (listas o citas dentro de otras)" if str(exc) == "anidado"
                  else f"tarda más de {RENDER_SECONDS:g} segundos en convertirse a HTML")
        found.append((0, "texto-demasiado-complejo",
                      f"el texto en Markdown {reason}; simplifícalo o divídelo en varios registros"))
    return found


_URL_ATTR = re.compile(
    r"""<[a-zA-Z][^<>]*?\s(href|src|action|formaction|xlink:href|poster|background|cite|data|srcdoc)\s*=\s*"""
    r"""(?:"([^"]*)"|'([^']*)'|([^\s"'<>=`]+))""", re.IGNORECASE)
_SCHEME_NOISE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200d\ufeff]+")


def unsafe_output(html_text: str) -> list[str]:
    """Links in rendered HTML that would run code: `javascript:`/`vbscript:` anywhere, and
    `data:` except for images. Each is named, shortened, for the error message."""
    found = []
    for match in _URL_ATTR.finditer(html_text):
        attr = match.group(1).lower()
        raw = next(g for g in match.groups()[1:] if g is not None)
        value = _SCHEME_NOISE.sub("", html.unescape(raw)).lower()
        scheme = value.split(":", 1)[0] if ":" in value else ""
        if scheme in ("javascript", "vbscript") or attr == "srcdoc" or (
                scheme == "data" and not (attr == "src" and value.startswith("data:image/"))):
            shown = raw if len(raw) <= 60 else raw[:57] + "…"
            found.append(f"{attr}=«{shown}»")
    return found


_IMG_SRC = re.compile(r"""<img\b[^>]*?\ssrc=["']?([^"'\s>]+)""", re.IGNORECASE)


def remote_images(body: str) -> list[tuple[int, str]]:
    """(0-based line within the body, address) of each image the body would load from
    another site — the pages' Content-Security-Policy only lets them show their own."""
    found = []
    for src in dict.fromkeys(_IMG_SRC.findall(render(body))):
        src = html.unescape(src)
        if re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", src, re.IGNORECASE):
            line = next((n for n, text in enumerate(body.split("\n")) if src in text), 0)
            found.append((line, src))
    return found


def _renderer() -> _markdown.Markdown:
    # The extensions are given as instances, not by name ("tables", "abbr"…): a name is
    # looked up among the entry points of every installed distribution, which took about
    # half a second of every build's start-up.
    return _markdown.Markdown(
        extensions=[TableExtension(), SaneListExtension(), FencedCodeExtension(), AttrListExtension(),
                    DefListExtension(), AbbrExtension()],
        output_format="html",
    )


_MD = _renderer()

# Most of python-markdown's time goes into trying every block processor on every block and
# every inline pattern on every run of text, although most of them can only ever match a
# text holding a given character: a table needs "|", a link "[", an HTML tag "<". For each
# text, the parts whose characters are all absent are left out of the instance that
# converts it. Nothing they could have matched is there, so the output is the same; only
# the work is not (about half of it for plain prose). The derived texts these parts see
# (list items, quotes, table cells, placeholders "\x02klzzwxh:12\x03") are made of the
# text's own characters, spaces and letters/digits, never of one of these characters.
# An entry applies only to the class named: another python-markdown version with other
# parts under the same names keeps them all.
#   (registry, name): (class names, strings of which at least one must be in the text)
_TRIGGERS: dict[tuple[str, str], tuple[tuple[str, ...], tuple[str, ...]]] = {
    ("preprocessors", "html_block"): (("HtmlBlockPreprocessor",), ("<", "&")),
    ("preprocessors", "fenced_code_block"): (("FencedBlockPreprocessor",), ("`", "~")),
    ("blockprocessors", "indent"): (("ListIndentProcessor",), ("    ", "\t")),
    ("blockprocessors", "defindent"): (("DefListIndentProcessor",), ("    ", "\t")),
    ("blockprocessors", "code"): (("CodeBlockProcessor",), ("    ", "\t")),
    ("blockprocessors", "table"): (("TableProcessor",), ("|",)),
    ("blockprocessors", "hashheader"): (("HashHeaderProcessor",), ("#",)),
    ("blockprocessors", "quote"): (("BlockQuoteProcessor",), (">",)),
    ("blockprocessors", "deflist"): (("DefListProcessor",), (":",)),
    ("blockprocessors", "abbr"): (("AbbrBlockprocessor", "AbbrPreprocessor"), ("[",)),
    ("blockprocessors", "reference"): (("ReferenceProcessor",), ("[",)),
    ("inlinePatterns", "backtick"): (("BacktickInlineProcessor",), ("`",)),
    ("inlinePatterns", "escape"): (("EscapeInlineProcessor",), ("\\",)),
    ("inlinePatterns", "reference"): (("ReferenceInlineProcessor",), ("[",)),
    ("inlinePatterns", "link"): (("LinkInlineProcessor",), ("[",)),
    ("inlinePatterns", "image_link"): (("ImageInlineProcessor",), ("!",)),
    ("inlinePatterns", "image_reference"): (("ImageReferenceInlineProcessor",), ("!",)),
    ("inlinePatterns", "short_reference"): (("ShortReferenceInlineProcessor",), ("[",)),
    ("inlinePatterns", "short_image_ref"): (("ShortImageReferenceInlineProcessor",), ("!",)),
    ("inlinePatterns", "autolink"): (("AutolinkInlineProcessor",), ("<",)),
    ("inlinePatterns", "automail"): (("AutomailInlineProcessor",), ("<",)),
    ("inlinePatterns", "linebreak"): (("SubstituteTagInlineProcessor",), ("  ", "\t")),
    ("inlinePatterns", "html"): (("HtmlInlineProcessor",), ("<",)),
    ("inlinePatterns", "entity"): (("HtmlInlineProcessor",), ("&",)),
    ("inlinePatterns", "em_strong"): (("DelimiterProcessor", "AsteriskProcessor"), ("*", "_")),
    ("inlinePatterns", "em_strong2"): (("UnderscoreProcessor",), ("*", "_")),
    ("inlinePatterns", "not_strong"): (("SimpleTextInlineProcessor",), ("*", "_")),
    ("treeprocessors", "attr_list"): (("AttrListTreeprocessor",), ("{",)),
}
_NEEDLES = tuple(sorted({needle for _, needles in _TRIGGERS.values() for needle in needles}))
_VARIANTS: dict[frozenset, _markdown.Markdown] = {}
_MAX_VARIANTS = 64


def _registry(md: _markdown.Markdown, where: str):
    return md.parser.blockprocessors if where == "blockprocessors" else getattr(md, where)


def _converter(text: str) -> _markdown.Markdown:
    """The Markdown instance for `text`: the full one less what cannot match in it."""
    present = {needle for needle in _NEEDLES if needle in text}
    unused = frozenset(key for key, (_, needles) in _TRIGGERS.items() if present.isdisjoint(needles))
    md = _VARIANTS.get(unused)
    if md is None:
        if len(_VARIANTS) >= _MAX_VARIANTS:
            return _MD
        md = _renderer()
        for where, name in unused:
            registry = _registry(md, where)
            if name in registry and type(registry[name]).__name__ in _TRIGGERS[(where, name)][0]:
                registry.deregister(name)
        _VARIANTS[unused] = md
    return md



def _attribute_filter(prefix: str):
    def keep(tag: str, attr: str, value: str):
        if attr in ("href", "src") and value.startswith("/") and not value.startswith("//"):
            return prefix + value
        return value
    return keep


_HEADING = re.compile(r"<(/?)h([1-6])\b")


def _normalize_headings(html_text: str) -> str:
    """The body's top heading level becomes <h2>, under the page's one <h1>, whatever the
    editor started with (`#` or `###`); relative levels are kept."""
    levels = [int(m.group(2)) for m in _HEADING.finditer(html_text) if not m.group(1)]
    if not levels:
        return html_text
    shift = 2 - min(levels)
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + shift)}", html_text)


def _wrap_tables(html_text: str, label: str) -> str:
    """Tables scroll inside a focusable, labelled region; header cells get their scope."""
    html_text = html_text.replace("<th>", '<th scope="col">')
    region = f'<div class="tabla-desplazable" tabindex="0" role="region" aria-label="{html.escape(label)}">'
    return (html_text.replace("<table>", region + "<table>")
            .replace("</table>", "</table></div>"))


@lru_cache(maxsize=4096)
def _convert(text: str) -> str:
    """Markdown → HTML, not yet sanitized, headings from <h2>. Raises TooComplex."""
    # Invisible control characters pasted from Word or a PDF: a Word line break (VT) or a
    # page break (FF) becomes a line break, the rest go; XML outputs could not carry them.
    text = _PASTED_CONTROL.sub("", text.replace("\x0b", "\n").replace("\x0c", "\n"))
    md = _converter(text)
    md.reset()
    try:
        with _time_limit(RENDER_SECONDS):
            produced = md.convert(text)
    except RecursionError:
        md.reset()
        raise TooComplex("anidado") from None
    except TooComplex:
        md.reset()
        raise
    return _normalize_headings(produced)


@lru_cache(maxsize=4096)
def render(text: str, prefix: str = "", table_label: str = "Tabla") -> str:
    """Markdown → sanitized HTML. Site-relative links get the path prefix; headings start
    at <h2>; tables get a scroll wrapper named `table_label` (in the site's language).
    Raises TooComplex (checked in phase A)."""
    if not text.strip():
        return ""
    return _wrap_tables(_cleaner(prefix).clean(_convert(text)), table_label)


@lru_cache(maxsize=16)
def _cleaner(prefix: str) -> nh3.Cleaner:
    """The sanitizer, configured once per path prefix rather than on every call."""
    return nh3.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRS,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_attribute_filter(prefix),
    )
