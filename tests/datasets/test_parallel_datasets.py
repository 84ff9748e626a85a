"""Dataset validation over several processes (datacheck.complete_all): the same datasets,
problems and published files as in one process, workers only when there is enough to
validate, the largest datasets first, and nothing left behind when a worker fails."""

from __future__ import annotations

import hashlib
import os

import pytest

from helpers import BASE_EPOCH, BASE_SITE, make_site
from gobabierto.datasets import validate as datacheck
from gobabierto.core import parallel
from gobabierto.datasets.dataset import load_datasets
from gobabierto.content.discover import discover_datasets
from gobabierto.core.problems import Problems

DESCRIPTOR = (BASE_SITE / "datasets/obras/datapackage.yaml").read_text(encoding="utf-8")
HEAD = "comunidad,obra,monto_mxn,fecha_inicio\n"


def _csv(rows: int, seed: int) -> str:
    return HEAD + "".join(f"Comunidad {seed}-{n},Obra número {n},{1000 + n * seed}.5,2024-0{1 + n % 9}-1{n % 9}\n"
                          for n in range(rows))


def _dataset(slug: str, csv: str | bytes, **replace: str) -> dict[str, str | bytes]:
    descriptor = DESCRIPTOR.replace("name: obras\n", f"name: {slug}\n", 1).replace("path: obras.csv", f"path: {slug}.csv")
    for old, new in replace.items():
        assert old in descriptor
        descriptor = descriptor.replace(old, new)
    return {f"datasets/{slug}/datapackage.yaml": descriptor, f"datasets/{slug}/{slug}.csv": csv}


def _site(root) -> None:
    files: dict[str, str | bytes] = {}
    for n in range(6):  # valid, of different sizes
        files.update(_dataset(f"tabla-{n}", _csv(40 * (n + 1) ** 2, n + 1)))
    # a wrong number and a negative amount: located errors, from the frictionless path
    files.update(_dataset("con-errores", HEAD + "Centro,Aula,mucho,2024-01-01\nNorte,Pozo,-5,2024-02-30\n"))
    # Windows-1252 without a declared encoding, and a formula-like cell: warnings and notes
    files.update(_dataset("latin", (HEAD + "Peñasco,Reparación,10,2024-01-01\nSur,=SUMA(A1),3,2024-01-02\n")
                          .encode("cp1252"), **{"    encoding: utf-8\n": ""}))
    make_site(root, files)


def _load(root, workers_env: str, monkeypatch, cache_dir) -> tuple[list, list[tuple]]:
    monkeypatch.setenv(parallel.ENV_WORKERS, workers_env)
    monkeypatch.setenv("GOBABIERTO_CACHE_DIR", str(cache_dir))
    problems = Problems()
    datasets = load_datasets(root, discover_datasets(root, problems), problems)
    return datasets, [(*p.as_tuple(), p.severity) for p in problems.sorted()]


def _published(datasets) -> dict[str, str]:
    return {f"{d.slug}/{f.path}": hashlib.sha256(f.source.read_bytes()).hexdigest()
            for d in datasets for r in d.resources for f in (r.csv, r.json)}


@pytest.fixture(autouse=True)
def no_other_threads(monkeypatch):
    """Tests that ran before may have left idle daemon threads (Playwright's, local HTTP
    servers), which make workers_for refuse to fork; that rule is tested on its own below."""
    monkeypatch.setattr(parallel, "_threads_running", lambda: False)


def test_no_workers_while_other_threads_run(monkeypatch):
    import threading

    monkeypatch.undo()  # the real rule
    monkeypatch.setenv(parallel.ENV_WORKERS, "2")
    assert parallel.workers_for(100, True) == 2 or threading.active_count() > 1
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    try:
        assert parallel.workers_for(100, True) == 1
    finally:
        stop.set()
        thread.join()


