"""`gobabierto new`: a new record written from its type's field table, every required field
left blank to fill and every optional one commented out with what it takes, in Spanish."""

from __future__ import annotations

import textwrap
from pathlib import Path

from gobabierto.content.discover import RECORD_SUFFIXES
from gobabierto.content.fields import Field
from gobabierto.content.kinds import KIND_EXAMPLES
from gobabierto.content.records import BY_FOLDER, DRAFT, RECORD_TYPES, RecordType
from gobabierto.core.slugs import SLUG_RE, slugify, suggest

FORMATS = ("md", "yml")
# A new record starts as a draft: its blanks are warnings and it is not published until the line goes.
DRAFT_NOTE = ("# Borrador: mientras esté la línea «borrador: true», el registro se revisa pero no se publica;",
              "# bórrala cuando esté listo.")
_COLUMN = 26  # where inline comments of nested fields start
_MAX_LISTED = 8
_WIDTH = 92


class ScaffoldError(Exception):
    """Why a record cannot be created (Spanish, for the editor)."""

    def __init__(self, message: str, usage: bool = False):
        super().__init__(message)
        self.usage = usage


def record_type(name: str) -> RecordType:
    """The record type named by `name` (singular, like `compromiso`, or its folder `compromisos`)."""
    key = name.strip().lower()
    if key in RECORD_TYPES:
        return RECORD_TYPES[key]
    if key in BY_FOLDER:
        return BY_FOLDER[key]
    hint = suggest(key, list(RECORD_TYPES) + list(BY_FOLDER))
    raise ScaffoldError(f"«{name}» no es un tipo de registro.{hint} Los tipos son: {', '.join(RECORD_TYPES)}.", usage=True)


def check_slug(slug: str) -> None:
    if not SLUG_RE.match(slug):
        proposal = slugify(slug)
        example = f"; por ejemplo «{proposal}»" if proposal and proposal != slug else ""
        raise ScaffoldError(f"«{slug}» no sirve como identificador: usa minúsculas sin acentos, números y guiones"
                            f" (será el nombre del archivo y la dirección de la página){example}.", usage=True)


def _existing(root: Path, kind: str) -> list[str]:
    folder = root / "content" / RECORD_TYPES[kind].folder
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.iterdir() if p.suffix in RECORD_SUFFIXES and SLUG_RE.match(p.stem))


def _sentence(text: str) -> str:
    text = text.strip()
    return text[0].upper() + text[1:] + ("" if text.endswith((".", "?", "…")) else ".") if text else ""


def _redundant(spec: Field) -> bool:
    """A doc that only repeats what the kind already says."""
    doc = spec.doc.lower()
    return (not doc or doc.startswith(("identificador", "uno o más de", "enlaces https://"))
            or doc == "fecha aaaa-mm-dd")


def _what(spec: Field, root: Path | None) -> str:
    """What to write in a field, in a sentence or two."""
    kind = spec.kind
    if kind == "list":
        inner = spec.item
        if inner.kind == "object":
            return "Una lista: cada elemento empieza con «- » y lleva los campos de abajo."
        what = _what(inner, root).rstrip(".")
        return f"Una lista, un elemento por línea empezando con «- »; cada uno: {what[0].lower() + what[1:]}."
    if kind == "enum":
        return "Uno de: " + ", ".join(spec.choices) + "."
    if kind == "slug" and spec.ref:
        if spec.ref == "dataset":
            return "El identificador de un conjunto de datos: el nombre de su carpeta en datasets/."
        rt = RECORD_TYPES[spec.ref]
        text = (f"El identificador de un registro de tipo {rt.kind}: el nombre de su archivo en content/{rt.folder}/,"
                " sin extensión.")
        names = _existing(root, spec.ref) if root is not None else []
        if names:
            shown = ", ".join(names[:_MAX_LISTED]) + (", …" if len(names) > _MAX_LISTED else "")
            text += f" Existen: {shown}."
        return text
    if kind in ("int", "number"):
        base = "Un número entero" if kind == "int" else "Un número (con punto decimal si hace falta)"
        if spec.minimum is not None and spec.maximum is not None:
            return f"{base} entre {spec.minimum:g} y {spec.maximum:g}."
        if spec.minimum is not None:
            return f"{base} mayor o igual que {spec.minimum:g}."
        return base + "."
    return {
        "text": "Un texto.",
        "date": f"Una fecha AAAA-MM-DD, por ejemplo {KIND_EXAMPLES['date']}.",
        "url": "Un enlace completo que empiece con https://.",
        "email": f"Un correo electrónico, por ejemplo {KIND_EXAMPLES['email']}.",
        "color": f"Un color #rrggbb entre comillas, por ejemplo {KIND_EXAMPLES['color']}.",
        "link": f"Un enlace https:// o la ruta de un archivo dentro de static/, por ejemplo {KIND_EXAMPLES['link']}.",
        "bool": "true (sí) o false (no).",
        "object": "Un grupo de campos, con los de abajo sangrados dos espacios.",
        "slug": "Un identificador: minúsculas sin acentos, números y guiones.",
    }.get(kind, "Un valor.")


