"""How each kind of field is named and exemplified for editors, in one place: the JSON
Schemas' descriptions (schemas.py), the notes of `gobabierto new` (scaffold.py) and the
field reference (fieldref.py) say the same thing the same way."""

from __future__ import annotations

from gobabierto.content.fields import Field, shorthand_example

KIND_DESCRIPTIONS = {
    "text": "texto",
    "int": "número entero",
    "number": "número",
    "bool": "true o false",
    "date": "fecha AAAA-MM-DD",
    "slug": "identificador (nombre del archivo, sin extensión)",
    "url": "enlace que empieza con https://",
    "email": "correo electrónico",
    "color": "color #rrggbb entre comillas",
    "link": "enlace https:// o ruta de un archivo dentro de static/",
    "list": "lista",
    "object": "grupo de campos",
    "any": "libre",
}

# A value of each kind as an editor writes it in YAML, where the kind alone says what it is.
KIND_EXAMPLES = {
    "date": "2025-03-31",
    "email": "nombre@municipio.gob.mx",
    "color": '"#1f5f5b"',
    "link": "documentos/acta.pdf",
    "url": "https://municipio.gob.mx/",
    "bool": "true",
}


def shorthand_note(spec: Field, listed: bool = False) -> str:
    """The sentence that says a lone text may stand for a group (`spec.shorthand`); `listed`
    when the group is an element of a list (`licenses: [CC-BY-4.0]`)."""
    keys = " o ".join(f"«{k}»" for k in spec.shorthand)
    example = f"[{shorthand_example(spec)}]" if listed else shorthand_example(spec)
    return f"Basta un texto si solo escribes su {keys}: «{spec.key}: {example}»."