@pytest.fixture()
def processes(monkeypatch, tmp_path):
    """Records the process each dataset was validated in: (slug, pid), in the order started."""
    log = tmp_path / "procesos.txt"
    real = datacheck.complete

    def complete(pending, cache, workdir):
        with log.open("a", encoding="utf-8") as out:
            out.write(f"{pending.slug} {os.getpid()}\n")
        return real(pending, cache, workdir)

    monkeypatch.setattr(datacheck, "complete", complete)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BASE_EPOCH)
    return lambda: [tuple(line.split()) for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []


def test_several_processes_give_what_one_process_gives(tmp_path, monkeypatch, processes):
    root = tmp_path / "sitio"
    _site(root)
    serial, serial_problems = _load(root, "1", monkeypatch, tmp_path / "cache-1")
    assert {pid for _, pid in processes()} == {str(os.getpid())}
    started = len(processes())
    forked, forked_problems = _load(root, "2", monkeypatch, tmp_path / "cache-2")
    workers = {pid for _, pid in processes()[started:]}
    assert workers and str(os.getpid()) not in workers, "the datasets were not validated in forked workers"
    assert forked == serial  # slugs, resources (rows, preview, encodings, file infos), notes
    assert [d.slug for d in forked] == ["latin", "obras"] + [f"tabla-{n}" for n in range(6)]  # the site's order
    assert forked_problems == serial_problems
    codes = {p[3] for p in serial_problems}
    assert {"csv-type-error", "csv-codificacion-detectada", "csv-formula"} <= codes
    assert _published(forked) == _published(serial)


def test_workers_only_when_there_is_enough_to_validate(tmp_path, monkeypatch, processes):
    root = tmp_path / "sitio"
    _site(root)
    monkeypatch.delenv(parallel.ENV_WORKERS, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    problems = Problems()
    monkeypatch.setenv("GOBABIERTO_CACHE_DIR", str(tmp_path / "cache-a"))
    load_datasets(root, discover_datasets(root, problems), problems)
    assert {pid for _, pid in processes()} == {str(os.getpid())}, "9 small datasets are not worth a worker"
    started = len(processes())
    monkeypatch.setattr(datacheck, "MIN_PARALLEL_DATASETS", 9)
    monkeypatch.setenv("GOBABIERTO_CACHE_DIR", str(tmp_path / "cache-b"))
    load_datasets(root, discover_datasets(root, problems), problems)
    assert str(os.getpid()) not in {pid for _, pid in processes()[started:]}
    # nothing to validate (every result in the cache): no worker, no validation at all
    started = len(processes())
    load_datasets(root, discover_datasets(root, problems), problems)
    assert processes()[started:] == []


def test_largest_first_and_results_in_the_sites_order(tmp_path, monkeypatch, processes):
    root = tmp_path / "sitio"
    _site(root)
    datasets, _ = _load(root, "1", monkeypatch, tmp_path / "cache")
    sizes = {slug: (root / f"datasets/{slug}/{slug}.csv").stat().st_size
             for slug in [f"tabla-{n}" for n in range(6)] + ["con-errores", "latin", "obras"]}
    started = [slug for slug, _ in processes()]
    assert started == sorted(sizes, key=lambda slug: -sizes[slug])
    assert started[0] == "tabla-5"
    assert [d.slug for d in datasets] == ["latin", "obras"] + [f"tabla-{n}" for n in range(6)]


def test_a_failing_worker_stops_the_build_and_leaves_no_half_entry(tmp_path, monkeypatch):
    root = tmp_path / "sitio"
    _site(root)
    real = datacheck._compute

    def compute(rel_descriptor, *args):
        if "tabla-3" in rel_descriptor:
            raise RuntimeError("falla a propósito")
        return real(rel_descriptor, *args)

    monkeypatch.setattr(datacheck, "_compute", compute)
    with pytest.raises(RuntimeError, match="falla a propósito"):
        _load(root, "2", monkeypatch, tmp_path / "cache")
    left = [p.relative_to(tmp_path) for p in (tmp_path / "cache").rglob(".nuevo-*")]
    assert left == []
    assert not (tmp_path / "cache/datos/tabla-3").exists() or not any((tmp_path / "cache/datos/tabla-3").iterdir())
