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

from gobabierto.core import paths
from gobabierto.core.problems import Problems

MARKER = paths.OUTPUT_MARKER
_NEW, _OLD = "nuevo", "anterior"
_SPARE = "reserva"  # the tree the last swap replaced, kept to be updated into the next one


class WriteError(Exception):
    """A problem writing the output (not the content's fault)."""


class Writer:
    """Writes into a staging folder. When the folder is the previous build's spare tree
    (`reused`), every file is replaced by unlinking it first — never written in place: it
    may be a hard link shared with the published site or the build cache — a page already
    linked to the same cached bytes is left as it is, and `prune` removes what this build
    did not write. `sizes` holds the bytes of every file written, copied, linked or kept
    (the published size, without walking the tree again)."""

    def __init__(self, staging: Path, reused: bool = False):
        self.root = staging
        self.reused = reused
        self.written: set[str] = set()
        self.sizes: dict[str, int] = {}
        self._resolved_root = staging.resolve()
        self._made: set[Path] = set()
        if reused:
            self._drop_links()

    def _drop_links(self) -> None:
        """The checks on paths below assume a tree of plain files and folders: a spare tree
        was the published site, where anyone may have put a symbolic link. Remove them all."""
        for folder, dirs, files in os.walk(self.root):
            for name in list(dirs):
                if os.path.islink(os.path.join(folder, name)):
                    os.unlink(os.path.join(folder, name))
                    dirs.remove(name)
            for name in files:
                path = os.path.join(folder, name)
                if os.path.islink(path):
                    os.unlink(path)

    def _target(self, rel_path: str) -> Path:
        # The staging folder is new (or a spare tree rid of its symbolic links) and only this
        # writer fills it, with plain files and folders and never a symbolic link, so a path
        # without ".." and without a root or a drive stays inside it: checked on the path
        # itself, once resolving the folder, instead of resolving every file's path component
        # by component.
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
                parent = target.parent
                if self.reused and (parent.is_symlink() or (parent.exists() and not parent.is_dir())):
                    self._clear(parent)  # a spare tree's file where this build wants a folder
                parent.mkdir(parents=True, exist_ok=True)
            self._made.add(target.parent)
        return target

    def _clear(self, target: Path) -> None:
        if self.reused:
            try:
                target.unlink()
            except FileNotFoundError:
                pass
            except IsADirectoryError:
                shutil.rmtree(target)
            except PermissionError:
                if target.is_dir() and not target.is_symlink():
                    shutil.rmtree(target)
                else:
                    raise

    def write(self, rel_path: str, content: str | bytes) -> None:
        data = content.encode("utf-8") if isinstance(content, str) else content
        target = self._target(rel_path)
        with _named(rel_path):
            self._clear(target)
            target.write_bytes(data)
        self.sizes[rel_path.lstrip("/")] = len(data)

    def link(self, rel_path: str, source: Path) -> None:
        """Publish `source` (a page kept in the build cache) at `rel_path`: a hard link
        where the file system allows it, else a copy."""
        target = self._target(rel_path)
        with _named(rel_path):
            there = os.stat(source)
            self.sizes[rel_path.lstrip("/")] = there.st_size
            if self.reused:
                try:
                    here = os.lstat(target)
                    if (here.st_ino, here.st_dev) == (there.st_ino, there.st_dev):
                        return  # the spare tree already holds these very bytes
                except OSError:
                    pass
                self._clear(target)
            try:
                os.link(source, target)
            except OSError as exc:
                if exc.errno == errno.ENAMETOOLONG:
                    raise
                shutil.copyfile(source, target)

    def copy(self, rel_path: str, source: Path, prefix: bytes = b"") -> None:
        """Publish a copy of `source` at `rel_path`, after `prefix` when one is given."""
        if source.is_symlink():
            raise WriteError(f"«{source.name}» es un enlace simbólico y no se publica; copia el archivo real")
        target = self._target(rel_path)
        with _named(rel_path):
            self._clear(target)
            if not prefix:
                shutil.copyfile(source, target)
            else:
                with open(source, "rb") as reading, open(target, "wb") as writing:
                    writing.write(prefix)
                    shutil.copyfileobj(reading, writing, 1 << 20)
            self.sizes[rel_path.lstrip("/")] = os.stat(target).st_size

    def prune(self, keep: tuple[str, ...] = ()) -> None:
        """Remove what the spare tree holds and this build did not write (nor `keep`, top
        folders managed elsewhere), and the folders left empty."""
        if not self.reused:
            return
        for folder, dirs, files in os.walk(self.root, topdown=False):
            rel_folder = Path(folder).relative_to(self.root).as_posix()
            prefix = "" if rel_folder == "." else rel_folder + "/"
            if prefix.split("/", 1)[0] in keep:
                continue
            for name in files:
                rel = prefix + name
                if rel not in self.written and rel != MARKER:
                    os.unlink(os.path.join(folder, name))
            for name in dirs:
                path = os.path.join(folder, name)
                if os.path.islink(path):
                    os.unlink(path)
                elif (prefix + name) not in keep:
                    try:
                        os.rmdir(path)  # only when empty
                    except OSError:
                        pass

    @contextmanager
    def open_text(self, rel_path: str) -> Iterator[TextIO]:
        """`rel_path` opened for writing text in pieces (UTF-8, line ends kept as they are), so a
        large document (json.dump of the JSON API) goes to disk as it is encoded instead of
        being built whole in memory first. Same checks as write()."""
        target = self._target(rel_path)
        with _named(rel_path):
            self._clear(target)  # a spare tree's file may be a link to published bytes: never in place
        with _named(rel_path), open(target, "w", encoding="utf-8", newline="", buffering=1 << 16) as out:
            yield out
        self.sizes[rel_path.lstrip("/")] = os.stat(target).st_size


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


