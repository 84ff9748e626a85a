"""Where each value of a parsed document came from: its position as a path of keys and
list indices, the 1-based line of every key and item, and the original text of unquoted
scalars that YAML retyped (so validation can explain `no` read as false or `05` as 5)."""

from __future__ import annotations

from dataclasses import dataclass, field

PathKey = tuple  # a value's position: keys (str) and list indices (int, 0-based)


def dotted(path: PathKey) -> str:
    """`("hitos", 1, "fecha")` → `hitos.2.fecha` (list positions are shown 1-based)."""
    return ".".join(str(p + 1) if isinstance(p, int) else p for p in path)


@dataclass
class SourceMap:
    """Where each value of a document is, and the original text of retyped scalars."""

    lines: dict[PathKey, int] = field(default_factory=dict)
    plain_text: dict[PathKey, str] = field(default_factory=dict)

    def line(self, path: PathKey) -> int | None:
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())
