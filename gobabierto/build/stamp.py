"""Nothing changed, nothing rebuilt: the stamp of the last build (like make or ninja).

After a successful build, `record` writes `sello.json` in the build cache folder: what
decides the output — the engine digest, the output folder and the --base-url given,
SOURCE_DATE_EPOCH and the build's date in the site's time zone, the Git commit (the history
shown on pages), the Pagefind binary, and the stat identity (type and mode, size,
modification and change times, inode) of gobabierto.yml and of every file and folder under
content/, datasets/, static/ and templates/ (and under the default theme when it is not
inside the package, whose files are in the engine digest), kept as one digest of them all —
plus the output folder's own identity right after the swap, the page count and the
warnings, to say them again.

The next build `take`s the same values before it reads anything and asks `up_to_date`: when
they are all equal, the output folder is still the one recorded, and no input had changed
within `datacache.RACY_NS` of the moment they were taken (git's rule for racily clean files:
a file written that close to being looked at can change again without its stat moving), the
build stops there. Anything unreadable or unexpected — a missing or foreign stamp, a symbolic
link among the inputs, git failing — means a normal build, never a wrong skip.

The values are taken before the build reads its sources, so a file saved while a build runs
differs next time; the stamp is removed before a new tree is swapped in and written only
after it is in place, so a failed or interrupted build never leaves one that describes
another output. Without SOURCE_DATE_EPOCH the moments written in the calendar and the Data
Packages stay those of the build that wrote them (the date itself is compared)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from gobabierto.build import engine
from gobabierto.build.result import Footprint
from gobabierto.build.write import WriteError
from gobabierto.core import clock, paths
from gobabierto.core.problems import Location, Problem, Problems
from gobabierto.datasets import cache as datacache
from gobabierto.publish import search

FORMAT = 1
NAME = "sello.json"
SITE_FILES = (paths.SETTINGS_FILE,)
SITE_FOLDERS = paths.SITE_FOLDERS


@dataclass(frozen=True)
class Inputs:
    """What the output is made of, as taken at `taken_ns`; `newest_ns` is the latest
    modification or change time among the files (None: not to be trusted for a skip)."""

    values: dict
    taken_ns: int
    newest_ns: int | None


@dataclass(frozen=True)
class Skipped:
    """The last build's output is up to date: its page count and warnings."""

    pages: int
    problems: Problems
    drafts: tuple[str, ...] = ()
    footprint: Footprint | None = None


