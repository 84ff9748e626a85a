"""Where a built site's bytes go: by top-level section, by kind of page, and inside the pages.

    python bench/sizes.py OUTPUT [--before OTHER_OUTPUT] [--sample N]

Reads an output folder as GitHub Pages would receive it (apparent sizes, every file) and
prints Markdown tables: the published size and file count; each top-level section; each
kind of page (a commitment's page, a listing's page, a filtered listing, a plan, a
municipality, a dataset…) with its count, total and mean; and, for a sample of commitment
pages and listing pages, the share of their parts (head, header, footer, charts, filters,
the rows of a table, indentation). With --before, each figure is shown beside the same
figure of another output (the same site built by an earlier checkout).

It only reads files: run it on `bench/run.py`'s output (`<workdir>/<size>/out`) or on any
`gobabierto build --output` folder.
"""

from __future__ import annotations

import argparse
import os
import random
import re
from collections import Counter
from pathlib import Path

# (name, pattern of the site path of an index.html) — the first that matches names a page
PAGE_KINDS = (
    ("home page", r""),
    ("commitment listing (page 1)", r"compromisos/"),
    ("commitment listing (later pages)", r"compromisos/pagina/\d+/"),
    ("filtered commitment listings", r"compromisos/por-[^/]+/.*"),
    ("commitment page", r"compromisos/[^/]+/"),
    ("plan page", r"planes/[^/]+/"),
    ("municipality page", r"municipios/[^/]+/"),
    ("session page", r"sesiones/[^/]+/"),
    ("dataset page", r"datos/(?!por-|pagina/)[^/]+/"),
    ("dataset catalogue pages", r"datos/.*"),
    ("other record pages", r"[^/]+/(?!pagina/)[^/]+/"),
    ("other listing pages", r".*"),
)
_KINDS = [(name, re.compile(pattern)) for name, pattern in PAGE_KINDS]


def kind_of(rel: str) -> str:
    """The kind of a published file: a page's kind, else its section and extension."""
    if rel == "index.html" or rel.endswith("/index.html"):
        folder = rel[: -len("index.html")]
        return next(name for name, pattern in _KINDS if pattern.fullmatch(folder))
    section = rel.split("/", 1)[0] + "/" if "/" in rel else ""
    return f"{section}*{os.path.splitext(rel)[1] or rel}"


def walk(output: Path) -> dict[str, int]:
    """Every file's site path and apparent size."""
    sizes = {}
    for folder, _dirs, files in os.walk(output):
        for name in files:
            path = os.path.join(folder, name)
            sizes[os.path.relpath(path, output).replace(os.sep, "/")] = os.lstat(path).st_size
    return sizes


PARTS = {  # part of a page → its regular expression (its bytes are counted)
    "head": r"<head>.*?</head>",
    "header": r"<header.*?</header>",
    "footer": r"<footer.*?</footer>",
    "charts (svg)": r"<svg.*?</svg>",
    "… their descriptions": r"<desc.*?</desc>",
    "filters": r'<nav class="filtros".*?</nav>',
    "table rows": r"<tbody>.*?</tbody>",
    "progress bars": r'<div class="avance">.*?</div>|<progress.*?</progress>',
    "milestones": r'<ol class="linea-tiempo">.*?</ol>',
    "body (Markdown)": r'<section aria-labelledby="descripcion">.*?</section>',
    "indentation": r"\n[ \t]+",
}
_PARTS = {name: re.compile(pattern, re.S) for name, pattern in PARTS.items()}


def anatomy(output: Path, rels: list[str], sample: int) -> tuple[int, Counter]:
    """Mean bytes of each part over a sample of the pages `rels` (seeded: the same pages
    each run); (pages read, bytes per part summed)."""
    chosen = random.Random(20251121).sample(sorted(rels), min(sample, len(rels)))
    parts: Counter = Counter()
    for rel in chosen:
        html = (output / rel).read_text(encoding="utf-8")
        parts["whole page"] += len(html.encode("utf-8"))
        for name, pattern in _PARTS.items():
            parts[name] += sum(len(m.group(0).encode("utf-8")) for m in pattern.finditer(html))
    return len(chosen), parts


