"""Frictionless' errors and Table Schema terms in Spanish: messages for editors and words
for the data dictionary. frictionless' error types are kept as codes (`csv-<type>`)."""

from __future__ import annotations

import re

from gobabierto.text.i18n import N_

ERROR_MESSAGES = {
    "type-error": "el valor {cell} no se puede leer como {type}, que es lo que el esquema declara para esta columna{hint}",
    "constraint-error": "el valor {cell} no cumple la restricción del esquema: {note}",
    "primary-key": "{note}",
    "unique-error": "el valor {cell} debe ser único en la columna y ya aparece en la fila {other}",
    "blank-row": "la fila está vacía; bórrala",
    "extra-cell": "la fila tiene más celdas que columnas el encabezado (sobra el valor {cell}); revisa comas de más o"
                  " pon entre comillas el texto que lleva comas",
    "missing-cell": "a la fila le falta la celda de esta columna; revisa que tenga tantas comas como el encabezado",
    "duplicate-label": "el encabezado repite el nombre de columna {cell}; cada columna necesita un nombre distinto",
    "blank-label": "la columna {number} del encabezado no tiene nombre y el esquema la llama «{field}»",
    "incorrect-label": "la columna {number} del encabezado se llama {cell} y el esquema espera «{field}»; renombra la"
                       " columna o corrige el esquema",
    "missing-label": "el encabezado no tiene la columna «{field}» que el esquema declara; agrégala o quítala del esquema",
    "extra-label": "el encabezado tiene una columna {cell} que el esquema no declara; descríbela en «schema.fields» o"
                   " quítala del archivo",
    "blank-header": "el encabezado está vacío: la primera fila debe tener los nombres de las columnas",
    "encoding-error": "el archivo no se puede leer con la codificación declarada ({note}); declara «encoding» o"
                      " guárdalo como «CSV UTF-8»",
    "scheme-error": "no se encontró el archivo de datos",
    "format-error": "el formato del archivo no es el declarado ({note}); exporta la hoja como «CSV UTF-8»",
    "source-error": "el archivo no se pudo leer: {note}",
    "schema-error": "el esquema de la tabla no es válido: {note}",
    "field-error": "un campo del esquema no es válido: {note}",
    "resource-error": "el recurso no es válido: {note}",
    "package-error": "el descriptor no es válido: {note}",
    "foreign-key": "la clave foránea no coincide con ningún registro de la tabla referida: {note}",
    "row-constraint": "la fila no cumple una restricción del esquema ({note})",
    "hash-count": "el «hash» declarado no coincide con el archivo; quítalo del descriptor (se calcula al publicar)",
    "byte-count": "el tamaño «bytes» declarado no coincide con el archivo; quítalo del descriptor (se calcula al publicar)",
    "field-count": "el número de campos no coincide con el declarado ({note})",
    "row-count": "el número de filas no coincide con el declarado ({note})",
}

TYPE_NAMES = {"integer": N_("entero"), "number": N_("número"), "date": N_("fecha AAAA-MM-DD"),
              "datetime": N_("fecha y hora"), "boolean": N_("verdadero/falso"), "year": N_("año"),
              "yearmonth": N_("año-mes AAAA-MM"), "string": N_("texto"), "time": N_("hora"), "duration": N_("duración"),
              "geopoint": N_("punto geográfico"), "geojson": "GeoJSON", "object": N_("objeto JSON"),
              "array": N_("lista JSON"), "list": N_("lista"), "any": N_("cualquiera")}
# "se puede leer como {type}": the article each type needs in a sentence.
_TYPE_PHRASES = {"integer": "un número entero", "number": "un número", "date": "una fecha AAAA-MM-DD",
                 "datetime": "una fecha y hora AAAA-MM-DDTHH:MM:SS", "boolean": "un valor verdadero/falso",
                 "year": "un año de cuatro cifras", "yearmonth": "un año-mes AAAA-MM", "time": "una hora HH:MM:SS",
                 "duration": "una duración ISO 8601", "geopoint": "un punto geográfico", "geojson": "GeoJSON",
                 "object": "un objeto JSON", "array": "una lista JSON", "list": "una lista", "string": "texto"}
