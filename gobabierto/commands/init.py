"""`gobabierto init CARPETA`: a new site repository with no engine code in it.

The files come from `site_template/` (packaged in the wheel), with a few words filled in
(`@municipio@`, `@version@`…), plus what is made here: `requirements.txt`, the pin of the
engine that made the site (this version and the sha256 of its wheel and sdist, from PyPI or
from a folder of distribution files), and `schemas/` for the editor. Everything is prepared
before the first file is written: a mistake (a non-empty folder, PyPI out of reach) leaves
nothing behind."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import click

from gobabierto import __version__
from gobabierto.content.records import FOLDERS
from gobabierto.core.clock import build_date
from gobabierto.core.paths import CONTENT, DATASETS, SITE_TEMPLATE
from gobabierto.core.slugs import slugify
from gobabierto.publish.schemas import write_schemas

DISTRIBUTION = "gobabierto"
# PyPI's JSON API for one release: its files and their sha256.
PYPI_RELEASE = "https://pypi.org/pypi/{name}/{version}/json"
PYPI_TIMEOUT = 30
# What the site says until someone writes the real names: capitals, so they show on every page.
PLACEHOLDER_MUNICIPALITY = "NOMBRE DEL MUNICIPIO"
PLACEHOLDER_STATE = "ESTADO"
SITE_ZONE = "America/Mexico_City"  # the template's zona_horaria: the day its example dates start from
KEEP = ".gitkeep"  # Git keeps no empty folder; this empty file keeps one
EXAMPLES = (CONTENT, DATASETS)  # what --vacio leaves out of the template
# A name goes inside double quotes in YAML and as it is in Markdown: these would break one or the other.
_UNSAFE = re.compile(r'["\\\x00-\x1f\x7f]')


class InitError(Exception):
    """Why the site cannot be made (Spanish, for the person running the command)."""


@dataclass(frozen=True)
class NewSite:
    folder: Path
    files: tuple[str, ...]  # paths written, relative to the folder, in order
    municipality: str
    placeholders: bool       # whether names were left for the editor to write


def check_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise InitError(f"«{folder}» es un archivo, no una carpeta: elige el nombre de una carpeta nueva,"
                        " por ejemplo «gobabierto init mi-sitio».")
    if folder.is_dir() and any(folder.iterdir()):
        raise InitError(f"la carpeta «{folder}» no está vacía: gobabierto init solo escribe en una carpeta nueva o"
                        " vacía, para no mezclar el sitio nuevo con otros archivos ni sobrescribir nada. Elige otra,"
                        " por ejemplo «gobabierto init mi-sitio».")


def check_name(value: str, option: str) -> str:
    text = " ".join(value.split())
    if not text or _UNSAFE.search(text):
        raise InitError(f"{option} «{value}» no sirve: escribe el nombre sin comillas dobles ni barras invertidas,"
                        " por ejemplo --municipio \"Villa Alta\".")
    return text


# -- the engine's pin ------------------------------------------------------------------------

def _is_release_file(name: str, version: str) -> bool:
    stem = f"{DISTRIBUTION}-{version}"
    return name == f"{stem}.tar.gz" or (name.startswith(f"{stem}-") and name.endswith(".whl"))


def local_hashes(folder: Path, version: str = __version__) -> list[str]:
    """sha256 of this version's wheel and sdist in `folder` (built with `pip wheel`, `hatchling build`…)."""
    if not folder.is_dir():
        raise InitError(f"no existe la carpeta «{folder}» que indica --desde.")
    files = sorted(p for p in folder.iterdir() if p.is_file() and _is_release_file(p.name, version))
    if not files:
        raise InitError(f"en «{folder}» no hay archivos de gobabierto {version} ({DISTRIBUTION}-{version}-py3-none-any.whl"
                        f" o {DISTRIBUTION}-{version}.tar.gz). Constrúyelos desde el repositorio de gobabierto con"
                        f" «python -m pip wheel . --no-deps -w {folder}», o quita --desde para tomarlos de PyPI.")
    return sorted(hashlib.sha256(p.read_bytes()).hexdigest() for p in files)


