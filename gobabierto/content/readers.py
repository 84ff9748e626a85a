"""Read YAML and front-matter files into plain values plus a map of where each value is.

The composer works on parser events so that it can refuse, with a located problem, what an
editor's file must not contain: Python or custom tags, anchors and aliases, duplicate keys,
nesting or collections past sane limits. Every key and list item keeps its 1-based line,
and every unquoted scalar that YAML turned into something other than text keeps its
original text, so that validation can explain YAML's traps (`no` read as false, `05` as 5).
"""

from __future__ import annotations

import re
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from gobabierto.content.yamlslips import diagnose
from gobabierto.core.problems import Problems
from gobabierto.core.sourcemap import PathKey, SourceMap, dotted

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 20
MAX_ITEMS = 5_000

_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVER = yaml.resolver.Resolver()
_CORE_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
}
_FRONT_MATTER_FENCE = re.compile(r"^---\s*$")


class _Constructor(yaml.constructor.SafeConstructor):
    pass


_CONSTRUCTOR = _Constructor()
# Scalars are built by calling the constructor for their tag directly: going through
# `construct_object` would keep every node in the constructor's `constructed_objects` for
# the life of the process (it is only cleared per document by `construct_document`), which
# grew memory by about 10 MB per 1,000 records, and costs a few dictionary operations each.
_SCALAR_CONSTRUCTORS = _Constructor.yaml_constructors
_UNDEFINED = _Constructor.yaml_constructors[None]
_STR = "tag:yaml.org,2002:str"
# Every record of a type has the same value positions ("hitos", 0, "fecha"), and every
# record keeps its SourceMap for the whole build: one shared tuple per distinct position
# instead of one per record and position (about 50 MB less at 20,000 records). Bounded,
# so that free-form content cannot make it grow without end in a long `serve`.
_PATHS: dict[tuple, tuple] = {}
_MAX_PATHS = 200_000


def _shared(path: tuple) -> tuple:
    found = _PATHS.get(path)
    if found is None:
        if len(_PATHS) >= _MAX_PATHS:
            return path
        found = _PATHS[path] = path
    return found
_ScalarEvent, _AliasEvent = yaml.ScalarEvent, yaml.AliasEvent
_SequenceStart, _MappingStart = yaml.SequenceStartEvent, yaml.MappingStartEvent
_SequenceEnd, _MappingEnd = yaml.SequenceEndEvent, yaml.MappingEndEvent
_OPENING, _CLOSING = (_SequenceStart, _MappingStart), (_SequenceEnd, _MappingEnd)

@dataclass
class Document:
    """A parsed source file: its YAML data, where each value came from, and its body."""

    path: str  # relative to the site root, with forward slashes
    data: Any
    source_map: SourceMap
    body: str = ""
    body_line: int = 1   # the line of the body's first character (blank lines before it skipped)
    fence_line: int = 0  # the line of the fence that closes the front matter (0: none)


TOO_DEEP = f"el contenido está anidado a más de {MAX_DEPTH} niveles; simplifica la estructura"
# libyaml (PyYAML 6.0.4 and later) stops its scanner past its own nesting limit, sometimes
# before the composer has seen the depth that is over ours: the same problem, in its words.
_LIBYAML_TOO_DEEP = "exceeded maximum nesting depth"


class _YamlProblem(Exception):
    def __init__(self, code: str, message: str, line: int | None, field: str = ""):
        super().__init__(message)
        self.code, self.message, self.line, self.field = code, message, line, field


_YAML_MESSAGES = [
    ("mapping values are not allowed", "hay dos puntos («:») donde no se espera una clave; si el texto lleva «: », ponlo entre comillas"),
    ("could not find expected ':'", "falta «:» después de una clave, o una línea de texto continúa sin sangría"),
    ("found character '\\t'", "hay un tabulador; YAML solo admite espacios para sangrar"),
    ("found a tab character", "hay un tabulador; YAML solo admite espacios para sangrar"),
    ("did not find expected key", "la sangría no cuadra con la de las líneas anteriores"),
    ("did not find expected '-' indicator", "la sangría de la lista no cuadra: cada elemento empieza con «- » a la misma altura"),
    ("found unexpected end of stream", "el archivo termina antes de cerrar unas comillas o corchetes"),
    ("found undefined alias", "hay un alias («*nombre») sin ancla; no uses anclas ni alias"),
    ("expected <block end>, but found '-'", "un elemento de lista («- ») no está a la altura de los demás"),
    ("expected <block end>", "la sangría no cuadra con la de las líneas anteriores"),
    ("found unknown escape character", "hay una barra invertida («\\») que no es un escape válido entre comillas dobles; usa comillas simples"),
    ("while scanning a quoted scalar", "unas comillas no se cierran"),
    ("found character that cannot start any token", "hay un carácter que YAML no admite en este lugar; si es parte de un texto, pon el texto entre comillas"),
]


