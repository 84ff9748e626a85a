"""Click in the site's language: the words Click writes itself («Usage:», «Show this message
and exit.», «No such option», «[default: …]») through the project's catalogue, Spanish by
default and English for a site with `idioma: en`; Spanish placeholders in usage lines
([OPCIONES], COMANDO); and the option names of the previous release, still accepted for one
release with a notice.

Click marks its messages with the standard library's gettext, imported into each of its
modules as `_` and `ngettext`; `install()` points those names at `translate` and
`translate_plural`, which look Click's English message up in the tables below (Spanish,
marked for the catalogue) and translate that with the site's language. A message missing
from the tables is shown as Click wrote it; tests/commands/test_cli_language.py fails when
a Click release adds one that a person can meet."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from gobabierto.core import paths
from gobabierto.text import i18n
from gobabierto.text.i18n import N_, Nn_

# Click's messages that a person running gobabierto can meet, and what they say in Spanish.
# Click's own placeholders are kept by name; «{value}» replaces the English «{value!r}».
MESSAGES: dict[str, str] = {
    "Usage:": N_("Uso:"),
    "Options": N_("Opciones"),
    "Commands": N_("Comandos"),
    "Positional arguments": N_("Argumentos"),
    "Show this message and exit.": N_("Muestra esta ayuda y termina."),
    "Show the version and exit.": N_("Muestra la versión de gobabierto y termina."),
    "Error: {message}": N_("Error: {message}"),
    "Try '{command} {option}' for help.": N_("Para ver la ayuda: {command} {option}"),
    "No such option {name!r}.": N_("no existe la opción «{name}»."),
    "No such command {name!r}.": N_("no existe el comando «{name}»."),
    "Missing command.": N_("falta el comando."),
    "Missing argument": N_("Falta el argumento"),
    "Missing option": N_("Falta la opción"),
    "Missing parameter": N_("Falta el parámetro"),
    "Missing {param_type}": N_("Falta {param_type}"),
    "Missing parameter: {param_name}": N_("falta el parámetro {param_name}"),
    "Invalid value: {message}": N_("valor no válido: {message}"),
    "Invalid value for {param_hint}: {message}": N_("valor no válido para {param_hint}: {message}"),
    "Option {name!r} does not take a value.": N_("la opción «{name}» no lleva valor."),
    "Argument {name!r} takes {nargs} values.": N_("el argumento «{name}» lleva {nargs} valores."),
    "Invalid start character for option ({option})": N_("la opción empieza con un carácter no válido ({option})"),
    "default: {default}": N_("por omisión: {default}"),
    "env var: {var}": N_("variable de entorno: {var}"),
    "required": N_("obligatorio"),
    "(dynamic)": N_("(variable)"),
    "deprecated": N_("obsoleto"),
    "Aborted!": N_("Interrumpido."),
    "Value must be an iterable.": N_("el valor debe ser una lista."),
    "{value!r} is not a valid {number_type}.": N_("«{value}» no es un número válido."),
    "{value} is not in the range {range}.": N_("{value} no está en el intervalo {range}."),
    "{value!r} is not a valid boolean. Recognized values: {states}": N_(
        "«{value}» no es un valor sí/no; se aceptan: {states}"),
    "{value!r} is not a valid UUID.": N_("«{value}» no es un UUID válido."),
    "Choose from:\n\t{choices}": N_("Elige uno de:\n\t{choices}"),
    "Choice({choices})": N_("Uno de ({choices})"),
    "{name} {filename!r} does not exist.": N_("no existe «{filename}»."),
    "{name} {filename!r} is a file.": N_("«{filename}» es un archivo; se esperaba una carpeta."),
    "{name} {filename!r} is a directory.": N_("«{filename}» es una carpeta; se esperaba un archivo."),
    "{name} {filename!r} is not readable.": N_("no hay permiso para leer «{filename}»."),
    "{name} {filename!r} is not writable.": N_("no hay permiso para escribir en «{filename}»."),
    "{name} {filename!r} is not executable.": N_("«{filename}» no se puede ejecutar."),
    "file": N_("archivo"),
    "directory": N_("carpeta"),
    "path": N_("ruta"),
    "Could not open file {filename!r}: {message}": N_("no se pudo abrir «{filename}»: {message}"),
    "unknown error": N_("error desconocido"),
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}": N_(
        "Aviso: el comando «{name}» es obsoleto.{extra_message}"),
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}": N_(
        "Aviso: «{name}» es obsoleto.{extra_message}"),
    "Shell completion is not supported for Bash versions older than 4.4.": N_(
        "El completado de comandos necesita Bash 4.4 o más reciente."),
    "Couldn't detect Bash version, shell completion is not supported.": N_(
        "No se pudo saber la versión de Bash; el completado de comandos no funciona con ella."),
    "Do you want to continue?": N_("¿Quieres continuar?"),
    "Confirm the action without prompting.": N_("Confirma la acción sin preguntar."),
    "Repeat for confirmation": N_("Repite para confirmar"),
    "Error: The two entered values do not match.": N_("Error: los dos valores no coinciden."),
    "Error: invalid input": N_("Error: valor no válido"),
    "Press any key to continue...": N_("Pulsa cualquier tecla para continuar…"),
}
PLURALS: dict[tuple[str, str], tuple[str, str]] = {
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"): Nn_(
        "¿Quisiste decir {possibility}?", "(¿Quisiste decir alguna de estas: {possibilities}?)"),
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"): Nn_(
        "sobra un argumento que el comando no espera ({args})", "sobran argumentos que el comando no espera ({args})"),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."): Nn_(
        "la opción «{name}» necesita un valor.", "la opción «{name}» necesita {nargs} valores."),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."): Nn_(
        "«{value}» no es {choice}.", "«{value}» no es uno de los valores admitidos: {choices}."),
    ("{value!r} does not match the format {format}.", "{value!r} does not match the formats {formats}."): Nn_(
        "«{value}» no tiene el formato {format}.", "«{value}» no tiene ninguno de los formatos {formats}."),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."): Nn_(
        "lleva {nargs} valores y se dio {len}.", "lleva {nargs} valores y se dieron {len}."),
    ("{len_type} values are required, but {len_value} was given.",
     "{len_type} values are required, but {len_value} were given."): Nn_(
        "se necesitan {len_type} valores y se dio {len_value}.", "se necesitan {len_type} valores y se dieron"
                                                                  " {len_value}."),
}
# Click's modules that mark messages for translation.
CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "shell_completion", "termui", "types")

_language = i18n.language(i18n.SOURCE)


def translate(message: str) -> str:
    """One of Click's messages in the site's language (as Click wrote it when unknown)."""
    spanish = MESSAGES.get(message)
    return message if spanish is None else _language.translations.gettext(spanish)


def translate_plural(singular: str, plural: str, n: int) -> str:
    spanish = PLURALS.get((singular, plural))
    if spanish is None:
        return singular if n == 1 else plural
    return _language.translations.ngettext(spanish[0], spanish[1], n)


def install() -> None:
    """Click's modules write their messages through `translate` from now on."""
    for name in CLICK_MODULES:
        module = sys.modules.get(f"click.{name}") or __import__(f"click.{name}", fromlist=["_"])
        if hasattr(module, "_"):
            module._ = translate
        if hasattr(module, "ngettext"):
            module.ngettext = translate_plural


