"""What the commands print: problems in the three formats (text, github, json), the
progress line, errors of the system in words, and the line for a bug."""

from __future__ import annotations

import errno
import sys
import traceback
from contextlib import contextmanager

import click

from gobabierto.core.problems import (
    MAX_PROBLEMS_SHOWN,
    Problems,
    as_json,
    format_github,
    format_text,
    summary,
)
from gobabierto.core.progress import for_terminal, silent


def shown_problems(problems: Problems) -> tuple[list, int]:
    """The problems to print (errors before warnings when they don't all fit, then in file
    order) and how many are left out."""
    everything = problems.sorted()
    if len(everything) <= MAX_PROBLEMS_SHOWN:
        return everything, 0
    kept = sorted(everything, key=lambda p: p.severity != "error")[:MAX_PROBLEMS_SHOWN]
    kept_ids = {id(p) for p in kept}
    return [p for p in everything if id(p) in kept_ids], len(everything) - len(kept)


def print_problems(problems: Problems, fmt: str = "text") -> None:
    if fmt == "json":
        click.echo(as_json(problems))
        return
    formatter = format_github if fmt == "github" else format_text
    shown, rest = shown_problems(problems)
    for problem in shown:
        click.echo(formatter(problem))
    if rest:
        more = (f"… y {rest} problemas más que no se muestran; corrige estos y vuelve a revisar,"
                " o usa --format json para verlos todos.")
        click.echo(f"::notice::{more}" if fmt == "github" else more)
    if fmt == "text":
        click.echo(summary(problems), err=False)


@contextmanager
def progress_for(quiet: bool):
    """The progress callback for a command: drawn on stderr when it is a terminal."""
    display = for_terminal(quiet)
    try:
        yield display or silent
    finally:
        if display is not None:
            display.close()


OS_ERRORS = {
    errno.ENOSPC: "no queda espacio en el disco; libera espacio o elige otra carpeta con --output",
    errno.EDQUOT: "se agotó la cuota de disco; libera espacio o elige otra carpeta con --output",
    errno.EACCES: "no hay permiso para escribir ahí; elige otra carpeta con --output o revisa sus permisos",
    errno.EPERM: "no hay permiso para escribir ahí; elige otra carpeta con --output o revisa sus permisos",
    errno.EROFS: "el disco es de solo lectura; elige otra carpeta con --output",
    errno.ENAMETOOLONG: "una ruta es demasiado larga para el sistema de archivos",
    errno.EMFILE: "hay demasiados archivos abiertos; cierra otros programas y vuelve a intentarlo",
}


def os_error(exc: OSError) -> str:
    return OS_ERRORS.get(exc.errno, f"{exc.strerror or exc}; revisa permisos y espacio en disco")


def unexpected(exc: BaseException, debug: bool) -> None:
    if debug:
        traceback.print_exception(exc)
    click.echo(f"Error interno de gobabierto ({type(exc).__name__}: {exc}). Es un fallo del programa, no de tu"
               " contenido: repórtalo con el comando y la salida de --debug.", err=True)
    sys.exit(3)


def explanation(reasons: dict[str, str], skipped: bool) -> str:
    """`build --explicar`: what was redone and why, grouped by reason (the commonest first),
    each group's files listed."""
    if skipped:
        return "Nada que rehacer: ningún archivo del sitio cambió desde la última construcción."
    if not reasons:
        return "Nada se generó de nuevo: todo salió de la caché."
    groups: dict[str, list[str]] = {}
    for what, why in sorted(reasons.items()):
        groups.setdefault(why, []).append(what)
    lines = [f"Por qué se rehizo cada cosa ({len(reasons)}):"]
    for why, items in sorted(groups.items(), key=lambda item: (-len(item[1]), item[0])):
        lines.append(f"- {why} ({len(items)}):")
        lines.extend(f"    {item}" for item in items)
    return "\n".join(lines)
