"""The base fixture's built site is committed under tests/golden/: any change to the output
shows up as a diff to review. GOBABIERTO_REGENERATE_GOLDEN=1 rewrites it."""

from __future__ import annotations

import os
import shutil

from helpers import ROOT, copy_site, run_cli, tree_digest

GOLDEN = ROOT / "tests" / "golden"
THEME_ASSETS = {"assets/gobabierto.css", "assets/favicon.svg", "assets/buscar.js", "assets/vigencia.js",
                "assets/tabla.js"}  # the theme's own files, not output


def test_base_site_matches_golden(tmp_path):
    # Built from a copy outside the repository: the output must not depend on this
    # repository's own Git history (change histories, feed dates).
    source = copy_site(tmp_path / "sitio")
    output = tmp_path / "_site"
    result = run_cli("build", "--source", str(source), "--output", str(output))
    assert result.returncode == 0, result.stdout + result.stderr
    for name in THEME_ASSETS:
        (output / name).unlink()
    shutil.rmtree(output / "schemas")  # the committed schemas/, checked by test_schemas.py
    shutil.rmtree(output / "pagefind")  # Pagefind's binary index, checked by test_search.py
    if os.environ.get("GOBABIERTO_REGENERATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(output, GOLDEN)
    produced, expected = tree_digest(output), tree_digest(GOLDEN)
    assert sorted(produced) == sorted(expected)
    changed = [path for path in produced if produced[path] != expected[path]]
    assert changed == [], f"output differs from tests/golden in {changed}; review and regenerate"