_TYPE_HINTS = {
    "integer": "; escribe solo dígitos, sin comas, puntos ni espacios (por ejemplo 1250)",
    "number": "; usa punto decimal, sin separador de miles ni símbolo de moneda (por ejemplo 1250.50)",
    "date": "; escríbela como 2024-03-31",
    "yearmonth": "; escríbelo como 2024-03",
    "year": "; escríbelo como 2024",
    "boolean": "; usa true o false",
}
# Spanish type names an editor may write instead of Table Schema's.
SPANISH_TYPES = {"texto": "string", "cadena": "string", "entero": "integer", "numero": "number", "número": "number",
                 "decimal": "number", "fecha": "date", "fecha_hora": "datetime", "booleano": "boolean",
                 "logico": "boolean", "año": "year", "anio": "year", "hora": "time"}

# The data dictionary's words for each constraint (shown to citizens, so translated).
CONSTRAINT_WORDS = {
    "required": N_("obligatorio"),
    "unique": N_("sin repetirse"),
    "minimum": N_("mínimo %(v)s"),
    "maximum": N_("máximo %(v)s"),
    "exclusiveMinimum": N_("mayor que %(v)s"),
    "exclusiveMaximum": N_("menor que %(v)s"),
    "minLength": N_("al menos %(v)s caracteres"),
    "maxLength": N_("como máximo %(v)s caracteres"),
    "pattern": N_("sigue el patrón «%(v)s»"),
    "enum": N_("uno de: %(v)s"),
}
_NOTE_CONSTRAINTS = {
    "required": "es obligatorio: la celda no puede quedar vacía",
    "unique": "no puede repetirse",
    "minimum": "el mínimo permitido es {v}",
    "maximum": "el máximo permitido es {v}",
    "exclusiveMinimum": "debe ser mayor que {v}",
    "exclusiveMaximum": "debe ser menor que {v}",
    "minLength": "debe tener al menos {v} caracteres",
    "maxLength": "debe tener como máximo {v} caracteres",
    "pattern": "debe seguir el patrón {v}",
    "enum": "debe ser uno de estos valores: {v}",
}
_DMY = re.compile(r"^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}$")


def date_format_words(fmt: str, year: str = "AAAA") -> str:
    """"%d/%m/%Y" → "DD/MM/AAAA" (`year` is the four letters for the year: "YYYY" in English)."""
    for code, words in (("%d", "DD"), ("%m", "MM"), ("%Y", year), ("%y", year[:2]), ("%H", "HH"), ("%M", "MM"),
                        ("%S", "SS")):
        fmt = fmt.replace(code, words)
    return fmt


def enum_words(values) -> str:
    return ", ".join(f"«{v}»" for v in values) if isinstance(values, (list, tuple)) else str(values)


def constraint_words(constraints: dict) -> list[str]:
    """A field's constraints as short Spanish phrases for the data dictionary."""
    words = []
    for key, value in constraints.items():
        if key in ("required", "unique"):
            if value is True:
                words.append(CONSTRAINT_WORDS[key])
        elif key == "enum":
            words.append(CONSTRAINT_WORDS[key] % {"v": enum_words(value)})
        elif key in CONSTRAINT_WORDS:
            words.append(CONSTRAINT_WORDS[key] % {"v": value})
        else:
            words.append(f"{key}: {value}")
    return words


def _constraint_note(note: str) -> str:
    match = re.match(r'constraint "(\w+)" is "(.*)"$', note)
    if not match:
        return note
    key, value = match.groups()
    if key == "enum":
        value = enum_words(re.findall(r"'((?:[^'\\]|\\.)*)'", value)) or value
    return _NOTE_CONSTRAINTS.get(key, key + " {v}").format(v=value)


