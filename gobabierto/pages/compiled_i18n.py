"""Literal texts translated once, when a template is compiled, instead of on every page.

A build renders every page in one language, and most of the theme's texts are literals:
`_("Avance")`. Jinja's i18n extension calls gettext for each of them on every page (about 90
calls a commitment page; translating them when compiling saves about 13 % of its rendering
time). This extension replaces `_("literal")` — one string and nothing else, not a text
with variables, not `{% trans %}` — by its translation while the template is compiled, with
exactly the value the call would have returned: the newstyle gettext's `Markup(translation) % {}` in an autoescaped template
(kept as markup with `|safe`, a constant Jinja folds), `translation % {}` elsewhere.

Compiled code now holds the texts of one language: `render._bytecode_cache` names its
entries by the catalogue too."""

from __future__ import annotations

import hashlib

from jinja2 import lexer
from jinja2.ext import Extension
from markupsafe import Markup


class LiteralTranslations(Extension):
    """Translates with `environment.literal_gettext` (the catalogue's gettext), set before
    compiling; without it, templates compile as they are."""

    def __init__(self, environment):
        super().__init__(environment)
        environment.extend(literal_gettext=None)

    def filter_stream(self, stream):
        gettext = self.environment.literal_gettext
        if gettext is None:
            yield from stream
            return
        autoescape = self.environment.autoescape
        escaped = autoescape(stream.name) if callable(autoescape) else bool(autoescape)
        window: list = []  # tokens held back while they may be `_ ( "literal" )`
        previous = None
        for token in stream:
            window.append(token)
            if not _may_start(window, previous):
                previous = window[-1]
                yield from window
                window = []
                continue
            if len(window) == 4:
                literal = window[2].value
                text = Markup(gettext(literal)) % {} if escaped else gettext(literal) % {}
                yield from _constant(window[0], str(text), escaped)
                previous, window = window[-1], []
        yield from window


def _may_start(window: list, previous) -> bool:
    """Whether the held tokens are still a prefix of `_ ( "literal" )`, not after a dot."""
    kinds = (lexer.TOKEN_NAME, lexer.TOKEN_LPAREN, lexer.TOKEN_STRING, lexer.TOKEN_RPAREN)
    for index, token in enumerate(window):
        if token.type != kinds[index]:
            return False
    if window[0].value != "_":
        return False
    return previous is None or previous.type != lexer.TOKEN_DOT


def _constant(first, text: str, escaped: bool):
    """The tokens of `("text"|safe)` (or `("text")`) at the call's line."""
    line = first.lineno
    yield lexer.Token(line, lexer.TOKEN_LPAREN, "(")
    yield lexer.Token(line, lexer.TOKEN_STRING, text)
    if escaped:
        yield lexer.Token(line, lexer.TOKEN_PIPE, "|")
        yield lexer.Token(line, lexer.TOKEN_NAME, "safe")
    yield lexer.Token(line, lexer.TOKEN_RPAREN, ")")


def catalogue_digest(translations) -> str:
    """A digest of a catalogue's messages, for naming compiled code that holds them."""
    catalog = getattr(translations, "_catalog", None) or {}
    text = repr(sorted((repr(k), repr(v)) for k, v in catalog.items()))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]
