"""Shared fixtures: inline mini-sites, the base fixture site, the CLI as a real process,
and the demo site built once per session (with and without a path prefix)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
BASE_SITE = FIXTURES / "base"
# 2025-11-21 12:00 UTC: the base fixture's "today".
BASE_EPOCH = "1763726400"
# 2026-11-21 18:00 UTC: the demo content's "today" (its milestones are written against it).
DEMO_EPOCH = "1795284000"
DEMO_URL = "https://gobabierto.github.io/gobabierto/"


def run_cli(*args: str, cwd: Path | None = None, epoch: str = BASE_EPOCH, env: dict | None = None):
    """Run `python -m gobabierto ARGS` as a real process; returns CompletedProcess (text)."""
    environment = {**os.environ, "SOURCE_DATE_EPOCH": epoch, "PYTHONIOENCODING": "utf-8", **(env or {})}
    return subprocess.run([sys.executable, "-m", "gobabierto", *args], cwd=cwd or ROOT, env=environment,
                          capture_output=True, text=True, timeout=300)


def copy_site(destination: Path, base: Path = BASE_SITE) -> Path:
    shutil.copytree(base, destination, ignore=shutil.ignore_patterns("_site", "__pycache__"))
    return destination


def make_site(root: Path, files: dict[str, str | bytes], base: Path | None = BASE_SITE) -> Path:
    """A site in `root`: a copy of `base` (or nothing) with `files` written over it."""
    if base is not None:
        copy_site(root, base)
    else:
        root.mkdir(parents=True, exist_ok=True)
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def tree_digest(folder: Path) -> dict[str, str]:
    """Relative path → sha256 of every file below `folder`."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture()
def base_site(tmp_path: Path) -> Path:
    return copy_site(tmp_path / "sitio")


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory) -> Path:
    """The demo site built with its own `url` (a project site under /gobabierto/)."""
    output = tmp_path_factory.mktemp("demo") / "_site"
    result = run_cli("build", "--source", str(ROOT), "--output", str(output), epoch=DEMO_EPOCH)
    assert result.returncode == 0, result.stdout + result.stderr
    return output


@pytest.fixture(scope="session")
def demo_build_root(tmp_path_factory) -> Path:
    """The demo site built as a user site, at the root of its domain."""
    output = tmp_path_factory.mktemp("demo-root") / "_site"
    result = run_cli("build", "--source", str(ROOT), "--output", str(output), "--url", "https://ejemplo.org/",
                     epoch=DEMO_EPOCH)
    assert result.returncode == 0, result.stdout + result.stderr
    return output
