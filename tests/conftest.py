"""Fixtures: the base fixture site, the demo site built once per session (with and without
a path prefix), and headless Chromium with a local server for browser tests."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from helpers import DEMO_EPOCH, ROOT, copy_site, run_cli, tool_missing

CHROMIUM = next((found for name in ("chromium", "chromium-browser", "google-chrome") if (found := shutil.which(name))),
                None)
ARTIFACTS = ROOT / "tests" / "artifacts"


@pytest.fixture(scope="session")
def browser():
    if CHROMIUM is None:
        tool_missing("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield chromium
        chromium.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder: Path, mount: str = "/"):
    """Serve `folder` at http://127.0.0.1:PORT{mount} — mount is the site's path prefix."""
    root = folder.parent / f".served-{folder.name}"
    if not root.exists():
        target = root / mount.strip("/") if mount.strip("/") else root
        target.parent.mkdir(parents=True, exist_ok=True)
        if target == root:
            shutil.copytree(folder, root)
        else:
            shutil.copytree(folder, target)
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{mount}"


@pytest.fixture(scope="session")
def demo_server(demo_build):
    server, base = serve(demo_build, "/gobabierto/")
    yield base
    server.shutdown()


@pytest.fixture()
def base_site(tmp_path: Path) -> Path:
    return copy_site(tmp_path / "sitio")


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory) -> Path:
    """The demo site built with its own `url` (a project site under /gobabierto/)."""
    output = tmp_path_factory.mktemp("demo") / "_site"
    result = run_cli("build", "--source", str(ROOT), "--output", str(output), epoch=DEMO_EPOCH)
    assert result.returncode == 0, result.stdout + result.stderr
    (output.parent / "build.log").write_text(result.stdout + result.stderr, encoding="utf-8")
    return output


def english_copy(source: Path, destination: Path) -> Path:
    """A copy of the site at `source` (its settings, content, datasets and static files)
    with `idioma: en`: the same content with the interface in English."""
    destination.mkdir(parents=True)
    for name in ("gobabierto.yml", "content", "datasets", "static"):
        if (source / name).is_dir():
            shutil.copytree(source / name, destination / name)
        elif (source / name).is_file():
            shutil.copy2(source / name, destination / name)
    settings = destination / "gobabierto.yml"
    text = settings.read_text(encoding="utf-8")
    assert "idioma: es-MX" in text
    settings.write_text(text.replace("idioma: es-MX", "idioma: en"), encoding="utf-8")
    return destination


@pytest.fixture(scope="session")
def demo_build_en(tmp_path_factory) -> Path:
    """The demo site with `idioma: en`, built like demo_build."""
    folder = tmp_path_factory.mktemp("demo-en")
    source = english_copy(ROOT, folder / "sitio")
    output = folder / "_site"
    result = run_cli("build", "--source", str(source), "--output", str(output), epoch=DEMO_EPOCH)
    assert result.returncode == 0, result.stdout + result.stderr
    return output


@pytest.fixture(scope="session")
def demo_build_root(tmp_path_factory) -> Path:
    """The demo site built as a user site, at the root of its domain."""
    output = tmp_path_factory.mktemp("demo-root") / "_site"
    result = run_cli("build", "--source", str(ROOT), "--output", str(output), "--base-url", "https://ejemplo.org/",
                     epoch=DEMO_EPOCH)
    assert result.returncode == 0, result.stdout + result.stderr
    return output


@pytest.fixture(scope="session")
def paged_demo_build(tmp_path_factory) -> Path:
    """The demo site with `por_pagina: 2`, so that its listings and filter pages run to
    several pages (the demo itself fits every listing on one), and with facets of more than
    two values shown in part beside the listings, so that it has the pages listing every
    value of a facet too. Built in this process, to lower that threshold."""
    from gobabierto.pages import facets
    from gobabierto.build.site import build_site

    source = tmp_path_factory.mktemp("demo-paginado") / "sitio"
    source.mkdir()
    for name in ("content", "datasets", "static"):
        shutil.copytree(ROOT / name, source / name)
    settings = (ROOT / "gobabierto.yml").read_text(encoding="utf-8")
    (source / "gobabierto.yml").write_text(settings.rstrip("\n") + "\npor_pagina: 2\n", encoding="utf-8")
    output = source.parent / "_site"
    patch = pytest.MonkeyPatch()
    patch.setenv("SOURCE_DATE_EPOCH", DEMO_EPOCH)
    patch.setattr(facets, "INLINE_VALUES", 2)
    try:
        build_site(source, output)
    finally:
        patch.undo()
    return output


@pytest.fixture(scope="session", autouse=True)
def fixtures_without_caches():
    """Tests build some fixtures in place (their sources are read-only inputs): the build
    cache they leave in a fixture folder must not carry one run's state (another engine, an
    older cache format) into the next. Every run starts and ends without them."""
    def clear():
        for cache in (ROOT / "tests" / "fixtures").glob("*/.gobabierto-cache"):
            shutil.rmtree(cache, ignore_errors=True)
    clear()
    yield
    clear()
