"""Crawl a built site and report every internal link or asset that does not resolve."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

_LINK_ATTRS = {("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"), ("source", "src"),
               ("iframe", "src"), ("form", "action")}


@dataclass(frozen=True)
class BrokenLink:
    page: str    # output-relative path of the page
    target: str  # the link as written

    def __str__(self) -> str:
        return f"{self.page}: enlace roto «{self.target}»"


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if (tag, name) in _LINK_ATTRS and value is not None:
                self.links.append(value)


def _page_url(rel: str) -> str:
    return "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def check_links(output: Path, base_url: str | None = None) -> list[BrokenLink]:
    """Every internal href/src of every HTML page must name a file in `output` (under the
    site's path prefix); fragments must name an id on the target page."""
    output = Path(output)
    prefix = urlsplit(base_url or "").path.rstrip("/")
    origin = urlsplit(base_url or "")
    pages: dict[str, _Collector] = {}
    for page in sorted(output.rglob("*.html")):
        collector = _Collector()
        collector.feed(page.read_text(encoding="utf-8"))
        pages[page.relative_to(output).as_posix()] = collector
    broken: list[BrokenLink] = []
    for rel, collector in pages.items():
        here = prefix + _page_url(rel)
        for link in collector.links:
            parts = urlsplit(link)
            if parts.scheme in ("mailto", "tel", "data"):
                continue
            if parts.scheme or parts.netloc:
                if not (origin.netloc and parts.netloc == origin.netloc):
                    continue  # external: not checked
            absolute = urlsplit(urljoin(here, link))
            path = unquote(absolute.path)
            if not path.startswith(prefix + "/"):
                broken.append(BrokenLink(rel, link))
                continue
            inside = path[len(prefix) + 1:]
            target = output / inside
            if inside == "" or inside.endswith("/"):
                target = target / "index.html"
            resolved = target.resolve()
            if not resolved.is_relative_to(output.resolve()) or not resolved.is_file():
                broken.append(BrokenLink(rel, link))
                continue
            if absolute.fragment:
                target_rel = resolved.relative_to(output.resolve()).as_posix()
                ids = pages[target_rel].ids if target_rel in pages else set()
                if absolute.fragment not in ids:
                    broken.append(BrokenLink(rel, link))
    return broken