def _comment(spec: Field, root: Path | None) -> list[str]:
    parts = ["Obligatorio." if spec.required else "Opcional."]
    if not _redundant(spec):
        parts.append(_sentence(spec.doc))
    parts.append(_what(spec, root))
    return textwrap.wrap(" ".join(parts), width=_WIDTH, initial_indent="# ", subsequent_indent="# ",
                         break_long_words=False, break_on_hyphens=False)


def _short(spec: Field) -> str:
    """The inline note of a nested field."""
    status = "obligatorio" if spec.required else "opcional"
    if spec.kind == "enum":
        return f"{status}: " + " | ".join(spec.choices)
    kinds = {"text": "texto", "date": "fecha AAAA-MM-DD", "int": "número entero", "number": "número",
             "bool": "true o false", "url": "enlace https://", "email": "correo", "color": "color \"#rrggbb\"",
             "link": "enlace https:// o ruta en static/", "slug": "identificador", "list": "lista, un «- » por línea",
             "object": "grupo de campos"}
    note = f"{status}: {kinds.get(spec.kind, 'valor')}"
    if not _redundant(spec):
        note += f" — {spec.doc}"
    return note


def _nested(fields: tuple[Field, ...], indent: str, first_prefix: str = "") -> list[str]:
    """Nested fields, every one present (empty optional values are valid), each with its note.
    `first_prefix` replaces the indent of the first line (the «- » of a list item)."""
    lines = []
    for number, spec in enumerate(fields):
        lead = first_prefix if number == 0 and first_prefix else indent
        key = f"{lead}{spec.key}:"
        lines.append(f"{key.ljust(max(_COLUMN, len(key) + 1))} # {_short(spec)}")
        child = indent + "  "
        if spec.kind == "object":
            lines += _nested(spec.fields, child)
        elif spec.kind == "list" and spec.required:
            lines += _list_item(spec, child)
    return lines


def _list_item(spec: Field, indent: str) -> list[str]:
    if spec.item.kind == "object":
        return _nested(spec.item.fields, indent + "  ", first_prefix=indent + "- ")
    return [f"{indent}-"]


def _field_lines(spec: Field, root: Path | None) -> list[str]:
    lines = [f"{spec.key}:"]
    if spec.kind == "object":
        lines += _nested(spec.fields, "  ")
    elif spec.kind == "list":
        lines += _list_item(spec, "  ")
    if not spec.required:
        lines = ["# " + line for line in lines]
    return [*_comment(spec, root), *lines]


def render_record(rt: RecordType, slug: str, root: Path | None = None, fmt: str = "md") -> str:
    """The text of a new record of type `rt` named `slug`."""
    header = [
        f"# {rt.singular}: {slug} — se publicará en /{rt.folder}/{slug}/",
        "# Llena los campos vacíos (los obligatorios). Las líneas que empiezan con «#» son notas;",
        "# para usar un campo opcional, borra el «# » del inicio de sus líneas.",
        "# Un texto que lleve «: » o « #» va entre comillas, por ejemplo: titulo: \"Agua: un derecho\".",
        "# Revisa lo que escribiste con «gobabierto validate» o mira la página con «gobabierto serve».",
    ]
    body: list[str] = ["", *DRAFT_NOTE, f"{DRAFT.key}: true"]
    for spec in rt.fields:
        if spec is not DRAFT:
            body += ["", *_field_lines(spec, root)]
    if fmt == "yml":
        schema = root / "schemas" / f"{rt.kind}.schema.json" if root is not None else None
        modeline = ([f"# yaml-language-server: $schema=../../schemas/{rt.kind}.schema.json"]
                    if schema is not None and schema.is_file() else [])
        return "\n".join([*modeline, *header, *body]) + "\n"
    text_note = _sentence(rt.body_doc) if rt.body_doc else "Texto libre del registro."
    tail = ["---", "",
            f"<!-- {text_note[:-1]}, en Markdown: párrafos separados por una línea en blanco, **negritas**,"
            " listas con «- » y subtítulos con «## ». Este comentario no se publica: bórralo al escribir. -->", ""]
    return "\n".join(["---", *header, *body, *tail])


def new_record(root: Path, kind: str, slug: str, fmt: str = "md") -> Path:
    """Write `content/<folder>/<slug>.<fmt>` and return its path; never overwrites."""
    rt = record_type(kind)
    check_slug(slug)
    if fmt not in FORMATS:
        raise ScaffoldError(f"el formato «{fmt}» no existe; usa md o yml", usage=True)
    folder = root / "content" / rt.folder
    for suffix in RECORD_SUFFIXES:
        existing = folder / f"{slug}{suffix}"
        if existing.exists():
            raise ScaffoldError(f"ya existe {existing.relative_to(root).as_posix()}: no se sobrescribe. Edita ese archivo"
                                " o elige otro identificador.")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{slug}.{fmt}"
    with path.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(render_record(rt, slug, root, fmt))
    return path