_IDIOMA = re.compile(r"""^idioma:[ \t]*["']?([A-Za-z-]+)["']?[ \t]*(?:#.*)?$""", re.M)


def site_language(args: list[str]) -> str:
    """The `idioma` of the site the command line names (`--source`, else the current
    folder), read from gobabierto.yml without the YAML parser so that --help stays fast;
    the source language when there is none or it cannot be read."""
    source = Path(".")
    for index, arg in enumerate(args):
        if arg == "--source" and index + 1 < len(args):
            source = Path(args[index + 1])
        elif arg.startswith("--source="):
            source = Path(arg.split("=", 1)[1])
    try:
        text = (source / paths.SETTINGS_FILE).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return i18n.SOURCE
    found = _IDIOMA.search(text)
    return found.group(1) if found and found.group(1) in i18n.LANGUAGES else i18n.SOURCE


def use_language(tag: str) -> None:
    global _language
    _language = i18n.language(tag)


# Options renamed in this release: the old name still works, with a notice, until the next.
RENAMED = {"--sin-cache": "--no-cache", "--url": "--base-url"}


def renamed(args: list[str], known: set[str]) -> list[str]:
    """`args` with the old names of the options a command has (`known`) in their new names;
    tells the person on stderr, once per name."""
    out = []
    for arg in args:
        name, equals, value = arg.partition("=")
        new = RENAMED.get(name)
        if new is not None and new in known and name not in known:
            click.echo(f"aviso: la opción «{name}» ahora se llama «{new}»; el nombre anterior dejará de funcionar en"
                       " la próxima versión.", err=True)
            arg = new + equals + value
        out.append(arg)
    return out


OPTIONS_METAVAR = N_("[OPCIONES]")
COMMAND_METAVAR = N_("COMANDO [ARGUMENTOS]...")


def _usage_pieces(pieces: list[str]) -> list[str]:
    """A usage line's placeholders for options and commands in the site's language."""
    return [_language.translations.gettext(p) if p in (OPTIONS_METAVAR, COMMAND_METAVAR) else p for p in pieces]


class Command(click.Command):
    """A command whose usage line and help option speak the site's language, and that
    accepts the previous release's option names."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        super().__init__(*args, **kwargs)

    def get_help_option(self, ctx: click.Context):
        option = super().get_help_option(ctx)
        if option is not None:  # created once and kept by Click: its help follows the language
            option.help = translate("Show this message and exit.")
        return option

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        return _usage_pieces(super().collect_usage_pieces(ctx))

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        known = {name for param in self.params for name in param.opts}
        return super().parse_args(ctx, renamed(args, known))


class Group(click.Group):
    """The `gobabierto` group: chooses the language from the site before Click says anything."""

    command_class = Command

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        kwargs.setdefault("subcommand_metavar", COMMAND_METAVAR)
        super().__init__(*args, **kwargs)

    def get_help_option(self, ctx: click.Context):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = translate("Show this message and exit.")
        return option

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        return _usage_pieces(super().collect_usage_pieces(ctx))

    def main(self, args=None, *rest, **kwargs):
        given = list(sys.argv[1:] if args is None else args)
        use_language(site_language(given))
        for param in self.params:
            if param.name == "version":
                param.help = translate("Show the version and exit.")
        return super().main(given, *rest, **kwargs)


install()
