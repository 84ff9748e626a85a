"""Public change history read from Git: which commits touched a record's file or a
dataset's folder. A site built outside a Git checkout (or without git) has no history,
and the build does not mind."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

_RECORD_SEP, _FIELD_SEP = "\x1e", "\x1f"


@dataclass(frozen=True)
class Change:
    commit: str       # full hash
    when: datetime    # commit date, with its offset
    message: str      # the subject line

    @property
    def short(self) -> str:
        return self.commit[:7]


class History:
    """Every commit that touched a path under the site root, read with one `git log`."""

    def __init__(self, by_path: dict[str, list[Change]] | None = None):
        self._by_path = by_path or {}

    @property
    def available(self) -> bool:
        return bool(self._by_path)

    @classmethod
    def read(cls, root: Path, folders: tuple[str, ...] = ("content", "datasets")) -> "History":
        """History of `folders` (paths relative to `root`); empty when git cannot tell."""
        command = ["git", "-C", str(root), "-c", "core.quotepath=off", "log", "--relative", "--no-renames", "--name-only",
                   f"--format={_RECORD_SEP}%H{_FIELD_SEP}%cI{_FIELD_SEP}%s", "--", *folders]
        try:
            result = subprocess.run(command, capture_output=True, text=True, encoding="utf-8",
                                    errors="replace", timeout=60, check=False)
        except (OSError, subprocess.SubprocessError):
            return cls()
        if result.returncode != 0:
            return cls()
        return cls(_parse(result.stdout))

    def of_file(self, rel_path: str) -> tuple[Change, ...]:
        """Commits that touched one file, newest first."""
        return tuple(self._by_path.get(rel_path, ()))

    def of_folder(self, rel_folder: str) -> tuple[Change, ...]:
        """Commits that touched any file under a folder, newest first, each once."""
        prefix = rel_folder.rstrip("/") + "/"
        seen: dict[str, Change] = {}
        for path, changes in self._by_path.items():
            if path.startswith(prefix):
                for change in changes:
                    seen.setdefault(change.commit, change)
        return tuple(sorted(seen.values(), key=lambda c: c.when, reverse=True))


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
