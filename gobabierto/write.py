"""Write the site into a staging folder beside the output, then swap it in.

The writer refuses to write a path twice or outside its folder; a failed build discards
the staging folder and leaves the previous output byte-identical."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

MARKER = ".gobabierto"


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
            target.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(target.parent)
        return target

    def write(self, rel_path: str, content: str | bytes) -> None:
        data = content.encode("utf-8") if isinstance(content, str) else content
        self._target(rel_path).write_bytes(data)

    def copy(self, rel_path: str, source: Path) -> None:
        target = self._target(rel_path)
        shutil.copyfile(source, target)


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


def staging_dir(output: Path) -> Path:
    output.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{output.name}.nuevo-", dir=output.parent))


def swap_in(staging: Path, output: Path) -> None:
    """Replace `output` with `staging` using renames only, so an interruption leaves one of
    the two complete trees in place."""
    (staging / MARKER).write_bytes(b"")
    os.chmod(staging, 0o755)
    if output.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{output.name}.anterior-", dir=output.parent))
        old.rmdir()
        output.rename(old)
        staging.rename(output)
        shutil.rmtree(old, ignore_errors=True)
    else:
        staging.rename(output)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
