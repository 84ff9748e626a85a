"""One configured Markdown renderer and HTML sanitizer (nh3), and the check that reports
hostile HTML in a body as a located problem instead of silently dropping it."""

from __future__ import annotations

import html
import re
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
_EVENT_ATTR = re.compile(r"<[^>]*\s(on[a-z]+)\s*=", re.IGNORECASE)
_BAD_URL = re.compile(r"(?:href|src|action|formaction|xlink:href)\s*=\s*[\"']?\s*(javascript|vbscript|data)\s*:"
                      r"|\]\(\s*<?\s*(javascript|vbscript|data)\s*:", re.IGNORECASE)
_STYLE_ATTR = re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\u200b-\u200d\ufeff]")
_SPACES = re.compile(r"\s+")


def unsafe_lines(body: str) -> list[tuple[int, str]]:
    """(0-based line within the body, Spanish explanation) for each piece of hostile HTML."""
    found = []
    for number, line in enumerate(body.split("\n")):
        if "<" not in line and "&" not in line and ":" not in line:
            # Every pattern below needs "<" or ":", and only an entity ("&…;") can turn
            # into one of them: most lines of prose are skipped here, unchanged in meaning.
            continue
        decoded = _CONTROL.sub("", html.unescape(html.unescape(line)))
        decoded = _SPACES.sub(" ", decoded)
        if (m := _DANGEROUS_TAG.search(decoded)):
            found.append((number, f"la etiqueta HTML «<{m.group(1).lower()}>» no se permite en el texto; quítala"
                                  " (para incrustar contenido, enlázalo)"))
        elif (m := _EVENT_ATTR.search(decoded)):
            found.append((number, f"el atributo HTML «{m.group(1).lower()}» ejecuta código y no se permite; quítalo"))
        elif (m := _BAD_URL.search(decoded)):
            scheme = (m.group(1) or m.group(2)).lower()
            found.append((number, f"un enlace «{scheme}:» no se permite; usa enlaces https://, mailto: o rutas del sitio"))
        elif _STYLE_ATTR.search(decoded):
            found.append((number, "el atributo HTML «style» no se permite en el texto; el diseño lo da el tema"))
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


def _wrap_tables(html_text: str) -> str:
    """Tables scroll inside a focusable, labelled region; header cells get their scope."""
    html_text = html_text.replace("<th>", '<th scope="col">')
    return (html_text.replace("<table>", '<div class="tabla-desplazable" tabindex="0" role="region" aria-label="Tabla">'
                                         "<table>")
            .replace("</table>", "</table></div>"))


@lru_cache(maxsize=4096)
def render(text: str, prefix: str = "") -> str:
    """Markdown → sanitized HTML. Site-relative links get the path prefix; headings start
    at <h2>; tables get a scroll wrapper."""
    if not text.strip():
        return ""
    md = _converter(text)
    md.reset()
    produced = _normalize_headings(md.convert(text))
    return _wrap_tables(_cleaner(prefix).clean(produced))


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
