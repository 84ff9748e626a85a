"""The same commitments built by gobabierto and by Hugo, for the speed comparison.

    python bench/hugo.py SITE WORKDIR [--pairs 3]

SITE is a site of bench/generate.py (size `compromisos`: 5,000 commitments). Its
commitments are copied, front matter and Markdown body untouched, into a Hugo site with a
small theme that shows what gobabierto's commitment page shows of them (title, problem,
objective, pillars, dates, milestones with their state, progress, body) and lists them 50
to a page. Each pair builds from a clean output and cache: gobabierto with its search
index, gobabierto with `busqueda: false` (its own work), and Hugo. Needs `hugo` on PATH
(Debian's package is 0.111); without it, the table says so.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import Run, build, child_env, measure  # noqa: E402  (bench/ is not a package)

CONFIG = """baseURL = "https://ejemplo.org/"
languageCode = "es-mx"
title = "Gobierno Abierto (Hugo)"
disableKinds = ["taxonomy", "term"]
[pagination]
  pagerSize = 50
"""
# Hugo 0.111 reads `paginate`; newer ones `pagination.pagerSize`. Both are written.
CONFIG_OLD = 'paginate = 50\n'

BASEOF = """<!doctype html>
<html lang="es-MX">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ with .Params.titulo }}{{ . }}{{ else }}{{ .Title }}{{ end }} · {{ .Site.Title }}</title>
<link rel="stylesheet" href="{{ "estilo.css" | relURL }}"></head>
<body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a>
<nav><ul><li><a href="{{ "/compromisos/" | relURL }}">Compromisos</a></li></ul></nav></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer><p>Información actualizada al {{ now.Format "2006-01-02" }}.</p></footer>
</body></html>
"""

SINGLE = """{{ define "main" }}
<article>
<h1>{{ .Params.titulo }}</h1>
{{ $total := 0 }}{{ $met := 0 }}
{{ range .Params.hitos }}{{ $total = add $total 1 }}{{ if .cumplido }}{{ $met = add $met 1 }}{{ end }}{{ end }}
<p class="avance">Avance: {{ if $total }}{{ div (mul $met 100) $total }}{{ else }}0{{ end }}%</p>
<dl>
<dt>Problemática</dt><dd>{{ .Params.problematica }}</dd>
<dt>Objetivo</dt><dd>{{ .Params.objetivo }}</dd>
<dt>Pilares</dt><dd>{{ delimit .Params.pilares ", " }}</dd>
<dt>Responsable</dt><dd>{{ .Params.responsable }}</dd>
<dt>Periodo</dt><dd>{{ .Params.fecha_inicio }} a {{ .Params.fecha_fin }}</dd>
</dl>
<h2>Hitos</h2>
<ol>{{ range .Params.hitos }}<li>{{ .descripcion }} — {{ .fecha }}{{ with .cumplido }} (cumplido {{ . }}){{ end }}
{{ with .evidencias }}<ul>{{ range . }}<li><a href="{{ . }}">Evidencia</a></li>{{ end }}</ul>{{ end }}</li>{{ end }}</ol>
{{ .Content }}
</article>
{{ end }}
"""

LIST = """{{ define "main" }}
<h1>Compromisos</h1>
<ol>{{ range (.Paginate .Pages).Pages }}<li><a href="{{ .RelPermalink }}">{{ .Params.titulo }}</a>
<span>{{ .Params.responsable }}</span></li>{{ end }}</ol>
{{ template "_internal/pagination.html" . }}
{{ end }}
"""

HOME = """{{ define "main" }}
<h1>{{ .Site.Title }}</h1>
<p>{{ len (where .Site.RegularPages "Section" "compromisos") }} compromisos.</p>
{{ end }}
"""


def hugo_site(site: Path, dest: Path) -> int:
    """A Hugo site with the commitments of `site`; returns how many."""
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "content" / "compromisos").mkdir(parents=True)
    (dest / "hugo.toml").write_text(CONFIG_OLD + CONFIG, encoding="utf-8")
    layouts = dest / "layouts" / "_default"
    layouts.mkdir(parents=True)
    for name, text in (("baseof.html", BASEOF), ("single.html", SINGLE), ("list.html", LIST)):
        (layouts / name).write_text(text, encoding="utf-8")
    (dest / "layouts" / "index.html").write_text(HOME, encoding="utf-8")
    (dest / "static").mkdir()
    (dest / "static" / "estilo.css").write_text("body{font-family:sans-serif}\n", encoding="utf-8")
    count = 0
    for path in sorted((site / "content" / "compromisos").glob("*.md")):
        shutil.copyfile(path, dest / "content" / "compromisos" / path.name)
        count += 1
    return count


def hugo_build(source: Path, output: Path, cache: Path) -> Run:
    for folder in (output, cache):
        shutil.rmtree(folder, ignore_errors=True)
    return measure(["hugo", "--quiet", "--source", str(source), "--destination", str(output),
                    "--cacheDir", str(cache)], child_env())


def without_search(site: Path, dest: Path) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(site, dest, ignore=shutil.ignore_patterns(".gobabierto-cache"))
    settings = dest / "gobabierto.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + "busqueda: false\n", encoding="utf-8")
    return dest


def compare(site: Path, workdir: Path, pairs: int = 3, log=print) -> dict:
    """Median wall and CPU seconds of each builder over `pairs` alternated runs."""
    found: dict[str, list[Run]] = {"gobabierto": [], "gobabierto_sin_busqueda": [], "hugo": []}
    plain = without_search(site, workdir / "sin-busqueda")
    hugo = shutil.which("hugo")
    source = workdir / "hugo"
    commitments = hugo_site(site, source)
    for n in range(pairs):
        for label, root in (("gobabierto", site), ("gobabierto_sin_busqueda", plain)):
            shutil.rmtree(root / ".gobabierto-cache", ignore_errors=True)
            output = workdir / f"salida-{label}"
            shutil.rmtree(output, ignore_errors=True)
            run = build(root, output, f"{label} cold {n + 1}")
            found[label].append(run)
            log(f"[hugo] {label}: {run.wall:.2f} s wall, {run.cpu:.2f} s CPU, {run.peak_mb:.0f} MB")
        if hugo:
            run = hugo_build(source, workdir / "salida-hugo", workdir / "cache-hugo")
            if run.status != 0:
                raise SystemExit(f"hugo failed:\n{run.stderr[-2000:]}")
            found["hugo"].append(run)
            log(f"[hugo] hugo: {run.wall:.2f} s wall, {run.cpu:.2f} s CPU, {run.peak_mb:.0f} MB")
    result: dict = {"commitments": commitments, "pairs": pairs}
    for label, runs in found.items():
        if runs:
            result[f"{label}_s"] = statistics.median(r.wall for r in runs)
            result[f"{label}_cpu_s"] = statistics.median(r.cpu for r in runs)
            result[f"{label}_peak_mb"] = max(r.peak_mb for r in runs)
    if found["hugo"]:
        result["ratio_sin_busqueda"] = result["gobabierto_sin_busqueda_s"] / result["hugo_s"]
        result["ratio"] = result["gobabierto_s"] / result["hugo_s"]
    return result


def table(result: dict) -> str:
    lines = ["| builder | wall s (median) | CPU s | peak MB | × Hugo |", "|---|---:|---:|---:|---:|"]
    for label, name in (("gobabierto", "gobabierto (with search)"),
                        ("gobabierto_sin_busqueda", "gobabierto, busqueda: false"), ("hugo", "Hugo")):
        if f"{label}_s" not in result:
            lines.append(f"| {name} | not run (`hugo` not on PATH) | | | |")
            continue
        ratio = result.get({"gobabierto": "ratio", "gobabierto_sin_busqueda": "ratio_sin_busqueda"}.get(label, ""), 1.0)
        lines.append(f"| {name} | {result[f'{label}_s']:.2f} | {result[f'{label}_cpu_s']:.2f} |"
                     f" {result[f'{label}_peak_mb']:.0f} | {ratio:.2f}× |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("workdir", type=Path)
    parser.add_argument("--pairs", type=int, default=3)
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(table(compare(args.site.resolve(), args.workdir.resolve(), args.pairs)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
