"""One tiny site per family of editor mistakes (tests/fixtures/invalid/<case>/): the base
fixture with `overlay/` written over it (and `remove.txt` files deleted). Each must fail with
exactly the problems in its `expected.txt` — `path:line:field:code`, warnings marked
`[advertencia]` — exit 1, no traceback, and leave the previously published site untouched."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import BASE_EPOCH, FIXTURES, copy_site, run_cli, tree_digest
from gobabierto.commands.cli import main

CASES = sorted(p.name for p in (FIXTURES / "invalid").iterdir() if p.is_dir())


def read_expected(case: Path) -> list[tuple]:
    rows = []
    for line in (case / "expected.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        severity = "advertencia" if line.endswith(" [advertencia]") else "error"
        line = line.removesuffix(" [advertencia]")
        path, number, field, code = line.rsplit(":", 3)
        rows.append((path, int(number) if number else None, field, code, severity))
    return rows


def build_case(case: Path, root: Path) -> Path:
    site = copy_site(root / "sitio")
    shutil.copytree(case / "overlay", site, dirs_exist_ok=True)
    if (case / "remove.txt").exists():
        for rel in (case / "remove.txt").read_text().split():
            (site / rel).unlink()
    return site


def test_there_are_at_least_25_mistake_families():
    assert len(CASES) >= 25


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """A good build of the base site: what is live before the editor's mistake arrives."""
    output = tmp_path_factory.mktemp("bueno") / "publicado"
    first = run_cli("build", "--source", str(FIXTURES / "base"), "--output", str(output))
    assert first.returncode == 0, first.stdout + first.stderr
    return output


def validate(site: Path, *options: str):
    return CliRunner().invoke(main, ["validate", "--source", str(site), *options], env={"SOURCE_DATE_EPOCH": BASE_EPOCH})


@pytest.mark.parametrize("name", CASES)
def test_invalid_site_reports_every_problem_and_publishes_nothing(name, tmp_path, published):
    case = FIXTURES / "invalid" / name
    output = tmp_path / "publicado"
    shutil.copytree(published, output)
    before = tree_digest(output)

    site = build_case(case, tmp_path)
    result = run_cli("build", "--source", str(site), "--output", str(output))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert tree_digest(output) == before, "a failed build changed the published site"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".publicado")], "staging folder left behind"

    report = validate(site, "--format", "json")
    assert report.exit_code == 1
    found = [(p["archivo"], p["linea"], p["campo"], p["codigo"], p["severidad"])
             for p in json.loads(report.output)["problemas"]]
    assert found == read_expected(case)
    # The build printed the same problems the validator reports.
    assert len(result.stdout.strip().splitlines()) == len(found) + 1
    # The text report names each problem on its own line, in Spanish, with file and line.
    text = validate(site)
    lines = text.output.strip().splitlines()
    assert len(lines) == len(found) + 1
    for (path, line, field, code, _), printed in zip(found, lines):
        assert printed.startswith(f"{path}:{line}:" if line else f"{path}:")
        assert printed.endswith(f"[{code}]")
        if field:
            assert f" {field}: " in printed
    assert "error" in lines[-1]
