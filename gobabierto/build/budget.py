"""The published size as a budget. What a build put into its staging folder is measured
from what the Writer (and the search index) wrote — every file counted as it was written,
copied, linked or kept from the spare tree, so nothing walks the tree a second time — and
checked against the host's limit (`limite_publicacion` in gobabierto.yml) before the swap:
over it, the build fails and the published site stays as it was."""

from __future__ import annotations

from pathlib import Path

from gobabierto.build.result import SECTIONS_NAMED, Footprint, human_size, thousands
from gobabierto.content.config import LIMIT_FIELD, size_bytes
from gobabierto.content.models import SiteConfig
from gobabierto.core.paths import SETTINGS_FILE
from gobabierto.core.problems import Problems

WARN_SHARE = 0.8   # a warning from this share of the limit on
SEARCH_FOLDER = "pagefind"


def _advice(footprint: Footprint, static: frozenset[str]) -> str:
    """What reduces the size, for the largest sections, then what else can be done."""
    tips = []
    for name, size in footprint.sections[:SECTIONS_NAMED]:
        if name == SEARCH_FOLDER + "/":
            tips.append(f"«busqueda: false» en {SETTINGS_FILE} quita el índice del buscador ({human_size(size)})")
        elif name.rstrip("/") in static:
            tips.append(f"{name} viene de static/ y se publica tal cual: reduce sus imágenes, o sube sus PDF y videos"
                        " a otro servicio (el portal de transparencia, un repositorio de documentos) y enlázalos")
        elif name == "datos/":
            tips.append("datos/ lleva cada conjunto de datos completo (sus CSV y sus páginas): «datos_json: false» en"
                        f" {SETTINGS_FILE} quita las copias JSON de los CSV; publica los archivos más grandes en un"
                        " portal de datos y deja en el sitio una versión resumida")
    tips.append(f"si publicas en otro servicio con otro límite, escríbelo en «{LIMIT_FIELD}»")
    return "Para reducirlo: " + "; ".join(tips)


def static_names(static: Path) -> frozenset[str]:
    """The top-level names static/ publishes (copied to the site's root)."""
    try:
        return frozenset(p.name for p in static.iterdir() if not p.name.startswith("."))
    except OSError:
        return frozenset()


def check(footprint: Footprint, config: SiteConfig, problems: Problems, static: frozenset[str] = frozenset()) -> None:
    """A warning from WARN_SHARE of the limit on; over it, an error (a warning when the site
    says so with `limite_publicacion_bloquea: false`). `static`: the top-level names of static/."""
    limit = size_bytes(config.limite_publicacion)
    if footprint.size < WARN_SHARE * limit:
        return
    line = config.origin.line(LIMIT_FIELD) if config.origin else None
    size = f"{human_size(footprint.size)} en {thousands(footprint.files)} archivos"
    where = f"límite de publicación de {config.limite_publicacion} («{LIMIT_FIELD}» en {SETTINGS_FILE})"
    detail = f"Lo que más ocupa: {footprint.largest()}. {_advice(footprint, static)}"
    slow = (" GitHub Pages, además, cancela un despliegue que tarda más de 10 minutos, y cuantos más archivos y"
            " megabytes tiene el sitio, más tarda en subir.")
    if footprint.size <= limit:
        problems.warn("publicacion-cerca-del-limite",
                      f"el sitio generado ocupa {size}, el {round(100 * footprint.size / limit)} % del {where}."
                      f" {detail}.{slow}", SETTINGS_FILE, line, LIMIT_FIELD)
    elif config.limite_publicacion_bloquea:
        problems.add("publicacion-excede-el-limite",
                     f"el sitio generado ocupa {size} y pasa el {where}: el servicio no lo publicaría. {detail}; o, para"
                     " que pasarlo sea solo una advertencia, escribe «limite_publicacion_bloquea: false»." + slow,
                     SETTINGS_FILE, line, LIMIT_FIELD)
    else:
        problems.warn("publicacion-excede-el-limite",
                      f"el sitio generado ocupa {size} y pasa el {where}; se publica igual porque"
                      f" «limite_publicacion_bloquea» es false, pero el servicio puede rechazarlo. {detail}.{slow}",
                      SETTINGS_FILE, line, LIMIT_FIELD)