def _yaml_error_message(exc: yaml.YAMLError) -> str:
    text = f"{getattr(exc, 'context', '') or ''} {getattr(exc, 'problem', '') or ''}"
    for needle, spanish in _YAML_MESSAGES:
        if needle in text:
            return f"YAML no válido: {spanish}"
    return "YAML no válido en esta línea: revisa la sangría, los dos puntos y las comillas"


class _Composer:
    def __init__(self, events, line_offset: int, physical=lambda line: line):
        self.events = events
        self.offset = line_offset
        self.physical = physical
        self.source_map = SourceMap()
        self.problems: list[_YamlProblem] = []

    def line_of(self, event) -> int:
        return self.physical(event.start_mark.line) + 1 + self.offset

    def compose_document(self) -> Any:
        value = None
        documents = 0
        for event in self.events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _YamlProblem(
                        "yaml-varios-documentos",
                        "el archivo contiene más de un documento YAML (otra línea «---»); deja uno solo",
                        self.line_of(event),
                    )
                value = self.compose_node(next(self.events), (), 1)
        return value

    def _check_node_event(self, event, path: PathKey) -> None:
        if getattr(event, "anchor", None):
            self.problems.append(_YamlProblem(
                "yaml-ancla",
                f"se encontró el ancla «&{event.anchor}»; las anclas y alias de YAML no se admiten: escribe el valor completo",
                self.line_of(event), dotted(path)))
        tag = getattr(event, "tag", None)
        if tag and tag not in _CORE_TAGS and tag != "!":
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            self.problems.append(_YamlProblem(
                "yaml-etiqueta",
                f"la etiqueta «{shown}» no se admite; quítala y escribe el valor tal cual",
                self.line_of(event), dotted(path)))

    def _too_deep(self, event) -> _YamlProblem:
        return _YamlProblem("yaml-demasiado-profundo", TOO_DEEP, self.line_of(event))

    def _skip(self, event, depth: int) -> None:
        """Consume a node that is not kept. Past the depth limit the document is abandoned
        at once: the parser's cost grows with the nesting, so reading on could hang."""
        level = 1 if type(event) in _OPENING else 0
        while level:
            ev = next(self.events)
            kind = type(ev)
            if kind in _OPENING:
                level += 1
                if depth + level > MAX_DEPTH + 1:
                    raise self._too_deep(ev)
            elif kind in _CLOSING:
                level -= 1

    def compose_node(self, event, path: PathKey, depth: int) -> Any:
        # Event classes are compared by identity (`type(event) is …`): the parser emits
        # exactly these classes, and this runs once per value of every record.
        lines = self.source_map.lines
        if path not in lines:
            lines[path] = self.line_of(event)
        kind = type(event)
        if kind is _AliasEvent:
            self.problems.append(_YamlProblem(
                "yaml-alias",
                f"se encontró el alias «*{event.anchor}»; las anclas y alias de YAML no se admiten: escribe el valor completo",
                self.line_of(event), dotted(path)))
            return None
        tag = getattr(event, "tag", None)
        if getattr(event, "anchor", None) or (tag and tag != "!" and tag not in _CORE_TAGS):
            self._check_node_event(event, path)
        if depth > MAX_DEPTH:
            raise self._too_deep(event)
        if kind is _ScalarEvent:
            return self.compose_scalar(event, path)
        if kind is _SequenceStart:
            return self.compose_sequence(path, depth)
        if kind is _MappingStart:
            return self.compose_mapping(path, depth)
        raise _YamlProblem("yaml-invalido", "YAML no válido en esta línea", self.line_of(event))

    def compose_scalar(self, event, path: PathKey) -> Any:
        plain = event.implicit[0] and not event.style
        if event.tag in _CORE_TAGS:
            tag = event.tag
        elif plain:
            tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, (True, False))
        else:
            tag = _STR
        if tag == _STR:  # what SafeConstructor.construct_yaml_str would return
            return event.value
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            value = _SCALAR_CONSTRUCTORS.get(tag, _UNDEFINED)(_CONSTRUCTOR, node)
            if isinstance(value, types.GeneratorType):  # `!!seq`/`!!map` on a scalar: fails like construct_object
                generator, value = value, next(value)
                for _ in generator:
                    pass
        except Exception:  # an impossible date such as 2023-02-30: keep the text for the validator
            value = event.value
        if plain and not isinstance(value, str):
            self.source_map.plain_text[path] = event.value
        return value

    def compose_sequence(self, path: PathKey, depth: int) -> list:
        items: list = []
        lines = self.source_map.lines
        for event in self.events:
            if type(event) is _SequenceEnd:
                return items
            if len(items) >= MAX_ITEMS:
                raise _YamlProblem(
                    "yaml-demasiados-elementos",
                    f"la lista tiene más de {MAX_ITEMS} elementos; divide el contenido en varios archivos",
                    self.line_of(event))
            item_path = _shared(path + (len(items),))
            lines[item_path] = self.line_of(event)
            items.append(self.compose_node(event, item_path, depth + 1))
        return items

    def compose_mapping(self, path: PathKey, depth: int) -> dict:
        mapping: dict = {}
        keys_seen = 0  # duplicates and refused keys count too: they cost as much to read
        lines = self.source_map.lines
        for key_event in self.events:
            kind = type(key_event)
            if kind is _MappingEnd:
                return mapping
            keys_seen += 1
            if keys_seen > MAX_ITEMS:
                raise _YamlProblem(
                    "yaml-demasiados-elementos",
                    f"el grupo tiene más de {MAX_ITEMS} claves; simplifica el contenido",
                    self.line_of(key_event))
            if kind is not _ScalarEvent:
                self.problems.append(_YamlProblem(
                    "yaml-clave-invalida",
                    "una clave debe ser un nombre sencillo, no una lista ni un grupo",
                    self.line_of(key_event)))
                self._skip(key_event, depth + 1)
                self._skip(next(self.events), depth + 1)
                continue
            key = key_event.value
            value_event = next(self.events)
            if key in mapping:
                self.problems.append(_YamlProblem(
                    "clave-duplicada",
                    f"la clave «{key}» aparece dos veces (la primera en la línea {self.source_map.lines[path + (key,)]}); deja solo una",
                    self.line_of(key_event), dotted(path + (key,))))
                self._skip(value_event, depth + 1)
                continue
            key_path = _shared(path + (key,))
            lines[key_path] = self.line_of(key_event)
            mapping[key] = self.compose_node(value_event, key_path, depth + 1)
        return mapping


