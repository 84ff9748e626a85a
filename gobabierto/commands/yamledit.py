"""Change a few values in a record's YAML text and nothing else.

The reader records the line of every key and list item; with those lines an edit replaces,
inserts or removes only the lines of the entries it changes, so comments, key order,
quoting, blank lines and the Markdown body stay byte for byte. Every edited text is parsed
again and must give exactly the expected data (and the same body) — anything the line
arithmetic cannot handle safely (flow-style mappings, odd layouts) is refused, never guessed.

Why not ruamel.yaml: its round-trip mode still re-indents sequences and re-wraps or
re-quotes scalars unless configured per file, knows nothing of front matter, and would be a
new dependency; the reader's line map already gives what a surgical edit needs."""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import yaml

from gobabierto.content.readers import Document, parse_document
from gobabierto.core.problems import Problems
from gobabierto.core.sourcemap import PathKey

_LINE_SPLIT = re.compile(r"(?<=\n)")
_SAFE_PLAIN = re.compile(r"[A-Za-z0-9_./~][^\s#,\[\]{}'\"]*")


class EditError(Exception):
    """The text cannot be edited safely; the record must be changed by hand."""


def scalar(value: Any, quote: bool = False) -> str:
    """A value as YAML text: dates and numbers plain, strings plain when that is safe."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    if not quote and _SAFE_PLAIN.fullmatch(text) and not text.endswith(":"):
        try:
            if yaml.safe_load(text) == text:
                return text
        except yaml.YAMLError:
            pass
    return json.dumps(text, ensure_ascii=False)


@dataclass
class _Edit:
    start: int          # 0-based line index in the original text
    end: int            # exclusive; start == end is an insertion
    lines: list[str]
    order: int = 0      # among insertions at one place: position in the field table

    def sort_key(self):
        # Bottom-up; at one index, a replacement before the insertions, and insertions in
        # reverse table order so that they end up in table order.
        return (-self.start, 0 if self.end > self.start else 1, -self.order)


class YamlText:
    """One record's text and the edits planned on it."""

    def __init__(self, text: str, doc: Document, front_matter: bool):
        self.bom = text.startswith("\ufeff")
        self.original = text[1:] if self.bom else text
        self.lines = _LINE_SPLIT.split(self.original)
        if self.lines and self.lines[-1] == "":
            self.lines.pop()
        self.newline = "\r\n" if self.lines and self.lines[0].endswith("\r\n") else "\n"
        # A last line without its newline gets one while editing (so a line can follow it)
        # and loses it again in render().
        self.unterminated = bool(self.lines) and not self.lines[-1].endswith("\n")
        if self.unterminated:
            self.lines[-1] += self.newline
        self.doc = doc
        self.front_matter = front_matter
        self.expected = copy.deepcopy(doc.data)
        self.edits: list[_Edit] = []
        # Where the YAML ends: the closing fence of the front matter, or the end of the file.
        self.region_end = doc.fence_line - 1 if front_matter else len(self.lines)
        self._sorted_lines = sorted((line - 1, path) for path, line in doc.source_map.lines.items() if path)

    # -- positions ------------------------------------------------------------------------
    def _line_index(self, path: PathKey) -> int:
        line = self.doc.source_map.lines.get(tuple(path))
        if line is None:
            raise EditError(f"no se encontró la línea de {path}")
        return line - 1

    def _is_note(self, index: int) -> bool:
        stripped = self.lines[index].strip()
        return not stripped or stripped.startswith("#")

    def entry_end(self, path: PathKey) -> int:
        """Index just past the lines of the entry at `path` (its key, value and children),
        leaving out trailing blank and comment lines (they belong to what follows)."""
        path = tuple(path)
        start = self._line_index(path)
        end = self.region_end
        for index, other in self._sorted_lines:
            if index > start and other[:len(path)] != path:
                end = min(end, index)
                break
        while end - 1 > start and self._is_note(end - 1):
            end -= 1
        return end

    def key_column(self, mapping: PathKey) -> int:
        keys = [p for p in self.doc.source_map.lines if len(p) == len(mapping) + 1 and p[:len(mapping)] == tuple(mapping)
                and isinstance(p[-1], str)]
        if not keys:
            raise EditError(f"el grupo {mapping} no tiene claves")
        line = self.lines[self._line_index(keys[0])]
        return len(re.match(r"^\s*(?:-\s+)?", line).group(0))

    def _container(self, mapping: PathKey) -> dict:
        node = self.expected
        for step in mapping:
            node = node[step]
        if not isinstance(node, dict):
            raise EditError(f"{mapping} no es un grupo de campos")
        return node

    def _anchor(self, mapping: PathKey, key: str, order: tuple[str, ...]) -> int:
        """Where a missing `key` goes: after the entry of the keys that come before it in the
        field table (the last of them in the file), or else at the end of the mapping."""
        present = list(self._original(mapping))
        before = [k for k in present if k in order and order.index(k) < order.index(key)]
        anchor = max(before or present, key=lambda k: self._line_index(tuple(mapping) + (k,)))
        return self.entry_end(tuple(mapping) + (anchor,))

    # -- edits --------------------------------------------------------------------------
    def set_scalar(self, mapping: PathKey, key: str, value: Any, order: tuple[str, ...]) -> None:
        mapping = tuple(mapping)
        container = self._container(mapping)
        original = self._original(mapping)
        if key in original:
            start = self._line_index(mapping + (key,))
            end = self.entry_end(mapping + (key,))
            line = self.lines[start]
            match = re.match(rf"^(\s*(?:-\s+)?{re.escape(key)}\s*:)(.*?)(\r?\n)?$", line)
            if not match:
                raise EditError(f"no se reconoce la línea de «{key}»")
            old = original[key]
            comment = _trailing_comment(match.group(2)) if end == start + 1 else ""
            quote = match.group(2).strip().startswith(('"', "'")) and isinstance(old, str) and isinstance(value, str)
            text = f"{match.group(1)} {scalar(value, quote)}{comment}{match.group(3) or self.newline}"
            self.edits.append(_Edit(start, end, [text]))
        else:
            indent = " " * self.key_column(mapping)
            at = self._anchor(mapping, key, order)
            self.edits.append(_Edit(at, at, [f"{indent}{key}: {scalar(value)}{self.newline}"], order.index(key)))
        container[key] = value

    def remove(self, mapping: PathKey, key: str) -> None:
        mapping = tuple(mapping)
        container = self._container(mapping)
        if key not in self._original(mapping):
            return
        start = self._line_index(mapping + (key,))
        end = self.entry_end(mapping + (key,))
        line = self.lines[start]
        if re.match(r"^\s*-\s", line):  # the key shares its line with the list item's dash: blank it
            match = re.match(rf"^(\s*-\s+{re.escape(key)}\s*:)", line)
            if not match:
                raise EditError(f"no se reconoce la línea de «{key}»")
            self.edits.append(_Edit(start, end, [match.group(1) + self.newline]))
            container[key] = None
            return
        self.edits.append(_Edit(start, end, []))
        del container[key]

    def set_list(self, mapping: PathKey, key: str, values: list, order: tuple[str, ...]) -> None:
        mapping = tuple(mapping)
        if not values:
            self.remove(mapping, key)
            return
        container = self._container(mapping)
        original = self._original(mapping)
        column = self.key_column(mapping)
        if key not in original:
            at = self._anchor(mapping, key, order)
            self.edits.append(_Edit(at, at, self._new_list(" " * column, key, values), order.index(key)))
            container[key] = list(values)
            return
        old = original[key] if isinstance(original[key], list) else []
        path = mapping + (key,)
        start = self._line_index(path)
        end = self.entry_end(path)
        line = self.lines[start]
        match = re.match(rf"^(\s*(?:-\s+)?{re.escape(key)}\s*:)(.*?)(\r?\n)?$", line)
        if not match:
            raise EditError(f"no se reconoce la línea de «{key}»")
        rest = match.group(2).strip()
        if rest.startswith("["):  # flow style stays flow style
            if end != start + 1:
                raise EditError(f"la lista «{key}» ocupa varias líneas entre corchetes")
            quote = '"' in rest
            comment = _trailing_comment(match.group(2))
            items = ", ".join(scalar(v, quote) for v in values)
            self.edits.append(_Edit(start, end, [f"{match.group(1)} [{items}]{comment}{match.group(3) or self.newline}"]))
        elif not old:  # `key:` with nothing under it
            prefix = " " * column
            self.edits.append(_Edit(start, end, self._new_list(prefix, key, values, first_line=line)))
        else:
            item_starts = [self._line_index(path + (i,)) for i in range(len(old))]
            item_line = self.lines[item_starts[0]]
            dash = re.match(r"^(\s*-\s*)", item_line).group(1)
            quote = item_line[len(dash):].lstrip().startswith('"')
            kept: list[str] = []
            for i, value in enumerate(values):
                if i < len(old) and old[i] == value:
                    stop = item_starts[i + 1] if i + 1 < len(old) else end
                    kept += self.lines[item_starts[i]:stop]
                else:
                    kept.append(f"{dash}{scalar(value, quote)}{self.newline}")
            self.edits.append(_Edit(item_starts[0], end, kept))
        container[key] = list(values)

    def _new_list(self, prefix: str, key: str, values: list, first_line: str | None = None) -> list[str]:
        if self._prefers_flow(key):
            items = ", ".join(scalar(v) for v in values)
            head = (first_line.rstrip("\r\n") if first_line else f"{prefix}{key}:")
            return [f"{head} [{items}]{self.newline}"]
        head = first_line if first_line else f"{prefix}{key}:{self.newline}"
        return [head] + [f"{prefix}  - {scalar(v)}{self.newline}" for v in values]

    def _prefers_flow(self, key: str) -> bool:
        """Follow the file's own habit: `key: [a, b]` elsewhere in it means flow style here."""
        pattern = re.compile(rf"^\s*(?:-\s+)?{re.escape(key)}\s*:\s*\[")
        return any(pattern.match(line) for line in self.lines[:self.region_end])

    def _original(self, mapping: PathKey) -> dict:
        node = self.doc.data
        for step in mapping:
            node = node[step]
        return node

    # -- result -------------------------------------------------------------------------
    def render(self) -> str:
        lines = list(self.lines)
        for edit in sorted(self.edits, key=_Edit.sort_key):
            lines[edit.start:edit.end] = edit.lines
        text = "".join(lines)
        if self.unterminated and text.endswith(self.newline):
            text = text[: -len(self.newline)]
        return ("\ufeff" if self.bom else "") + text

    def verified(self, rel_path: str) -> str:
        """The edited text, after checking it reads back as exactly the expected data."""
        text = self.render()
        problems = Problems()
        doc = parse_document(text.lstrip("\ufeff").replace("\r\n", "\n"), rel_path, problems, self.front_matter)
        if doc is None or doc.data != self.expected or doc.body != self.doc.body:
            raise EditError("el resultado no coincide con lo esperado")
        return text


def _trailing_comment(rest: str) -> str:
    """The ` # comment` after a scalar on its line, spacing included, if any (kept when the
    value changes)."""
    text = rest.rstrip()
    lead = len(text) - len(text.lstrip())
    body = text[lead:]
    if body.startswith(('"', "'")):
        quote = body[0]
        close = body.find(quote, 1)
        while quote == '"' and close > 0 and body[close - 1] == "\\":
            close = body.find(quote, close + 1)
        body = body[close + 1:] if close > 0 else ""
    match = re.search(r"\s+#.*$", body)
    return match.group(0) if match else ""
