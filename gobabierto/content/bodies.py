"""A record's Markdown body checked as the editor wrote it: constructs that are hostile or
too complex to convert, passages marked with a malformed language tag, and images from
other sites. Each problem is located at its line in the file, in the field «texto»."""

from __future__ import annotations

from gobabierto.content.models import Record
from gobabierto.core.problems import Problems
from gobabierto.text import i18n, markdown


def check_body(record: Record, problems: Problems) -> None:
    found = markdown.body_problems(record.body)
    for offset, code, message in found:
        problems.add(code, message, record.origin.path, record.origin.body_line + offset, "texto")
    for offset, tag in markdown.language_tags(record.body):
        if not i18n.well_formed_tag(tag):
            problems.add("idioma-invalido", f"«{tag}» no es un código de idioma válido para marcar un pasaje; usa una"
                         " etiqueta BCP 47 como «nah» (náhuatl), «en» (inglés) o «es-MX», por ejemplo"
                         " «<span lang=\"nah\">Niltze</span>»", record.origin.path, record.origin.body_line + offset,
                         "texto")
    if any(code != "html-no-permitido" for _, code, _ in found):
        return  # too complex to convert: the images cannot be looked for either
    for offset, src in markdown.remote_images(record.body):
        problems.add("imagen-remota", f"la imagen «{src}» está en otro sitio y las páginas solo muestran archivos"
                     " propios: descárgala a static/img/ y enlázala con su ruta, por ejemplo «![descripción](/img/foto.jpg)»",
                     record.origin.path, record.origin.body_line + offset, "texto")
