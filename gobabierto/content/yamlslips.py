"""The usual slips of someone writing YAML for the first time, found in the text around the
place where the parser gave up, each with its own located advice and the line as it should
be written.

The parser's own report says where it stopped, which is often not where the slip is: an
unclosed quote is noticed at the end of the front matter, a missing space after «:» on the
next line. So each check reads the source lines up to that point and names the line (and
column) of the cause. The checks are independent of the parser's wording, which differs
between libyaml and PyYAML's own parser."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A line that starts a field: indentation, an optional «- », a key, its colon.
_KEY_LINE = re.compile(r"^(?P<indent>[ \t]*(?:- +)?)(?P<key>[^\s#:\"'\[\]{}\-][^:#]*?):(?P<rest>.*)$")
_NO_SPACE = re.compile(r"^(?P<indent> *(?:- +)?)(?P<key>[A-Za-z_][\w-]*):(?P<value>[^\s:/\\].*)$")
_DRIVE = re.compile(r"[A-Za-z]:\\")
TYPOGRAPHIC_QUOTES = "“”„‘’‚«»"
_RESERVED_START = "@`"


@dataclass(frozen=True)
class Slip:
    code: str
    message: str
    line: int  # 0-based, in the text given


def _key_and_value(line: str) -> tuple[str, str, str] | None:
    """(indent with any «- », key, value) of a line that starts a field, else None."""
    match = _KEY_LINE.match(line)
    if match is None or not match.group("rest").startswith((" ", "\t")) and match.group("rest"):
        return None
    return match.group("indent"), match.group("key").strip(), match.group("rest").strip()


def _quoted(text: str) -> str:
    """`text` between straight double quotes, as YAML reads it back unchanged."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _unclosed_quote(value: str) -> str | None:
    """The quote character of a value that opens a quote and does not close it."""
    if not value or value[0] not in "\"'":
        return None
    quote, index = value[0], 1
    while index < len(value):
        char = value[index]
        if quote == '"' and char == "\\":
            index += 2
            continue
        if char == quote:
            if quote == "'" and value[index + 1:index + 2] == "'":
                index += 2
                continue
            return None
        index += 1
    return quote


def _tab(lines: list[str], stop: int, mark: tuple[int, int] | None) -> Slip | None:
    if mark is not None and mark[0] < len(lines) and lines[mark[0]][mark[1]:mark[1] + 1] == "\t":
        return _tab_slip(mark[0], mark[1])
    for number in range(min(stop, len(lines) - 1) + 1):
        line = lines[number]
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            return _tab_slip(number, indent.index("\t"))
    return None


def _tab_slip(line: int, column: int) -> Slip:
    return Slip("yaml-tabulador",
                f"hay un tabulador en la columna {column + 1}: YAML no admite tabuladores para sangrar; usa espacios"
                " (borra el tabulador y escribe dos espacios por nivel)", line)


def _open_quote(lines: list[str], stop: int, context: int | None) -> Slip | None:
    """A quote opened and never closed on its line, before a line that starts a new field."""
    candidates = [context] if context is not None else []
    candidates += range(min(stop, len(lines) - 1) + 1)
    for number in candidates:
        if number >= len(lines):
            continue
        parts = _key_and_value(lines[number])
        if parts is None:
            stripped = lines[number].lstrip(" ")
            parts = ("", "", stripped[2:].strip()) if stripped.startswith("- ") else None
        if parts is None:
            continue
        indent, key, value = parts
        quote = _unclosed_quote(value)
        if quote is None:
            continue
        following = next((line for line in lines[number + 1:] if line.strip()), None)
        if number != context and following is not None and _key_and_value(following) is None \
                and not following.lstrip().startswith("- "):
            continue  # a quoted text that goes on over several lines, as YAML allows
        column = lines[number].index(value) + 1
        fixed = f"{indent}{key + ': ' if key else ''}{value}{quote}"
        return Slip("yaml-comillas-sin-cerrar",
                    f"las comillas («{quote}») que abren en la columna {column} no se cierran en esta línea; ciérralas"
                    f" al final del texto: {fixed.strip()}", number)
    return None


def _no_space(lines: list[str], stop: int) -> Slip | None:
    for number in range(min(stop, len(lines) - 1) + 1):
        match = _NO_SPACE.match(lines[number])
        if match and not _DRIVE.match(lines[number].lstrip(" -")):
            key, value = match.group("key"), match.group("value")
            return Slip("yaml-falta-espacio",
                        f"falta un espacio después de los dos puntos de «{key}:»; escribe {key}: {value}", number)
    return None


def _backslash(lines: list[str], line: int) -> Slip | None:
    text = lines[line] if line < len(lines) else ""
    shown = next((m.group(1) for m in re.finditer(r'"([^"]*\\[^"]*)"', text)), None)
    if shown is None:
        return None
    name = shown.replace("\\", "/").rsplit("/", 1)[-1]
    return Slip("yaml-barra-invertida",
                f"«{shown}» lleva barras invertidas («\\»), que entre comillas dobles YAML lee como códigos especiales;"
                f" si es la ruta de un archivo de tu computadora, cópialo a static/documentos/ y escribe su ruta con «/»"
                f" (documentos/{name}); si es un texto, ponlo entre comillas simples", line)


