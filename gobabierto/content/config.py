"""`gobabierto.yml` → a frozen SiteConfig; unknown keys and bad values are problems."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from gobabierto.content.convert import Converter
from gobabierto.content.fields import Context
from gobabierto.content.models import Brand, Origin, SiteConfig
from gobabierto.content.readers import read_document
from gobabierto.content.records import SETTINGS_FIELDS
from gobabierto.core.paths import SETTINGS_FILE
from gobabierto.core.problems import Problems

MIN_CONTRAST = 4.5


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
    values = converter.convert_mapping(doc.data if doc.data is not None else {}, SETTINGS_FIELDS, ())
    if values is None:
        return SiteConfig()
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