_UNUSUAL_BREAKS = ("\x85", "\u2028", "\u2029")


def _physical_lines(text: str):
    """YAML also breaks lines at NEL, LS and PS, which editors don't show as new lines: a
    map from YAML's 0-based line numbers to the file's, counting "\n" only."""
    if not any(b in text for b in _UNUSUAL_BREAKS):
        return lambda line: line
    physical = [0]
    current = 0
    for char in text:
        if char == "\n":
            current += 1
            physical.append(current)
        elif char in _UNUSUAL_BREAKS:
            physical.append(current)
    return lambda line: physical[line] if 0 <= line < len(physical) else current


def parse_yaml(text: str, rel_path: str, problems: Problems, line_offset: int = 0):
    """Parse YAML text. Returns `(data, source_map)`, or `(None, None)` after recording why not."""
    physical = _physical_lines(text)
    composer = _Composer(iter(yaml.parse(text, Loader=_Parser)), line_offset, physical)
    try:
        data = composer.compose_document()
    except _YamlProblem as exc:  # the document was abandoned: what was found before it, then why
        for p in composer.problems:
            problems.add(p.code, p.message, rel_path, p.line, p.field)
        problems.add(exc.code, exc.message, rel_path, exc.line, exc.field)
        return None, None
    except yaml.reader.ReaderError as exc:  # a control character, often pasted from Word or a PDF
        line = None
        if isinstance(exc.position, int):  # libyaml counts bytes of UTF-8, the Python parser characters
            before = text.encode("utf-8")[:exc.position] if _Parser is not yaml.SafeLoader else text[:exc.position]
            line = before.count(b"\n" if isinstance(before, bytes) else "\n") + 1 + line_offset
        code_point = f"U+{exc.character:04X}" if isinstance(exc.character, int) else "desconocido"
        problems.add("caracter-invisible",
                     f"hay un carácter invisible no permitido ({code_point}), que suele llegar al copiar y pegar desde"
                     " Word o un PDF; bórralo (o vuelve a escribir la línea)", rel_path, line)
        return None, None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = physical(mark.line) + 1 + line_offset if mark is not None else None
        if _LIBYAML_TOO_DEEP in str(getattr(exc, "problem", "")):
            problems.add("yaml-demasiado-profundo", TOO_DEEP, rel_path, line)
            return None, None
        marks = [getattr(exc, name, None) for name in ("problem_mark", "context_mark")]
        where = [(physical(m.line), m.column) if m is not None else None for m in marks]
        slip = diagnose(text, where[0] or where[1], where[1],
                        f"{getattr(exc, 'context', '') or ''} {getattr(exc, 'problem', '') or ''}")
        if slip is not None:
            problems.add(slip.code, slip.message, rel_path, slip.line + 1 + line_offset)
        else:
            problems.add("yaml-invalido", _yaml_error_message(exc), rel_path, line)
        return None, None
    except RecursionError:
        problems.add("yaml-demasiado-profundo", TOO_DEEP, rel_path, None)
        return None, None
    for p in composer.problems:
        problems.add(p.code, p.message, rel_path, p.line, p.field)
    if composer.problems:
        return None, None
    return data, composer.source_map