def spare_dir(output: Path) -> Path:
    return output.parent / f".{output.name}.{_SPARE}"


def staging_dir(output: Path, reuse: bool = False) -> Path:
    """A fresh staging folder beside `output`; with `reuse`, the spare tree the last swap
    left (renamed, so a build killed while updating it leaves an ordinary leftover), when
    there is one — check `Writer.reused` semantics: its files must all be replaced or pruned."""
    output.parent.mkdir(parents=True, exist_ok=True)
    recover(output)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.{_NEW}-{os.getpid()}-", dir=output.parent))
    spare = spare_dir(output)
    if reuse and spare.is_dir() and not spare.is_symlink():
        try:
            staging.rmdir()
            spare.rename(staging)
        except OSError:
            staging.mkdir(exist_ok=True)
    return staging


def is_spare(staging: Path) -> bool:
    """Whether `staging` came from the spare tree (it then holds files already)."""
    try:
        return any(staging.iterdir())
    except OSError:
        return False


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
        keep_spare(staging, output)  # it now holds the previous site
        return
    old = Path(tempfile.mkdtemp(prefix=f".{output.name}.{_OLD}-{os.getpid()}-", dir=output.parent))
    old.rmdir()
    output.rename(old)
    staging.rename(output)
    keep_spare(old, output)


def keep_spare(tree: Path, output: Path) -> None:
    """Keep `tree` as the spare the next build updates instead of writing a whole tree and
    deleting another (slow on some disks: milliseconds per folder)."""
    spare = spare_dir(output)
    if spare.exists():
        shutil.rmtree(spare, ignore_errors=True)
    try:
        tree.rename(spare)
    except OSError:
        shutil.rmtree(tree, ignore_errors=True)


def discard(staging: Path, output: Path | None = None) -> None:
    """Drop a failed build's staging folder (kept as the spare tree when `output` is given:
    whatever it holds, the next build replaces or prunes every file)."""
    if output is not None and output.is_dir():  # a folder that will be built again
        keep_spare(staging, output)
    else:
        shutil.rmtree(staging, ignore_errors=True)


def copy_tree(writer: Writer, source: Path, prefix: str, problems: Problems, root: Path) -> None:
    """Every visible file under `source` into the output under `prefix`; a symbolic link is
    a problem, never followed."""
    if not source.is_dir():
        return
    for path in sorted(source.rglob("*")):
        if path.is_dir() or path.name.startswith("."):
            continue
        rel = path.relative_to(source).as_posix()
        if path.is_symlink():
            problems.add("enlace-simbolico", "los enlaces simbólicos no se publican; copia el archivo real",
                         path.relative_to(root).as_posix())
            continue
        writer.copy(prefix + rel, path)