def pypi_hashes(version: str = __version__) -> list[str]:
    """sha256 of this version's files as PyPI publishes them."""
    address = PYPI_RELEASE.format(name=DISTRIBUTION, version=version)
    try:
        with urllib.request.urlopen(address, timeout=PYPI_TIMEOUT) as response:
            release = json.load(response)
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            raise InitError(f"gobabierto {version} no está publicado en PyPI (¿lo instalaste desde una copia del"
                            " repositorio?), así que el sitio no podría instalarlo. Usa una versión publicada, o"
                            " --desde CARPETA con el wheel de esta versión (python -m pip wheel . --no-deps -w"
                            " CARPETA).") from None
        raise InitError(f"PyPI respondió {exc.code} al pedir las huellas de gobabierto {version}; vuelve a intentarlo"
                        " más tarde, o usa --desde CARPETA con sus archivos.") from None
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise InitError(f"no se pudo consultar PyPI para obtener las huellas de gobabierto {version} ({reason});"
                        " revisa tu conexión a internet, o usa --desde CARPETA con sus archivos.") from None
    digests = sorted(f["digests"]["sha256"] for f in release.get("urls", [])
                     if isinstance(f, dict) and _is_release_file(str(f.get("filename", "")), version))
    if not digests:
        raise InitError(f"PyPI no lista archivos de gobabierto {version}; usa --desde CARPETA con sus archivos.")
    return digests


def requirements(hashes: list[str], version: str = __version__) -> str:
    """The site's requirements.txt: the engine alone, with its hashes; it brings its own lock."""
    lines = [
        "# La versión de gobabierto que construye este sitio y las huellas (sha256) de sus archivos:",
        "# pip instala exactamente esos archivos o nada. Dependabot propone cada versión nueva como un",
        "# pull request que cambia estas líneas. Las bibliotecas que gobabierto usa vienen fijadas, con",
        "# sus huellas, dentro de cada versión. Se instala así (los flujos de .github/workflows/ hacen",
        "# lo mismo; README.md tiene los comandos para Windows):",
        "#   python -m pip install --require-hashes --no-deps -r requirements.txt",
        '#   python -m pip install --require-hashes -r "$(python -m gobabierto.core.lock)"',
        f"{DISTRIBUTION}=={version} \\",
    ]
    lines += [f"    --hash=sha256:{digest}" + (" \\" if i < len(hashes) - 1 else "") for i, digest in enumerate(hashes)]
    return "\n".join(lines) + "\n"


# -- the files -------------------------------------------------------------------------------

EXAMPLES_NOTE = ("Los registros de `content/` y el conjunto de `datasets/` son **ejemplos**: cámbialos por los"
                 " tuyos o bórralos.")
EMPTY_NOTE = ("`content/` y `datasets/` están vacíos: `gobabierto new compromiso agua-potable` crea un compromiso"
              " con todos sus campos listos para llenar.")


def words(municipality: str, state: str, title: str | None, today: date, empty: bool = False) -> dict[str, str]:
    """What the template's `@name@` marks become."""
    return {
        "@ejemplos@": EMPTY_NOTE if empty else EXAMPLES_NOTE,
        "@municipio@": municipality,
        "@estado@": state,
        "@slug@": slugify(municipality) or "municipio",
        "@titulo@": title or f"Gobierno Abierto de {municipality}",
        "@version@": __version__,
        "@anio_anterior@": str(today.year - 1),
        "@anio@": str(today.year),
        "@anio_siguiente@": str(today.year + 1),
    }


def fill(text: str, marks: dict[str, str]) -> str:
    for mark, value in marks.items():
        text = text.replace(mark, value)
    return text


