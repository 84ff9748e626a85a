"""The live preview in headless Chromium: the open page reloads by itself when a file is
saved, shows the content errors instead of the page, and comes back when they are fixed.
Screenshots go to tests/artifacts/screenshots/preview-*.png for review."""

from __future__ import annotations

import io
import time

import pytest

from helpers import BASE_EPOCH, ROOT, copy_site
from gobabierto.commands.serve import Preview

SHOTS = ROOT / "tests" / "artifacts" / "screenshots"
TALLERES = "content/compromisos/talleres.md"


@pytest.fixture()
def preview(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BASE_EPOCH)
    server = Preview(copy_site(tmp_path / "sitio"), port=0, interval=0.1, out=io.StringIO()).start()
    yield server
    server.stop()


def replace(preview: Preview, old: str, new: str) -> None:
    path = preview.root / TALLERES
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def wait_for_title(page, wanted: bool, timeout: float = 30.0) -> None:
    """Poll from Python: the pages' Content-Security-Policy forbids the string evaluation
    that page.wait_for_function would need (and the reload script must work under it)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if ("El contenido tiene" in page.title()) == wanted:
                return
        except Exception:  # noqa: BLE001 - the page is navigating (reloaded by the preview)
            pass
        time.sleep(0.1)
    raise AssertionError(f"the open page did not {'show' if wanted else 'leave'} the error page in {timeout} s")


def test_the_open_page_follows_the_editor(browser, preview):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 360, "height": 800})
    page.goto(preview.url + "compromisos/talleres/", wait_until="load")
    assert "Talleres sobre el derecho" in page.inner_text("h1")

    replace(preview, "fecha_fin: 2025-12-31", "fecha_fin: 2025-31-12")
    wait_for_title(page, True)
    page.wait_for_load_state("load")
    heading = page.inner_text("h1")
    body = page.inner_text("main")
    page.screenshot(path=str(SHOTS / "preview-error-360.png"), full_page=True)
    assert heading == "El contenido tiene 1 error"
    assert "content/compromisos/talleres.md:10" in body and "fecha_fin" in body and "2025-31-12" in body
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the error page scrolls sideways by {overflow}px at 360px"

    replace(preview, "fecha_fin: 2025-31-12", "fecha_fin: 2025-12-31")
    wait_for_title(page, False)
    page.wait_for_load_state("load")
    assert "Talleres sobre el derecho" in page.inner_text("h1")
    page.screenshot(path=str(SHOTS / "preview-fixed-360.png"), full_page=True)
    page.close()
