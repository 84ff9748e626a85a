"""Static checks of a built site's files, shared by the budget and metadata tests: each
returns a list of readable problems (empty when all is well), so a test can show every
offending page at once and can be tried on a site built to fail."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

KB = 1024
HTML_PAGE_LIMIT = 50 * KB
CSS_TOTAL_LIMIT = 30 * KB
JS_TOTAL_LIMIT = 20 * KB
# Pagefind's bundle (its search index, and the code that reads it) is left out of the
# JavaScript budget: it is fetched only by the search page, a piece at a time.
SEARCH_INDEX_DIRS = ("pagefind",)
CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:;"
       " object-src 'none'; base-uri 'none'; form-action 'self'")
# <link rel> values a browser does not fetch by itself; any other rel loads a resource.
LINKS_NOT_FETCHED = {"canonical", "alternate", "author", "license", "help", "next", "prev", "search", "me",
                     "bookmark", "external", "nofollow", "noopener", "noreferrer", "tag"}
ASSET_ATTRS = {("script", "src"), ("img", "src"), ("img", "srcset"), ("source", "src"), ("source", "srcset"),
               ("video", "src"), ("video", "poster"), ("audio", "src"), ("track", "src"), ("iframe", "src"),
               ("embed", "src"), ("object", "data"), ("input", "src")}
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""")


