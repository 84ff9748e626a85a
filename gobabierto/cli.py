"""Command line: parse options, call one pipeline function, print problems, exit.

Exit status: 0 success, 1 content errors, 2 wrong usage. No traceback reaches an editor
unless `--debug` is given."""

from __future__ import annotations

import errno
import sys
import traceback
from pathlib import Path

import click

from . import __version__
from .limits import MAX_PROBLEMS_SHOWN
from .problems import ContentError, Problems, as_json, format_github, format_text, summary

CONTEXT = {"help_option_names": ["-h", "--help"]}


def _shown(problems: Problems) -> tuple[list, int]:
    """The problems to print (errors before warnings when they don't all fit, then in file
    order) and how many are left out."""
    everything = problems.sorted()
    if len(everything) <= MAX_PROBLEMS_SHOWN:
        return everything, 0
    kept = sorted(everything, key=lambda p: p.severity != "error")[:MAX_PROBLEMS_SHOWN]
    kept_ids = {id(p) for p in kept}
    return [p for p in everything if id(p) in kept_ids], len(everything) - len(kept)


def _print_problems(problems: Problems, fmt: str = "text") -> None:
    if fmt == "json":
        click.echo(as_json(problems))
        return
    formatter = format_github if fmt == "github" else format_text
    shown, rest = _shown(problems)
    for problem in shown:
        click.echo(formatter(problem))
    if rest:
        more = (f"… y {rest} problemas más que no se muestran; corrige estos y vuelve a revisar,"
                " o usa --format json para verlos todos.")
        click.echo(f"::notice::{more}" if fmt == "github" else more)
    if fmt == "text":
        click.echo(summary(problems), err=False)


_OS_ERRORS = {
    errno.ENOSPC: "no queda espacio en el disco; libera espacio o elige otra carpeta con --output",
    errno.EDQUOT: "se agotó la cuota de disco; libera espacio o elige otra carpeta con --output",
    errno.EACCES: "no hay permiso para escribir ahí; elige otra carpeta con --output o revisa sus permisos",
    errno.EPERM: "no hay permiso para escribir ahí; elige otra carpeta con --output o revisa sus permisos",
    errno.EROFS: "el disco es de solo lectura; elige otra carpeta con --output",
    errno.ENAMETOOLONG: "una ruta es demasiado larga para el sistema de archivos",
    errno.EMFILE: "hay demasiados archivos abiertos; cierra otros programas y vuelve a intentarlo",
}


def _os_error(exc: OSError) -> str:
    return _OS_ERRORS.get(exc.errno, f"{exc.strerror or exc}; revisa permisos y espacio en disco")


def _unexpected(exc: BaseException, debug: bool) -> None:
    if debug:
        traceback.print_exception(exc)
    click.echo(f"Error interno de gobabierto ({type(exc).__name__}: {exc}). Es un fallo del programa, no de tu"
               " contenido: repórtalo con el comando y la salida de --debug.", err=True)
    sys.exit(3)


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "--version", message="gobabierto %(version)s")
def main() -> None:
    """gobabierto: micrositios de Gobierno Abierto a partir de registros YAML/Markdown y datos abiertos."""


SOURCE = click.option("--source", "source", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
                      show_default=True, help="Carpeta del sitio (la que tiene gobabierto.yml).")
DEBUG = click.option("--debug", is_flag=True, help="Muestra el detalle técnico de un error interno.")


@main.command()
@SOURCE
@click.option("--output", "output", type=click.Path(path_type=Path), default=None,
              help="Carpeta donde se escribe el sitio (por omisión _site dentro del sitio).")
@click.option("--url", "url", default=None, help="Dirección pública, p. ej. https://usuario.github.io/repositorio/")
@click.option("--quiet", "-q", is_flag=True, help="No muestra advertencias ni el resumen.")
@DEBUG
def build(source: Path, output: Path | None, url: str | None, quiet: bool, debug: bool) -> None:
    """Valida todo el contenido y escribe el sitio. Si hay errores no escribe nada."""
    from .pipeline import build_site
    from .write import WriteError

    if not source.is_dir():
        raise click.UsageError(f"no existe la carpeta del sitio «{source}»")
    output = output if output is not None else source / "_site"
    try:
        result = build_site(source, output, url)
    except ContentError as exc:
        _print_problems(exc.problems)
        click.echo("No se escribió nada: el sitio publicado sigue como estaba.", err=True)
        sys.exit(1)
    except WriteError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    except OSError as exc:
        click.echo(f"Error: no se pudo escribir el sitio en «{output}»: {_os_error(exc)}."
                   " El sitio anterior sigue como estaba.", err=True)
        sys.exit(1)
    except Exception as exc:  # noqa: BLE001 — the boundary: a bug, reported without a traceback
        _unexpected(exc, debug)
    if not quiet:
        shown, rest = _shown(result.problems)
        for problem in shown:
            click.echo(format_text(problem))
        if rest:
            click.echo(f"… y {rest} advertencias más que no se muestran; usa «gobabierto validate --format json»"
                       " para verlas todas.")
        click.echo(f"Sitio generado en {result.output}: {result.pages} páginas. {summary(result.problems)}")


@main.command()
@SOURCE
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text", show_default=True,
              help="text para personas, github para anotaciones en pull requests, json para otras herramientas.")
@DEBUG
def validate(source: Path, fmt: str, debug: bool) -> None:
    """Revisa todo el contenido y los datos y muestra todos los problemas a la vez."""
    from .pipeline import load_site

    if not source.is_dir():
        raise click.UsageError(f"no existe la carpeta del sitio «{source}»")
    problems = Problems()
    try:
        load_site(source, problems)
    except Exception as exc:  # noqa: BLE001
        _unexpected(exc, debug)
    _print_problems(problems, fmt)
    sys.exit(1 if problems.has_errors() else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
