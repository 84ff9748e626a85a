"""`gobabierto.yml` → a frozen SiteConfig; unknown keys and bad values are problems."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from gobabierto.content.convert import Converter
from gobabierto.content.fields import Context
from gobabierto.content.models import Brand, Origin, SiteConfig
from gobabierto.content.readers import parse_yaml, read_document, read_text
from gobabierto.content.records import SETTINGS_FIELDS
from gobabierto.core.paths import SETTINGS_FILE, WORKFLOWS
from gobabierto.core.problems import Problems

MIN_CONTRAST = 4.5
LIMIT_FIELD = "limite_publicacion"
_UNITS = {"mb": 1_000_000, "gb": 1_000_000_000}  # decimal, as hosts state their limits


def _luminance(color: str) -> float:
    def channel(hex2: str) -> float:
        c = int(hex2, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(color[i:i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def load_config(root: Path, problems: Problems) -> SiteConfig:
    """Read the settings; on any problem return defaults so later stages can still run."""
    path = root / SETTINGS_FILE
    if not path.is_file():
        problems.add("configuracion-ausente",
                     f"no existe {SETTINGS_FILE} en la raíz del sitio; crea uno con al menos «titulo:»", SETTINGS_FILE)
        return SiteConfig()
    doc = read_document(path, SETTINGS_FILE, problems)
    if doc is None:
        return SiteConfig()
    ctx = Context(SETTINGS_FILE, doc.source_map, problems, static_dir=root / "static")
    converter = Converter(ctx)
    data = doc.data if doc.data is not None else {}
    values = converter.convert_mapping(_check_limit(data, ctx), SETTINGS_FIELDS, ())
    if values is None:
        return SiteConfig()
    if values.get(LIMIT_FIELD) is not None and size_bytes(values[LIMIT_FIELD]) <= 0:
        ctx.error("fuera-de-rango", f"el límite de publicación tiene que ser mayor que cero y es «{values[LIMIT_FIELD]}»;"
                  " escribe el del servicio donde publicas, por ejemplo «1 GB» para GitHub Pages", (LIMIT_FIELD,))
        values.pop(LIMIT_FIELD)
    zone = values.get("zona_horaria")
    if zone is not None:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            ctx.error("zona-horaria-invalida",
                      f"«{zone}» no es una zona horaria conocida; usa un nombre IANA como «America/Mexico_City»",
                      ("zona_horaria",))
            values.pop("zona_horaria")
    brand = values.get("marca") or Brand()
    if brand.color and contrast_ratio(brand.color, "#ffffff") < MIN_CONTRAST:
        ratio = contrast_ratio(brand.color, "#ffffff")
        ctx.error("contraste-insuficiente",
                  f"el color {brand.color} tiene un contraste de {ratio:.1f}:1 con el texto blanco y se necesita al menos"
                  f" {MIN_CONTRAST}:1 para que se lea bien; usa un tono más oscuro",
                  ("marca", "color"))
        brand = replace(brand, color=Brand().color)
    values["marca"] = brand
    url = values.get("url")
    if url and not url.endswith("/"):
        values["url"] = url + "/"
    domain = values.get("dominio")
    if domain and not url:
        values["url"] = f"https://{domain}/"
    elif domain and (urlsplit(url).hostname or "") != domain:
        ctx.error("dominio-distinto",
                  f"«url» ({url}) no está en el dominio «{domain}»: cambia url a https://{domain}/ o bórrala"
                  " (con «dominio» basta)", ("url",))
    return converter.build(SiteConfig, values, origin=Origin(SETTINGS_FILE, doc.source_map))


def size_bytes(size: str) -> int:
    """«1 GB», «500 MB», «1,5 GB» (a text of SIZE_PATTERN) → bytes, in decimal units."""
    match = re.fullmatch(r"\s*([0-9]+(?:[.,][0-9]+)?)\s*([MmGg][Bb])\s*", size)
    if match is None:
        raise ValueError(f"not a size: {size!r}")
    return round(float(match.group(1).replace(",", ".")) * _UNITS[match.group(2).lower()])


def _check_limit(data, ctx: Context):
    """The usual slips in `limite_publicacion` said in their own words (a number without its
    unit, «no» or false for «no limit»); the mapping without that key when it has one."""
    if not isinstance(data, dict) or LIMIT_FIELD not in data:
        return data
    value = data[LIMIT_FIELD]
    if isinstance(value, bool) or (isinstance(value, str) and value.strip().lower() in ("no", "ninguno", "sin límite")):
        message = (f"«{LIMIT_FIELD}» es un tamaño, no un sí/no: deja el límite del servicio donde publicas (por"
                   " ejemplo «1 GB») y, para que pasarlo sea solo una advertencia, escribe también"
                   " «limite_publicacion_bloquea: false»")
    elif isinstance(value, (int, float)):
        message = (f"falta la unidad del límite de publicación: escribe «{value:g} MB» o «{value:g} GB» (GitHub Pages"
                   " admite hasta 1 GB)")
    else:
        return data
    ctx.error("formato-invalido", message, (LIMIT_FIELD,))
    return {key: item for key, item in data.items() if key != LIMIT_FIELD}


def check_domain(config: SiteConfig, base_url: str | None, problems: Problems) -> None:
    """A build for another host than the custom domain (GitHub Pages before the domain is set
    in the repository's settings) still works, but the editor should know why."""
    domain = config.dominio
    host = urlsplit(base_url).hostname if base_url else domain
    if domain and host != domain and host not in ("localhost", "127.0.0.1"):
        origin = config.origin
        line = origin.line("dominio") if origin else None
        problems.warn("dominio-sin-configurar",
                      f"el sitio se construye para {base_url} y no para el dominio «{domain}»: en GitHub, escribe"
                      " el dominio en Settings → Pages → Custom domain para que el sitio se publique ahí",
                      SETTINGS_FILE, line, "dominio")


def check_address(config: SiteConfig, base_url: str | None, problems: Problems) -> None:
    """Without an absolute public address some published files can only hold relative ones,
    which the sitemap protocol and harvesters refuse: say once which, and how to fix it."""
    address = base_url if base_url is not None else config.url
    parts = urlsplit(address or "")
    if parts.scheme in ("http", "https") and parts.netloc:
        return
    what = (f"la dirección pública «{address}» no está completa (le falta https:// y el dominio)" if address
            else "el sitio se construye sin su dirección pública («url» en gobabierto.yml, o --base-url)")
    problems.warn("url-sin-definir",
                  f"{what}: sitemap.xml, los enlaces canónicos de cada página, los enlaces del feed y los"
                  " identificadores de data.json y catalogo.jsonld serán relativos (/compromisos/…), que los"
                  " buscadores y los catálogos de datos no pueden seguir; robots.txt no señalará el mapa del sitio"
                  " y las páginas no ofrecerán suscribirse al calendario. Escribe la dirección completa en"
                  " gobabierto.yml, por ejemplo «url: https://usuario.github.io/repositorio/»", SETTINGS_FILE,
                  *((config.origin.line("url"), "url") if config.origin and address and base_url is None else ()))


_PUBLISHES = ("gobabierto build", "build.py")


def check_schedule(root: Path, problems: Problems) -> None:
    """A site published by a GitHub workflow must be rebuilt every day, or calls never close
    and milestones never fall due on it. Warn when no workflow that builds the site has a
    `schedule:` (a site published some other way has no such workflow, and no warning)."""
    folder = root / WORKFLOWS
    building = []
    for path in sorted(folder.glob("*.y*ml")) if folder.is_dir() else ():
        rel = f"{WORKFLOWS}/{path.name}"
        quiet = Problems()
        text = read_text(path, rel, quiet)
        if text is None or not any(word in text for word in _PUBLISHES):
            continue
        data, source_map = parse_yaml(text, rel, quiet)
        if not isinstance(data, dict):
            continue
        triggers = data.get("on")  # read as a text: the composer does not make YAML 1.1's «on» a boolean
        if isinstance(triggers, dict) and triggers.get("schedule"):
            return
        deploys = "deploy-pages" in text or "upload-pages-artifact" in text
        building.append((not deploys, rel, source_map.line(("on",))))
    if building:
        _, rel, line = min(building)
        problems.warn("programacion-ausente",
                      "el flujo que publica el sitio no se ejecuta cada día (no tiene «schedule:» en «on:»): sin"
                      " commits, las convocatorias no se abren ni se cierran y los hitos no se marcan vencidos en su"
                      " fecha. Añade en «on:» las líneas «schedule:» y «  - cron: \"17 6 * * *\"» (cada día poco"
                      " después de la medianoche de la Ciudad de México)", rel, line, "on")
