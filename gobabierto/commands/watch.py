"""Which of a site's sources changed, for `gobabierto serve`: content/, datasets/,
templates/, static/, gobabierto.yml and the theme when it lives outside the site.

The operating system tells of each save (watchfiles: inotify, FSEvents,
ReadDirectoryChangesW), so an idle preview reads nothing and a save is heard in about a
tenth of a second (`SETTLE_MS` of quiet after its last event). Where it cannot (watchfiles
missing on the platform, the system's limit of watched folders reached, a folder that gives
no events), the sources are polled instead:
the date and size of every file, every `interval` seconds, which costs about 60 ms per poll
at 5,000 files and a second at 64,000 (bench/RESULTS.md). WATCHFILES_FORCE_POLLING set in the
environment makes watchfiles itself poll (it does so on WSL too)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable, Iterator

WATCHED = ("content", "datasets", "templates", "static")
SETTINGS = "gobabierto.yml"
SETTLE_MS = 50  # a save that touches several files is one change if they come this close


def ignored(path: Path) -> bool:
    """An editor's or the system's leftover: hidden files, backups, swap files, bytecode."""
    name = path.name
    return name.startswith(".") or name.endswith(("~", ".swp", ".tmp")) or "__pycache__" in path.parts


def snapshot(root: Path, extra_dirs: tuple[Path, ...] = ()) -> dict[str, tuple[int, int]]:
    """Every watched file → (mtime in ns, size)."""
    found: dict[str, tuple[int, int]] = {}
    for folder in [root / name for name in WATCHED] + list(extra_dirs):
        if not folder.is_dir():
            continue
        for path in folder.rglob("*"):
            if ignored(path):
                continue
            try:
                stat = path.stat()
            except OSError:
                continue
            if path.is_file():
                found[str(path)] = (stat.st_mtime_ns, stat.st_size)
    found.update(_settings(root))
    return found


def _settings(root: Path) -> dict[str, tuple[int, int]]:
    settings = root / SETTINGS
    try:
        stat = settings.stat()
    except OSError:
        return {}
    return {str(settings): (stat.st_mtime_ns, stat.st_size)}


def changed_files(before: dict, after: dict, root: Path) -> list[str]:
    """The files that differ between two snapshots, as the site names them."""
    return shown(root, (k for k in set(before) | set(after) if before.get(k) != after.get(k)))


def shown(root: Path, paths) -> list[str]:
    """Paths relative to the site where they are inside it (else their name), sorted."""
    names = []
    for name in sorted(set(map(str, paths))):
        path = Path(name)
        names.append(path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name)
    return names


class Watcher:
    """`changes()` yields the files changed since `baseline` (a snapshot taken before the
    first build), one list per save, until `stop` is set. `mode` says how it listens:
    "eventos" (the operating system's) or "sondeo" (polling); when the events fail it polls
    from then on and tells `on_fallback` why."""

    def __init__(self, root: Path, extra_dirs: tuple[Path, ...], interval: float, stop: threading.Event,
                 baseline: dict | None = None, events: bool = True,
                 on_fallback: Callable[[str], None] = lambda reason: None):
        self.root, self.extra_dirs, self.interval, self.stop = root, extra_dirs, interval, stop
        self.baseline = baseline if baseline is not None else snapshot(root, extra_dirs)
        self.mode = "eventos" if events and _watchfiles() is not None else "sondeo"
        self.on_fallback = on_fallback

    def changes(self) -> Iterator[list[str]]:
        if self.mode == "eventos":
            try:
                yield from self._events()
                return
            except (OSError, RuntimeError) as exc:  # the system's limit of watches, a folder that vanished…
                self.mode = "sondeo"
                self.on_fallback(str(exc) or type(exc).__name__)
                # what changed while listening failed is not lost: polling starts from the baseline
        yield from self._polling(self.baseline)

    # -- the operating system's change events ---------------------------------------------
    def _folders(self) -> tuple[Path, ...]:
        return tuple(self.root / name for name in WATCHED if (self.root / name).is_dir()) + self.extra_dirs

    def _events(self) -> Iterator[list[str]]:
        """Each listener starts from `since`, the files as they were when the last one stopped
        (or before the first build): what changed before it listened is in no event, but it
        is in a snapshot taken at its first wake-up."""
        watchfiles = _watchfiles()
        since = self.baseline
        while not self.stop.is_set():
            folders = self._folders()
            if not folders:  # nothing to watch but the settings: wait for a folder to appear
                settings = _settings(self.root)
                if self.stop.wait(self.interval):
                    return
                if self._folders() or _settings(self.root) != settings:
                    since = snapshot(self.root, self.extra_dirs)
                    yield shown(self.root, [*self._folders(), *settings, *_settings(self.root)])
                continue
            settings, caught_up = None, False
            for found in watchfiles.watch(*folders, watch_filter=_keep, debounce=1_600, step=SETTLE_MS,
                                          stop_event=self.stop, rust_timeout=max(1, int(self.interval * 1000)),
                                          yield_on_timeout=True, raise_interrupt=False):
                changed = {path for _, path in found if not Path(path).is_dir()}
                if not caught_up:  # listening now: catch up with what changed since `since`
                    caught_up = True
                    now = snapshot(self.root, self.extra_dirs)
                    changed |= {k for k in set(since) | set(now) if since.get(k) != now.get(k)}
                    settings = _settings(self.root)
                current = _settings(self.root)
                if current != settings:  # beside the folders, not in them: checked at each wake-up
                    changed |= set(current) | set(settings)
                    settings = current
                if self._folders() != folders:
                    # A watched folder came or went: this listener stops after the rebuild (its
                    # events until then are lost with it), and the next catches up from here.
                    since = snapshot(self.root, self.extra_dirs)
                    yield shown(self.root, changed | (set(map(str, self._folders())) ^ set(map(str, folders))))
                    break
                if changed:
                    yield shown(self.root, changed)
            else:
                return  # stopped

    # -- polling --------------------------------------------------------------------------
    def _polling(self, last: dict) -> Iterator[list[str]]:
        while not self.stop.wait(self.interval):
            current = snapshot(self.root, self.extra_dirs)
            if current == last:
                continue
            # Let a save that touches several files settle before building.
            while not self.stop.wait(min(self.interval, 0.2)):
                settled = snapshot(self.root, self.extra_dirs)
                if settled == current:
                    break
                current = settled
            changes = changed_files(last, current, self.root)
            last = current
            if not self.stop.is_set():
                yield changes


def _keep(_change, path: str) -> bool:
    return not ignored(Path(path))


def _watchfiles():
    """The watchfiles module, or None where it is not installed (a platform without its wheel)."""
    try:
        import watchfiles
    except ImportError:
        return None
    return watchfiles
