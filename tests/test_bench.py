"""The benchmark's site generator (bench/generate.py): its sites are valid and the same seed
always gives the same bytes. No timing is asserted here: `make bench` reports timings."""

from __future__ import annotations

import importlib.util
import json
import sys

from helpers import ROOT, run_cli, tree_digest

_spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
generate = sys.modules["bench_generate"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(generate)

# The benchmark's build date (bench/run.py): the content is written to be valid from 2026-01-01.
BENCH_EPOCH = "1768478400"


def test_same_seed_same_bytes_other_seed_other_site(tmp_path):
    first = generate.generate("tiny", tmp_path / "a", seed=7)
    again = generate.generate("tiny", tmp_path / "b", seed=7)
    other = generate.generate("tiny", tmp_path / "c", seed=8)
    assert tree_digest(tmp_path / "a") == tree_digest(tmp_path / "b")
    assert first == again
    digest_a, digest_c = tree_digest(tmp_path / "a"), tree_digest(tmp_path / "c")
    commitments = sorted(k for k in digest_a if k.startswith("content/compromisos/"))
    assert commitments == sorted(k for k in digest_c if k.startswith("content/compromisos/"))
    assert all(digest_a[k] != digest_c[k] for k in commitments)  # same records, other contents


def test_generated_site_has_what_its_size_declares(tmp_path):
    size = generate.SIZES["tiny"]
    summary = generate.generate("tiny", tmp_path / "s")
    records = sorted((tmp_path / "s" / "content").rglob("*.md"))
    assert len(records) == size.records == summary.records
    assert len(list((tmp_path / "s" / "content" / "compromisos").glob("*.md"))) == size.compromisos
    assert len(list((tmp_path / "s" / "datasets").glob("*/datapackage.yaml"))) == size.datasets
    rows = sum(len(p.read_text(encoding="utf-8").splitlines()) - 1 for p in (tmp_path / "s" / "datasets").glob("*/*.csv"))
    assert rows == summary.rows
    body = (tmp_path / "s" / "content" / "compromisos" / f"{summary.commitment}.md").read_text(encoding="utf-8")
    words = len(body.split("\n---\n", 1)[1].split())
    assert generate.BODY_WORDS - 60 <= words <= generate.BODY_WORDS + 120
    assert json.loads((tmp_path / "s" / "bench-summary.json").read_text())["records"] == size.records


def test_generated_site_validates_without_a_single_problem(tmp_path):
    site = tmp_path / "s"
    generate.generate("tiny", site)
    result = run_cli("validate", "--source", str(site), "--format", "json", epoch=BENCH_EPOCH)
    report = json.loads(result.stdout)
    assert report["problemas"] == [] and report["errores"] == 0 and report["advertencias"] == 0
    assert result.returncode == 0


def test_national_size_has_every_municipality_of_mexico():
    national = generate.SIZES["national"]
    assert national.municipios == sum(n for _, _, n in generate.STATES) == 2_469
    assert national.records == 60_000 and national.datasets == 2_000 and national.big_rows == 1_000_000
    assert generate.SIZES["small"].records == 1_000 and generate.SIZES["medium"].records == 20_000


def test_the_markdown_line_counts_one_conversion_per_changed_body(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BENCH_EPOCH)
    spec = importlib.util.spec_from_file_location("bench_bodies", ROOT / "bench" / "bodies.py")
    bodies = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bodies)
    from gobabierto.text import markdown

    monkeypatch.setattr(markdown, "convert", markdown.convert)  # the bench wraps it; undone after the test
    size = generate.SIZES["tiny"]
    assert bodies.conversions(markdown, "tiny", tmp_path) == [("cold build", size.records, size.records),
                                                              ("one body edited", 1, 1)]
    texts = bodies.bodies(3)
    assert len(set(texts)) == 3 and all(380 <= len(t.split()) <= 600 for t in texts)
