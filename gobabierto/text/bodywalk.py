"""One walk over a parsed body's tokens (markdown-it-py), before they are rendered: what the
body holds that is hostile (raw HTML, its text read as a browser would read HTML, links),
the languages it marks, the images it loads from other sites, its first paragraph as plain
text, and the constructs whose meaning changed with the move from Python-Markdown to
CommonMark. On the way, headings move under the page's title, a table column's alignment
becomes a class of the theme, and strikethrough is marked <del>, as GitHub marks it."""

from __future__ import annotations

import html
import re

from markdown_it.token import Token

from gobabierto.core.problems import ERROR, WARNING
from gobabierto.text import unsafe

# Nesting deeper than this (lists or quotes inside one another) is not read any further.
MAX_NESTING = 20
# A table column's alignment (`|:--|--:|`) as a class of the theme: style attributes are
# not allowed, and HTML's align is obsolete.
ALIGNMENT = {"left": "alinear-izquierda", "center": "alinear-centro", "right": "alinear-derecha"}


class TooComplex(Exception):
    """A body that cannot be converted in reasonable time or depth: (reason, line)."""


_LANG_IN_TAG = re.compile(r"""<[a-zA-Z][^<>]*?\slang\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>/=`]+))""", re.IGNORECASE)
_IMG_SRC = re.compile(r"""<img\b[^>]*?\ssrc\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_REMOTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
# Python-Markdown's constructs that CommonMark shows as they are written: attribute lists
# ({: lang="en" }, {#id .class}), definition lists (": definición") and abbreviations.
_ATTRIBUTE_LIST = re.compile(r"\{:\s*[^{}\n]*\}|\{\s*(?:[#.][\w-]+|[\w-]+=)[^{}\n]*\}")
_DEFINITION = re.compile(r"^ {0,3}:[ \t]+\S")
_ABBREVIATION = re.compile(r"^ {0,3}\*\[[^\]\n]+\]:")


# Every pattern of unsafe.line_problem needs "<" (a tag), "{" (an attribute list) or "="
# (an attribute's value) once entities are decoded: other text is skipped, unchanged in meaning.
_MAY_BE_HOSTILE = re.compile(r"[<{=&]")


class Walk:
    """One pass over the tokens: problems, languages, remote images, the first paragraph;
    headings, table cells and strikethrough set as they are to be rendered."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        self.problems: dict[tuple[int, str], tuple[str, str]] = {}
        self.languages: list[tuple[int, str]] = []
        self.remote: list[tuple[int, str]] = []
        self.summary: str | None = None

    def error(self, code: str, line: int, message: str) -> None:
        self.problems.setdefault((line, code), (ERROR, message))

    def warn(self, code: str, line: int, message: str) -> None:
        self.problems.setdefault((line, code), (WARNING, message))

    def run(self, tokens: list[Token]) -> None:
        headings: list[Token] = []
        line = 0
        summary_next = False
        for token in tokens:
            if token.map is not None:
                line = token.map[0]
            kind = token.type
            if token.level >= MAX_NESTING - 1:
                top = next((t.map[0] for t in tokens if t.level == 0 and t.map is not None and t.map[1] > line), line)
                raise TooComplex("anidado", top)  # reported at the start of the outermost block
            if kind in ("heading_open", "heading_close"):
                headings.append(token)
                if kind == "heading_open":
                    self.paragraph_source(token)  # a heading's attribute list: ## Título {#ancla}
            elif kind in ("th_open", "td_open"):
                self.cell(token)
            elif kind == "html_block":
                self.hostile(token.content, line)
                self.raw_html(token.content, line)
            elif kind == "code_block":
                self.warn("markdown-codigo-sangria", line,
                          "este bloque empieza con 4 espacios (o un tabulador) y se publica como código, igual que en la"
                          " vista previa de GitHub; si es texto, quita la sangría; si es una lista dentro de otra,"
                          " alinea el guion con el texto del elemento de arriba")
            elif kind == "paragraph_open":
                self.paragraph_source(token)
                summary_next = self.summary is None and not token.hidden
            elif kind == "inline":
                self.inline(token, line)
                if summary_next:
                    self.summary = " ".join(plain_text(token.children or []).split())
                    summary_next = False
        refused = {line for (line, _), (severity, _) in self.problems.items() if severity == ERROR}
        for key in [key for key, (severity, _) in self.problems.items() if severity == WARNING and key[0] in refused]:
            del self.problems[key]  # a line refused says what to do; a warning beside it would only distract
        if headings:
            shift = 2 - min(int(t.tag[1]) for t in headings)
            for token in headings:
                token.tag = f"h{min(6, int(token.tag[1]) + shift)}"

    def cell(self, token: Token) -> None:
        style = token.attrs.pop("style", None)
        if isinstance(style, str) and style.startswith("text-align:"):
            token.attrSet("class", ALIGNMENT.get(style.split(":", 1)[1].strip(), ""))
        if token.type == "th_open":
            token.attrSet("scope", "col")

    def paragraph_source(self, token: Token) -> None:
        """Python-Markdown's constructs in a paragraph's (or a heading's) own lines."""
        start, end = token.map
        for number in range(start, end):
            text = self.lines[number]
            if "{" in text and _ATTRIBUTE_LIST.search(text):
                self.warn("markdown-sin-efecto", number,
                          f"«{_ATTRIBUTE_LIST.search(text).group()}» se publica tal cual, como en la vista previa de"
                          " GitHub: las listas de atributos ya no se leen; para marcar un pasaje en otra lengua"
                          " escribe <span lang=\"en\">…</span> (o <p lang=\"en\">…</p> para un párrafo)")
            elif number > start and _DEFINITION.match(text):
                self.warn("markdown-sin-efecto", number,
                          "las listas de definiciones («término» y en la línea siguiente «: definición») ya no se"
                          " leen y se publican tal cual; escribe el término en **negritas** seguido de su definición")
            elif _ABBREVIATION.match(text):
                self.warn("markdown-sin-efecto", number,
                          "las abreviaturas («*[INAI]: …») ya no se leen y se publican tal cual; escribe el nombre"
                          " completo la primera vez, o <abbr title=\"Instituto Nacional…\">INAI</abbr>")

    def hostile(self, source: str, line: int) -> None:
        """Hostile tags, attributes and links in `source` (starting at `line`), whatever their
        encoding, line by line and, for a tag spread over lines, across them."""
        lines = [unsafe.decoded(part) if _MAY_BE_HOSTILE.search(part) else "" for part in source.split("\n")]
        for offset, text in enumerate(lines):
            if text:
                message = unsafe.line_problem(text)
                if message:
                    self.error("html-no-permitido", line + offset, message)
        if "<" in source or "&" in source:
            joined = "\n".join(text.replace("\n", " ") for text in lines)
            for m in unsafe.EVENT_ATTR.finditer(joined.replace("\n", " ")):
                self.error("html-no-permitido", line + joined.count("\n", 0, m.start(1)),
                           unsafe.event_message(m.group(1)))

    def raw_html(self, content: str, line: int) -> None:
        """The languages raw HTML marks and the images it loads."""
        once = html.unescape(content)
        for m in _LANG_IN_TAG.finditer(once):
            self.languages.append((line + once.count("\n", 0, m.start()), next(g for g in m.groups() if g is not None)))
        for m in _IMG_SRC.finditer(once):
            if _REMOTE.match(m.group(1)):
                self.remote.append((line + once.count("\n", 0, m.start()), m.group(1)))

    def link(self, url: str, line: int) -> None:
        scheme = unsafe.code_scheme(url)
        if scheme:
            self.error("html-no-permitido", line, unsafe.scheme_message(scheme))

    def inline(self, token: Token, line: int) -> None:
        """A paragraph's, heading's or cell's text: its links and images; and its text and raw
        HTML together, as a browser would read them if they were HTML (code spans apart)."""
        start = line
        source: list[str] = []
        for child in token.children or []:
            kind = child.type
            if kind == "text":
                source.append(child.content)
            elif kind == "code_inline":
                source.append(" ")
            elif kind in ("softbreak", "hardbreak"):
                line += 1
                source.append("\n")
            elif kind == "html_inline":
                self.raw_html(child.content, line)
                line += child.content.count("\n")
                source.append(child.content)
            elif kind == "link_open":
                self.link(child.attrs.get("href", ""), line)
            elif kind == "image":
                src = str(child.attrs.get("src", ""))
                self.link(src, line)
                source.append(child.content)
                if _REMOTE.match(src):
                    if line >= len(self.lines) or src not in self.lines[line]:  # ![…][ref]: where the address is
                        line_of_src = next((n for n, text in enumerate(self.lines) if src in text), line)
                        self.remote.append((line_of_src, src))
                    else:
                        self.remote.append((line, src))
            elif kind in ("s_open", "s_close"):
                child.tag = "del"  # as GitHub marks it
                if kind == "s_open" and child.markup == "~":
                    self.warn("markdown-tachado", line,
                              "el texto entre dos «~» sueltos se publica tachado, igual que en la vista previa de GitHub;"
                              " si «~» quiere decir «aproximadamente», escribe «aprox.» o «\\~»")
        text = "".join(source)
        if _MAY_BE_HOSTILE.search(text):
            self.hostile(text, start)


def plain_text(children: list[Token]) -> str:
    """An inline token's children as the words a reader sees: no markup, links as their text."""
    out = []
    for child in children:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif child.type == "image":
            out.append(plain_text(child.children or []))
    return "".join(out)
