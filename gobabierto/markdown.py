"""One configured Markdown renderer and HTML sanitizer (nh3), and the check that reports
hostile HTML in a body as a located problem instead of silently dropping it."""

from __future__ import annotations

import html
import re
from functools import lru_cache

import markdown as _markdown
import nh3

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


def unsafe_lines(body: str) -> list[tuple[int, str]]:
    """(0-based line within the body, Spanish explanation) for each piece of hostile HTML."""
    found = []
    for number, line in enumerate(body.split("\n")):
        decoded = _CONTROL.sub("", html.unescape(html.unescape(line)))
        decoded = re.sub(r"\s+", " ", decoded)
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
    return _markdown.Markdown(
        extensions=["tables", "sane_lists", "fenced_code", "attr_list", "def_list", "abbr"],
        output_format="html",
    )


_MD = _renderer()


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
    _MD.reset()
    produced = _normalize_headings(_MD.convert(text))
    cleaned = nh3.clean(
        produced,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRS,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_attribute_filter(prefix),
    )
    return _wrap_tables(cleaned)
