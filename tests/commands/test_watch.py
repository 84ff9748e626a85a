"""`serve`'s watcher: the operating system's change events (watchfiles), polling where they
fail, nothing lost between the snapshot taken before the first build and listening."""

from __future__ import annotations

import queue
import sys
import threading
import time
from pathlib import Path

import pytest

from gobabierto.commands import watch
from gobabierto.commands.watch import Watcher, snapshot


def site(tmp_path: Path) -> Path:
    root = tmp_path / "sitio"
    (root / "content" / "compromisos").mkdir(parents=True)
    (root / "content" / "compromisos" / "agua.md").write_text("---\ntitulo: Agua\n---\n", encoding="utf-8")
    (root / "gobabierto.yml").write_text("titulo: Prueba\n", encoding="utf-8")
    return root


class Listening:
    """A Watcher's changes(), run in a thread, each list of changes put in a queue."""

    def __init__(self, watcher: Watcher):
        self.watcher, self.found = watcher, queue.Queue()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        for changes in self.watcher.changes():
            self.found.put(changes)

    def next(self, timeout: float = 10.0) -> list[str]:
        return self.found.get(timeout=timeout)

    def until(self, name: str, also: set[str] = frozenset(), timeout: float = 10.0) -> list[str]:
        """Every change reported until `name` is: one save can come as two batches when the
        machine is busy (the rest of an earlier save's events, `also`, with it)."""
        seen: list[str] = []
        while name not in seen:
            seen += self.next(timeout)
        assert set(seen) <= {name} | set(also), seen
        return seen

    def nothing(self, wait: float) -> bool:
        try:
            extra = self.found.get(timeout=wait)
        except queue.Empty:
            return True
        raise AssertionError(f"unexpected changes: {extra}")

    def stop(self):
        self.watcher.stop.set()
        self.thread.join(timeout=10)
        assert not self.thread.is_alive()


def settle():
    time.sleep(0.3)  # the watcher is listening (its first wake-up is at `interval`)


@pytest.mark.skipif(watch._watchfiles() is None, reason="watchfiles has no wheel for this platform")
def test_events_hear_a_save_a_new_folder_and_the_settings_and_nothing_of_an_editors_leftovers(tmp_path, monkeypatch):
    root = site(tmp_path)
    watcher = Watcher(root, (), 0.1, threading.Event())
    assert watcher.mode == "eventos"
    snapshots = []
    real = watch.snapshot
    monkeypatch.setattr(watch, "snapshot", lambda *args: snapshots.append(1) or real(*args))
    listening = Listening(watcher)
    try:
        settle()
        agua = "content/compromisos/agua.md"
        (root / agua).write_text("---\ntitulo: Agua potable\n---\n", encoding="utf-8")
        listening.until(agua)
        (root / "content" / "compromisos" / ".agua.md.swp").write_text("x", encoding="utf-8")
        (root / "content" / "compromisos" / "agua.md~").write_text("x", encoding="utf-8")
        settle()
        while not listening.found.empty():  # the rest of agua.md's events, on a busy machine
            assert set(listening.next()) <= {agua}
        assert listening.nothing(0.5)
        datos = "datasets/presupuesto/datos.csv"
        (root / "datasets" / "presupuesto").mkdir(parents=True)  # a watched folder that was not there
        (root / datos).write_text("a\n1\n", encoding="utf-8")
        listening.until("datasets", also={datos})  # the rebuild it causes reads what the folder holds
        settle()
        (root / datos).write_text("a\n2\n", encoding="utf-8")
        listening.until(datos)  # …and is listened to from then on
        (root / "gobabierto.yml").write_text("titulo: Otra\n", encoding="utf-8")
        listening.until("gobabierto.yml", also={datos})
        # the files were listed to catch up when listening began and when datasets/ came (once
        # as the listener stopped, once as the next began); never polled in between
        assert len(snapshots) == 3
    finally:
        listening.stop()


@pytest.mark.skipif(watch._watchfiles() is None, reason="watchfiles has no wheel for this platform")
def test_a_save_between_the_snapshot_and_listening_is_not_lost(tmp_path):
    """`serve` takes the snapshot before its first build and listens after it: a save made
    meanwhile gave no event the watcher could hear, and is reported all the same."""
    root = site(tmp_path)
    baseline = snapshot(root)
    (root / "content" / "compromisos" / "nuevo.md").write_text("---\ntitulo: Nuevo\n---\n", encoding="utf-8")
    listening = Listening(Watcher(root, (), 0.1, threading.Event(), baseline))
    try:
        assert listening.next() == ["content/compromisos/nuevo.md"]
        assert listening.nothing(0.5)
    finally:
        listening.stop()


def test_polling_hears_a_save_and_a_removal(tmp_path):
    root = site(tmp_path)
    watcher = Watcher(root, (), 0.05, threading.Event(), events=False)
    assert watcher.mode == "sondeo"
    listening = Listening(watcher)
    try:
        settle()
        (root / "content" / "compromisos" / "agua.md").write_text("---\ntitulo: Agua potable\n---\n", encoding="utf-8")
        assert listening.next() == ["content/compromisos/agua.md"]
        (root / "content" / "compromisos" / "agua.md").unlink()
        assert listening.next() == ["content/compromisos/agua.md"]
    finally:
        listening.stop()


def test_when_the_system_gives_no_events_the_watcher_says_why_and_polls(tmp_path, monkeypatch):
    class Refusing:
        @staticmethod
        def watch(*args, **kwargs):
            raise OSError("OS file watch limit reached")
            yield  # a generator, like watchfiles.watch

    monkeypatch.setattr(watch, "_watchfiles", lambda: Refusing)
    root = site(tmp_path)
    reasons = []
    watcher = Watcher(root, (), 0.05, threading.Event(), on_fallback=reasons.append)
    listening = Listening(watcher)
    try:
        settle()
        assert reasons == ["OS file watch limit reached"] and watcher.mode == "sondeo"
        (root / "content" / "compromisos" / "agua.md").write_text("---\ntitulo: Agua potable\n---\n", encoding="utf-8")
        assert listening.next() == ["content/compromisos/agua.md"]
    finally:
        listening.stop()


def test_without_watchfiles_the_watcher_polls(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "watchfiles", None)  # `import watchfiles` raises ImportError
    assert Watcher(site(tmp_path), (), 0.05, threading.Event()).mode == "sondeo"


@pytest.mark.skipif(watch._watchfiles() is None, reason="watchfiles has no wheel for this platform")
def test_a_save_during_the_rebuild_that_a_new_folder_caused_is_not_lost(tmp_path):
    """A new watched folder restarts the listening after the rebuild it causes; a file saved
    during that rebuild (here, while the changes are being handled) is reported after it."""
    root = site(tmp_path)
    stop = threading.Event()
    changes = Watcher(root, (), 0.1, stop).changes()
    threading.Timer(0.3, lambda: (root / "datasets").mkdir()).start()
    threading.Timer(15, stop.set).start()  # a lost save would leave the test waiting
    try:
        first = next(changes)
        assert first == ["datasets"], first
        (root / "datasets" / "nuevo.csv").write_text("a\n1\n", encoding="utf-8")  # "during the rebuild"
        assert next(changes) == ["datasets/nuevo.csv"]
    finally:
        stop.set()
