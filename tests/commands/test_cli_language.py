"""The command line speaks the site's language: Click's own words in Spanish (English for a
site with `idioma: en`) through the catalogue, JSON in Spanish, one name per option (the
previous release's still accepted, with a notice), -V, shell completion that knows the
record types, and one clear line when run outside a site."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from click.testing import CliRunner

from gobabierto import __version__
from gobabierto.commands import clitext
from gobabierto.commands.cli import main
from helpers import BASE_SITE, make_site, run_cli

# Click's messages that only a programmer declaring options can meet (never a person running
# gobabierto): they stay as Click writes them.
DEVELOPER_ONLY = {
    "d",  # a format code of the progress bar
    "{editor}: Editing failed", "{editor}: Editing failed: {e}", "Windows error: {error}",
    "Name '{name}' defined twice", "Boolean option {decl!r} cannot use the same flag for true/false.",
    "Could not determine name for option with declarations {decls!r}",
    "No options defined but a name was passed ({name}). Did you mean to declare an argument instead? Did you mean"
    " to pass '--{name}'?",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.",
    "%(prog)s, version %(version)s",  # gobabierto gives its own version message
    "Unknown color {colour!r}", "Unknown standard stream '{name}'",
}


def click_messages() -> set:
    """Every message Click marks for translation, read from its installed source."""
    found = set()
    for path in sorted(Path(click.__file__).parent.glob("*.py")):
        for _line, message, _comments, _context in extract_from_file("python", str(path), DEFAULT_KEYWORDS):
            found.add(tuple(message) if isinstance(message, (list, tuple)) else message)
    return found


def test_every_message_of_click_a_person_can_meet_is_translated():
    missing = click_messages() - set(clitext.MESSAGES) - set(clitext.PLURALS) - DEVELOPER_ONLY
    assert missing == set(), "add these to gobabierto/commands/clitext.py"


def test_help_is_in_spanish(tmp_path, monkeypatch):
    monkeypatch.chdir(BASE_SITE)
    result = CliRunner().invoke(main, ["--help"], prog_name="gobabierto")
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == "Uso: gobabierto [OPCIONES] COMANDO [ARGUMENTOS]..."
    assert "Opciones:" in result.output.splitlines() and "Comandos:" in result.output.splitlines()
    assert "  -V, --version  Muestra la versión de gobabierto y termina." in result.output.splitlines()
    assert "  -h, --help     Muestra esta ayuda y termina." in result.output.splitlines()
    build = CliRunner().invoke(main, ["build", "--help"], prog_name="gobabierto").output.splitlines()
    assert build[0] == "Uso: gobabierto build [OPCIONES]"
    assert build[9:11] == ["  --source CARPETA  Carpeta del sitio (la que tiene gobabierto.yml).  [por",
                           "                    omisión: .]"]
    new = CliRunner().invoke(main, ["new", "--help"], prog_name="gobabierto").output.splitlines()
    assert new[0] == "Uso: gobabierto new [OPCIONES] TIPO NOMBRE"
    for text in ("Usage", "Options", "Show this", "default:", "DIRECTORY", "TEXT", "SLUG"):
        assert text not in result.output + "\n".join(build + new), text


def test_usage_errors_are_in_spanish():
    result = run_cli("build", "--source", str(BASE_SITE), "--sin-cach")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "Uso: gobabierto build [OPCIONES]",
        "Para ver la ayuda: gobabierto build --help",
        "",
        "Error: no existe la opción «--sin-cach». ¿Quisiste decir '--no-cache'?"]
    result = run_cli("validate", "--source", str(BASE_SITE), "--format", "xml")
    assert result.stderr.splitlines()[-1] == (
        "Error: valor no válido para '--format': «xml» no es uno de los valores admitidos: 'text', 'json', 'github'.")
    result = run_cli("construir", "--source", str(BASE_SITE))
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == "Error: no existe el comando «construir»."
    result = run_cli("new", "compromiso", "--source", str(BASE_SITE))
    assert result.stderr.splitlines()[-1] == "Error: Falta el argumento 'NOMBRE'."


def test_click_speaks_english_for_a_site_in_english(tmp_path):
    site = make_site(tmp_path / "site", {})
    settings = site / "gobabierto.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("idioma: es-MX", "idioma: en"), encoding="utf-8")
    assert "idioma: en" in settings.read_text(encoding="utf-8")
    result = run_cli("validate", "--source", str(site), "--nada")
    assert result.stderr.splitlines() == [
        "Usage: gobabierto validate [OPTIONS]",
        "Try 'gobabierto validate --help' for help.",
        "",
        "Error: No such option '--nada'."]
    help_text = run_cli("build", "--help", cwd=site).stdout.splitlines()
    assert help_text[0] == "Usage: gobabierto build [OPTIONS]"
    assert "  -h, --help        Show this message and exit." in help_text
    # and back in Spanish for a Spanish site, in the same process
    again = CliRunner().invoke(main, ["validate", "--source", str(BASE_SITE), "--nada"], prog_name="gobabierto")
    assert again.output.splitlines()[0] == "Uso: gobabierto validate [OPCIONES]"


def test_the_site_language_is_read_from_its_settings(tmp_path):
    (tmp_path / "gobabierto.yml").write_text("titulo: x\nidioma: 'en'   # inglés\n", encoding="utf-8")
    assert clitext.site_language(["build", "--source", str(tmp_path)]) == "en"
    assert clitext.site_language([f"--source={tmp_path}"]) == "en"
    assert clitext.site_language(["--source", str(tmp_path / "no-existe")]) == "es-MX"
    (tmp_path / "gobabierto.yml").write_text("titulo: x\nidioma: fr\n", encoding="utf-8")
    assert clitext.site_language(["--source", str(tmp_path)]) == "es-MX"


def test_json_report_is_in_spanish(tmp_path):
    site = make_site(tmp_path / "s", {})
    record = site / "content/compromisos/talleres.md"
    record.write_text(record.read_text(encoding="utf-8").replace("    evidencias: [docs/acta.pdf]\n", "", 1),
                      encoding="utf-8")
    result = run_cli("validate", "--source", str(site), "--format", "json")
    report = json.loads(result.stdout)
    assert report["advertencias"] == 1 and report["errores"] == 0
    assert [(p["codigo"], p["severidad"]) for p in report["problemas"]] == [("hito-sin-evidencia", "advertencia")]


def test_renamed_options_still_work_with_a_notice_and_are_not_in_the_help(tmp_path):
    output = tmp_path / "out"
    result = run_cli("build", "--source", str(BASE_SITE), "--output", str(output), "--sin-cache", "-q",
                     "--url=https://ejemplo.org/")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "aviso: la opción «--sin-cache» ahora se llama «--no-cache»; el nombre anterior dejará de funcionar en la"
        " próxima versión.",
        "aviso: la opción «--url» ahora se llama «--base-url»; el nombre anterior dejará de funcionar en la próxima"
        " versión."]
    assert '<link rel="canonical" href="https://ejemplo.org/">' in (output / "index.html").read_text(encoding="utf-8")
    help_text = run_cli("build", "--help").stdout
    assert "--base-url URL" in help_text and "--no-cache" in help_text
    assert "--sin-cache" not in help_text and "--url " not in help_text


def test_one_name_per_option_across_commands():
    names = {}
    for command in main.commands.values():
        for param in command.params:
            for opt in param.opts:
                names.setdefault(param.name, set()).add(opt)
    assert not any(n.startswith("--sin") or n == "--url" for opts in names.values() for n in opts)
    # the public address is --base-url wherever a command takes it
    assert {opt for opts in names.values() for opt in opts if "url" in opt} == {"--base-url"}


def test_version_with_a_short_option():
    for flag in ("-V", "--version"):
        result = run_cli(flag)
        assert result.returncode == 0 and result.stdout == f"gobabierto {__version__}\n"


@pytest.mark.parametrize("words, cword, expected", [
    ("gobabierto new com", 2, ["plain,compromiso"]),
    ("gobabierto new p", 2, ["plain,plan", "plain,practica", "plain,pagina"]),
    ("gobabierto bu", 1, ["plain,build"]),
    ("gobabierto validate --format j", 3, ["plain,json"]),
])
def test_shell_completion_knows_commands_options_and_record_types(words, cword, expected):
    result = CliRunner().invoke(main, [], prog_name="gobabierto", env={
        "_GOBABIERTO_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": str(cword)})
    assert result.exit_code == 0
    assert result.output.splitlines() == expected


@pytest.mark.parametrize("command", [["build"], ["validate"], ["serve"], ["review"], ["new", "plan", "uno"],
                                     ["export", "x.csv"], ["import", "x.csv"], ["check-links"]])
def test_outside_a_site_one_line_says_so_and_what_to_do(tmp_path, command):
    result = run_cli(*command, cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "Error: esta carpeta no es un sitio de gobabierto (no tiene gobabierto.yml ni content/): entra en la carpeta"
        " del sitio o usa --source con ella, o crea un sitio nuevo con «gobabierto init»."]
    assert not any(tmp_path.iterdir()), "nothing is written outside a site"


def test_a_source_that_does_not_exist_is_one_line_too(tmp_path):
    result = run_cli("validate", "--source", str(tmp_path / "no-existe"))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"Error: no existe la carpeta «{tmp_path / 'no-existe'}»; usa --source con la carpeta del sitio (la que tiene"
        " gobabierto.yml)."]


def test_a_failed_first_build_does_not_speak_of_a_published_site(tmp_path):
    site = make_site(tmp_path / "s", {"content/actividades/jornada-cultural.md": "---\ntitulo: J\nfecha: x\n---\n"})
    result = run_cli("build", "--source", str(site), "--output", str(tmp_path / "nuevo"))
    assert result.returncode == 1 and result.stderr.splitlines()[-1] == "No se escribió nada."
