"""Command line: parse options, call one pipeline function, print problems, exit.

Exit status: 0 success, 1 content errors, 2 wrong usage. No traceback reaches an editor
unless `--debug` is given."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import click

from gobabierto import __version__
from gobabierto.build.explain import Reasons
from gobabierto.build.result import SIZE_CODES
from gobabierto.build.site import build_site
from gobabierto.build.write import WriteError
from gobabierto.commands import clitext
from gobabierto.commands.console import explanation, os_error, print_problems, progress_for, shown_problems, unexpected
from gobabierto.core import paths
from gobabierto.core.problems import ContentError, Problems, format_text, github_escape, plural, summary
from gobabierto.core.progress import for_terminal
from gobabierto.core.slugs import suggest

CONTEXT = {"help_option_names": ["-h", "--help"]}


@click.group(cls=clitext.Group, context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", message="gobabierto %(version)s")
def main() -> None:
    """gobabierto: micrositios de Gobierno Abierto a partir de registros YAML/Markdown y datos abiertos.

    Cada comando tiene su ayuda: gobabierto build --help. Para completar comandos y opciones con la
    tecla Tab, mira «Completar con Tab» en el README."""


SOURCE = click.option("--source", "source", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
                      show_default=True, metavar="CARPETA", help="Carpeta del sitio (la que tiene gobabierto.yml).")
DEBUG = click.option("--debug", is_flag=True, help="Muestra el detalle técnico de un error interno.")
BASE_URL_HELP = "Dirección pública del sitio, p. ej. https://usuario.github.io/repositorio/"


def _require_site(source: Path) -> None:
    """Stop, in one line, when `source` is not a site: say so and what to do."""
    if (source / paths.SETTINGS_FILE).is_file() or (source / paths.CONTENT).is_dir():
        return
    where = "esta carpeta" if source == Path(".") else f"«{source}»"
    if not source.is_dir():
        message = f"no existe la carpeta «{source}»; usa --source con la carpeta del sitio (la que tiene gobabierto.yml)"
    else:
        message = (f"{where} no es un sitio de gobabierto (no tiene gobabierto.yml ni content/): entra en la carpeta"
                   " del sitio o usa --source con ella, o crea un sitio nuevo con «gobabierto init»")
    click.echo(f"Error: {message}.", err=True)
    sys.exit(2)


@main.command()
@SOURCE
@click.option("--output", "output", type=click.Path(path_type=Path), default=None, metavar="CARPETA",
              help="Carpeta donde se escribe el sitio (por omisión _site dentro del sitio).")
@click.option("--base-url", "url", default=None, metavar="URL",
              help=BASE_URL_HELP + " (por omisión la «url» de gobabierto.yml).")
@click.option("--quiet", "-q", is_flag=True, help="No muestra el progreso, las advertencias ni el resumen (salvo el"
              " aviso de que el sitio se acerca a su límite de tamaño, «limite_publicacion»).")
@click.option("--no-cache", "no_cache", is_flag=True,
              help="Genera todo desde cero: no reutiliza las páginas ni los registros guardados en .gobabierto-cache/"
                   " por construcciones anteriores.")
@click.option("--explicar", "explain", is_flag=True,
              help="Dice por qué se generó de nuevo cada página, cada parte de los datos abiertos y cada"
                   " fragmento del índice de búsqueda (qué registro, plantilla o ajuste cambió).")
@DEBUG
def build(source: Path, output: Path | None, url: str | None, quiet: bool, no_cache: bool, explain: bool,
          debug: bool) -> None:
    """Valida todo el contenido y escribe el sitio. Si hay errores no escribe nada.

    Reutiliza lo que no cambió desde la construcción anterior (la caché está en .gobabierto-cache/);
    el resultado es idéntico al de una construcción desde cero."""
    _require_site(source)
    output = output if output is not None else source / "_site"
    try:
        with progress_for(quiet) as progress:
            reasons = Reasons() if explain else None
            result = build_site(source, output, url, progress, use_cache=not no_cache, reasons=reasons)
    except ContentError as exc:
        print_problems(exc.problems)
        click.echo("No se escribió nada: el sitio publicado sigue como estaba." if output.is_dir()
                   else "No se escribió nada.", err=True)
        sys.exit(1)
    except WriteError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    except OSError as exc:
        click.echo(f"Error: no se pudo escribir el sitio en «{output}»: {os_error(exc)}."
                   " El sitio anterior sigue como estaba.", err=True)
        sys.exit(1)
    except Exception as exc:  # noqa: BLE001 — the boundary: a bug, reported without a traceback
        unexpected(exc, debug)
    if quiet:
        for problem in result.problems.sorted():
            if problem.code in SIZE_CODES:
                click.echo(format_text(problem))
    else:
        shown, rest = shown_problems(result.problems)
        for problem in shown:
            click.echo(format_text(problem))
        if rest:
            click.echo(f"… y {rest} advertencias más que no se muestran; usa «gobabierto validate --format json»"
                       " para verlas todas.")
        if result.footprint is not None:  # before the verdict, which stays the summary's last line
            click.echo(result.footprint.line())
        if result.skipped:
            click.echo(f"El sitio en {result.output} ya estaba al día: ningún archivo cambió desde la última"
                       f" construcción ({plural(result.pages, 'página', 'páginas')} sin cambios)."
                       f" {summary(result.problems)}")
        else:
            click.echo(f"Sitio generado en {result.output}: {plural(result.pages, 'página', 'páginas')}"
                       f" ({len(result.rendered)} {'generada' if len(result.rendered) == 1 else 'generadas'},"
                       f" {result.reused} sin cambios). {summary(result.problems)}")
        if result.drafts:
            click.echo(result.drafts_note())
    if reasons is not None:
        click.echo(explanation(reasons, result.skipped))


@main.command()
@SOURCE
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text", show_default=True,
              help="text para personas, github para anotaciones en pull requests, json para otras herramientas.")
@click.option("--quiet", "-q", is_flag=True, help="No muestra el progreso mientras revisa.")
@DEBUG
def validate(source: Path, fmt: str, quiet: bool, debug: bool) -> None:
    """Revisa todo el contenido y los datos y muestra todos los problemas a la vez."""
    from gobabierto.build.stages import load_site  # lazy: only this command loads it

    _require_site(source)
    problems = Problems()
    try:
        with progress_for(quiet) as progress:
            load_site(source, problems, progress)
    except Exception as exc:  # noqa: BLE001
        unexpected(exc, debug)
    print_problems(problems, fmt)
    sys.exit(1 if problems.has_errors() else 0)


@main.command("check-links")
@SOURCE
@click.option("--output", "output", type=click.Path(path_type=Path), default=None, metavar="CARPETA",
              help="Carpeta del sitio ya construido (por omisión _site dentro del sitio).")
@click.option("--base-url", "base_url", default=None, metavar="URL",
              help="Dirección con la que se construyó el sitio (por omisión la que dice su página de inicio,"
                   " o la «url» de gobabierto.yml).")
@click.option("--external", is_flag=True, help="Revisa también los enlaces a otros sitios (necesita internet).")
@click.option("--timeout", "timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True,
              metavar="SEGUNDOS",
              help="Segundos de espera por cada enlace externo.")
@click.option("--format", "fmt", type=click.Choice(["text", "github"]), default="text", show_default=True,
              help="text para personas, github para anotaciones en GitHub Actions.")
@DEBUG
def check_links(source: Path, output: Path | None, base_url: str | None, external: bool, timeout: float, fmt: str,
                debug: bool) -> None:
    """Revisa que cada enlace y archivo del sitio construido exista (y, con --external, que los enlaces
    a otros sitios respondan)."""
    from gobabierto.commands import linkcheck  # lazy: only this command loads it

    if output is None:
        _require_site(source)
    output = output if output is not None else source / "_site"
    if not output.is_dir():
        raise click.UsageError(f"no existe la carpeta «{output}»: construye el sitio primero con «gobabierto build»")
    try:
        if base_url is None:
            base_url = linkcheck.built_for(output, source)
        broken = linkcheck.check_links(output, base_url)
        if external:
            broken += linkcheck.check_external(linkcheck.external_links(output, base_url), timeout)
        pages = linkcheck.count_pages(output)
    except Exception as exc:  # noqa: BLE001
        unexpected(exc, debug)
    for link in broken:
        if fmt == "github":
            click.echo(f"::error title=Enlace roto::{github_escape(str(link))}")
        else:
            click.echo(str(link))
    where = f" (dirección {base_url})" if base_url else ""
    kind = "Los enlaces internos y externos" if external else "Los enlaces internos"
    if broken:
        count = len(broken)
        click.echo(f"{count} enlace{'s' if count != 1 else ''} roto{'s' if count != 1 else ''} en"
                   f" {plural(pages, 'página revisada', 'páginas revisadas')}{where}.")
        sys.exit(1)
    click.echo(f"{kind} funcionan: {plural(pages, 'página revisada', 'páginas revisadas')}{where}.")


@main.command()
@SOURCE
@click.option("--base", "base", default=None, metavar="RAMA",
              help="Rama o commit con el que se compara, p. ej. origin/main (sin ella no lista cambios).")
@click.option("--output", "output", type=click.Path(path_type=Path), default=None, metavar="CARPETA",
              help="Sitio ya construido cuyos enlaces se revisan (sin ella no se revisan enlaces).")
@click.option("--base-url", "base_url", default=None, metavar="URL", help="Dirección con la que se construyó el sitio.")
@DEBUG
def review(source: Path, base: str | None, output: Path | None, base_url: str | None, debug: bool) -> None:
    """Resumen en Markdown para una propuesta de cambios (pull request): registros y datos añadidos o
    cambiados, problemas del contenido y enlaces rotos. Siempre sale con 0: los pasos validate, build y
    check-links son los que fallan."""
    from gobabierto.commands.review import review as make_review  # lazy: only this command loads it

    _require_site(source)
    try:
        report, _ok = make_review(source, base, output, base_url)
    except Exception as exc:  # noqa: BLE001
        unexpected(exc, debug)
    click.echo(report)


@main.command(short_help="Vista previa local que se actualiza al guardar.")
@SOURCE
@click.option("--port", "port", type=click.IntRange(0, 65535), default=8000, show_default=True, metavar="N",
              help="Puerto en 127.0.0.1 (0 elige uno libre).")
@click.option("--quiet", "-q", is_flag=True, help="No muestra el progreso de cada construcción.")
def serve(source: Path, port: int, quiet: bool) -> None:
    """Vista previa local: construye el sitio, lo sirve en http://127.0.0.1:PUERTO/ y, cada vez que
    guardas un archivo, lo reconstruye y actualiza el navegador. Si el contenido tiene errores, el
    navegador los muestra en lugar de la página. Ctrl+C para terminar."""
    from gobabierto.commands.serve import Preview  # lazy: only this command loads it

    _require_site(source)
    try:
        preview = Preview(source, port=port, progress_factory=lambda: for_terminal(quiet))
    except OSError as exc:
        click.echo(f"Error: no se pudo abrir el puerto {port} en 127.0.0.1 ({exc.strerror or exc}). Si otra vista"
                   " previa u otro programa lo usa, elige otro con --port (por ejemplo --port 8001, o --port 0"
                   " para uno libre).", err=True)
        sys.exit(1)
    click.echo(f"Vista previa en {preview.url} — se actualiza al guardar. Ctrl+C para terminar.")

    def stop_on_terminate(signum, frame):  # a terminated preview cleans up like Ctrl+C
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop_on_terminate)
    # Ctrl+C stops the preview even when it was started from a script in the background (a
    # shell then starts it with SIGINT ignored, and Python leaves it ignored)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        preview.serve_forever()
    except KeyboardInterrupt:
        click.echo("\nVista previa detenida.")


def _complete_types(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    """Record types for shell completion (`gobabierto new <Tab>`)."""
    from gobabierto.content.records import RECORD_TYPES  # lazy: only completion needs the table

    return [kind for kind in RECORD_TYPES if kind.startswith(incomplete)]


@main.command("new", short_help="Crea un registro nuevo listo para llenar.")
@click.argument("tipo", metavar="TIPO", shell_complete=_complete_types)
@click.argument("slug", metavar="NOMBRE")
@SOURCE
@click.option("--format", "fmt", type=click.Choice(["md", "yml"]), default="md", show_default=True,
              help="md: campos y texto en Markdown; yml: solo campos (el editor los completa con los esquemas).")
def new(tipo: str, slug: str, source: Path, fmt: str) -> None:
    """Crea un registro nuevo con sus campos, listo para llenar: gobabierto new compromiso agua-potable.

    TIPO es municipio, plan, compromiso, sesion, practica, convocatoria, manifestacion,
    actividad o pagina; NOMBRE es el identificador, que será el nombre del archivo y la dirección
    de la página (minúsculas, números y guiones)."""
    from gobabierto.commands.scaffold import ScaffoldError, new_record  # lazy: only this command loads it

    _require_site(source)
    try:
        path = new_record(source, tipo, slug, fmt)
    except ScaffoldError as exc:
        if exc.usage:
            raise click.UsageError(str(exc)) from None
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    except OSError as exc:
        click.echo(f"Error: no se pudo crear el archivo: {exc.strerror or exc}.", err=True)
        sys.exit(1)
    rel = path.relative_to(source).as_posix()
    click.echo(f"Se creó {rel} como borrador («borrador: true»: no se publica). Llena los campos vacíos, revisa con"
               " «gobabierto validate» (o míralo con «gobabierto serve») y borra esa línea cuando esté listo.")


@main.command("export", short_help="Hitos e indicadores de los compromisos a un CSV.")
@click.argument("archivo", type=click.Path(dir_okay=False, path_type=Path))
@SOURCE
@click.option("--plan", "plan", default=None, metavar="PLAN", help="Solo los compromisos de este plan (su identificador).")
@click.option("--force", is_flag=True, help="Sobrescribe ARCHIVO si ya existe.")
def export(archivo: Path, source: Path, plan: str | None, force: bool) -> None:
    """Escribe en ARCHIVO (un CSV) los hitos y los indicadores de los compromisos, para
    actualizarlos en una hoja de cálculo y traerlos de vuelta con «gobabierto import ARCHIVO»."""
    from gobabierto.commands import bulk  # lazy: only this command loads it

    _require_site(source)
    if archivo.exists() and not force:
        click.echo(f"Error: ya existe «{archivo}»; no se sobrescribe para no perder cambios que tenga. Usa otro nombre,"
                   " impórtalo primero o añade --force.", err=True)
        sys.exit(1)
    if plan is not None:
        plans = bulk.known_plans(source)
        if plan not in plans:
            raise click.UsageError(f"no existe el plan «{plan}».{suggest(plan, plans)}")
    problems = Problems()
    rows = bulk.export_rows(source, problems, plan)
    if problems.has_errors():
        print_problems(problems)
        click.echo("No se escribió el archivo: corrige primero esos errores.", err=True)
        sys.exit(1)
    try:
        bulk.write_csv(rows, archivo)
    except OSError as exc:
        click.echo(f"Error: no se pudo escribir «{archivo}»: {exc.strerror or exc}.", err=True)
        sys.exit(1)
    milestones = sum(1 for r in rows if r["tipo"] == "hito")
    commitments = len({r["compromiso"] for r in rows})
    click.echo(f"Se exportaron {plural(milestones, 'hito', 'hitos')} y"
               f" {plural(len(rows) - milestones, 'indicador', 'indicadores')} de"
               f" {plural(commitments, 'compromiso', 'compromisos')} a {archivo}. Cambia las columnas cumplido, evidencias, valor y fecha_valor, guarda como CSV UTF-8"
               f" y ejecuta «gobabierto import {archivo}».")


@main.command("import", short_help="Trae de un CSV cumplimientos, evidencias y valores.")
@click.argument("archivo", type=click.Path(dir_okay=False, path_type=Path))
@SOURCE
@click.option("--dry-run", is_flag=True, help="Muestra qué cambiaría, sin escribir nada.")
@DEBUG
def import_command(archivo: Path, source: Path, dry_run: bool, debug: bool) -> None:
    """Lleva a los archivos de los compromisos las fechas de cumplimiento, evidencias y valores de
    indicadores de ARCHIVO (un CSV de «gobabierto export»). Revisa todas las filas antes de
    escribir: si alguna tiene un error, no cambia ningún archivo."""
    from gobabierto.commands.bulk_import import import_csv  # lazy: only this command loads it

    _require_site(source)
    if not archivo.is_file():
        raise click.UsageError(f"no existe el archivo «{archivo}»")
    try:
        outcome = import_csv(source, archivo, str(archivo), dry_run=dry_run)
    except OSError as exc:
        click.echo(f"Error: no se pudieron escribir los archivos: {exc.strerror or exc}. No se cambió ninguno.", err=True)
        sys.exit(1)
    except Exception as exc:  # noqa: BLE001
        unexpected(exc, debug)
    for problem in outcome.problems.sorted():
        click.echo(format_text(problem))
    if outcome.problems.has_errors():
        for hint in outcome.hints:
            click.echo(hint)
        click.echo(f"{summary(outcome.problems)} No se cambió ningún archivo.")
        sys.exit(1)
    for change in outcome.changes:
        where = f"{change.path}:{change.line}" if change.line else change.path
        click.echo(f"{where}: {change.field}: {change.after_text()} (antes: {change.before_text()})")
    if not outcome.changes:
        rows = "la fila coincide" if outcome.rows == 1 else f"las {outcome.rows} filas coinciden"
        click.echo(f"Sin cambios: {rows} con los archivos.")
    else:
        changed = len(outcome.changes)
        verb = ("Se cambiaría" if changed == 1 else "Se cambiarían") if dry_run else \
            ("Se cambió" if changed == 1 else "Se cambiaron")
        click.echo(f"{verb} {plural(changed, 'valor', 'valores')} en {plural(len(outcome.files), 'archivo', 'archivos')}"
                   + (" (--dry-run: no se escribió nada)." if dry_run else "."))


@main.command("schemas", short_help="Escribe los esquemas JSON para el editor.")
@SOURCE
@click.option("--output", "output", type=click.Path(file_okay=False, path_type=Path), default=None,
              metavar="CARPETA", help="Carpeta donde se escriben (por omisión schemas/ dentro del sitio).")
def schemas_command(source: Path, output: Path | None) -> None:
    """Escribe los esquemas JSON de cada tipo de registro y de gobabierto.yml, para que el editor
    (VS Code con la extensión YAML) complete los campos y marque errores mientras escribes."""
    from gobabierto.publish.schemas import write_schemas  # lazy: only this command loads it

    folder = output if output is not None else source / "schemas"
    try:
        written = write_schemas(folder)
    except OSError as exc:
        click.echo(f"Error: no se pudieron escribir los esquemas en «{folder}»: {exc.strerror or exc}.", err=True)
        sys.exit(1)
    click.echo(f"{plural(len(written), 'esquema', 'esquemas')} en {folder}.")


@main.command("init", short_help="Crea el repositorio de un sitio nuevo, listo para publicar.")
@click.argument("carpeta", type=click.Path(path_type=Path))
@click.option("--municipio", default=None, help="Nombre del municipio o la institución (si no, se pregunta o queda"
              " un texto en MAYÚSCULAS para cambiar).")
@click.option("--estado", default=None, help="Entidad federativa.")
@click.option("--titulo", default=None, help="Título del sitio (por omisión «Gobierno Abierto de MUNICIPIO»).")
@click.option("--vacio", is_flag=True, help="Sin registros ni datos de ejemplo.")
@click.option("--desde", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Carpeta con el wheel o el sdist de esta versión de gobabierto, para fijar sus huellas sin"
                   " consultar PyPI.")
def init_command(carpeta: Path, municipio: str | None, estado: str | None, titulo: str | None, vacio: bool,
                 desde: Path | None) -> None:
    """Crea en CARPETA (nueva o vacía) el repositorio de un sitio, con un ejemplo de cada tipo de
    registro, un README para quien edita, los flujos de GitHub y esta versión de gobabierto fijada
    por sus huellas en requirements.txt (Dependabot propondrá cada versión nueva)."""
    from gobabierto.commands import init  # lazy: only this command loads it

    try:
        site = init.create(carpeta, municipio, estado, titulo, vacio, desde, interactive=sys.stdin.isatty())
    except init.InitError as exc:
        click.echo(f"Error: {exc} No se escribió nada.", err=True)
        sys.exit(1)
    except OSError as exc:
        click.echo(f"Error: no se pudo escribir en «{carpeta}» ({exc.strerror or exc}); revisa sus permisos y el"
                   " espacio en disco. Se borró lo que se alcanzó a escribir.", err=True)
        sys.exit(1)
    click.echo(init.summary(site))


if __name__ == "__main__":  # pragma: no cover
    main()
