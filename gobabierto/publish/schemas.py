"""JSON Schemas (draft-07, what the VS Code YAML extension reads) generated from the same
field tables the validator uses, so an editor gets completion and inline errors while
typing without a second description of the content model.

The schemas describe the documents the way the validator reads them: an optional field may
be left empty (`clave:` or `""`), a required one may not; unknown keys are rejected except
under `extra`. Checks the schema cannot express (a file under static/ exists, a slug names
an existing record, dates in order) stay with `gobabierto validate`."""

from __future__ import annotations

import json
from pathlib import Path

from gobabierto.content.fields import COLOR_RE, EMAIL_RE, URL_RE, Field
from gobabierto.content.kinds import KIND_DESCRIPTIONS, KIND_EXAMPLES, shorthand_note
from gobabierto.content.records import RECORD_TYPES, SETTINGS_FIELDS, RecordType
from gobabierto.core.slugs import SLUG_RE

DRAFT = "http://json-schema.org/draft-07/schema#"
SETTINGS_SCHEMA = "gobabierto.schema.json"

# ECMA-262 patterns (JSON Schema's dialect): no inline flags, so case-insensitive prefixes
# are spelled out. Each mirrors a check in fields.py; the agreement is tested.
_SPACE = r"\s*"
_SLUG = SLUG_RE.pattern
_DATE = r"^\s*\d{4}-(0?[1-9]|1[0-2])-(0?[1-9]|[12]\d|3[01])\s*$"
_HTTP = r"[Hh][Tt][Tt][Pp][Ss]?://"
def _ecma(pattern: str) -> str:
    """A Python pattern as ECMA-262 reads it in unicode mode, where `\\"` is not a valid escape."""
    return pattern.replace('\\"', '"')


_URL = "^" + _SPACE + _HTTP + _ecma(URL_RE.pattern.removeprefix(r"^https?://").removesuffix("$")) + _SPACE + "$"
_MAILTO = "([Mm][Aa][Ii][Ll][Tt][Oo]:)?"
_EMAIL_CORE = _ecma(EMAIL_RE.pattern.removeprefix("^").removesuffix("$"))
_EMAIL = "^" + _SPACE + _MAILTO + _EMAIL_CORE + _SPACE + "$"
_MAILTO_LINK = "^" + _SPACE + _MAILTO.removesuffix("?").removeprefix("(").removesuffix(")") + _EMAIL_CORE + _SPACE + "$"
_COLOR = "^" + _SPACE + COLOR_RE.pattern.removeprefix("^").removesuffix("$") + _SPACE + "$"
# A path inside static/: no URL scheme, no «//», no «..» segment, no backslash.
_PATH = r"^(?![A-Za-z][A-Za-z0-9+.\-]*:)(?!\s*//)(?!(.*/)?\.\.(/|$))[^\\]*[^\s/\\][^\\]*$"
_NOT_BLANK = r"\S"

def _describe(spec: Field) -> str:
    parts = ["Obligatorio." if spec.required else "Opcional."]
    if spec.doc:
        parts.append(spec.doc[0].upper() + spec.doc[1:] + ".")
    if spec.kind == "enum":
        parts.append("Uno de: " + ", ".join(spec.choices) + ".")
    elif spec.kind == "slug" and spec.ref:
        if spec.ref == "dataset":
            parts[1:] = ["Identificador de un conjunto de datos: el nombre de su carpeta en datasets/."]
        else:
            rt = RECORD_TYPES[spec.ref]
            label = rt.kind if rt.singular.lower() == rt.kind else f"{rt.kind} ({rt.singular.lower()})"
            parts[1:] = [f"Identificador de un registro de tipo {label}: el nombre de su archivo en content/{rt.folder}/,"
                         " sin extensión."]
    elif spec.shorthand:
        parts.append(shorthand_note(spec))
    elif spec.kind in KIND_DESCRIPTIONS and not spec.doc:
        parts.append(KIND_DESCRIPTIONS[spec.kind][0].upper() + KIND_DESCRIPTIONS[spec.kind][1:] + ".")
    return " ".join(parts)


PATTERN_MESSAGES = {  # VS Code shows these (`patternErrorMessage`) instead of the bare pattern
    "date": f"Se esperaba una fecha AAAA-MM-DD (año-mes-día), por ejemplo {KIND_EXAMPLES['date']}.",
    "slug": "Se esperaba un identificador: el nombre del archivo del registro, sin extensión (minúsculas sin"
            " acentos, números y guiones).",
    "url": "Se esperaba un enlace completo que empiece con https://",
    "email": "Se esperaba un correo electrónico como nombre@dominio.gob.mx",
    "color": f"Se esperaba un color #rrggbb entre comillas, por ejemplo {KIND_EXAMPLES['color']}.",
    "link": "Se esperaba un enlace https:// o la ruta de un archivo dentro de static/, sin «..».",
    "required": "El campo es obligatorio: escribe un texto.",
}


def _with_message(schema: dict, message: str) -> dict:
    schema["patternErrorMessage"] = message
    return schema


