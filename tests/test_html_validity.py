"""The Nu Html Checker (vnu-jar from npm, run with the system Java) finds no error in any
page, stylesheet or SVG of the built demo and of the golden site (and one page of each kind
of the demo in English) — in one JVM run, since
the checker is slow to start. Two files broken on purpose go in the same run, to show the
checker is really looking."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from helpers import ROOT, page_types, tool_missing

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
GOLDEN = ROOT / "tests" / "golden"
CHECKED = ("*.html", "*.css", "*.svg")


def java_and_vnu() -> str:
    java = shutil.which("java")
    missing = []
    if java is None:
        missing.append("Java is not installed (apt-get install default-jre-headless)")
    if not VNU_JAR.is_file():
        missing.append("node_modules/vnu-jar is missing: run `make test`, or `npm ci --ignore-scripts` (needs npm)")
    if missing:
        reason = "; ".join(missing) + " — .ci/run installs both in CI"
        tool_missing(reason)
    return java


def _files(folder: Path) -> list[Path]:
    return sorted(p for pattern in CHECKED for p in folder.rglob(pattern))


def _paged_only(folder: Path) -> list[Path]:
    """The pages of the paginated demo that the demo has not: later pages of listings and
    the pages listing every value of a facet."""
    return sorted(p for p in folder.rglob("*.html")
                  if "pagina" in p.relative_to(folder).parts or p.parent.name.startswith("por-"))


def test_nu_html_checker_finds_no_errors(demo_build, demo_build_en, paged_demo_build, tmp_path):
    java = java_and_vnu()
    broken = tmp_path / "roto"
    broken.mkdir()
    (broken / "roto.html").write_text('<!doctype html><html lang="es"><head><title>x</title></head>'
                                      '<body><main><p><div>x</div></p><img src="a.png"></main></body></html>')
    (broken / "roto.css").write_text("body { colr: red; margin: 1px 2px 3px 4px 5px; }\n")
    english = [demo_build_en / rel for rel in page_types(demo_build_en).values()]  # one page per kind, in English
    paged = _paged_only(paged_demo_build)
    assert len(paged) > 10
    files = _files(demo_build) + _files(GOLDEN) + english + paged
    assert len(files) > 60
    result = subprocess.run([java, "-jar", str(VNU_JAR), "--errors-only", "--exit-zero-always", "--format", "json",
                             "--also-check-css", "--also-check-svg",
                             *map(str, files), str(broken / "roto.html"), str(broken / "roto.css")],
                            capture_output=True, text=True, timeout=600)
    report = json.loads(result.stderr or result.stdout)
    errors: dict[Path, list[str]] = {}
    for message in report["messages"]:
        if message["type"] in ("error", "non-document-error"):
            path = Path(unquote(urlsplit(message.get("url", "")).path))
            errors.setdefault(path, []).append(f"{message.get('lastLine', '?')}: {message['message']}")
    assert set(errors.pop(broken / "roto.html", [])) and errors.pop(broken / "roto.css", [])
    assert errors == {}, "\n".join(f"{path}:{line}" for path, lines in errors.items() for line in lines)
