"""Find a site's sources: records under content/ and dataset folders under datasets/."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from gobabierto.content.records import BY_FOLDER, RecordType
from gobabierto.core.problems import Problems
from gobabierto.core.slugs import SLUG_RE, slugify, suggest

RECORD_SUFFIXES = (".md", ".yml", ".yaml")
DESCRIPTOR_NAMES = ("datapackage.yaml", "datapackage.yml", "datapackage.json")


@dataclass(frozen=True)
class SourceFile:
    record_type: RecordType
    slug: str
    path: Path
    rel_path: str


def _visible(path: Path) -> bool:
    return not path.name.startswith((".", "_", "~")) and not path.name.endswith("~")


def discover_records(root: Path, problems: Problems) -> list[SourceFile]:
    content = root / "content"
    found: list[SourceFile] = []
    if not content.is_dir():
        problems.add("carpeta-ausente", "no existe la carpeta content/ con los registros del sitio", "content")
        return found
    for folder in sorted(p for p in content.iterdir() if _visible(p)):
        rel_folder = f"content/{folder.name}"
        if folder.is_symlink():
            problems.add("enlace-simbolico", "la carpeta es un enlace simbólico; usa una carpeta real", rel_folder)
            continue
        if not folder.is_dir():
            problems.warn("archivo-ignorado",
                          "este archivo está fuera de las carpetas de registros y no se publica; muévelo a la carpeta de su tipo",
                          rel_folder)
            continue
        record_type = BY_FOLDER.get(folder.name)
        if record_type is None:
            hint = suggest(folder.name, BY_FOLDER) or " Las carpetas válidas son: " + ", ".join(sorted(BY_FOLDER)) + "."
            problems.add("carpeta-desconocida", f"la carpeta «{folder.name}» no corresponde a ningún tipo de registro.{hint}",
                         rel_folder)
            continue
        seen: dict[str, str] = {}
        for path in sorted(p for p in folder.rglob("*") if _visible(p)):
            rel = path.relative_to(root).as_posix()
            if path.is_dir():
                continue
            if path.parent != folder:
                problems.warn("archivo-ignorado", "los registros van directamente en su carpeta, sin subcarpetas; este archivo no se publica", rel)
                continue
            if path.suffix not in RECORD_SUFFIXES:
                problems.warn("archivo-ignorado",
                              f"solo se leen archivos .md y .yml; «{path.name}» no se publica (¿va en static/?)", rel)
                continue
            slug = path.stem
            if not SLUG_RE.match(slug):
                proposal = slugify(slug)
                problems.add("slug-invalido",
                             f"el nombre del archivo «{slug}» no sirve como dirección: usa minúsculas sin acentos, números y guiones"
                             + (f"; por ejemplo «{proposal}{path.suffix}»" if proposal else ""), rel)
                continue
            if slug in seen:
                problems.add("slug-duplicado",
                             f"ya existe un registro «{slug}» en {seen[slug]}; cada registro necesita un nombre de archivo único",
                             rel)
                continue
            seen[slug] = rel
            found.append(SourceFile(record_type, slug, path, rel))
    return found


@dataclass(frozen=True)
class DatasetSource:
    slug: str
    folder: Path
    descriptor: Path | None
    rel_path: str


# /datos/registros/ holds the site's own records as a Data Package (publish/record_tables.py).
RESERVED_DATASET_SLUGS = ("registros",)


def discover_datasets(root: Path, problems: Problems) -> list[DatasetSource]:
    base = root / "datasets"
    found: list[DatasetSource] = []
    if not base.is_dir():
        return found
    for folder in sorted(p for p in base.iterdir() if _visible(p)):
        rel = f"datasets/{folder.name}"
        if not folder.is_dir():
            problems.warn("archivo-ignorado", "cada conjunto de datos va en su propia carpeta dentro de datasets/", rel)
            continue
        if folder.is_symlink():
            problems.add("enlace-simbolico", "la carpeta es un enlace simbólico; usa una carpeta real", rel)
            continue
        if not SLUG_RE.match(folder.name):
            problems.add("slug-invalido",
                         f"el nombre de la carpeta «{folder.name}» no sirve como dirección: usa minúsculas sin acentos, números y guiones"
                         f"; por ejemplo «{slugify(folder.name)}»", rel)
            continue
        if folder.name in RESERVED_DATASET_SLUGS:
            problems.add("slug-reservado",
                         f"«{folder.name}» es una dirección reservada: en /datos/{folder.name}/ se publican los registros "
                         f"del sitio como datos abiertos; renombra la carpeta (por ejemplo «{folder.name}-municipio»)", rel)
            continue
        descriptors = [folder / n for n in DESCRIPTOR_NAMES if (folder / n).is_file()]
        if not descriptors:
            problems.add("descriptor-ausente",
                         "la carpeta no tiene datapackage.yaml ni datapackage.json que describa los datos", rel)
            found.append(DatasetSource(folder.name, folder, None, rel))
            continue
        if len(descriptors) > 1:
            problems.add("descriptor-duplicado",
                         "hay más de un descriptor (datapackage.yaml y datapackage.json); deja solo uno", rel)
        found.append(DatasetSource(folder.name, folder, descriptors[0], descriptors[0].relative_to(root).as_posix()))
    return found


# Folders whose every file may be published or read as a template. content/ and datasets/
# are checked file by file where they are read; their own folders are checked here.
_SCANNED = ("static", "templates")
_SITE_FOLDERS = ("content", "datasets", "static", "templates")


def find_symlinks(root: Path, problems: Problems) -> None:
    """Refuse symbolic links where the site's files are read: a link can bring in a file
    from outside the site (a key, another project) and publish it."""
    for name in _SITE_FOLDERS:
        folder = root / name
        if folder.is_symlink():
            problems.add("enlace-simbolico",
                         f"la carpeta {name}/ es un enlace simbólico a otro lugar; usa una carpeta real dentro del sitio",
                         name)
            continue
        if name not in _SCANNED or not folder.is_dir():
            continue
        for current, dirs, files in os.walk(folder, followlinks=False):
            here = Path(current)
            for entry in sorted(dirs + files):
                path = here / entry
                if path.is_symlink():
                    kind = "la carpeta" if entry in dirs else "el archivo"
                    use = "no se publica" if name == "static" else "no se usa como plantilla"
                    problems.add("enlace-simbolico",
                                 f"{kind} es un enlace simbólico y {use}: podría traer archivos de fuera del sitio;"
                                 " copia el contenido real en su lugar", path.relative_to(root).as_posix())
            dirs[:] = sorted(d for d in dirs if not (here / d).is_symlink())