def _value_schema(spec: Field) -> dict:
    """What a present, non-empty value of `spec` must look like."""
    kind = spec.kind
    if kind == "text":
        schema: dict = {"type": "string"}
        if spec.pattern:
            schema["pattern"] = r"^\s*(" + spec.pattern + r")\s*$"
            schema["patternErrorMessage"] = f"Se esperaba {spec.pattern_doc or 'otro formato'}."
        return schema
    if kind in ("int", "number"):
        schema = {"type": "integer" if kind == "int" else "number"}
        if spec.minimum is not None:
            schema["minimum"] = spec.minimum
        if spec.maximum is not None:
            schema["maximum"] = spec.maximum
        return schema
    if kind == "bool":
        return {"type": "boolean"}
    if kind == "date":
        return _with_message({"type": "string", "pattern": _DATE}, PATTERN_MESSAGES["date"])
    if kind == "enum":
        return {"enum": list(spec.choices)}
    if kind == "slug":
        return _with_message({"type": "string", "pattern": _SLUG}, PATTERN_MESSAGES["slug"])
    if kind == "url":
        return _with_message({"type": "string", "pattern": _URL}, PATTERN_MESSAGES["url"])
    if kind == "email":
        return _with_message({"type": "string", "pattern": _EMAIL}, PATTERN_MESSAGES["email"])
    if kind == "color":
        return _with_message({"type": "string", "pattern": _COLOR}, PATTERN_MESSAGES["color"])
    if kind == "link":
        message = PATTERN_MESSAGES["link"]
        return {"type": "string", "anyOf": [_with_message({"pattern": p}, message) for p in (_URL, _MAILTO_LINK, _PATH)]}
    if kind == "list":
        item = _value_schema(spec.item)
        schema = {"type": "array", "items": item}
        if spec.min_items:
            schema["minItems"] = spec.min_items
        if spec.item.kind == "object":
            body = {f.key: "" for f in spec.item.fields if f.required}
            schema["defaultSnippets"] = [{"label": f"nuevo elemento de {spec.key}", "body": [body]}]
        return schema
    if kind == "object":
        if not spec.shorthand:
            return mapping_schema(spec.fields)
        # a lone text stands for the shorthand's key (`organo_garante: IDAIP`): its own schema
        known = {f.key: f for f in spec.fields}
        texts = [_value_schema(known[key]) for key in spec.shorthand]
        text = texts[-1] if known[spec.shorthand[-1]].kind == "text" else {"type": "string", "anyOf": texts}
        return {"anyOf": [text, mapping_schema(spec.fields)]}
    return {}


def _field_schema(spec: Field) -> dict:
    schema = _value_schema(spec)
    if spec.required:
        if spec.kind == "text" and "pattern" not in schema:
            schema["pattern"] = _NOT_BLANK  # a required text left blank is an error
            schema["patternErrorMessage"] = PATTERN_MESSAGES["required"]
        if spec.kind == "list":
            schema["minItems"] = max(1, spec.min_items)  # so is an empty required list
    else:
        # The validator skips an optional field left empty: `clave:`, `clave: ""` or `[]`.
        schema.pop("minItems", None)
        if spec.kind == "enum":
            schema["enum"] = [*spec.choices, None, ""]
        elif "type" not in schema and "anyOf" in schema:  # a group or its shorthand
            schema["anyOf"] = [*schema["anyOf"], {"type": "null"}, {"type": "string", "pattern": r"^\s*$"}]
        elif "type" in schema:
            schema["type"] = [schema["type"], "null"]
            if "pattern" in schema:
                schema["pattern"] = f"(?:{schema['pattern']})|^\\s*$"
            elif "anyOf" in schema:
                schema["anyOf"] = [*schema["anyOf"], _with_message({"pattern": r"^\s*$"}, PATTERN_MESSAGES["link"])]
    schema["description"] = _describe(spec)
    if spec.default is not None:
        schema["default"] = spec.default
    return schema


def mapping_schema(table: tuple[Field, ...], allow_extra: bool = True) -> dict:
    properties = {spec.key: _field_schema(spec) for spec in table}
    if allow_extra:
        properties["extra"] = {"description": "Datos propios del sitio, con la forma que quieras; no se validan."}
    schema: dict = {"type": "object", "properties": properties, "additionalProperties": False}
    required = [spec.key for spec in table if spec.required]
    if required:
        schema["required"] = required
    return schema


def record_schema(rt: RecordType) -> dict:
    schema = {"$schema": DRAFT, "title": rt.singular,
              "description": (f"Un registro de tipo «{rt.kind}» en content/{rt.folder}/: los campos del encabezado"
                              " de un archivo .md o el contenido de un archivo .yml."),
              **mapping_schema(rt.fields)}
    return schema


def settings_schema() -> dict:
    return {"$schema": DRAFT, "title": "Configuración del sitio (gobabierto.yml)",
            "description": "Título, dirección pública, marca y menú del sitio.", **mapping_schema(SETTINGS_FIELDS)}


def schema_file(kind: str) -> str:
    return f"{kind}.schema.json"


def all_schemas() -> dict[str, dict]:
    """File name → schema, for every record type and the site settings."""
    schemas = {schema_file(kind): record_schema(rt) for kind, rt in RECORD_TYPES.items()}
    schemas[SETTINGS_SCHEMA] = settings_schema()
    return schemas


def render(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into `folder` (created if needed); returns the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in sorted(all_schemas().items()):
        path = folder / name
        text = render(schema)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def publish(writer) -> None:
    """Publish the schemas at /schemas/ in the built site."""
    for name, schema in sorted(all_schemas().items()):
        writer.write(f"schemas/{name}", render(schema))


def vscode_associations() -> dict[str, list[str]]:
    """`yaml.schemas` for .vscode/settings.json: schema file → the globs of its documents."""
    mapping = {f"./schemas/{SETTINGS_SCHEMA}": ["gobabierto.yml"]}
    for kind, rt in RECORD_TYPES.items():
        mapping[f"./schemas/{schema_file(kind)}"] = [f"content/{rt.folder}/*.yml", f"content/{rt.folder}/*.yaml"]
    return mapping
