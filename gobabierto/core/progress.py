"""Progress of long builds and validations: the pipeline calls a plain callback
`progress(stage, done, total)`; this module draws it on a terminal, in one line rewritten in
place, and stays silent when the stream is not a terminal (CI logs, pipes) or when asked."""

from __future__ import annotations

import sys
import time
from typing import Callable, TextIO

Progress = Callable[[str, int, int], None]

STAGES = {
    "registros": "Registros leídos",
    "datos": "Conjuntos de datos validados",
    "paginas": "Páginas escritas",
}


def silent(stage: str, done: int, total: int) -> None:
    """The callback that shows nothing (the pipeline's default)."""


class TerminalProgress:
    """One status line, redrawn at most every `interval` seconds and at the end of each stage."""

    def __init__(self, stream: TextIO, interval: float = 0.1, clock: Callable[[], float] = time.monotonic):
        self.stream = stream
        self.interval = interval
        self.clock = clock
        self.last_draw: float | None = None
        self.stage: str | None = None
        self.width = 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = self.clock()
        new_stage = stage != self.stage
        self.stage = stage
        if not (new_stage or done >= total or self.last_draw is None or now - self.last_draw >= self.interval):
            return
        self.last_draw = now
        self._draw(f"{STAGES.get(stage, stage)}: {done} de {total}")

    def _draw(self, text: str) -> None:
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()
        self.width = len(text)

    def close(self) -> None:
        """Erase the line so what is printed next starts clean."""
        if self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0


def for_terminal(quiet: bool = False, stream: TextIO | None = None) -> TerminalProgress | None:
    """A TerminalProgress on `stream` (stderr by default) if it is a terminal and not quiet."""
    stream = stream if stream is not None else sys.stderr
    if quiet or not getattr(stream, "isatty", lambda: False)():
        return None
    return TerminalProgress(stream)
