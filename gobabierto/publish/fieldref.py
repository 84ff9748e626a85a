"""The field reference for editors (docs/referencia.md), generated: every record type, the
site settings and the dataset descriptor from their field tables, then the problem codes
(codes.py) and the published addresses (addresses.py). `reference()` returns the Markdown;
scripts/referencia.py writes it, and tests/publish/test_reference.py fails while the committed
file differs from it."""

from __future__ import annotations

import re

from gobabierto.content.fields import EXPECTED, Field, shorthand_example
from gobabierto.content.kinds import KIND_DESCRIPTIONS, KIND_EXAMPLES, shorthand_note
from gobabierto.content.records import RECORD_TYPES, SETTINGS_FIELDS
from gobabierto.core.problems import ERROR, WARNING
from gobabierto.datasets.descriptor import CONSTRAINT_KEYS, DATASET_FIELDS
from gobabierto.datasets.messages import TYPE_NAMES
from gobabierto.publish.addresses import SECTIONS as ADDRESS_SECTIONS
from gobabierto.publish.codes import SECTIONS as CODE_SECTIONS

OUTPUT = "docs/referencia.md"
COMMAND = "python scripts/referencia.py"
# An identifier of each kind of record a reference field may name, for the examples.
REF_EXAMPLES = {"municipio": "villa-alta", "plan": "primer-plan", "compromiso": "agua-potable",
                "convocatoria": "convocatoria-tercer-plan", "dataset": "obras-agua-potable"}
COLUMNS = ("campo", "tipo", "obligatorio", "valores", "forma corta", "qué es", "ejemplo")
SEVERITIES = {ERROR: "error", WARNING: "advertencia"}


# --- one field ---------------------------------------------------------------------------

def example(spec: Field) -> str:
    """What an editor might write in the field, as YAML; empty for a group whose fields
    have their own rows."""
    if spec.example:
        return spec.example
    if spec.kind == "enum":
        return spec.choices[0]
    if spec.kind == "slug" and spec.ref:
        return REF_EXAMPLES[spec.ref]
    if spec.kind == "object":
        return shorthand_example(spec) if spec.shorthand else ""
    if spec.kind == "list":
        item = spec.item
        if item.kind == "enum":
            return "[" + ", ".join(item.choices[:2]) + "]"
        inner = shorthand_example(item) if item.kind == "object" and item.shorthand else example(item)
        return f"[{inner}]" if inner else ""
    return KIND_EXAMPLES.get(spec.kind, "")


def kind_name(spec: Field) -> str:
    if spec.kind == "enum":
        return EXPECTED["enum"]
    if spec.kind == "list":
        return f"{KIND_DESCRIPTIONS['list']}; cada elemento: {kind_name(spec.item)}"
    return KIND_DESCRIPTIONS[spec.kind]


def _number(value: float) -> str:
    return f"{value:g}"


def allowed(spec: Field) -> str:
    """The values the field takes beyond its kind: choices, range, form, records named."""
    parts = []
    if spec.kind == "enum":
        parts.append(", ".join(f"`{c}`" for c in spec.choices))
    if spec.kind == "slug" and spec.ref:
        if spec.ref == "dataset":
            parts.append("una carpeta de `datasets/`")
        else:
            parts.append(f"un registro de tipo `{spec.ref}` (`content/{RECORD_TYPES[spec.ref].folder}/`)")
    if spec.minimum is not None and spec.maximum is not None:
        parts.append(f"de {_number(spec.minimum)} a {_number(spec.maximum)}")
    elif spec.minimum is not None:
        parts.append(f"{_number(spec.minimum)} o más")
    elif spec.maximum is not None:
        parts.append(f"hasta {_number(spec.maximum)}")
    if spec.pattern_doc:
        parts.append(spec.pattern_doc)
    if spec.local:
        parts.append("solo archivos propios, dentro de static/")
    if spec.kind == "list":
        inner = allowed(spec.item) if spec.item.kind != "object" else ""
        if inner:
            parts.append(inner)
        if spec.min_items:
            parts.append(f"al menos {spec.min_items}")
    if spec.default is not None:
        parts.append(f"si se omite: `{spec.default}`")
    return "; ".join(parts)


def short_form(spec: Field) -> str:
    if spec.kind == "object" and spec.shorthand:
        return shorthand_note(spec)
    if spec.kind == "list" and spec.item.kind == "object" and spec.item.shorthand:
        return shorthand_note(spec.item, listed=True)
    return ""