def read_text(path: Path, rel_path: str, problems: Problems, limit: int | None = None) -> str | None:
    """Read a UTF-8 text file within a size limit; BOM and CRLF are accepted."""
    limit = MAX_FILE_BYTES if limit is None else limit
    try:
        if path.is_symlink():
            problems.add("enlace-simbolico", "el archivo es un enlace simbólico; copia el archivo real en su lugar", rel_path)
            return None
        size = path.stat().st_size
        if size > limit:
            problems.add(
                "archivo-demasiado-grande",
                f"el archivo pesa {size:,} bytes y el máximo para un registro es {limit:,}; divide el contenido",
                rel_path)
            return None
        raw = path.read_bytes()
    except OSError as exc:
        problems.add("archivo-ilegible", f"no se pudo leer el archivo ({exc.strerror or exc})", rel_path)
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.add(
            "codificacion-invalida",
            "el archivo no está en UTF-8 (¿se guardó como ANSI o Latin-1?); guárdalo con la codificación UTF-8",
            rel_path, line)
        return None
    if "\x00" in text:
        problems.add("archivo-binario", "el archivo contiene caracteres nulos: no parece un archivo de texto", rel_path)
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_document(path: Path, rel_path: str, problems: Problems) -> Document | None:
    """Read a `.yml`/`.yaml` record or a `.md` record with YAML front matter."""
    text = read_text(path, rel_path, problems)
    if text is None:
        return None
    return parse_document(text, rel_path, problems, front_matter=path.suffix == ".md")


def parse_document(text: str, rel_path: str, problems: Problems, front_matter: bool) -> Document | None:
    """A record's text (front matter and Markdown, or YAML alone) → Document, or None."""
    if front_matter:
        return _read_front_matter(text, rel_path, problems)
    data, source_map = parse_yaml(text, rel_path, problems)
    if source_map is None:
        return None
    return Document(rel_path, data, source_map)


def _read_front_matter(text: str, rel_path: str, problems: Problems) -> Document | None:
    lines = text.split("\n")
    if not lines or not _FRONT_MATTER_FENCE.match(lines[0]):
        problems.add(
            "front-matter-ausente",
            "el archivo debe empezar con una línea «---», seguida de los campos y otra línea «---» antes del texto",
            rel_path, 1)
        return None
    for index in range(1, len(lines)):
        if _FRONT_MATTER_FENCE.match(lines[index]) or lines[index].rstrip() == "...":
            break
    else:
        problems.add(
            "front-matter-sin-cierre",
            "falta la línea «---» que cierra los campos del encabezado antes del texto",
            rel_path, 1)
        return None
    data, source_map = parse_yaml("\n".join(lines[1:index]), rel_path, problems, line_offset=1)
    if source_map is None:
        return None
    source_map.lines.setdefault((), 2)
    rest = "\n".join(lines[index + 1:])
    body = rest.strip("\n")
    # the blank lines left out before the text still count: a problem in it keeps its line
    skipped = len(rest) - len(rest.lstrip("\n"))
    return Document(rel_path, data, source_map, body=body, body_line=index + 2 + skipped, fence_line=index + 1)
