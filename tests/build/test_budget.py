"""The published size as a budget (build/budget.py, build/result.py): the build reports what
it publishes, warns from 80 % of `limite_publicacion`, and over it fails before the swap,
leaving the published site byte-identical."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from helpers import fixed_day_without_search, run_cli, tree_digest
from gobabierto.build import stamp
from gobabierto.build.result import Footprint, human_size, measure, thousands
from gobabierto.build.site import build_site
from gobabierto.build.write import MARKER
from gobabierto.core import paths
from gobabierto.core.problems import ContentError
from gobabierto.datasets import cache as datacache

BIG = 600_000  # bytes of a document in static/docs/: the largest section of the fixture site


@pytest.fixture(autouse=True)
def _fixed_day_no_search(monkeypatch):
    """In-process builds without Pagefind; the CLI's builds (run_cli) index when it is installed."""
    fixed_day_without_search(monkeypatch)


def _walk(output: Path) -> dict[str, int]:
    """What a second walk over the output would find: path → bytes (the marker aside)."""
    return {p.relative_to(output).as_posix(): p.stat().st_size
            for p in output.rglob("*") if p.is_file() and p.name != MARKER}


def _with_document(site: Path) -> Path:
    (site / "static" / "docs" / "informe-anual.pdf").write_bytes(os.urandom(BIG))
    return site


def _set(site: Path, lines: str) -> None:
    path = site / "gobabierto.yml"
    path.write_text(path.read_text(encoding="utf-8") + lines, encoding="utf-8")


def _limit_for(size: int, share: float) -> str:
    """A `limite_publicacion` that `size` bytes fill to `share` of."""
    return f'"{size / share / 1_000_000:.4f} MB"'


def test_the_footprint_is_what_the_output_holds_also_when_a_spare_tree_is_reused(base_site, tmp_path):
    output = tmp_path / "salida"
    first = build_site(_with_document(base_site), output)
    assert first.footprint == measure(_walk(output))
    assert first.footprint.sections[0] == ("docs/", pytest.approx(BIG, abs=5_000))
    assert first.footprint.files == len(_walk(output))
    # a second build after a change updates the spare tree: linked and kept files still count
    page = base_site / "content" / "paginas" / "que-es.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nUn párrafo más.\n", encoding="utf-8")
    second = build_site(base_site, output)
    assert second.reused > 0 and not second.skipped
    assert second.footprint == measure(_walk(output))
    assert second.footprint.size > first.footprint.size


def test_the_summary_reports_size_files_and_largest_sections(base_site, tmp_path):
    output = tmp_path / "salida"
    done = run_cli("build", "--source", str(_with_document(base_site)), "--output", str(output))
    assert done.returncode == 0, done.stderr
    walked = measure(_walk(output))
    expected = (f"Publicado: {human_size(walked.size)} en {thousands(walked.files)} archivos — docs/ "
                f"{human_size(walked.sections[0][1])}, {walked.sections[1][0]} ")
    report, verdict = done.stdout.splitlines()[-2:]
    assert report.startswith(expected) and verdict.startswith("Sitio generado en ")
    stamp_file = paths.cache_dir(base_site) / stamp.NAME  # as if the site had been copied long before its build
    data = json.loads(stamp_file.read_text(encoding="utf-8"))
    data["momento_ns"] = data["mas_reciente_ns"] + datacache.RACY_NS + 1
    stamp_file.write_text(json.dumps(data), encoding="utf-8")
    again = run_cli("build", "--source", str(base_site), "--output", str(output))  # skipped: nothing changed
    assert "ya estaba al día" in again.stdout.splitlines()[-1]
    assert again.stdout.splitlines()[-2].startswith(f"Publicado: {human_size(walked.size)} en ")
    quiet = run_cli("build", "-q", "--no-cache", "--source", str(base_site), "--output", str(output))
    assert quiet.returncode == 0 and "Publicado" not in quiet.stdout