def _sentence(text: str) -> str:
    """`text` with its first letter in capitals («¿abrió…?» → «¿Abrió…?»)."""
    first = next((i for i, c in enumerate(text) if c.isalpha()), None)
    return text if first is None else text[:first] + text[first].upper() + text[first + 1:]


# --- Markdown ------------------------------------------------------------------------------

def _text(text: str) -> str:
    """Plain text for a table cell: no pipe ends the cell, no «<…>» is taken for HTML and
    no «*» or «\\» for Markdown."""
    for char, escaped in (("\\", "\\\\"), ("*", "\\*"), ("|", "\\|"), ("<", "&lt;"), (">", "&gt;")):
        text = text.replace(char, escaped)
    return text


def _code(text: str) -> str:
    return "`" + text.replace("|", "\\|") + "`" if text else ""


def _cell(text: str) -> str:
    """A cell that may mix code spans (`…`) and plain text."""
    pieces = re.split(r"(`[^`]*`)", text)
    return "".join(p.replace("|", "\\|") if p.startswith("`") else _text(p) for p in pieces)


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def anchor(title: str) -> str:
    """The id GitHub gives a heading: lower case, punctuation dropped, spaces as «-»."""
    return re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")


def walk(fields: tuple[Field, ...], prefix: str = ""):
    """(dotted name, field) for every field of a table, nested ones after their group."""
    for spec in fields:
        yield prefix + spec.key, spec
        inner = spec.fields or (spec.item.fields if spec.kind == "list" and spec.item.kind == "object" else ())
        if inner:
            yield from walk(inner, f"{prefix}{spec.key}.")


def field_rows(fields: tuple[Field, ...]) -> list[tuple[str, ...]]:
    rows = []
    for name, spec in walk(fields):
        shown = example(spec)
        rows.append((_code(name), _text(kind_name(spec)), "sí" if spec.required else "no", _cell(allowed(spec)),
                     _cell(short_form(spec)), _cell(_sentence(spec.doc)),
                     _code(shown) if shown else "(sus campos, abajo)"))
    return rows


# --- sections ------------------------------------------------------------------------------

def _records() -> list[str]:
    lines = ["## Registros", "",
             "Cada registro es un archivo de `content/<carpeta>/`: un `.md` (los campos entre dos líneas `---` y"
             " después el texto libre, en Markdown) o un `.yml` (solo los campos). El nombre del archivo es su"
             " identificador. Los datos propios del sitio van bajo `extra:`, con la forma que quieras; no se"
             " revisan.", ""]
    for kind, rt in RECORD_TYPES.items():
        body = _sentence(rt.body_doc) if rt.body_doc else "Texto libre del registro"
        lines += [f"### {rt.singular}", "",
                  f"Tipo `{kind}`: archivos en `content/{rt.folder}/`, cada uno publicado en"
                  f" `/{rt.folder}/<identificador>/`. `gobabierto new {kind} NOMBRE` crea uno con todos sus campos."
                  f" Después de los campos de un `.md`: {body[0].lower() + body[1:]}.", "",
                  *_table(COLUMNS, field_rows(rt.fields)), ""]
    return lines


def _settings() -> list[str]:
    return ["## Configuración del sitio: `gobabierto.yml`", "",
            "Un solo archivo en la raíz del sitio. Admite también `extra:`.", "",
            *_table(COLUMNS, field_rows(SETTINGS_FIELDS)), ""]


def _datasets() -> list[str]:
    types = ", ".join(f"`{name}` ({spanish})" for name, spanish in TYPE_NAMES.items())
    constraints = ", ".join(f"`{key}`" for key in CONSTRAINT_KEYS)
    return ["## Conjuntos de datos: `datapackage.yaml`", "",
            "Cada conjunto de datos es una carpeta `datasets/<conjunto>/` con sus archivos CSV y un"
            " `datapackage.yaml` (o `datapackage.json`): un [Data Package](https://datapackage.org/) con"
            " algunas propiedades en español. Las propiedades estándar de Data Package se publican tal cual.", "",
            *_table(COLUMNS, field_rows(DATASET_FIELDS)), "",
            "Cada elemento de `resources` describe un archivo CSV de la carpeta: `path` (obligatorio: su nombre,"
            " por ejemplo `obras.csv`), `name` (minúsculas sin espacios; si se omite, sale del nombre del archivo),"
            " `format` (`csv`), `encoding` (si se omite, se detecta; por ejemplo `windows-1252`) y `schema`: un"
            " grupo con `fields`, la lista de las columnas en el orden del archivo, cada una con `name` y `type`"
            " y, si quieres, `title`, `description`, `format` y `constraints`; y, si hace falta, `primaryKey`. En"
            " lugar del grupo, `schema` puede ser el nombre de un archivo de esquema de la carpeta.", "",
            f"Tipos de columna: {types}.", "",
            f"Restricciones (`constraints`): {constraints}.", "",
            "El `spec` de una vista simple (`specType: simple`) tiene `type` (`bar` o `line`), `group` (la columna que"
            " forma los grupos), `series` (las columnas de números que se resumen), `aggregate` (`sum`, `count`,"
            " `mean`, `min` o `max`) y, para una columna de fechas, `timeUnit` (`year` o `yearmonth`). El de una vista"
            " `vega-lite` es una especificación de Vega-Lite sin `data`, que resume con `aggregate` y `timeUnit`.", "",
            "La [guía para editores](guia-editores.md#añadir-un-conjunto-de-datos) tiene un ejemplo completo, y uno"
            " de vistas en [Mostrar los datos en gráficas](guia-editores.md#mostrar-los-datos-en-gráficas).", ""]