def is_remote(url: str) -> bool:
    return bool(re.match(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", url, re.IGNORECASE))


@dataclass
class Page:
    """What the checks need from one HTML file."""
    metas: dict[str, list[str]] = field(default_factory=dict)       # name/property/http-equiv → contents
    links: list[dict[str, str]] = field(default_factory=list)       # every <link>'s attributes
    assets: list[tuple[str, str]] = field(default_factory=list)     # (tag, url) the browser would fetch
    inline_scripts: int = 0
    script_sources: list[str] = field(default_factory=list)
    style_elements: int = 0
    style_attributes: list[str] = field(default_factory=list)       # tags carrying style=
    event_attributes: list[str] = field(default_factory=list)       # onclick=… and the like
    javascript_urls: list[str] = field(default_factory=list)
    title: str = ""
    csp_position: int | None = None    # index of the CSP <meta> among the elements of <head>
    first_loader_position: int | None = None  # index of the first <link>/<script>/<style> there
    main_count: int = 0
    h1_in_main: list[str] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.head_index = 0
        self.in_head = self.in_title = False
        self.main_depth = 0
        self.h1: list[str] | None = None
        self.script_is_inline = False

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        p = self.page
        if tag == "head":
            self.in_head = True
        elif self.in_head:
            self.head_index += 1
        if tag == "title" and self.in_head:  # not the <title> of an inline SVG chart
            self.in_title = True
        elif tag == "meta":
            key = a.get("name") or a.get("property") or a.get("http-equiv")
            if key:
                p.metas.setdefault(key.lower() if "http-equiv" in a else key, []).append(a.get("content", ""))
            if a.get("http-equiv", "").lower() == "content-security-policy" and self.in_head:
                p.csp_position = self.head_index
        elif tag == "link":
            p.links.append(a)
            rels = set(a.get("rel", "").lower().split())
            if rels - LINKS_NOT_FETCHED and a.get("href"):
                p.assets.append(("link", a["href"]))
        elif tag == "script":
            if a.get("src"):
                p.script_sources.append(a["src"])
            elif a.get("type", "").lower() not in DATA_SCRIPT_TYPES:
                p.inline_scripts += 1
        elif tag == "style":
            p.style_elements += 1
        elif tag == "main":
            p.main_count += 1
            self.main_depth += 1
        elif tag == "h1" and self.main_depth:
            self.h1 = []
        if self.in_head and tag in ("link", "script", "style") and p.first_loader_position is None:
            p.first_loader_position = self.head_index
        for name, value in a.items():
            if (tag, name) in ASSET_ATTRS and value:
                urls = [part.split()[0] for part in value.split(",") if part.strip()] if name == "srcset" else [value]
                p.assets.extend((tag, url) for url in urls)
            if name == "style":
                p.style_attributes.append(tag)
            if name.startswith("on"):
                p.event_attributes.append(f"<{tag} {name}>")
            if name in ("href", "src", "action", "formaction") and re.match(r"^\s*javascript:", value, re.I):
                p.javascript_urls.append(value)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False
        elif tag == "title":
            self.in_title = False
        elif tag == "main":
            self.main_depth -= 1
        elif tag == "h1" and self.h1 is not None:
            self.page.h1_in_main.append(" ".join("".join(self.h1).split()))
            self.h1 = None

    def handle_data(self, data):
        if self.in_title:
            self.page.title += data
        if self.h1 is not None:
            self.h1.append(data)


def parse(path: Path) -> Page:
    parser = _Parser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.page


def html_files(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def _in_search_index(rel: Path) -> bool:
    return bool(rel.parts) and rel.parts[0] in SEARCH_INDEX_DIRS


def budget_problems(output: Path) -> list[str]:
    """Pages too heavy, styles or scripts over budget, remote assets, content that needs
    JavaScript (no <main> with one <h1> in the HTML itself)."""
    problems = []
    for path in html_files(output):
        rel = path.relative_to(output).as_posix()
        size = path.stat().st_size
        if size > HTML_PAGE_LIMIT:
            problems.append(f"{rel}: la página pesa {size / KB:.1f} KB (máximo {HTML_PAGE_LIMIT // KB} KB)")
        page = parse(path)
        for tag, url in page.assets:
            if is_remote(url):
                problems.append(f"{rel}: <{tag}> carga un recurso de otro sitio: {url}")
        if page.main_count != 1 or len(page.h1_in_main) != 1 or not page.h1_in_main[0]:
            problems.append(f"{rel}: el HTML no trae un <main> con un <h1> con texto (¿lo genera JavaScript?)")
    css = sorted(output.rglob("*.css"))
    total = sum(p.stat().st_size for p in css)
    if total > CSS_TOTAL_LIMIT:
        problems.append(f"las hojas de estilo suman {total / KB:.1f} KB (máximo {CSS_TOTAL_LIMIT // KB} KB)")
    for path in css:
        for match in _CSS_URL.finditer(path.read_text(encoding="utf-8")):
            url = match.group(1) or match.group(2)
            if is_remote(url):
                problems.append(f"{path.relative_to(output).as_posix()}: carga un recurso de otro sitio: {url}")
    scripts = [p for p in sorted(output.rglob("*.js")) + sorted(output.rglob("*.mjs"))
               if not _in_search_index(p.relative_to(output))]
    total = sum(p.stat().st_size for p in scripts)
    if total > JS_TOTAL_LIMIT:
        problems.append(f"los scripts suman {total / KB:.1f} KB (máximo {JS_TOTAL_LIMIT // KB} KB, sin el índice de"
                        f" búsqueda)")
    return problems


def policy_problems(output: Path) -> list[str]:
    """Pages without the Content-Security-Policy <meta> early in <head>, or with anything it
    would block: inline scripts and styles, event-handler attributes, javascript: links."""
    problems = []
    for path in html_files(output):
        rel = path.relative_to(output).as_posix()
        page = parse(path)
        policies = page.metas.get("content-security-policy", [])
        if policies != [CSP]:
            problems.append(f"{rel}: Content-Security-Policy {policies!r}, se esperaba [{CSP!r}]")
        elif page.first_loader_position is not None and page.csp_position > page.first_loader_position:
            problems.append(f"{rel}: la Content-Security-Policy va después del primer recurso que debe proteger")
        if page.inline_scripts:
            problems.append(f"{rel}: {page.inline_scripts} <script> en línea")
        if page.style_elements:
            problems.append(f"{rel}: {page.style_elements} <style> en línea")
        if page.style_attributes:
            problems.append(f"{rel}: atributo style= en {sorted(set(page.style_attributes))}")
        if page.event_attributes:
            problems.append(f"{rel}: atributos de eventos {sorted(set(page.event_attributes))}")
        if page.javascript_urls:
            problems.append(f"{rel}: enlaces javascript: {page.javascript_urls}")
        for src in page.script_sources:
            if is_remote(src):
                problems.append(f"{rel}: script de otro sitio {src}")
    return problems