def _type_parts(note: str) -> tuple[str, str]:
    """'type is "date/%d/%m/%Y"' → ("date", "%d/%m/%Y")."""
    match = re.search(r'type is "([a-z]+)/(.*)"', note or "")
    return (match.group(1), match.group(2)) if match else ("", "default")


def _type_message(cell: str, note: str) -> tuple[str, str]:
    kind, fmt = _type_parts(note)
    phrase = _TYPE_PHRASES.get(kind, kind or "del tipo declarado")
    hint = _TYPE_HINTS.get(kind, "")
    if kind in ("date", "datetime") and fmt not in ("default", "any"):
        phrase = f"una fecha con el formato {date_format_words(fmt)}"
        hint = ""
    elif kind == "date" and _DMY.match(cell or ""):
        hint = ("; parece día/mes/año: escríbela como AAAA-MM-DD (por ejemplo 2024-03-31) o declara en el campo"
                " «format: \"%d/%m/%Y\"»")
    return phrase, hint


_JSON_TYPES = {"array": "una lista", "object": "un grupo de campos", "string": "texto", "number": "un número",
               "integer": "un número entero", "boolean": "verdadero o falso"}


def metadata_note(note: str) -> str:
    """frictionless' (jsonschema's) English note about a descriptor, in Spanish where known."""
    note = re.sub(r" at property '[^']*'$", "", note or "")
    match = re.match(r"^(.*) is not of type '(\w+)'$", note)
    if match:
        return f"{match.group(1)} debe ser {_JSON_TYPES.get(match.group(2), match.group(2))}"
    match = re.match(r"^'(.*)' is a required property$", note)
    if match:
        return f"falta la propiedad obligatoria «{match.group(1)}»"
    match = re.match(r"^(.*) does not match '(.*)'$", note)
    if match:
        return f"{match.group(1)} no sigue el patrón {match.group(2)}"
    match = re.match(r'^field type "(.*)" is not supported$', note)
    if match:
        return f"el tipo de columna «{match.group(1)}» no existe en Table Schema"
    if note.endswith(("is too short", "should be non-empty")):
        return "no puede quedar vacío"
    return note


def message(error) -> str:
    """A frictionless error in Spanish."""
    template = ERROR_MESSAGES.get(error.type, "problema en los datos ({note})")
    raw_cell = getattr(error, "cell", None)
    if raw_cell in (None, "") and getattr(error, "label", None):
        raw_cell = error.label
    cell = f"«{raw_cell}»" if raw_cell not in (None, "") else "vacío"
    note = getattr(error, "note", "") or ""
    type_phrase, hint = _type_message(str(raw_cell or ""), note) if error.type == "type-error" else ("", "")
    other = ""
    if error.type in ("unique-error", "primary-key"):
        found = re.search(r"row at position (\d+)", note)
        other = found.group(1) if found else "anterior"
    if error.type == "primary-key":
        note = (f"la clave primaria se repite: es igual a la de la fila {other}" if found
                else "la clave primaria está vacía: toda fila necesita un valor en sus columnas de clave")
    elif error.type == "constraint-error":
        note = _constraint_note(note)
    elif error.type in ("package-error", "resource-error", "schema-error", "field-error"):
        note = metadata_note(note)
    elif error.type == "foreign-key":
        match = re.match(r'for "(.*)": values "(.*)" not found in the lookup table "(.*)" as "(.*)"$', note)
        if match:
            note = (f"el valor «{match.group(2)}» de «{match.group(1)}» no aparece en la columna «{match.group(4)}»"
                    f" de «{match.group(3) or 'este mismo archivo'}»")
    elif error.type == "source-error" and "empty" in note:
        note = "está vacío"
    return template.format(cell=cell, type=type_phrase, hint=hint, note=note, other=other,
                           field=getattr(error, "field_name", "") or "", number=getattr(error, "field_number", "") or "")