def _codes() -> list[str]:
    lines = ["## Códigos de problemas", "",
             "`gobabierto validate`, la revisión de cada pull request y la vista previa dicen cada problema con su"
             " archivo, su línea, su campo y, al final, su código entre corchetes: `[fecha-invalida]`. Mientras haya"
             " un error no se publica nada; una advertencia no detiene la publicación.", ""]
    for title, summary, table in CODE_SECTIONS:
        rows = [(_code(code), " o ".join(SEVERITIES[s] for s in severities), _cell(_sentence(meaning)))
                for code, (severities, meaning) in sorted(table.items())]
        lines += [f"### {title}", "", summary, "", *_table(("código", "gravedad", "qué significa"), rows), ""]
    return lines


def _addresses() -> list[str]:
    lines = ["## Direcciones publicadas", "",
             "Cada dirección va después de la del sitio: `/compromisos/` es"
             " `https://usuario.github.io/repositorio/compromisos/` en un sitio publicado en"
             " `https://usuario.github.io/repositorio/`. `<…>` es la parte que cambia.", ""]
    for title, group in ADDRESS_SECTIONS:
        rows = [(_code(a.pattern), _cell(_sentence(a.meaning))) for a in group]
        lines += [f"### {title}", "", *_table(("dirección", "qué es"), rows), ""]
    return lines


def reference() -> str:
    """docs/referencia.md, in Spanish Markdown."""
    contents = ["Registros", "Configuración del sitio: `gobabierto.yml`", "Conjuntos de datos: `datapackage.yaml`",
                "Códigos de problemas", "Direcciones publicadas"]
    record_links = ", ".join(f"[{rt.singular.lower()}](#{anchor(rt.singular)})" for rt in RECORD_TYPES.values())
    lines = [
        "# Referencia de campos",
        "",
        f"<!-- Generado con «{COMMAND}» a partir de las tablas de campos (gobabierto/content/records.py,"
        " gobabierto/datasets/descriptor.py), de gobabierto/publish/codes.py y de gobabierto/publish/addresses.py."
        f" No lo edites a mano: cambia las tablas y vuelve a ejecutar «{COMMAND}». -->",
        "",
        "Todo lo que se puede escribir en un sitio de gobabierto, campo por campo; los códigos de los problemas"
        " que reporta la revisión y las direcciones que publica el sitio. La"
        " [guía para editores](guia-editores.md) explica paso a paso cómo añadir y cambiar el contenido.",
        "",
        *[f"- [{title}](#{anchor(title)})" + (f": {record_links}" if title == "Registros" else "")
          for title in contents],
        "",
        "Cómo leer las tablas de campos:",
        "",
        "- **campo**: el nombre que se escribe antes de «:». `hitos.fecha` es la `fecha` de cada elemento de la"
        " lista `hitos`, sangrada bajo su «- »; `periodo.inicio`, el `inicio` sangrado dentro de `periodo`.",
        "- **obligatorio**: «sí» si el registro no es válido sin él. Dentro de un grupo o de un elemento de una"
        " lista, obligatorio cuando el grupo o el elemento está escrito.",
        "- **valores**: los valores permitidos, los límites de un número o la forma de un texto.",
        "- **forma corta**: un grupo que también se puede escribir como un solo texto.",
        "- **ejemplo**: un valor tal como se escribe en YAML; las listas, entre corchetes o un elemento por línea"
        " empezando con «- ».",
        "",
        *_records(), *_settings(), *_datasets(), *_codes(), *_addresses(),
    ]
    return "\n".join(lines).rstrip("\n") + "\n"
