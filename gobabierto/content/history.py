"""Public change history read from Git: which commits touched a record's file or a
dataset's folder, and so when each last changed. A site built outside a Git checkout (or
without git) has no history: the last change of a file is then its modification time (no
later than SOURCE_DATE_EPOCH, as reproducible builds clamp it), and each date says so."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

_RECORD_SEP, _FIELD_SEP = "\x1e", "\x1f"


@dataclass(frozen=True)
class Change:
    commit: str       # full hash
    when: datetime    # commit date, with its offset
    message: str      # the subject line

    @property
    def short(self) -> str:
        return self.commit[:7]


@dataclass(frozen=True)
class Updated:
    """When something last changed: a commit's date, or a file's modification date."""

    when: date
    from_git: bool


class History:
    """Every commit that touched a path under the site root, read with one `git log`, and
    the files' modification dates for what Git does not know."""

    def __init__(self, by_path: dict[str, list[Change]] | None = None, root: Path | None = None,
                 zone: str = "UTC", shallow: bool = False):
        self._by_path = by_path or {}
        self._root, self._zone, self.shallow = root, zone, shallow
        self._modified: dict[str, date] | None = None
        self._folders: dict[str, Updated] | None = None  # folder prefix ("", "a/", "a/b/") → its last change
        self._folder_changes: dict[str, tuple[Change, ...]] | None = None  # folder prefix → its commits

    @property
    def available(self) -> bool:
        return bool(self._by_path)

    @classmethod
    def read(cls, root: Path, folders: tuple[str, ...] = ("content", "datasets"), zone: str = "UTC") -> "History":
        """History of `folders` (paths relative to `root`); only file dates when git cannot tell."""
        command = ["git", "-C", str(root), "-c", "core.quotepath=off", "log", "--relative", "--no-renames", "--name-only",
                   f"--format={_RECORD_SEP}%H{_FIELD_SEP}%cI{_FIELD_SEP}%s", "--", *folders]
        shallow = ["git", "-C", str(root), "rev-parse", "--is-shallow-repository"]
        try:
            result = subprocess.run(command, capture_output=True, text=True, encoding="utf-8",
                                    errors="replace", timeout=60, check=False)
            depth = subprocess.run(shallow, capture_output=True, text=True, timeout=30, check=False)
        except (OSError, subprocess.SubprocessError):
            return cls(root=root, zone=zone)
        if result.returncode != 0:
            return cls(root=root, zone=zone)
        return cls(_parse(result.stdout), root, zone, depth.stdout.strip() == "true")

    # -- last changes ---------------------------------------------------------------------
    def modified(self) -> dict[str, date]:
        """Each file's modification date under content/ and datasets/ (relative path →
        date in the site's time zone), read once."""
        if self._modified is None:
            self._modified = {} if self._root is None else _modification_dates(Path(self._root), self._zone)
        return self._modified

    def updated_file(self, rel_path: str) -> Updated | None:
        """When a file last changed: its newest commit, else its modification date."""
        changes = self._by_path.get(rel_path)
        if changes:
            return Updated(changes[0].when.date(), True)
        day = self.modified().get(rel_path)
        return Updated(day, False) if day is not None else None

    def updated_folder(self, rel_folder: str) -> Updated | None:
        """When anything under a folder last changed ("" for everything)."""
        if self._folders is None:
            # every file's last change counted once in each folder above it: a national
            # site asks this of thousands of folders, each a scan of 60,000 paths before
            folders: dict[str, Updated] = {}
            for path in set(self._by_path) | set(self.modified()):
                found = self.updated_file(path)
                if found is None:
                    continue
                for prefix in _folders_above(path):
                    known = folders.get(prefix)
                    if known is None or (found.when, found.from_git) > (known.when, known.from_git):
                        folders[prefix] = found
            self._folders = folders
        return self._folders.get(rel_folder.rstrip("/") + "/" if rel_folder else "")

    def identity(self) -> tuple:
        """Everything the dates above depend on, for the incremental build's digests."""
        return tuple(sorted(self._by_path.items())), tuple(sorted(self.modified().items()))

    def of_file(self, rel_path: str) -> tuple[Change, ...]:
        """Commits that touched one file, newest first."""
        return tuple(self._by_path.get(rel_path, ()))

    def of_folder(self, rel_folder: str) -> tuple[Change, ...]:
        """Commits that touched any file under a folder, newest first, each once."""
        if self._folder_changes is None:  # each path's commits in every folder above it, once
            folders: dict[str, dict[str, Change]] = {}
            for path, changes in self._by_path.items():
                for prefix in _folders_above(path):
                    seen = folders.setdefault(prefix, {})
                    for change in changes:
                        seen.setdefault(change.commit, change)
            self._folder_changes = {prefix: tuple(sorted(seen.values(), key=lambda c: c.when, reverse=True))
                                    for prefix, seen in folders.items()}
        return self._folder_changes.get(rel_folder.rstrip("/") + "/", ())


def _folders_above(path: str) -> list[str]:
    """The folders a file is under, as prefixes: "a/b/c.md" → "", "a/", "a/b/"."""
    parts = path.split("/")[:-1]
    return ["".join(part + "/" for part in parts[:depth]) for depth in range(len(parts) + 1)]


def check_history(history: History, problems) -> None:
    """Warn when the dates of last change cannot come from Git, or only in part."""
    if not history.available:
        problems.warn("historial-no-disponible",
                      "el sitio no se construyó desde un repositorio de Git con su historial (o git no está instalado):"
                      " la fecha de la última modificación de cada página y la de cada conjunto de datos en data.json"
                      " se toman de la fecha de los archivos, que cambia al copiarlos o descargarlos. Construye desde un"
                      " clon del repositorio para que sean las de cada cambio", "content")
    elif history.shallow:
        problems.warn("historial-incompleto",
                      "el repositorio es un clon superficial (sin todo su historial): las fechas de la última"
                      " modificación y el historial de cambios de cada página solo ven los últimos commits. Clona el"
                      " repositorio completo; en GitHub Actions, con «fetch-depth: 0» en actions/checkout", "content")


def _modification_dates(root: Path, zone: str, folders: tuple[str, ...] = ("content", "datasets")) -> dict[str, date]:
    """rel path → modification date of every file under `folders`, clamped to
    SOURCE_DATE_EPOCH when it is set (a file copied after that moment gets that moment)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    limit = int(epoch) if epoch.isdigit() else None
    tz = ZoneInfo(zone)
    found: dict[str, date] = {}
    for folder in folders:
        for current, dirs, files in os.walk(root / folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in files:
                if name.startswith("."):
                    continue
                path = Path(current) / name
                try:
                    moment = path.stat().st_mtime
                except OSError:
                    continue
                if limit is not None:
                    moment = min(moment, limit)
                found[path.relative_to(root).as_posix()] = datetime.fromtimestamp(moment, timezone.utc).astimezone(tz).date()
    return found


def _parse(output: str) -> dict[str, list[Change]]:
    by_path: dict[str, list[Change]] = {}
    for block in output.split(_RECORD_SEP):
        if not block.strip():
            continue
        header, _, names = block.partition("\n")
        parts = header.split(_FIELD_SEP)
        if len(parts) != 3:
            continue
        commit, when, message = parts
        try:
            change = Change(commit, datetime.fromisoformat(when), message.strip())
        except ValueError:
            continue
        for name in names.splitlines():
            name = name.strip()
            if name:
                by_path.setdefault(name, []).append(change)
    return by_path