def _typographic(lines: list[str], line: int) -> Slip | None:
    parts = _key_and_value(lines[line]) if line < len(lines) else None
    if parts is None or not parts[2] or parts[2][0] not in TYPOGRAPHIC_QUOTES:
        return None
    indent, key, value = parts
    inner = value.strip(TYPOGRAPHIC_QUOTES + " ")
    return Slip("yaml-comillas-tipograficas",
                f"el texto de «{key}» empieza con comillas tipográficas («{value[0]}»), las que pone Word, y YAML no las"
                f" toma como comillas; cámbialas por comillas rectas: {key}: {_quoted(inner)}", line)


def _colon_in_text(lines: list[str], line: int) -> Slip | None:
    parts = _key_and_value(lines[line]) if line < len(lines) else None
    if parts is None or ": " not in parts[2] + " " or parts[2][0] in "\"'[{|>":
        return None
    indent, key, value = parts
    return Slip("yaml-dos-puntos",
                f"el texto de «{key}» lleva dos puntos y un espacio («: »), que YAML lee como el comienzo de otro campo;"
                f" pon todo el texto entre comillas: {key}: {_quoted(value)}", line)


def _indented_key(lines: list[str], line: int) -> Slip | None:
    """A field indented under a line that already has its value."""
    parts = _key_and_value(lines[line]) if line < len(lines) else None
    previous = next((n for n in range(line - 1, -1, -1) if lines[n].strip()), None)
    if parts is None or previous is None:
        return None
    above = _key_and_value(lines[previous])
    depth = len(lines[line]) - len(lines[line].lstrip(" "))
    if above is None or not above[2] or depth <= len(lines[previous]) - len(lines[previous].lstrip(" ")):
        return None
    return Slip("yaml-sangria",
                f"«{parts[1]}» tiene más sangría que «{above[1]}», la línea de arriba, que ya tiene su valor; alinea"
                f" «{parts[1]}:» con «{above[1]}:», o deja «{above[1]}:» sin valor si «{parts[1]}» va dentro de ese"
                " grupo", line)


def _mixed_lists(lines: list[str], stop: int) -> Slip | None:
    """A list written both ways: «[a, b]» on the key's line and «- » items below it, or «- »
    items followed by a «[…]» line."""
    start = min(stop, len(lines) - 1)
    for number in range(start, -1, -1):
        parts = _key_and_value(lines[number])
        if parts is None:
            continue
        indent, key, value = parts
        below = [line.strip() for line in lines[number + 1: stop + 1] if line.strip()]
        inline = value.startswith("[") or any(line.startswith("[") for line in below)
        items = any(line.startswith("-") for line in below) or (value.startswith("[") and "- " in value)
        if inline and items:
            return Slip("yaml-listas-mezcladas",
                        f"la lista de «{key}» mezcla las dos formas de escribir una lista: entre corchetes en una línea"
                        f" ({key}: [uno, dos]) o un elemento por línea que empieza con «- »; usa solo una", number)
        if number < start:
            break  # only the field the parser was in
    return None


def _reserved(lines: list[str], line: int, column: int) -> Slip | None:
    text = lines[line] if line < len(lines) else ""
    char = text[column:column + 1]
    if char not in _RESERVED_START or not char:
        return None
    parts = _key_and_value(text)
    fix = f" pon el texto entre comillas: {parts[1]}: {_quoted(parts[2])}" if parts and parts[2] else \
        " pon el texto entre comillas"
    return Slip("yaml-caracter-reservado",
                f"el texto empieza con «{char}», un carácter que YAML reserva y no deja empezar un texto sin comillas;"
                + fix, line)


def diagnose(text: str, problem: tuple[int, int] | None, context: tuple[int, int] | None,
             kind: str) -> Slip | None:
    """The slip behind a parse error, or None when none of the usual ones fits.

    `problem` and `context` are the parser's marks as 0-based (line, column) in `text`;
    `kind` is the parser's description of the problem, read only to tell an unclosed
    quote, a bad escape and a mark that points at a character no token starts with."""
    lines = text.split("\n")
    stop = problem[0] if problem is not None else len(lines) - 1
    context_line = context[0] if context is not None else None
    kind = kind.lower()
    quoted = "quoted scalar" in kind
    if quoted and ("escape" in kind or "hex" in kind):
        return _backslash(lines, stop) or _backslash(lines, context_line or stop)
    slip = _tab(lines, stop, problem)
    if slip is None and quoted and "end of stream" in kind:
        slip = _open_quote(lines, stop, context_line)
    if slip is None and "cannot start any token" in kind and problem is not None:
        slip = _reserved(lines, *problem)
    for check in (lambda: _open_quote(lines, stop, None), lambda: _no_space(lines, stop),
                  lambda: _typographic(lines, stop), lambda: _mixed_lists(lines, stop),
                  lambda: _colon_in_text(lines, stop), lambda: _indented_key(lines, stop)):
        if slip is not None:
            break
        slip = check()
    return slip
