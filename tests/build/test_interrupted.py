"""A build killed at any moment, a folder it may not write to or a full disk never leave a
half-written site: the previous output stays byte for byte, the error is clear and in
Spanish, and the next build succeeds."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from gobabierto.build import write
from gobabierto.commands.cli import main
from helpers import BASE_EPOCH, ROOT, copy_site, run_cli, tool_missing, tree_digest

ENV = {**os.environ, "SOURCE_DATE_EPOCH": BASE_EPOCH, "PYTHONIOENCODING": "utf-8"}


def change_content(site: Path) -> None:
    page = site / "content" / "paginas" / "que-es.md"
    page.write_text(page.read_text(encoding="utf-8").replace("titulo: ", "titulo: Nueva versión de ", 1), encoding="utf-8")


def leftovers(output: Path) -> list[str]:
    """What is beside the output besides the output itself and the spare tree the last swap
    replaced (write.spare_dir: kept on purpose, the next build updates it into its staging
    folder; tests/build/test_incremental.py checks that nothing in it can reach the published site)."""
    return sorted(p.name for p in output.parent.iterdir() if p.name not in (output.name, f".{output.name}.reserva"))


@pytest.fixture()
def published(tmp_path):
    """A site, its published output (version A) and the same site changed (version B)."""
    site = copy_site(tmp_path / "sitio")
    output = tmp_path / "publicado" / "salida"
    started = time.monotonic()
    assert run_cli("build", "--source", str(site), "--output", str(output)).returncode == 0
    duration = time.monotonic() - started
    before = tree_digest(output)
    change_content(site)
    return site, output, before, duration


def _build_process(site: Path, output: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "gobabierto", "build", "--source", str(site), "--output", str(output),
                             "--quiet"], cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _staging_exists(output: Path) -> bool:
    return any(output.parent.glob(f".{output.name}.nuevo-*"))


def _wait_for_staging(process: subprocess.Popen, output: Path) -> None:
    deadline = time.monotonic() + 120
    while not _staging_exists(output) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.0005)


def test_a_build_killed_at_any_point_leaves_a_whole_site(published):
    site, output, version_a, _ = published
    # the changed site's output, built elsewhere: what a finished build must produce
    reference = output.parent.parent / "referencia"
    assert run_cli("build", "--source", str(site), "--output", str(reference)).returncode == 0
    version_b = tree_digest(reference)
    assert version_b != version_a
    # one build watched to time its phases: reading and checking, then writing and swapping
    started = time.monotonic()
    process = _build_process(site, output)
    _wait_for_staging(process, output)
    writing_from = time.monotonic()
    assert process.wait(timeout=120) == 0
    checking, writing = writing_from - started, time.monotonic() - writing_from
    # kills spread over both phases, the writing one (with the swap at its end) densely and
    # on past its expected end until a build finishes before the kill
    plans = [("start", checking * 0.5)]
    plans += [("staging", writing * f) for f in (0, 0.3, 0.6)]
    plans += [("staging", writing * (0.8 + f / 20)) for f in range(0, 40)]
    killed_mid_write = finished = 0
    for how, delay in plans:
        # nothing changed since the build above: without its stamp, the build is not skipped
        (site / ".gobabierto-cache" / "sello.json").unlink(missing_ok=True)
        process = _build_process(site, output)
        if how == "staging":
            _wait_for_staging(process, output)
        time.sleep(delay)
        writing_now = _staging_exists(output)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        killed_mid_write += writing_now and process.returncode == -signal.SIGKILL
        assert output.is_dir(), f"no site at all after a kill ({how} +{delay:.3f}s)"
        assert tree_digest(output) in (version_a, version_b), f"a half-written site after a kill ({how} +{delay:.3f}s)"
        finished += process.returncode == 0
        if finished:  # the kills now come after the build's end
            break
    assert killed_mid_write >= 4, "the kills never landed while the build was writing"
    result = run_cli("build", "--source", str(site), "--output", str(output))
    assert result.returncode == 0, result.stdout + result.stderr
    assert tree_digest(output) == version_b
    assert leftovers(output) == []


KILL_BETWEEN_RENAMES = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from gobabierto.build import write
    write._exchange = lambda a, b: False  # a system without an atomic exchange
    real_rename = Path.rename
    def rename(self, target):
        result = real_rename(self, target)
        if ".anterior-" in str(target):
            os.kill(os.getpid(), signal.SIGKILL)  # killed between the two renames
        return result
    Path.rename = rename
    from gobabierto.commands.cli import main
    main(sys.argv[1:])
""")


