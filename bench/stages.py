"""CPU time of each build stage, in one process, for before/after figures of an optimisation.

    python bench/stages.py SITE [--repeat N]

Whole-build timings on a shared 2-core machine swing with the load; the CPU time
(`time.process_time`) of one stage at a time is much steadier. This mirrors the stage order
of gobabierto/build/stages.py (read → records → body check → link → datasets → routes →
render → write → swap): when the pipeline changes, change this with it. Run it with the
build date the benchmark uses (SOURCE_DATE_EPOCH is set here if it is not already).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("SOURCE_DATE_EPOCH", "1768478400")


def rss_mb() -> float:
    """Resident memory now (Linux); 0 where /proc is not there."""
    try:
        return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    except (OSError, ValueError, IndexError):
        return 0.0


def peak_mb() -> float:
    """The process's peak resident memory so far (Linux: ru_maxrss in KB); 0 elsewhere."""
    try:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6
    except (ImportError, OSError):
        return 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--repeat", type=int, default=1, help="run the whole sequence N times, report the best")
    parser.add_argument("--skip-datasets", action="store_true", help="do not validate dataset rows")
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout whose gobabierto is timed (default: this one)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(args.code.resolve()))

    import contextlib
    import dataclasses

    from gobabierto.datasets import dataset as datasets_stage
    from gobabierto.core import clock as build_clock
    from gobabierto.text import markdown
    from gobabierto.build import write
    from gobabierto.content.bodies import check_body
    from gobabierto.publish.open_data import write_open_data
    from gobabierto.content.config import load_config
    from gobabierto.content.discover import discover_datasets, discover_records
    from gobabierto.content.history import History
    from gobabierto.content.linking import link
    from gobabierto.core.problems import Problems
    from gobabierto.content.readers import read_document
    from gobabierto.content.records import to_record
    from gobabierto.pages.render import make_environment, render_page
    from gobabierto.pages.routes import build_routes
    from gobabierto.pages.urls import Urls

    root = args.site.resolve()
    best: dict[str, float] = {}
    counts: dict[str, int] = {}
    memory: dict[str, float] = {}
    peaks: dict[str, float] = {}  # the process's peak so far, after each stage
    for _ in range(args.repeat):
        stack = contextlib.ExitStack()
        if hasattr(markdown, "using"):  # bodies converted once, in the body check (issue 18)
            stack.enter_context(markdown.using(markdown.Bodies()))
        else:  # an older checkout: Markdown converted in the body check and again inside the templates
            markdown.render.cache_clear()
        times: dict[str, float] = {}
        clock = time.process_time

        def stage(name: str, started: float) -> float:
            now = clock()
            times[name] = times.get(name, 0.0) + now - started
            memory[name] = rss_mb()
            peaks[name] = peak_mb()
            return now

        problems = Problems()
        t = clock()
        config = load_config(root, problems)
        today = build_clock.build_date(config.zona_horaria)
        sources = discover_records(root, problems)
        known: dict[str, set] = {}
        for source in sources:
            known.setdefault(source.record_type.kind, set()).add(source.slug)
        t = stage("discover", t)
        docs = [(source, read_document(source.path, source.rel_path, problems)) for source in sources]
        t = stage("read (YAML + front matter)", t)
        records = [to_record(s.record_type, s.slug, d, problems, root / "static") for s, d in docs if d is not None]
        t = stage("records (field checks)", t)
        for record in records:
            check_body(record, problems)
        t = stage("body check (and, since issue 18, conversion)", t)
        dataset_sources = discover_datasets(root, problems)
        if args.skip_datasets:
            loaded = []
        else:
            loaded = datasets_stage.load_datasets(root, dataset_sources, problems)
        t = stage("datasets (descriptors + rows)", t)
        site = link(config, records, known, [d.slug for d in dataset_sources] if not args.skip_datasets else [],
                    loaded, today, problems, str(root))
        datasets_stage.check_references(site, problems, known)
        t = stage("link + derive", t)
        if problems.has_errors() and not args.skip_datasets:
            for p in problems.sorted()[:20]:
                print(p, file=sys.stderr)
            sys.exit("the site has errors")
        site = dataclasses.replace(site, history=History.read(root))
        urls = Urls(site.config.url)
        env = make_environment(root, urls, site)
        pages = build_routes(site)
        t = stage("routes", t)
        bodies = [r.body for kind in site.records for r in site.records[kind] if r.body]
        out_parent = Path(tempfile.mkdtemp(prefix="gobabierto-stages-"))
        output = out_parent / "_site"
        staging = write.staging_dir(output)
        writer = write.Writer(staging)
        rendering = writing = 0.0
        kinds: dict[str, list] = {}
        for page in pages:  # one page at a time, as the pipeline does (memory stays honest)
            started = clock()
            html = render_page(env, page)
            middle = clock()
            writer.write(page.output, html)
            rendering, writing = rendering + middle - started, writing + clock() - middle
            kind = "home page" if page.path == "/" else page.template + (" (filtered)" if page.context.get("filter") else "")
            if page.context.get("pager") is not None and page.context["pager"].number > 1:
                kind += " (page 2 on)"
            entry = kinds.setdefault(kind, [0, 0.0, 0, 0])
            entry[0], entry[1], entry[2] = entry[0] + 1, entry[1] + middle - started, entry[2] + len(html)
            entry[3] = max(entry[3], len(html.encode("utf-8")))
        times["render (Jinja and Markdown)"] = rendering
        memory["render (Jinja and Markdown)"] = rss_mb()
        peaks["render (Jinja and Markdown)"] = peak_mb()
        times["write pages"] = writing
        t = clock()
        if not args.skip_datasets:
            packages = datasets_stage.publish(site, writer, root)
            write_open_data(site, urls, writer, packages)
            t = stage("open data (datasets, catalogues, JSON API)", t)
        t = clock()
        write.swap_in(staging, output)
        staging = write.staging_dir(output)
        writer = write.Writer(staging)
        writer.write("index.html", "x")
        t = clock()
        wall = time.perf_counter()
        write.swap_in(staging, output)
        t = stage("swap (drops the previous tree)", t)
        wall = time.perf_counter() - wall
        shutil.rmtree(out_parent, ignore_errors=True)
        counts = {"records": len(records), "pages": len(pages), "bodies": len(bodies)}
        times["swap, wall clock"] = wall
        for name, value in times.items():
            best[name] = min(best.get(name, value), value)
        stack.close()
    import gobabierto

    print(f"gobabierto from {Path(gobabierto.__file__).parent}")
    print(f"{args.site}: {counts['records']:,} records, {counts['pages']:,} pages, {counts['bodies']:,} bodies"
          f" (best of {args.repeat}; CPU seconds except where marked)")
    for name, value in best.items():
        print(f"  {name:45s} {value:8.3f} s" + (f"   RSS after: {memory[name]:6.0f} MB" if name in memory else "")
              + (f", peak so far: {peaks[name]:6.0f} MB" if name in peaks else ""))
    print(f"  peak resident memory of the process: {peak_mb():.0f} MB")
    print(f"  {'total (CPU)':45s} {sum(v for k, v in best.items() if 'wall' not in k and 'alone' not in k):8.3f} s")
    print("rendering by page type (last run; CPU, Markdown included):")
    for kind, (count, seconds, size, largest) in sorted(kinds.items(), key=lambda kv: -kv[1][1])[:12]:
        print(f"  {kind:45s} {count:7,} pages {seconds:8.2f} s {1000 * seconds / count:9.2f} ms/page"
              f" {size / count / 1000:9.1f} KB/page (largest {largest / 1000:.1f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
