"""The gobabierto benchmark: build synthetic sites as a user would and print a table.

    python bench/run.py [--sizes small,medium] [--profile] [--workdir DIR] [--json FILE]

For each size the site is generated once (bench/generate.py, kept in the work folder
while the generator and seed are unchanged), then built as subprocesses
(`python -m gobabierto build`), exactly as an editor or CI would:

  cold build         no output folder and nothing the build left in the site
  no-op rebuild      the same build again, nothing changed
  one record         one commitment's body edited
  one template       the site's override of compromiso.html edited
  one dataset        one cell of an ordinary dataset's CSV edited

Each build's wall time, CPU time (user + system, which is steadier than wall time on a
shared machine) and peak resident memory (`os.wait4` on that very process) are taken.
Dataset throughput is a `gobabierto validate` of the site's datasets alone (a hard-linked
copy without content/, so the content's absence and the datasets' references to it are
the only problems it may report) minus an empty site's start-up time. Where a size has the
1,000,000-row dataset, `frictionless validate` of that dataset is measured beside ours,
and ours twice: once cold and once unchanged; with a checkout that reads views, once more
cold without the dataset's two views (what summing them in the same pass costs).

Every edit is undone at the end, so the next run starts from the same site.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (bench/ is not a package)

# 2026-01-15 12:00 UTC: the synthetic content is written to be valid from 2026-01-01 on.
BUILD_EPOCH = "1768478400"
CODE = ROOT  # the checkout whose gobabierto is measured (--code)
DEFAULT_SIZES = ("small", "medium")

TARGETS = {  # (size, metric): (limit, unit) — from issue 9; reported, not asserted
    ("medium", "ms_per_page"): (1.0, "ms/page"),
    ("medium", "cold_peak_mb"): (600, "MB"),
    ("medium", "noop_s"): (1.0, "s"),
    ("medium", "record_s"): (1.5, "s"),
    ("national", "cold_s"): (90, "s"),
    ("national", "record_s"): (3.0, "s"),
}


@dataclass
class Run:
    """One subprocess: wall seconds, CPU seconds, peak RSS in MB, exit status, output."""

    wall: float
    cpu: float
    peak_mb: float
    status: int
    stdout: str
    stderr: str
    tree_peak_mb: float = 0.0  # the most the process and its children held at once (Linux: PSS, sampled)


def _pss_kb(pid: int) -> int | None:
    """The proportional set size of `pid` in KiB: pages shared with forked workers counted
    once across them, not once in each (their RSS would count them every time)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as rollup:
            for line in rollup:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def _tree_rss_mb(root: int) -> float:
    """The memory of process `root` and all its descendants now, in MB (Linux): their
    proportional set sizes, or resident sizes where the system does not say."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry.name)
        children.setdefault(int(fields[1]), []).append(pid)  # field 4: the parent
        rss[pid] = int(fields[21])  # field 24: resident pages
    total_kb, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        pss = _pss_kb(pid)
        total_kb += pss if pss is not None else rss.get(pid, 0) * os.sysconf("SC_PAGE_SIZE") / 1024
        todo.extend(children.get(pid, ()))
    return total_kb / 1024


def _sample_tree(pid: int, peak: list[float], done: threading.Event) -> None:
    while not done.wait(0.2):
        try:
            peak[0] = max(peak[0], _tree_rss_mb(pid))
        except (OSError, ValueError, IndexError):
            return


def measure(command: list[str], env: dict | None = None) -> Run:
    """Run `command` and take its own peak memory with wait4 (RUSAGE_CHILDREN would give the
    largest of every child so far, not this one's). It runs in a folder of its own: `python -m`
    puts the working folder first on the module path, ahead of PYTHONPATH, and a checkout
    there would be measured instead of --code."""
    neutral = Path(tempfile.gettempdir()) / "gobabierto-bench-cwd"
    neutral.mkdir(exist_ok=True)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, env=env, cwd=neutral)
        peak, done = [0.0], threading.Event()
        sampler = threading.Thread(target=_sample_tree, args=(process.pid, peak, done), daemon=True)
        if sys.platform.startswith("linux"):
            sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        done.set()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
        return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / scale, process.returncode,
                   out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                   max(peak[0], usage.ru_maxrss / scale))


def child_env() -> dict:
    """The checkout's own package first on the path, a fixed build date, UTF-8 output."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(CODE)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    env["SOURCE_DATE_EPOCH"] = BUILD_EPOCH
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def gobabierto(*args: str) -> list[str]:
    return [sys.executable, "-m", "gobabierto", *args]


def _stamp(size: str, seed: int) -> str:
    digest = hashlib.sha256((HERE / "generate.py").read_bytes()).hexdigest()[:16]
    return f"{size}:{seed}:{digest}"


def ensure_site(size: str, seed: int, workdir: Path) -> tuple[Path, dict, float | None]:
    """The generated site of `size`, generated now only when missing or stale."""
    site = workdir / size / "site"
    stamp_file = workdir / size / "stamp"
    if stamp_file.is_file() and stamp_file.read_text() == _stamp(size, seed) and (site / "bench-summary.json").is_file():
        return site, json.loads((site / "bench-summary.json").read_text()), None
    start = time.perf_counter()
    generate.generate(size, site, seed)
    elapsed = time.perf_counter() - start
    manifest = sorted(p.name for p in site.iterdir())
    (workdir / size / "manifest.json").write_text(json.dumps(manifest))
    stamp_file.write_text(_stamp(size, seed))
    return site, json.loads((site / "bench-summary.json").read_text()), elapsed


def clean_site(site: Path, workdir: Path, size: str) -> None:
    """Remove whatever a build (or a cache) left in the site beside what the generator wrote."""
    manifest = set(json.loads((workdir / size / "manifest.json").read_text()))
    for entry in site.iterdir():
        if entry.name not in manifest:
            shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()


def wait_for_leftovers(output: Path, timeout: float = 600) -> None:
    """Let a build's discarded old output finish disappearing before the next measurement,
    so one build's clean-up never runs inside another's timing."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        # the spare tree (write.spare_dir) stays on purpose: the next build updates it
        if not [p for p in output.parent.glob(f".{output.name}.*") if not p.name.endswith(".reserva")]:
            return
        time.sleep(0.2)


def count_output(output: Path) -> tuple[int, int, int]:
    pages = files = size = 0
    for path in output.rglob("*"):
        if path.is_file():
            files += 1
            size += path.stat().st_size
            pages += path.suffix == ".html"
    return pages, files, size


class Edits:
    """Edits made for a scenario, undone in reverse order."""

    def __init__(self):
        self.saved: list[tuple[Path, bytes | None]] = []

    def write(self, path: Path, data: bytes) -> None:
        self.saved.append((path, path.read_bytes() if path.exists() else None))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    def undo(self) -> None:
        for path, data in reversed(self.saved):
            if data is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(data)
        self.saved.clear()


def theme_template(name: str) -> Path:
    return CODE / "templates" / name


def build(site: Path, output: Path, label: str) -> Run:
    run = measure(gobabierto("build", "--source", str(site), "--output", str(output), "--quiet"), child_env())
    if run.status != 0:
        sys.exit(f"{label}: the build failed (exit {run.status}):\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}")
    wait_for_leftovers(output)
    return run


def datasets_view(site: Path, dest: Path, only: str | None = None) -> Path:
    """A site holding only the datasets (all, or `only`), hard-linked: a validate of it
    measures the dataset stage alone."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    (dest / "gobabierto.yml").write_text("titulo: Solo los datos\nlicencia: CC-BY-4.0\n", encoding="utf-8")
    source = site / "datasets"
    folders = [source / only] if only else sorted(p for p in source.iterdir() if p.is_dir())
    for folder in folders:
        shutil.copytree(folder, dest / "datasets" / folder.name, copy_function=os.link)
    return dest


def validate_datasets(view: Path, label: str) -> Run:
    """`gobabierto validate` of a datasets-only view; fails loudly if any data problem shows."""
    run = measure(gobabierto("validate", "--source", str(view), "--format", "json"), child_env())
    try:
        report = json.loads(run.stdout)
    except json.JSONDecodeError:
        sys.exit(f"{label}: validate did not answer JSON (exit {run.status}):\n{run.stdout[-2000:]}\n{run.stderr[-2000:]}")
    problems = report.get("problemas", report) if isinstance(report, dict) else report
    # Warnings (a 92 MB file is "csv-archivo-grande") are expected; only errors other than the
    # missing records of a datasets-only view mean the generator and the engine disagree.
    codes = sorted({p.get("codigo") or p.get("code") for p in problems
                    if p.get("severidad", "error") == "error"}) if isinstance(problems, list) else []
    unexpected = [c for c in codes if c not in ("carpeta-ausente", "referencia-rota")]
    if unexpected:
        sys.exit(f"{label}: unexpected problems in the generated datasets: {unexpected}\n{run.stdout[:3000]}")
    return run


def empty_site_validate(workdir: Path) -> Run:
    """Start-up cost of `gobabierto validate` (imports included) on a site with nothing in it."""
    empty = workdir / "empty"
    empty.mkdir(parents=True, exist_ok=True)
    (empty / "gobabierto.yml").write_text("titulo: Vacío\n", encoding="utf-8")
    return measure(gobabierto("validate", "--source", str(empty), "--format", "json"), child_env())


SCENARIOS = ("noop", "record", "template", "dataset", "rows", "big")


def bench_size(size: str, seed: int, workdir: Path, log, scenarios=SCENARIOS) -> dict:
    site, summary, generated_in = ensure_site(size, seed, workdir)
    log(f"[{size}] {summary['records']:,} records, {summary['datasets']:,} datasets, {summary['rows']:,} rows"
        + (f" (generated in {generated_in:.1f} s)" if generated_in is not None else " (reused)"))
    output = workdir / size / "out"
    result: dict = {"size": size, "records": summary["records"], "datasets": summary["datasets"],
                    "rows": summary["rows"]}
    edits = Edits()
    override = site / "templates" / "compromiso.html"
    try:
        clean_site(site, workdir, size)
        if not knows_views():  # an older checkout refuses `views`: it builds the site without them
            for descriptor in sorted((site / "datasets").glob("*/datapackage.yaml")):
                text = descriptor.read_text(encoding="utf-8")
                if "\nviews:\n" in text:
                    edits.write(descriptor, (text.split("\nviews:\n", 1)[0] + "\n").encode("utf-8"))
        if summary["counts"].get("compromiso"):
            edits.write(override, theme_template("compromiso.html").read_bytes())
        if output.exists():
            shutil.rmtree(output)
        for leftover in output.parent.glob(f".{output.name}.*"):  # from an interrupted run
            shutil.rmtree(leftover, ignore_errors=True)

        # A build is skipped when nothing changed since the last one (gobabierto/stamp.py), but
        # not when an input had changed within 2 s of that build's start (RACY_NS: git's rule
        # for racily clean files): the override above was written an instant ago. A no-op
        # rebuild is one after a build of files left alone, so the clock moves past that first.
        time.sleep(datacache_racy_seconds() + 0.1)
        cold = build(site, output, f"{size} cold")
        pages, files, out_bytes = count_output(output)
        result.update(pages=pages, files=files, output_mb=out_bytes / 1e6, cold_s=cold.wall, cold_cpu_s=cold.cpu,
                      cold_peak_mb=cold.peak_mb, cold_tree_peak_mb=cold.tree_peak_mb,
                      ms_per_page=1000 * cold.wall / pages, pages_per_s=pages / cold.wall,
                      cpu_ms_per_page=1000 * cold.cpu / pages)
        log(f"[{size}] cold build {cold.wall:.2f} s (CPU {cold.cpu:.2f} s), {pages:,} pages, peak {cold.peak_mb:.0f} MB,"
            f" {cold.tree_peak_mb:.0f} MB with its children")

        if "noop" in scenarios:
            noop = build(site, output, f"{size} no-op")
            result.update(noop_s=noop.wall, noop_cpu_s=noop.cpu, noop_peak_mb=noop.peak_mb)
            log(f"[{size}] no-op rebuild {noop.wall:.2f} s")

        if summary.get("commitment") and "record" in scenarios:
            path = site / "content" / "compromisos" / f"{summary['commitment']}.md"
            edits.write(path, path.read_bytes() + "\nUn párrafo añadido por el benchmark.\n".encode())
            run = build(site, output, f"{size} one record")
            result.update(record_s=run.wall, record_cpu_s=run.cpu)
            log(f"[{size}] one-record change {run.wall:.2f} s")

        if summary.get("commitment") and "template" in scenarios:
            text = override.read_text(encoding="utf-8")
            edited = text.replace("<article>", '<article data-editado="benchmark">', 1)  # works on any theme version
            assert edited != text, "the benchmark's template edit found nothing to change in compromiso.html"
            edits.write(override, edited.encode())
            run = build(site, output, f"{size} one template")
            result.update(template_s=run.wall, template_cpu_s=run.cpu)
            log(f"[{size}] one-template change {run.wall:.2f} s")

        if summary.get("small_dataset") and "dataset" in scenarios:
            csv = site / "datasets" / summary["small_dataset"] / "registro.csv"
            lines = csv.read_bytes().split(b"\n")
            cells = lines[1].split(b",")
            cells[3] = b"12345.67"
            lines[1] = b",".join(cells)
            edits.write(csv, b"\n".join(lines))
            run = build(site, output, f"{size} one dataset")
            result.update(dataset_s=run.wall, dataset_cpu_s=run.cpu)
            log(f"[{size}] one-dataset change {run.wall:.2f} s")
    finally:
        edits.undo()
        if override.parent.is_dir() and not any(override.parent.iterdir()):
            override.parent.rmdir()

    if summary["datasets"] and "rows" in scenarios:
        baseline = empty_site_validate(workdir)
        view = datasets_view(site, workdir / size / "datasets-only")
        run = validate_datasets(view, f"{size} datasets")
        seconds = max(run.wall - baseline.wall, 1e-3)
        result.update(datasets_validate_s=run.wall, startup_s=baseline.wall, rows_per_s=summary["rows"] / seconds,
                      datasets_peak_mb=run.peak_mb)
        log(f"[{size}] datasets alone: validate {run.wall:.2f} s (start-up {baseline.wall:.2f} s),"
            f" {result['rows_per_s']:,.0f} rows/s, peak {run.peak_mb:.0f} MB")
        shutil.rmtree(view)

    if summary.get("big_dataset") and "big" in scenarios:
        result.update(big_dataset(site, summary, workdir / size, log))
    return result


def datacache_racy_seconds() -> float:
    """The racy window of the measured checkout's hash memo (0 for a checkout without one)."""
    module = next((p for p in (CODE / "gobabierto" / "datasets" / "cache.py", CODE / "gobabierto" / "datacache.py")
                   if p.is_file()), None)
    found = re.search(r"^RACY_NS = ([\d_]+)", module.read_text(encoding="utf-8"), re.M) if module else None
    return int(found.group(1).replace("_", "")) / 1e9 if found else 0.0


def knows_views() -> bool:
    """Whether the measured checkout reads a descriptor's `views` (older ones refuse the key)."""
    return (CODE / "gobabierto" / "datasets" / "views.py").is_file()


def without_views(view: Path, slug: str) -> None:
    """The dataset `slug` of a datasets-only view without its `views` (the descriptor's last
    key): a file of its own, not a link to the site's."""
    path = view / "datasets" / slug / "datapackage.yaml"
    text = path.read_text(encoding="utf-8")
    path.unlink()
    path.write_text(text.split("\nviews:\n", 1)[0] + "\n", encoding="utf-8")


def big_dataset(site: Path, summary: dict, workdir: Path, log) -> dict:
    """frictionless validate against ours on the 1,000,000-row dataset."""
    slug, rows = summary["big_dataset"], summary["big_rows"]
    descriptor = site / "datasets" / slug / "datapackage.yaml"
    frictionless = measure([sys.executable, "-m", "frictionless", "validate", str(descriptor)], child_env())
    log(f"[big] frictionless validate: {frictionless.wall:.1f} s, {rows / frictionless.wall:,.0f} rows/s,"
        f" peak {frictionless.peak_mb:.0f} MB (exit {frictionless.status})")
    view = datasets_view(site, workdir / "big-only", only=slug)
    views = knows_views()
    if not views:
        without_views(view, slug)
    # Linking the view's files just now moved their change time; a file that changed within
    # 2 s of being hashed is hashed again next time (gobabierto/datasets/cache.py, RACY_NS), as it
    # should be for an editor's file. A dataset "unchanged since the last build" was not
    # touched just before that build, so the clock moves past that window first.
    time.sleep(datacache_racy_seconds() + 0.1)
    cold = validate_datasets(view, "big dataset")
    warm = validate_datasets(view, "big dataset, unchanged")
    log(f"[big] gobabierto validate{' (with its two views)' if views else ''}: {cold.wall:.1f} s cold"
        f" ({cold.cpu:.1f} s CPU, {rows / cold.wall:,.0f} rows/s, peak {cold.peak_mb:.0f} MB), {warm.wall:.2f} s unchanged")
    shutil.rmtree(view)
    result = {"big_rows": rows, "frictionless_s": frictionless.wall, "frictionless_peak_mb": frictionless.peak_mb,
              "frictionless_rows_per_s": rows / frictionless.wall, "frictionless_status": frictionless.status,
              "big_validate_s": cold.wall, "big_validate_cpu_s": cold.cpu, "big_validate_peak_mb": cold.peak_mb,
              "big_rows_per_s": rows / cold.wall, "big_unchanged_s": warm.wall}
    if views:  # the same file without its views: what the two views add to the one pass
        plain = datasets_view(site, workdir / "big-plain", only=slug)
        without_views(plain, slug)
        time.sleep(datacache_racy_seconds() + 0.1)
        bare = validate_datasets(plain, "big dataset without its views")
        log(f"[big] the same without its views: {bare.wall:.1f} s ({bare.cpu:.1f} s CPU, peak {bare.peak_mb:.0f} MB)")
        shutil.rmtree(plain)
        result.update(big_plain_s=bare.wall, big_plain_cpu_s=bare.cpu, big_plain_peak_mb=bare.peak_mb)
    return result


def profile(size: str, seed: int, workdir: Path, log, top: int = 30) -> Path:
    """A cold build of `size` under cProfile; prints the top functions and keeps the .prof."""
    import pstats

    site, _, _ = ensure_site(size, seed, workdir)
    clean_site(site, workdir, size)
    output = workdir / size / "out-profile"
    if output.exists():
        shutil.rmtree(output)
    target = workdir / f"{size}-cold.prof"
    command = [sys.executable, "-m", "cProfile", "-o", str(target), "-m", "gobabierto", "build", "--source", str(site),
               "--output", str(output), "--quiet"]
    run = measure(command, child_env())
    if run.status != 0:
        sys.exit(f"profiled build failed:\n{run.stdout[-2000:]}\n{run.stderr[-2000:]}")
    log(f"[profile] cold build of {size} under cProfile: {run.wall:.1f} s; profile in {target}")
    stats = pstats.Stats(str(target), stream=sys.stdout)
    stats.strip_dirs()
    for key in ("cumulative", "tottime"):
        print(f"\nTop {top} by {key} time ({size}, cold, under cProfile):")
        stats.sort_stats(key).print_stats(top)
    shutil.rmtree(output, ignore_errors=True)
    return target


def machine() -> dict:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    try:
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        load = ""
    return {"cpus": os.cpu_count(), "cpu": cpu, "memory": memory, "python": platform.python_version(),
            "system": f"{platform.system()} {platform.release()}", "load": load}


ROWS = (  # (label, key, format)
    ("records", "records", "{:,}"),
    ("pages (.html)", "pages", "{:,}"),
    ("files written", "files", "{:,}"),
    ("output size", "output_mb", "{:,.0f} MB"),
    ("cold build", "cold_s", "{:.2f} s"),
    ("cold build, CPU time", "cold_cpu_s", "{:.2f} s"),
    ("ms per page (cold)", "ms_per_page", "{:.2f}"),
    ("pages per second (cold)", "pages_per_s", "{:,.0f}"),
    ("peak memory (cold)", "cold_peak_mb", "{:,.0f} MB"),
    ("peak memory (cold), children included", "cold_tree_peak_mb", "{:,.0f} MB"),
    ("ms per page, CPU time (cold)", "cpu_ms_per_page", "{:.2f}"),
    ("no-op rebuild", "noop_s", "{:.2f} s"),
    ("no-op rebuild, CPU time", "noop_cpu_s", "{:.2f} s"),
    ("one-record change", "record_s", "{:.2f} s"),
    ("one-record change, CPU time", "record_cpu_s", "{:.2f} s"),
    ("one-template change", "template_s", "{:.2f} s"),
    ("one-template change, CPU time", "template_cpu_s", "{:.2f} s"),
    ("one-dataset change", "dataset_s", "{:.2f} s"),
    ("one-dataset change, CPU time", "dataset_cpu_s", "{:.2f} s"),
    ("dataset rows", "rows", "{:,}"),
    ("dataset rows per second (validate)", "rows_per_s", "{:,.0f}"),
    ("1M-row CSV: frictionless validate", "frictionless_s", "{:.1f} s"),
    ("1M-row CSV: frictionless rows/s", "frictionless_rows_per_s", "{:,.0f}"),
    ("1M-row CSV: frictionless peak", "frictionless_peak_mb", "{:,.0f} MB"),
    ("1M-row CSV: gobabierto validate", "big_validate_s", "{:.1f} s"),
    ("1M-row CSV: gobabierto rows/s", "big_rows_per_s", "{:,.0f}"),
    ("1M-row CSV: gobabierto peak", "big_validate_peak_mb", "{:,.0f} MB"),
    ("1M-row CSV: unchanged, validate", "big_unchanged_s", "{:.2f} s"),
    ("1M-row CSV: validate CPU (with its two views)", "big_validate_cpu_s", "{:.1f} s"),
    ("1M-row CSV: validate CPU without its views", "big_plain_cpu_s", "{:.1f} s"),
)


def table(results: list[dict]) -> str:
    header = "| metric | " + " | ".join(r["size"] for r in results) + " |"
    lines = [header, "|---|" + "---:|" * len(results)]
    for label, key, fmt in ROWS:
        if not any(key in r for r in results):
            continue
        cells = [fmt.format(r[key]) if key in r else "—" for r in results]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def targets(results: list[dict]) -> str:
    lines = []
    by_size = {r["size"]: r for r in results}
    for (size, key), (limit, unit) in TARGETS.items():
        if size in by_size and key in by_size[size]:
            value = by_size[size][key]
            verdict = "met" if value <= limit else "NOT met"
            lines.append(f"- {size} {key}: {value:,.2f} {unit} (target ≤ {limit:g}) — {verdict}")
    big = next((r for r in results if "big_rows_per_s" in r), None)
    if big:
        ok = big["big_rows_per_s"] >= big["frictionless_rows_per_s"]
        lines.append(f"- 1M-row validation throughput: {big['big_rows_per_s']:,.0f} rows/s against frictionless"
                     f" {big['frictionless_rows_per_s']:,.0f} — {'met' if ok else 'NOT met'}")
        lines.append(f"- 1M-row validation peak: {big['big_validate_peak_mb']:,.0f} MB (target ≤ 300) —"
                     f" {'met' if big['big_validate_peak_mb'] <= 300 else 'NOT met'}")
        lines.append(f"- 1M-row validation when unchanged: {big['big_unchanged_s']:.2f} s (target ≤ 0.5) —"
                     f" {'met' if big['big_unchanged_s'] <= 0.5 else 'NOT met'}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="gobabierto benchmark: prints a table of build times.")
    parser.add_argument("--sizes", default=",".join(DEFAULT_SIZES),
                        help=f"comma-separated sizes among {', '.join(generate.SIZES)} (default: small,medium)")
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "gobabierto-bench",
                        help="where sites are generated and built (reused between runs)")
    parser.add_argument("--profile", nargs="?", const="medium", default=None, metavar="SIZE",
                        help="also profile a cold build of SIZE (default medium) with cProfile")
    parser.add_argument("--json", type=Path, default=None, help="also write the results as JSON to this file")
    parser.add_argument("--scenarios", default=",".join(SCENARIOS),
                        help="after the cold build, which of " + ", ".join(SCENARIOS) + " to run (default: all);"
                             " e.g. --scenarios none for the national site's cold build alone")
    parser.add_argument("--hugo", action="store_true",
                        help="also build the `compromisos` size (5,000 commitments) with and without search and with"
                             " Hugo (bench/hugo.py, one pair), and print the ratio; Hugo must be on PATH")
    parser.add_argument("--serve", nargs="?", const="small", default=None, metavar="SIZE",
                        help="also time save → browser reload in `gobabierto serve` on SIZE (default small;"
                             " bench/serve.py)")
    parser.add_argument("--code", type=Path, default=ROOT,
                        help="measure the gobabierto package (and theme) of another checkout, e.g. a copy of an older"
                             " commit made with `git archive`, to take before/after figures (default: this one)")
    args = parser.parse_args(argv)
    global CODE
    CODE = args.code.resolve()
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in generate.SIZES]
    if unknown:
        parser.error(f"unknown size(s) {', '.join(unknown)}; choose among {', '.join(generate.SIZES)}")
    args.workdir.mkdir(parents=True, exist_ok=True)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    info = machine()
    imported = measure([sys.executable, "-c", "import gobabierto; print(gobabierto.__file__)"], child_env()).stdout.strip()
    if not Path(imported).resolve().is_relative_to(CODE):
        sys.exit(f"the builds would import {imported}, not the gobabierto of {CODE}")
    log(f"measuring {imported}")
    log(f"machine: {info['cpus']} CPUs ({info['cpu']}), {info['memory']}, Python {info['python']},"
        f" {info['system']}, load average {info['load']}")
    scenarios = {s.strip() for s in args.scenarios.split(",")} & set(SCENARIOS)
    results = [bench_size(size, args.seed, args.workdir, log, scenarios) for size in sizes]
    print()
    print(table(results))
    summary = targets(results)
    if summary:
        print("\nTargets (issue 9):")
        print(summary)
    if args.hugo:
        import hugo  # bench/hugo.py: imports this module, so only here

        site, _, _ = ensure_site("compromisos", args.seed, args.workdir)
        clean_site(site, args.workdir, "compromisos")
        compared = hugo.compare(site, args.workdir / "compromisos-hugo", pairs=1, log=log)
        print("\n5,000 commitments, cold, against Hugo (issue 19: ≤ 2.0× without search, ≤ 4.5× with it):")
        print(hugo.table(compared))
    if args.serve:
        import serve  # bench/serve.py

        site, _, _ = ensure_site(args.serve, args.seed, args.workdir)
        clean_site(site, args.workdir, args.serve)
        latency = serve.measure(site, log=log)
        print(f"\n`gobabierto serve` on {args.serve}, median of {latency['edits']} saves:"
              f" browser reloads after {latency['reload_s']:.2f} s, search up to date after {latency['indexed_s']:.2f} s")
    info["load_after"] = machine()["load"]
    print(f"\nMachine: {info['cpus']} CPUs, {info['cpu']}, {info['memory']} RAM, Python {info['python']},"
          f" {info['system']}; load average {info['load']} before, {info['load_after']} after.")
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "results": results}, indent=2) + "\n")
    if args.profile:
        profile(args.profile, args.seed, args.workdir, log)
    return 0


if __name__ == "__main__":
    sys.exit(main())
