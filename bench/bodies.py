"""The Markdown line of the benchmark: what one body costs, and how many a build converts.

    python bench/bodies.py [--code DIR] [--bodies 1000] [--size tiny]

1. **ms per body**: the same synthetic commitment bodies (bench/generate.py, ~425 words each,
   seeded) through the whole per-body path of the checkout given by --code, from text to the
   HTML a page shows and the body's problems, in CPU time (best of 3). For a checkout from
   before issue 18 (python-markdown, which must then be installed) that path is the body
   check, the languages, the rendering and the remote-image search it did for every body;
   from issue 18 on, `markdown.convert` and `markdown.publish`. The engine's own caches are
   emptied before every pass.
2. **conversions per build**: a cold build of the generated site of --size, then one
   commitment's body edited and the site built again, in this process (rendering in it
   too); each build's count of conversions is printed beside the count of bodies that
   changed. From issue 18 on the two must be equal.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (bench/ is not a package)

EPOCH = "1768478400"  # bench/run.py's build date


def bodies(count: int, seed: int = generate.DEFAULT_SEED) -> list[str]:
    maker = generate.Generator("small", Path(tempfile.gettempdir()), seed)
    return [maker.body(maker.rng.randint(generate.BODY_WORDS - 25, generate.BODY_WORDS + 25), f"Compromiso {i}")
            for i in range(count)]


def per_body(markdown, texts: list[str]) -> float:
    """CPU milliseconds per body, best of 3, through the checkout's whole per-body path."""
    if hasattr(markdown, "convert"):
        def one(text):
            markdown.publish(markdown.convert(text).html, "/prefijo")

        def reset():
            pass
    else:  # python-markdown: the check converted once, the page twice (the second from its cache)
        def one(text):
            markdown.body_problems(text)
            markdown.language_tags(text)
            markdown.render(text, "/prefijo")
            markdown.remote_images(text)

        def reset():
            markdown.render.cache_clear()
            markdown._convert.cache_clear()
    best = float("inf")
    for _ in range(3):
        reset()
        started = time.process_time()
        for text in texts:
            one(text)
        best = min(best, time.process_time() - started)
    return 1000 * best / len(texts)


def conversions(markdown, size: str, workdir: Path) -> list[tuple[str, int, int]]:
    """(build, bodies converted, bodies changed) for a cold build of the generated site and a
    build after one commitment's body was edited; rendering in this one process, so that
    every conversion is seen: calls of `markdown.convert`, or before issue 18 the misses of
    python-markdown's conversion cache (each one a conversion)."""
    from gobabierto.build.site import build_site

    if hasattr(markdown, "convert"):
        seen = [0]
        convert = markdown.convert

        def counting(text):
            seen[0] += 1
            return convert(text)

        markdown.convert = counting

        def count():
            return seen[0]
    else:
        def count():
            return markdown._convert.cache_info().misses
    site = workdir / "sitio"
    summary = generate.generate(size, site)
    output = workdir / "_site"
    total = sum(1 for p in (site / "content").rglob("*.md")
                if p.read_text(encoding="utf-8").split("\n---\n", 1)[-1].strip())
    before = count()
    build_site(site, output, workers=1)
    found = [("cold build", count() - before, total)]
    record = site / "content" / "compromisos" / f"{summary.commitment}.md"
    record.write_text(record.read_text(encoding="utf-8") + "\nUn párrafo más, escrito por el benchmark.\n",
                      encoding="utf-8")
    if not hasattr(markdown, "convert"):  # a new process would start with empty caches
        markdown.render.cache_clear()
        markdown._convert.cache_clear()
    before = count()
    build_site(site, output, workers=1)
    found.append(("one body edited", count() - before, 1))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--code", type=Path, default=HERE.parent, help="the checkout whose gobabierto is measured")
    parser.add_argument("--bodies", type=int, default=1000)
    parser.add_argument("--size", default="tiny", help="the generated site built to count conversions")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(args.code.resolve()))
    os.environ.setdefault("SOURCE_DATE_EPOCH", EPOCH)
    from gobabierto.text import markdown

    texts = bodies(args.bodies)
    words = sum(len(t.split()) for t in texts) / len(texts)
    engine = "markdown-it-py" if hasattr(markdown, "convert") else "python-markdown"
    print(f"gobabierto from {Path(markdown.__file__).parent.parent}, {engine}")
    print(f"ms per body ({len(texts):,} bodies of {words:.0f} words on average, CPU, best of 3):"
          f" {per_body(markdown, texts):.3f}")
    workdir = Path(tempfile.mkdtemp(prefix="gobabierto-bench-md-"))
    try:
        for label, converted, changed in conversions(markdown, args.size, workdir):
            verdict = "equal" if converted == changed else "NOT equal"
            print(f"conversions per build, {args.size}, {label}: {converted:,} (bodies changed: {changed:,},"
                  f" {verdict})")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
