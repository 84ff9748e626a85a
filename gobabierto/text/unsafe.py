"""What makes a text hostile: the patterns of HTML and links that run code, whatever their
casing or entity encoding. `markdown.py` applies them to the pieces of a parsed body (its
raw HTML, its text, its links); `unsafe_output` is the last look at a rendered page."""

from __future__ import annotations

import html
import re

_DANGEROUS_TAG = re.compile(
    r"<\s*/?\s*(script|iframe|object|embed|style|form|input|button|textarea|select|meta|base|link|svg|math|frame"
    r"|frameset|applet|template|noscript|xmp|plaintext|video|audio|source|portal)\b", re.IGNORECASE)
# An attribute name follows whitespace, "/" or a closing quote: <img/src=x/onerror=…>.
EVENT_ATTR = re.compile(r"<[a-zA-Z][^<>]*?[\s/\"'](on[a-z]+)\s*=", re.IGNORECASE)
_BAD_URL = re.compile(r"(?:href|src|action|formaction|xlink:href|data|poster|background)\s*=\s*[\"'`]?\s*"
                      r"(javascript|vbscript|data)\s*:", re.IGNORECASE)
_STYLE_ATTR = re.compile(r"<[a-zA-Z][^<>]*?[\s/\"']style\s*=", re.IGNORECASE)
# Python-Markdown's attribute lists, which earlier versions of gobabierto read: {: onclick="…" style="…" }
_ATTR_LIST = re.compile(r"\{:?[^{}]*?[\s{:](on[a-z]+|style)\s*=", re.IGNORECASE)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\u200b-\u200d\ufeff]")
_URL_IGNORED = re.compile(r"[\t\n\r]")  # browsers drop these inside a URL: "java\tscript:" runs
CODE_SCHEMES = ("javascript", "vbscript", "data")


def decoded(text: str) -> str:
    """`text` as a browser could end up reading it: entities decoded twice (an escaped
    entity pasted from a web page is one decoding away from live), invisible characters gone."""
    return CONTROL.sub("", html.unescape(html.unescape(text)))


def line_problem(text: str) -> str | None:
    """The Spanish explanation of what is hostile in one decoded line, or None."""
    collapsed = re.sub(r"\s+", " ", text)
    if (m := _DANGEROUS_TAG.search(collapsed)):
        return (f"la etiqueta HTML «<{m.group(1).lower()}>» no se permite en el texto; quítala"
                " (para incrustar contenido, enlázalo)")
    if (m := EVENT_ATTR.search(collapsed)) or (m := _ATTR_LIST.search(collapsed)):
        if m.group(1).lower() != "style":
            return event_message(m.group(1))
    if (m := _BAD_URL.search(_URL_IGNORED.sub("", text))):
        return scheme_message(m.group(1))
    if _STYLE_ATTR.search(collapsed) or _ATTR_LIST.search(collapsed):
        return "el atributo HTML «style» no se permite en el texto; el diseño lo da el tema"
    return None


def event_message(attribute: str) -> str:
    return f"el atributo HTML «{attribute.lower()}» ejecuta código y no se permite; quítalo"


def scheme_message(scheme: str) -> str:
    return f"un enlace «{scheme.lower()}:» no se permite; usa enlaces https://, mailto: o rutas del sitio"


_SCHEME_NOISE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200d\ufeff]+")


def code_scheme(url: str) -> str | None:
    """`javascript`, `vbscript` or `data` when a link's address (as Markdown decoded it) would
    use one of them, whatever the case and the invisible characters in it; else None."""
    value = _SCHEME_NOISE.sub("", html.unescape(url)).lower()
    scheme = value.split(":", 1)[0] if ":" in value else ""
    return scheme if scheme in CODE_SCHEMES else None


_URL_ATTR = re.compile(
    r"""<[a-zA-Z][^<>]*?\s(href|src|action|formaction|xlink:href|poster|background|cite|data|srcdoc)\s*=\s*"""
    r"""(?:"([^"]*)"|'([^']*)'|([^\s"'<>=`]+))""", re.IGNORECASE)


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
