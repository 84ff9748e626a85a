"""Helpers shared by the tests: paths, fixed build dates, the CLI as a real process,
site copies and tree digests."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from datetime import date, datetime
import sys
from pathlib import Path

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
    shutil.copytree(base, destination, ignore=shutil.ignore_patterns("_site", "__pycache__", ".gobabierto-cache"))
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




def page_url(rel: str) -> str:
    """Output-relative file → the address it is served at, relative to the site root:
    "compromisos/agua/index.html" → "compromisos/agua/"."""
    return rel[: -len("index.html")] if rel == "index.html" or rel.endswith("/index.html") else rel


def page_types(output: Path) -> dict[str, str]:
    """One page per kind of page of a built site, as name → output-relative file.

    Pages are grouped by the shape of their address — first folder, then depth:
    `compromisos/` is "compromisos", `compromisos/agua/` "compromisos-x",
    `compromisos/por-plan/tercer-pal/` "compromisos-x-x", `404.html` "404" — and the largest
    page of each group (the one that shows the most of its template) stands for it. Every
    kind of page the site gains is checked without being listed here."""
    groups: dict[str, list[Path]] = {}
    for path in sorted(output.rglob("*.html")):
        rel = path.relative_to(output)
        parts = rel.parts[:-1] if rel.name == "index.html" else rel.parts
        name = "-".join([parts[0].removesuffix(".html")] + ["x"] * (len(parts) - 1)) if parts else "inicio"
        groups.setdefault(name, []).append(path)
    return {name: max(paths, key=lambda p: (p.stat().st_size, p.as_posix())).relative_to(output).as_posix()
            for name, paths in sorted(groups.items())}


def tool_missing(reason: str) -> None:
    """A tool a test needs is not here. Under CI (`.ci/run` installs every tool and sets CI)
    that is a failure, so no missing install step hides behind a skip; run locally without
    the tool, the test is skipped with the reason."""
    import pytest

    if os.environ.get("CI"):
        pytest.fail(f"{reason} (in CI, .ci/run should have installed it)")
    pytest.skip(reason)



def fixed_day_without_search(monkeypatch) -> None:
    """A build as the incremental tests want it: the base fixture's "today", no shared
    dataset cache, the default number of processes, and no Pagefind (it has its own tests)."""
    from gobabierto.core import parallel
    from gobabierto.publish import search

    monkeypatch.setenv("SOURCE_DATE_EPOCH", BASE_EPOCH)
    monkeypatch.delenv("GOBABIERTO_CACHE_DIR", raising=False)
    monkeypatch.delenv(parallel.ENV_WORKERS, raising=False)
    monkeypatch.setattr(search, "find_binary", lambda: None)


def jsonable(value):
    """What the document is as JSON: dates become their ISO text, as VS Code (YAML 1.2) reads them."""
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value
