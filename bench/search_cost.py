"""What a citizen's search costs: requests and bytes downloaded per query, in Chromium.

    python bench/search_cost.py OUTPUT [--prefix /rendimiento/] [--query agua --query ...]

Serves a built site (`gobabierto build --output OUTPUT`) on 127.0.0.1 under its path
prefix, opens its search page with each query in a fresh browser context (an empty cache,
as a first visit on a phone), waits for the results, and counts the requests to the search
index (`pagefind/`) and their bytes as received (compressed as served: this server sends
the files as they are, like GitHub Pages sends the .pf_ files Pagefind already compresses).
Prints one row per query: results shown, index requests, index KB, and the shards merged.
Needs playwright and Debian's chromium (/usr/bin/chromium).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import statistics
import tempfile
import threading
from pathlib import Path

QUERIES = ("transparencia", "agua", "datos abiertos", "presupuesto participativo")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def _serve(output: Path, prefix: str, root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """`output` served under `prefix`: from `root`, where a link named like the prefix leads to it."""
    if prefix.strip("/"):
        target = root / prefix.strip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.symlink_to(output.resolve(), target_is_directory=True)
    else:  # a site at the root of its host
        root = output
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{prefix}"


def measure(output: Path, prefix: str, queries=QUERIES) -> list[dict]:
    from playwright.sync_api import sync_playwright

    scratch = tempfile.TemporaryDirectory(prefix="costo-busqueda-")
    server, base = _serve(output, prefix, Path(scratch.name))
    rows = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            for query in queries:
                context = browser.new_context()
                page = context.new_page()
                fetched: list[tuple[str, int]] = []

                def done(request, fetched=fetched):
                    if "/pagefind/" in request.url:
                        sizes = request.sizes()
                        fetched.append((request.url, sizes["responseBodySize"] + sizes["responseHeadersSize"]))

                page.on("requestfinished", done)
                page.goto(f"{base}buscar/?q={query}")
                # the results' heading, or a message other than «buscando» (none found, unavailable)
                searching = (page.locator("form.busqueda").get_attribute("data-buscando") or "").split("{q}")[0]
                page.wait_for_function(
                    """(searching) => { const box = document.getElementById("resultados");
                        return box.querySelector("h2") || (box.querySelector("p")
                               && !box.textContent.includes(searching)); }""", arg=searching, timeout=120_000)
                page.wait_for_load_state("networkidle")
                shards = {url.split("/pagefind/", 1)[1].rsplit("pagefind-entry.json", 1)[0] for url, _ in fetched
                          if "pagefind-entry.json" in url}
                rows.append({"query": query, "results": page.locator("#resultados li").count(),
                             "requests": len(fetched), "kb": sum(size for _, size in fetched) / 1024,
                             "indices": len(shards)})
                context.close()
            browser.close()
    finally:
        server.shutdown()
        scratch.cleanup()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--prefix", default="/", help="the site's path prefix (its url's path), e.g. /rendimiento/")
    parser.add_argument("--query", action="append", help="a query (repeatable; default: four common ones)")
    args = parser.parse_args(argv)
    prefix = "/" + args.prefix.strip("/") + "/" if args.prefix.strip("/") else "/"
    rows = measure(args.output.resolve(), prefix, tuple(args.query or QUERIES))
    print("| query | results shown | index requests | index KB | indexes merged |\n|---|---:|---:|---:|---:|")
    for row in rows:
        print(f"| {row['query']} | {row['results']} | {row['requests']} | {row['kb']:,.0f} | {row['indices']} |")
    print(f"| median | | {statistics.median(r['requests'] for r in rows):.0f} |"
          f" {statistics.median(r['kb'] for r in rows):,.0f} | |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
