"""Progress on long builds: a callback the pipeline calls, drawn only on a terminal."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest

from helpers import BASE_EPOCH, BASE_SITE, ROOT, run_cli
from gobabierto.build.site import build_site
from gobabierto.build.stages import load_site
from gobabierto.core.problems import Problems
from gobabierto.core.progress import TerminalProgress, for_terminal


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_pipeline_reports_records_datasets_and_pages(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BASE_EPOCH)
    calls = []
    result = build_site(BASE_SITE, tmp_path / "out", progress=lambda *args: calls.append(args))
    records = [c for c in calls if c[0] == "registros"]
    datasets = [c for c in calls if c[0] == "datos"]
    pages = [c for c in calls if c[0] == "paginas"]
    count = len([p for p in (BASE_SITE / "content").rglob("*") if p.is_file()])
    assert records == [("registros", n, count) for n in range(1, count + 1)]
    assert datasets == [("datos", 1, 1)]
    assert pages == [("paginas", n, result.pages) for n in range(1, result.pages + 1)]
    # In that order: read, then validate data, then write.
    assert [c[0] for c in calls] == ["registros"] * count + ["datos"] + ["paginas"] * result.pages


def test_validation_alone_reports_no_pages(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BASE_EPOCH)
    stages = set()
    load_site(BASE_SITE, Problems(), lambda stage, done, total: stages.add(stage))
    assert stages == {"registros", "datos"}


def test_terminal_line_is_throttled_redrawn_in_place_and_erased():
    now = [0.0]
    stream = FakeTerminal()
    display = TerminalProgress(stream, interval=0.5, clock=lambda: now[0])
    display("registros", 1, 3)      # first call of a stage: drawn
    display("registros", 2, 3)      # too soon: skipped
    now[0] = 1.0
    display("registros", 3, 3)      # end of stage: drawn
    display("paginas", 1, 100)      # new stage: drawn
    display("paginas", 2, 100)      # too soon: skipped
    frames = stream.getvalue().split("\r")[1:]
    assert [f.rstrip() for f in frames] == ["Registros leídos: 1 de 3", "Registros leídos: 3 de 3",
                                            "Páginas escritas: 1 de 100"]
    # A shorter line covers the longer one before it.
    assert len(frames[2]) >= len("Registros leídos: 3 de 3")
    display.close()
    assert stream.getvalue().endswith("\r" + " " * len("Páginas escritas: 1 de 100") + "\r")


def test_quiet_or_not_a_terminal_means_no_display():
    assert for_terminal(False, FakeTerminal()) is not None
    assert for_terminal(True, FakeTerminal()) is None
    assert for_terminal(False, io.StringIO()) is None


def test_cli_output_to_a_pipe_has_no_progress(tmp_path):
    result = run_cli("build", "--source", str(BASE_SITE), "--output", str(tmp_path / "out"))
    assert result.returncode == 0
    assert "\r" not in result.stderr and "Páginas escritas" not in result.stderr


def _run_with_terminal_stderr(*args: str) -> tuple[int, str]:
    pty = pytest.importorskip("pty")
    master, slave = pty.openpty()
    env = {**os.environ, "SOURCE_DATE_EPOCH": BASE_EPOCH, "PYTHONIOENCODING": "utf-8"}
    process = subprocess.Popen([sys.executable, "-m", "gobabierto", *args], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    received = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed its end
            break
        if not chunk:
            break
        received += chunk
    os.close(master)
    return process.wait(timeout=120), received.decode("utf-8")


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX only")
def test_cli_on_a_terminal_shows_progress_unless_quiet(tmp_path):
    code, shown = _run_with_terminal_stderr("build", "--source", str(BASE_SITE), "--output", str(tmp_path / "a"))
    assert code == 0
    count = len([p for p in (BASE_SITE / "content").rglob("*") if p.is_file()])
    assert f"Registros leídos: {count} de {count}" in shown
    assert "Páginas escritas:" in shown and "Conjuntos de datos validados: 1 de 1" in shown
    code, shown = _run_with_terminal_stderr("build", "--source", str(BASE_SITE), "--output", str(tmp_path / "b"),
                                            "--quiet")
    assert code == 0 and shown == ""
    code, shown = _run_with_terminal_stderr("validate", "--source", str(BASE_SITE))
    assert code == 0 and "Registros leídos:" in shown and "Páginas" not in shown
    code, shown = _run_with_terminal_stderr("validate", "--source", str(BASE_SITE), "-q")
    assert code == 0 and shown == ""
