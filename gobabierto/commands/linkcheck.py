"""Crawl a built site and report every internal link or asset that does not resolve, and,
when asked, every external link that does not answer."""

from __future__ import annotations

import socket
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from gobabierto.content.config import load_config
from gobabierto.core.paths import SETTINGS_FILE
from gobabierto.core.problems import Problems

USER_AGENT = "gobabierto-check-links (+https://github.com/gobabierto/gobabierto)"

_LINK_ATTRS = {("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"), ("source", "src"),
               ("iframe", "src"), ("form", "action")}


@dataclass(frozen=True)
class BrokenLink:
    page: str    # output-relative path of the page
    target: str  # the link as written
    reason: str = ""  # why an external link failed, in Spanish

    def __str__(self) -> str:
        why = f" ({self.reason})" if self.reason else ""
        return f"{self.page}: enlace roto «{self.target}»{why}"


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.canonical: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "link" and ("rel", "canonical") in attrs:
            self.canonical = dict(attrs).get("href") or self.canonical
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if (tag, name) in _LINK_ATTRS and value is not None:
                self.links.append(value)


def _page_url(rel: str) -> str:
    return "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def _read_pages(output: Path) -> dict[str, _Collector]:
    pages: dict[str, _Collector] = {}
    for page in sorted(output.rglob("*.html")):
        collector = _Collector()
        collector.feed(page.read_text(encoding="utf-8"))
        pages[page.relative_to(output).as_posix()] = collector
    return pages


def site_base_url(output: Path) -> str | None:
    """The address a site was built for, read from its home page's canonical link (the
    full URL, or only the path when the site was built without one); None if absent."""
    home = Path(output) / "index.html"
    if not home.is_file():
        return None
    collector = _Collector()
    collector.feed(home.read_text(encoding="utf-8"))
    return collector.canonical


def count_pages(output: Path) -> int:
    return sum(1 for _ in Path(output).rglob("*.html"))


def check_links(output: Path, base_url: str | None = None) -> list[BrokenLink]:
    """Every internal href/src of every HTML page must name a file in `output` (under the
    site's path prefix); fragments must name an id on the target page."""
    output = Path(output)
    prefix = urlsplit(base_url or "").path.rstrip("/")
    origin = urlsplit(base_url or "")
    pages = _read_pages(output)
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


def external_links(output: Path, base_url: str | None = None) -> dict[str, list[str]]:
    """Every http(s) link to another site → the pages (output-relative) that carry it."""
    origin = urlsplit(base_url or "").netloc
    found: dict[str, list[str]] = {}
    for rel, collector in _read_pages(Path(output)).items():
        for link in collector.links:
            parts = urlsplit(link)
            if parts.scheme in ("http", "https") and parts.netloc and parts.netloc != origin:
                pages = found.setdefault(link.split("#")[0], [])
                if rel not in pages:
                    pages.append(rel)
    return dict(sorted(found.items()))


def _fetch(url: str, timeout: float) -> str | None:
    """None when `url` answers; otherwise why not, in Spanish. HEAD first, GET when the
    server refuses HEAD. A 429 (too many requests) is not a broken link."""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout):
                return None
        except urllib.error.HTTPError as exc:
            if method == "HEAD" and exc.code in (403, 405, 501):
                continue
            if exc.code == 429:
                return None
            return f"respondió {exc.code}"
        except (TimeoutError, socket.timeout):
            return f"no respondió en {timeout:g} s"
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, (TimeoutError, socket.timeout)):
                return f"no respondió en {timeout:g} s"
            return f"no se pudo conectar: {reason}"
        except (OSError, ValueError) as exc:
            return f"no se pudo conectar: {exc}"
    return None


def check_external(links: dict[str, list[str]], timeout: float = 10.0, workers: int = 8) -> list[BrokenLink]:
    """Ask every external link once (in parallel, each with `timeout` seconds); report each
    failing one on every page that carries it."""
    urls = list(links)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        reasons = list(pool.map(lambda url: _fetch(url, timeout), urls))
    return [BrokenLink(page, url, reason) for url, reason in zip(urls, reasons) if reason
            for page in links[url]]


def built_for(output: Path, source: Path) -> str | None:
    """The address a built site was made for: its home page's canonical link, else the
    `url` of the site's settings (what `build` uses when given no --base-url)."""
    found = site_base_url(output)
    if found is None and (source / SETTINGS_FILE).is_file():
        found = load_config(source, Problems()).url
    return found