class _Walk:
    """The stat identity of files and folders, as lines of text, and the newest time seen."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.newest = 0
        self.doubt = False

    def add(self, path: str, rel: str) -> None:
        try:
            found = os.lstat(path)
        except FileNotFoundError:
            self.lines.append(f"{rel}\0-")
            return
        self._note(rel, found)
        if stat.S_ISDIR(found.st_mode):
            self._folder(path, rel)

    def _note(self, rel: str, found: os.stat_result) -> None:
        if stat.S_ISLNK(found.st_mode):
            self.doubt = True  # what it points to could change without the link's stat moving
        self.newest = max(self.newest, found.st_mtime_ns, found.st_ctime_ns)
        self.lines.append(f"{rel}\0{found.st_mode}\0{found.st_size}\0{found.st_mtime_ns}\0{found.st_ctime_ns}"
                          f"\0{found.st_ino}")

    def _folder(self, path: str, rel: str) -> None:
        with os.scandir(path) as entries:
            listed = sorted(entries, key=lambda entry: entry.name)
        for entry in listed:
            child = f"{rel}/{entry.name}"
            found = entry.stat(follow_symlinks=False)
            self._note(child, found)
            if stat.S_ISDIR(found.st_mode):
                self._folder(entry.path, child)


def _git(root: Path) -> list | None:
    """The commit the site's history is read from (and, in a shallow clone, the identity of
    the file that says how deep it is). None when git could not answer."""
    command = ["git", "-C", str(root), "rev-parse", "--is-shallow-repository", "--git-path", "shallow", "HEAD"]
    try:
        run = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", errors="replace",
                             timeout=30, check=False)
    except FileNotFoundError:
        return ["sin git"]
    except (OSError, subprocess.SubprocessError):
        return None
    value: list = [run.returncode, run.stdout]
    lines = run.stdout.split("\n")
    if run.returncode == 0 and lines[0] == "true" and len(lines) > 1:
        try:
            found = os.stat(root / lines[1])
            value.append([found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino])
        except OSError:
            return None
    return value


def _pagefind() -> list | None:
    binary = search.find_binary()
    if binary is None:
        return None
    try:
        found = os.stat(binary)
    except OSError:
        return [str(binary)]
    return [str(binary), found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino]


def take(root: Path, output: Path, base_url: str | None) -> Inputs:
    """Everything the output depends on, taken now: before the build reads any of it."""
    taken = time.time_ns()
    walk = _Walk()
    for name in SITE_FILES + SITE_FOLDERS:
        walk.add(os.path.join(root, name), name)
    theme = paths.theme_dir()
    if not theme.is_relative_to(paths.PACKAGE):
        walk.add(str(theme), "tema:")
    git = _git(root)
    files = hashlib.blake2b("\n".join(walk.lines).encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()
    values = {
        "motor": engine.digest(),
        "salida": str(Path(output).resolve()),
        "url": base_url,
        "source_date_epoch": os.environ.get("SOURCE_DATE_EPOCH"),
        "git": git,
        "pagefind": _pagefind(),
        "archivos": files,
        "cuantos": len(walk.lines),
    }
    trusted = not walk.doubt and git is not None
    return Inputs(values, taken, walk.newest if trusted else None)


def _canonical(values) -> str:
    return json.dumps(values, sort_keys=True, ensure_ascii=False)


def _output_identity(output: Path) -> list[int]:
    found = os.stat(output)
    return [found.st_dev, found.st_ino, found.st_mtime_ns, found.st_ctime_ns]


def up_to_date(folder: Path, inputs: Inputs, output: Path) -> Skipped | None:
    """The last build's page count and warnings when its output is still what a build of
    `inputs` would write; None when in any doubt."""
    if inputs.newest_ns is None:
        return None
    try:
        stored = json.loads((folder / NAME).read_text(encoding="utf-8"))
        if not isinstance(stored, dict) or stored.get("formato") != FORMAT:
            return None
        if _canonical(stored["entradas"]) != _canonical(inputs.values):
            return None
        # the same files as when the stamp's build looked at them: their times are those it saw
        if not stored["momento_ns"] - stored["mas_reciente_ns"] > datacache.RACY_NS:
            return None
        if clock.build_date(stored["zona"]).isoformat() != stored["fecha"]:
            return None
        if _output_identity(output) != stored["identidad_salida"]:
            return None
        pages = stored["paginas"]
        drafts = tuple(stored["borradores"])
        problems = Problems()
        for code, message, path, line, field, severity in stored["avisos"]:
            problems.items.append(Problem(code, message, _location(path, line, field), severity))
        footprint = _footprint(stored.get("publicado"))
    except (OSError, ValueError, KeyError, TypeError, LookupError):
        return None
    if not isinstance(pages, int) or problems.has_errors() or not all(isinstance(d, str) for d in drafts):
        return None
    return Skipped(pages, problems, drafts, footprint)


def _footprint(stored) -> Footprint | None:
    """The stamp's `publicado` ([bytes, files, [[section, bytes]…]]) read back; None when absent."""
    if stored is None:
        return None
    size, files, sections = stored
    footprint = Footprint(size, files, tuple((name, bytes_) for name, bytes_ in sections))
    if not all(isinstance(n, int) for n in (size, files, *(b for _, b in footprint.sections))):
        raise TypeError("a footprint of another shape")
    return footprint


def _location(path, line, field) -> Location:
    if not isinstance(path, str) or not isinstance(field, str) or not (line is None or isinstance(line, int)):
        raise TypeError("a warning of another shape")
    return Location(path, line, field)


def forget(folder: Path) -> None:
    """Remove the stamp: the output is about to change (or a clean build was asked for).
    A stamp that cannot be removed stops the build rather than outlive the output it describes."""
    path = folder / NAME
    try:
        path.unlink()
    except (FileNotFoundError, NotADirectoryError):
        pass
    except OSError as exc:
        raise WriteError(f"no se pudo borrar «{path}» ({exc.strerror or exc}), el registro de la última construcción;"
                         " bórralo a mano o revisa los permisos de esa carpeta") from exc


def record(folder: Path, inputs: Inputs, output: Path, zone: str, today: dt.date, pages: int,
           problems: Problems, drafts: tuple[str, ...] = (), footprint: Footprint | None = None) -> None:
    """Write the stamp of a build that has just put its output in place. Not written when
    the inputs could not be trusted, or the day changed while the build ran; a stamp that
    cannot be written only means the next build is not skipped."""
    if inputs.newest_ns is None or clock.build_date(zone) != today:
        return
    stored = {
        "formato": FORMAT,
        "entradas": inputs.values,
        "momento_ns": inputs.taken_ns,
        "mas_reciente_ns": inputs.newest_ns,
        "zona": zone,
        "fecha": today.isoformat(),
        "identidad_salida": _output_identity(output),
        "paginas": pages,
        "borradores": list(drafts),
        "avisos": [[p.code, p.message, p.location.path, p.location.line, p.location.field, p.severity]
                   for p in problems.items],
        "publicado": None if footprint is None else [footprint.size, footprint.files,
                                                     [list(section) for section in footprint.sections]],
    }
    temporary = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=".sello-", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(stored, handle, ensure_ascii=False)
        os.replace(temporary, folder / NAME)
    except OSError:
        if temporary is not None:
            try:
                os.unlink(temporary)
            except OSError:
                pass