def mb(n: float) -> str:
    return f"{n / 1e6:,.1f} MB"


def kb(n: float) -> str:
    return f"{n / 1e3:,.1f} KB"


def report(output: Path, before: Path | None, sample: int) -> str:
    runs = [("after" if before else "", walk(output), output)] + ([("before", walk(before), before)] if before else [])
    runs.reverse()  # before first
    lines = []
    cols = " | ".join(label for label, _, _ in runs) if before else "size"
    lines += ["| published | " + cols + " |", "|---|" + "---:|" * len(runs)]
    lines.append("| size | " + " | ".join(mb(sum(s.values())) for _, s, _ in runs) + " |")
    lines.append("| files | " + " | ".join(f"{len(s):,}" for _, s, _ in runs) + " |")

    sections: list[Counter] = []
    for _, sizes, _ in runs:
        found: Counter = Counter()
        for rel, size in sizes.items():
            found[rel.split("/", 1)[0] + ("/" if "/" in rel else "")] += size
        sections.append(found)
    top = sorted(set().union(*sections), key=lambda s: -max(c[s] for c in sections))[:12]
    lines += ["", "| section | " + cols + " |", "|---|" + "---:|" * len(runs)]
    lines += [f"| `{s}` | " + " | ".join(mb(c[s]) for c in sections) + " |" for s in top]

    kinds: list[dict[str, list[int]]] = []
    for _, sizes, _ in runs:
        found_kinds: dict[str, list[int]] = {}
        for rel, size in sizes.items():
            found_kinds.setdefault(kind_of(rel), []).append(size)
        kinds.append(found_kinds)
    names = sorted(set().union(*kinds), key=lambda k: -max(sum(d.get(k, [])) for d in kinds))[:24]
    lines += ["", "| kind of file | " + (" | ".join(f"{label}: count, total, mean" for label, _, _ in runs)
                                        if before else "count | total | mean") + " |",
              "|---|" + "---:|" * (len(runs) if before else 3)]
    for name in names:
        cells = []
        for found_kinds in kinds:
            found = found_kinds.get(name, [])
            cells.append(f"{len(found):,}, {mb(sum(found))}, {kb(sum(found) / len(found))}" if found and before else
                         (f"{len(found):,} | {mb(sum(found))} | {kb(sum(found) / len(found))}" if found else "—"))
        lines.append(f"| {name} | " + " | ".join(cells) + " |")

    for kind in ("commitment page", "commitment listing (later pages)", "filtered commitment listings", "plan page",
                 "municipality page", "dataset page"):
        tables = []
        for _, sizes, root in runs:
            rels = [rel for rel in sizes if rel.endswith("index.html") and kind_of(rel) == kind]
            tables.append(anatomy(root, rels, sample) if rels else (0, Counter()))
        if not any(n for n, _ in tables):
            continue
        lines += ["", f"| {kind}: mean bytes per part ({', '.join(str(n) for n, _ in tables)} pages) | " + cols + " |",
                  "|---|" + "---:|" * len(runs)]
        for part in ["whole page", *PARTS]:
            if any(parts[part] for _, parts in tables):
                lines.append(f"| {part} | " + " | ".join(
                    f"{kb(parts[part] / n)} ({100 * parts[part] / parts['whole page']:.0f} %)" if n else "—"
                    for n, parts in tables) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("output", type=Path)
    parser.add_argument("--before", type=Path, default=None, help="another build of the same site, shown beside")
    parser.add_argument("--sample", type=int, default=300, help="pages of each kind read for their parts")
    args = parser.parse_args(argv)
    print(report(args.output, args.before, args.sample))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