def template_files(empty: bool) -> list[Path]:
    """The template's files, relative to it; with `empty`, none of the examples."""
    found = []
    for path in sorted(SITE_TEMPLATE.rglob("*")):
        rel = path.relative_to(SITE_TEMPLATE)
        if path.is_file() and "__pycache__" not in rel.parts and not (empty and rel.parts[0] in EXAMPLES):
            found.append(rel)
    return found


def planned(marks: dict[str, str], empty: bool, pin: str) -> dict[str, bytes]:
    """Every file of the new site but the schemas: relative path → bytes."""
    files: dict[str, bytes] = {}
    for rel in template_files(empty):
        data = (SITE_TEMPLATE / rel).read_bytes()
        files[fill(rel.as_posix(), marks)] = fill(data.decode("utf-8"), marks).encode("utf-8")
    if empty:  # the folders editors fill, kept by Git
        for folder in [f"{CONTENT}/{name}" for name in FOLDERS.values()] + [DATASETS]:
            files[f"{folder}/{KEEP}"] = b""
    files["requirements.txt"] = pin.encode("utf-8")
    return dict(sorted(files.items()))


def ask(municipality: str | None, state: str | None, interactive: bool) -> tuple[str | None, str | None]:
    """In a terminal, the names not given as options; Enter alone leaves the placeholder."""
    if interactive:
        municipality = municipality or click.prompt("Municipio o institución", default="", show_default=False) or None
        state = state or click.prompt("Estado", default="", show_default=False) or None
    return municipality, state


def create(folder: Path, municipality: str | None, state: str | None, title: str | None = None,
           empty: bool = False, dist: Path | None = None, today: date | None = None,
           interactive: bool = False) -> NewSite:
    """Write a new site into `folder` (new or empty); with `interactive`, ask for the names not
    given. Raises InitError before writing anything."""
    check_folder(folder)
    municipality, state = ask(municipality, state, interactive)
    placeholders = municipality is None or state is None
    municipality = check_name(municipality, "--municipio") if municipality is not None else PLACEHOLDER_MUNICIPALITY
    state = check_name(state, "--estado") if state is not None else PLACEHOLDER_STATE
    if title is not None:
        title = check_name(title, "--titulo")
    hashes = local_hashes(dist) if dist is not None else pypi_hashes()
    marks = words(municipality, state, title, today or build_date(SITE_ZONE), empty)
    files = planned(marks, empty, requirements(hashes))
    created = not folder.exists()
    try:
        for rel, data in files.items():
            path = folder / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        schemas = write_schemas(folder / "schemas")
    except OSError:
        if created:
            shutil.rmtree(folder, ignore_errors=True)
        else:
            for child in folder.iterdir():
                shutil.rmtree(child, ignore_errors=True) if child.is_dir() else child.unlink(missing_ok=True)
        raise
    written = [*files, *(p.relative_to(folder).as_posix() for p in schemas)]
    return NewSite(folder, tuple(sorted(written)), municipality, placeholders)


def summary(site: NewSite) -> str:
    """What the command prints: what was made and what to do next."""
    lines = [f"Se creó el sitio en {site.folder} ({len(site.files)} archivos), con gobabierto {__version__} fijado"
             " en requirements.txt."]
    if site.placeholders:
        lines.append(f"Cambia los textos en MAYÚSCULAS ({PLACEHOLDER_MUNICIPALITY}, {PLACEHOLDER_STATE}) de"
                     " gobabierto.yml y content/ por los nombres reales.")
    lines += [
        "Siguientes pasos (README.md del sitio los explica):",
        "  1. Súbelo a un repositorio nuevo de GitHub (no a un fork) y en Settings → Pages elige «GitHub Actions».",
        "  2. Para verlo en tu computadora, crea el entorno .venv con requirements.txt y ejecuta «gobabierto serve».",
    ]
    return "\n".join(lines)