def test_without_an_atomic_exchange_the_next_build_puts_the_old_site_back(published):
    site, output, version_a, _ = published
    result = subprocess.run([sys.executable, "-c", KILL_BETWEEN_RENAMES, "build", "--source", str(site), "--output",
                             str(output)], cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=300)
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert not output.exists() and any(".salida.anterior-" in name for name in leftovers(output))
    write.recover(output)
    assert tree_digest(output) == version_a and leftovers(output) == []


def test_leftovers_of_a_running_build_are_not_touched(tmp_path):
    output = tmp_path / "salida"
    output.mkdir()
    mine = tmp_path / f".salida.nuevo-{os.getpid()}-abc"
    mine.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".salida.nuevo-{dead.pid}-xyz"
    stale.mkdir()
    foreign = tmp_path / ".salida.nuevo-a-mano"
    foreign.mkdir()
    write.recover(output)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([".salida.nuevo-a-mano", mine.name, "salida"])


# -- unwritable output and a full disk ---------------------------------------------------

def _lock(folder: Path):
    """Make `folder` unwritable for the build, even as root; returns how to undo it, or
    skips when the system offers no way."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return lambda: folder.chmod(0o755)
    if shutil.which("chattr") is None:
        tool_missing("running as root, where permissions don't block writes, and chattr is not installed (e2fsprogs)")
    done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, text=True)
    if done.returncode != 0:
        tool_missing(f"running as root and the immutable attribute is not available here: {done.stderr.strip()}")
    return lambda: subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_an_unwritable_output_folder_is_a_clear_error(published):
    site, output, version_a, _ = published
    unlock = _lock(output.parent)
    try:
        result = run_cli("build", "--source", str(site), "--output", str(output))
    finally:
        unlock()
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr.strip() == (f"Error: no se pudo escribir el sitio en «{output}»: no hay permiso para escribir"
                                     " ahí; elige otra carpeta con --output o revisa sus permisos. El sitio anterior"
                                     " sigue como estaba.")
    assert tree_digest(output) == version_a and leftovers(output) == []
    assert run_cli("build", "--source", str(site), "--output", str(output)).returncode == 0


@pytest.mark.parametrize("where", ["write", "copy", "swap"])
def test_a_full_disk_is_a_clear_error(published, monkeypatch, where):
    site, output, version_a, _ = published
    calls = {"n": 0}

    def full(*args, **kwargs):
        calls["n"] += 1
        raise OSError(errno.ENOSPC, "No space left on device")

    if where == "write":  # after a few pages were written
        real = write.Writer.write

        def write_some(self, rel, content):
            if len(self.written) >= 5:
                full()
            return real(self, rel, content)
        monkeypatch.setattr(write.Writer, "write", write_some)
    elif where == "copy":
        monkeypatch.setattr(write.shutil, "copyfile", full)
    else:
        monkeypatch.setattr(write, "_exchange", full)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BASE_EPOCH)
    result = CliRunner().invoke(main, ["build", "--source", str(site), "--output", str(output)])
    assert calls["n"] >= 1
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert result.output.strip() == (f"Error: no se pudo escribir el sitio en «{output}»: no queda espacio en el disco;"
                                     " libera espacio o elige otra carpeta con --output. El sitio anterior sigue como"
                                     " estaba.")
    assert tree_digest(output) == version_a and leftovers(output) == []
