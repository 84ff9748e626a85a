"""Write the site into a staging folder beside the output, then swap it in.

The writer refuses to write a path twice or outside its folder, and to copy a symbolic
link; a failed build discards the staging folder and leaves the previous output
byte-identical. The swap is one atomic exchange where the system offers it (Linux
renameat2), so a build killed at any instant leaves either the old site or the new one;
elsewhere it is two renames, and the next build puts the old site back if it was killed
between them. Folders left by a killed build are removed by the next one."""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, TextIO

MARKER = ".gobabierto"
_NEW, _OLD = "nuevo", "anterior"


class WriteError(Exception):
    """A problem writing the output (not the content's fault)."""


class Writer:
    def __init__(self, staging: Path):
        self.root = staging
        self.written: set[str] = set()
        self._resolved_root = staging.resolve()
        self._made: set[Path] = set()

    def _target(self, rel_path: str) -> Path:
        # The staging folder is new and only this writer fills it, with plain files and
        # folders and never a symbolic link, so a path without ".." and without a root or a
        # drive stays inside it: checked on the path itself, once resolving the folder,
        # instead of resolving every file's path component by component.
        rel = rel_path.lstrip("/")
        relative = Path(rel)
        if relative.is_absolute() or relative.drive or relative.root or ".." in relative.parts:
            raise WriteError(f"la ruta «{rel_path}» queda fuera de la carpeta de salida")
        if rel in self.written:
            raise WriteError(f"dos páginas quieren escribirse en «{rel}»; revisa static/ y los identificadores")
        self.written.add(rel)
        target = self._resolved_root / relative
        if target.parent not in self._made:
            with _named(rel):
                target.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(target.parent)
        return target

    def write(self, rel_path: str, content: str | bytes) -> None:
        data = content.encode("utf-8") if isinstance(content, str) else content
        target = self._target(rel_path)
        with _named(rel_path):
            target.write_bytes(data)

    def copy(self, rel_path: str, source: Path) -> None:
        if source.is_symlink():
            raise WriteError(f"«{source.name}» es un enlace simbólico y no se publica; copia el archivo real")
        target = self._target(rel_path)
        with _named(rel_path):
            shutil.copyfile(source, target)

    @contextmanager
    def open_text(self, rel_path: str) -> Iterator[TextIO]:
        """`rel_path` opened for writing text in pieces (UTF-8, line ends kept as they are), so a
        large document (json.dump of the JSON API) goes to disk as it is encoded instead of
        being built whole in memory first. Same checks as write()."""
        target = self._target(rel_path)
        with _named(rel_path), open(target, "w", encoding="utf-8", newline="", buffering=1 << 16) as out:
            yield out


@contextmanager
def _named(rel_path: str):
    """A path too long for the file system names the page, not just the errno."""
    try:
        yield
    except OSError as exc:
        if exc.errno != errno.ENAMETOOLONG:
            raise
        shown = rel_path if len(rel_path) <= 100 else rel_path[:97] + "…"
        raise WriteError(f"la ruta «{shown}» es demasiado larga para el sistema de archivos; acorta el texto del que"
                         " sale su nombre (un identificador o un valor de filtro)") from exc


def check_output_location(root: Path, output: Path) -> str | None:
    """A Spanish reason why `output` must not be written, or None."""
    root, output = root.resolve(), output.resolve()
    if output == root or root.is_relative_to(output):
        return f"la carpeta de salida «{output}» contiene el sitio fuente; elige otra (por ejemplo _site)"
    for protected in ("content", "datasets", "static", "templates", ".git"):
        if output.is_relative_to(root / protected):
            return f"la carpeta de salida no puede estar dentro de {protected}/"
    if output.exists() and not output.is_dir():
        return f"«{output}» existe y no es una carpeta"
    if output.is_dir() and any(output.iterdir()) and not (output / MARKER).exists():
        return (f"la carpeta «{output}» ya tiene archivos que no generó gobabierto; no se sobrescribe."
                " Bórrala o elige otra carpeta de salida")
    return None


def _leftover_pattern(output: Path) -> re.Pattern:
    return re.compile(rf"^\.{re.escape(output.name)}\.(?:{_NEW}|{_OLD})-(\d+)-")


def _alive(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":  # on Windows os.kill(pid, 0) would end that process
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but belongs to someone else
        return True
    return True


def recover(output: Path) -> None:
    """Tidy what an interrupted build left beside `output`: put the previous site back if
    the build died between the two renames of a swap, and remove the staging and old
    folders of builds that are no longer running (a running build's are left alone)."""
    parent = output.parent
    if not parent.is_dir():
        return
    pattern = _leftover_pattern(output)
    leftovers = []
    for entry in sorted(parent.iterdir()):
        match = pattern.match(entry.name)
        if match and entry.is_dir() and not entry.is_symlink() and not _alive(int(match.group(1))):
            leftovers.append(entry)
    if not output.exists():
        previous = [e for e in leftovers if f".{_OLD}-" in e.name and (e / MARKER).exists()]
        if previous:
            previous[-1].rename(output)
            leftovers.remove(previous[-1])
    for entry in leftovers:
        shutil.rmtree(entry, ignore_errors=True)


def staging_dir(output: Path) -> Path:
    output.parent.mkdir(parents=True, exist_ok=True)
    recover(output)
    return Path(tempfile.mkdtemp(prefix=f".{output.name}.{_NEW}-{os.getpid()}-", dir=output.parent))


_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step; False where the system can't."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EXDEV):
        return False
    raise OSError(code, os.strerror(code), str(a))


def swap_in(staging: Path, output: Path) -> None:
    """Replace `output` with `staging`, so that an interruption at any point leaves one of
    the two complete trees at `output` (or, without an atomic exchange, for the next build
    to put back)."""
    (staging / MARKER).write_bytes(b"")
    os.chmod(staging, 0o755)
    if not output.exists():
        staging.rename(output)
        return
    if _exchange(staging, output):
        shutil.rmtree(staging, ignore_errors=True)  # it now holds the previous site
        return
    old = Path(tempfile.mkdtemp(prefix=f".{output.name}.{_OLD}-{os.getpid()}-", dir=output.parent))
    old.rmdir()
    output.rename(old)
    staging.rename(output)
    shutil.rmtree(old, ignore_errors=True)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