def test_over_the_limit_the_build_fails_and_the_published_site_stays(base_site, tmp_path):
    output = tmp_path / "salida"
    first = build_site(_with_document(base_site), output)
    before = tree_digest(output)
    _set(base_site, f"limite_publicacion: {_limit_for(first.footprint.size, 1.25)}\n")
    (base_site / "static" / "docs" / "otro.pdf").write_bytes(b"x" * 1000)  # a change: the build is not skipped
    done = run_cli("build", "--source", str(base_site), "--output", str(output))
    assert done.returncode == 1
    lines = [line for line in done.stdout.splitlines() if "[publicacion-excede-el-limite]" in line]
    assert len(lines) == 1, done.stdout
    assert re.match(r"gobabierto\.yml:\d+: limite_publicacion: el sitio generado ocupa ", lines[0])
    assert "Lo que más ocupa: docs/ 6" in lines[0] and "static/" in lines[0]
    assert "limite_publicacion_bloquea: false" in lines[0]
    assert "sigue como estaba" in done.stdout + done.stderr
    assert tree_digest(output) == before


def test_from_80_percent_it_warns_and_publishes(base_site, tmp_path):
    output = tmp_path / "salida"
    first = run_cli("build", "--source", str(_with_document(base_site)), "--output", str(output))
    assert first.returncode == 0, first.stderr
    _set(base_site, f"limite_publicacion: {_limit_for(sum(_walk(output).values()), 0.9)}\n")
    (base_site / "static" / "docs" / "nuevo.txt").write_text("publicado\n", encoding="utf-8")
    done = run_cli("build", "-q", "--source", str(base_site), "--output", str(output))
    assert done.returncode == 0, done.stdout + done.stderr
    warned = [line for line in done.stdout.splitlines() if "[publicacion-cerca-del-limite]" in line]
    assert len(warned) == 1 and "advertencia: el sitio generado ocupa" in warned[0], done.stdout
    assert "el 90 % del límite de publicación" in warned[0] and "docs/" in warned[0]
    assert "Publicado" not in done.stdout  # quiet: the warning, not the report
    assert (output / "docs" / "nuevo.txt").is_file()


def test_below_80_percent_nothing_is_said(base_site, tmp_path):
    output = tmp_path / "salida"
    first = build_site(base_site, output)
    _set(base_site, f"limite_publicacion: {_limit_for(first.footprint.size, 0.75)}\n")
    again = build_site(base_site, output)
    assert not [p for p in again.problems.items if p.code.startswith("publicacion-")]


def test_a_site_can_make_the_limit_a_warning(base_site, tmp_path):
    output = tmp_path / "salida"
    _set(base_site, "limite_publicacion: 1 MB\nlimite_publicacion_bloquea: false\n")
    (base_site / "static" / "docs" / "grande.bin").write_bytes(b"\0" * 2_000_000)
    result = build_site(base_site, output)
    over = [p for p in result.problems.items if p.code == "publicacion-excede-el-limite"]
    assert [p.severity for p in over] == ["warning"]
    assert (output / "docs" / "grande.bin").is_file()
    # the same site, blocking: an error
    text = (base_site / "gobabierto.yml").read_text(encoding="utf-8").replace("bloquea: false", "bloquea: true")
    (base_site / "gobabierto.yml").write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        build_site(base_site, output)
    assert [p.code for p in caught.value.problems.errors] == ["publicacion-excede-el-limite"]


@pytest.mark.parametrize(("size", "shown"), [(0, "0 KB"), (340_400, "340 KB"), (4_200_000, "4.2 MB"),
                                             (4_000_000, "4 MB"), (412_300_000, "412 MB"),
                                             (1_234_000_000, "1.23 GB"), (2_000_000_000, "2 GB")])
def test_sizes_in_words(size, shown):
    assert human_size(size) == shown


def test_the_report_line():
    footprint = measure({"compromisos/a/index.html": 210_000_000, "datos/x.csv": 120_000_000,
                         "api/registros.json": 40_000_000, "index.html": 1_000, "404.html": 500})
    assert footprint == Footprint(370_001_500, 5, (("compromisos/", 210_000_000), ("datos/", 120_000_000),
                                                   ("api/", 40_000_000), ("index.html", 1_000), ("404.html", 500)))
    assert footprint.line() == "Publicado: 370 MB en 5 archivos — compromisos/ 210 MB, datos/ 120 MB, api/ 40 MB."
    assert thousands(61_204) == "61 204"
