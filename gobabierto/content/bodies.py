"""A record's Markdown body checked as the editor wrote it, from its one conversion
(`markdown.body`): constructs that are hostile or too complex to convert, constructs whose
meaning changed with CommonMark, passages marked with a malformed language tag, and images
from other sites. Each problem is located at its line in the file, in the field «texto»."""

from __future__ import annotations

from gobabierto.content.models import Record
from gobabierto.core.problems import Problems
from gobabierto.text import i18n, markdown


def check_body(record: Record, problems: Problems) -> None:
    if not record.body.strip():
        return
    converted = markdown.body(record.body)
    path, first = record.origin.path, record.origin.body_line
    for offset, severity, code, message in converted.problems:
        problems.add(code, message, path, first + offset, "texto", severity)
    for offset, tag in converted.languages:
        if not i18n.well_formed_tag(tag):
            problems.add("idioma-invalido", f"«{tag}» no es un código de idioma válido para marcar un pasaje; usa una"
                         " etiqueta BCP 47 como «nah» (náhuatl), «en» (inglés) o «es-MX», por ejemplo"
                         " «<span lang=\"nah\">Niltze</span>»", path, first + offset, "texto")
    for offset, src in converted.remote_images:
        problems.add("imagen-remota", f"la imagen «{src}» está en otro sitio y las páginas solo muestran archivos"
                     " propios: descárgala a static/img/ y enlázala con su ruta, por ejemplo «![descripción](/img/foto.jpg)»",
                     path, first + offset, "texto")
