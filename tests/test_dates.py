"""Honest dates. Each page says when the content it shows last changed (its record's or
dataset's own, the newest of a listing's), from Git, or from the files when there is no Git
(and then says so, and the build warns once); separately, on which day its statuses were
computed (the build's day). data.json and DCAT give each dataset the day its data last
changed, never the build's."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from datetime import datetime, timezone

from helpers import BASE_EPOCH, make_site, run_cli, tool_missing

FOOTER = re.compile(r"Contenido de esta página modificado por última vez el ([^.<]+)\.( \(Es la fecha de los archivos)?")


def git(cwd, *args, when=None):
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(cwd.parent)}
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    subprocess.run(["git", "-C", str(cwd), "-c", "user.name=Editora", "-c", "user.email=e@example.org", *args],
                   check=True, capture_output=True, env=env)


def footer(output, rel):
    found = FOOTER.search((output / rel / "index.html").read_text(encoding="utf-8"))
    return (found.group(1), bool(found.group(2))) if found else None


def build(site, output):
    result = run_cli("build", "--source", str(site), "--output", str(output))
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_in_git_each_page_gives_the_last_change_of_what_it_shows(tmp_path):
    if shutil.which("git") is None:
        tool_missing("git is not installed (apt-get install git)")
    site = make_site(tmp_path / "sitio", {})
    git(site, "init", "-q")
    git(site, "add", ".")
    git(site, "commit", "-q", "-m", "Primera publicación", when="2025-01-10T10:00:00-06:00")
    talleres = site / "content" / "compromisos" / "talleres.md"
    talleres.write_text(talleres.read_text(encoding="utf-8").replace("Primer taller", "Primer taller abierto"),
                        encoding="utf-8")
    git(site, "commit", "-q", "-am", "Talleres", when="2025-10-02T09:30:00-06:00")
    obras = site / "datasets" / "obras" / "obras.csv"
    obras.write_text(obras.read_text(encoding="utf-8"), encoding="utf-8")  # unchanged: no commit touches it
    output = tmp_path / "_site"
    result = build(site, output)
    assert "historial" not in result.stdout
    assert footer(output, "compromisos/talleres") == ("2 de octubre de 2025", False)
    assert footer(output, "compromisos/portal-de-datos") == ("10 de enero de 2025", False)
    assert footer(output, "compromisos") == ("2 de octubre de 2025", False)   # the newest of those listed
    assert footer(output, "compromisos/por-pilar/innovacion") == ("10 de enero de 2025", False)  # only portal-de-datos
    assert footer(output, "") == ("2 de octubre de 2025", False)
    assert footer(output, "datos/obras") == ("10 de enero de 2025", False)
    assert footer(output, "buscar") is None   # a page with no content of its own
    catalogue = json.loads((output / "data.json").read_text(encoding="utf-8"))
    modified = {d["identifier"].rstrip("/").rsplit("/", 1)[1]: d["modified"] for d in catalogue["dataset"]}
    # the records' tables change with the records, the dataset with its folder; neither is the build's day
    assert modified == {"obras": "2025-01-10", "registros": "2025-10-02"}
    dcat = json.loads((output / "catalogo.jsonld").read_text(encoding="utf-8"))
    assert dcat["dct:modified"] == {"@value": "2025-10-02", "@type": "xsd:date"}
    page = (output / "datos" / "obras" / "index.html").read_text(encoding="utf-8")
    assert '· actualizado el <time datetime="2025-01-10">10 de enero de 2025</time></p>' in page


def test_outside_git_the_dates_are_the_files_and_the_build_says_so(tmp_path):
    site = make_site(tmp_path / "sitio", {})
    day = datetime(2025, 3, 4, 18, tzinfo=timezone.utc).timestamp()  # before the build's moment
    for path in (site / "content").rglob("*"):
        os.utime(path, (day, day))
    talleres = site / "content" / "compromisos" / "talleres.md"
    later = datetime(2025, 6, 7, 18, tzinfo=timezone.utc).timestamp()
    os.utime(talleres, (later, later))
    output = tmp_path / "_site"
    result = build(site, output)
    warnings = [line for line in result.stdout.splitlines() if "[historial-no-disponible]" in line]
    assert warnings == [
        "content: advertencia: el sitio no se construyó desde un repositorio de Git con su historial (o git no está"
        " instalado): la fecha de la última modificación de cada página y la de cada conjunto de datos en data.json se"
        " toman de la fecha de los archivos, que cambia al copiarlos o descargarlos. Construye desde un clon del"
        " repositorio para que sean las de cada cambio [historial-no-disponible]"]
    assert footer(output, "compromisos/talleres") == ("7 de junio de 2025", True)
    assert footer(output, "compromisos/portal-de-datos") == ("4 de marzo de 2025", True)
    # the dataset's files keep their checkout's times, after the build's moment: they count as that moment
    assert footer(output, "datos/obras") == ("21 de noviembre de 2025", True)
    catalogue = json.loads((output / "data.json").read_text(encoding="utf-8"))
    modified = {d["identifier"].rstrip("/").rsplit("/", 1)[1]: d["modified"] for d in catalogue["dataset"]}
    assert modified == {"obras": "2025-11-21", "registros": "2025-06-07"}
    page = (output / "datos" / "registros" / "index.html").read_text(encoding="utf-8")
    assert ('<dt>Última actualización</dt> <dd><time datetime="2025-06-07">7 de junio de 2025</time>'
            ' <span class="meta">(fecha de los archivos; sin historial de cambios)</span></dd>') in page


def test_a_shallow_clone_is_warned_about(tmp_path):
    if shutil.which("git") is None:
        tool_missing("git is not installed (apt-get install git)")
    origin = make_site(tmp_path / "origen", {})
    git(origin, "init", "-q")
    git(origin, "add", ".")
    git(origin, "commit", "-q", "-m", "Uno", when="2025-01-10T10:00:00-06:00")
    (origin / "content" / "paginas" / "nueva.md").write_text("---\ntitulo: Nueva\n---\nTexto.\n", encoding="utf-8")
    git(origin, "add", ".")
    git(origin, "commit", "-q", "-m", "Dos", when="2025-02-10T10:00:00-06:00")
    clone = tmp_path / "clon"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{origin}", str(clone))
    result = build(clone, tmp_path / "_site")
    assert [line for line in result.stdout.splitlines() if "historial" in line] == [
        "content: advertencia: el repositorio es un clon superficial (sin todo su historial): las fechas de la última"
        " modificación y el historial de cambios de cada página solo ven los últimos commits. Clona el repositorio"
        " completo; en GitHub Actions, con «fetch-depth: 0» en actions/checkout [historial-incompleto]"]


def test_every_page_says_when_its_statuses_were_computed(tmp_path):
    site = make_site(tmp_path / "sitio", {})
    output = tmp_path / "_site"
    build(site, output)
    day = datetime.fromtimestamp(int(BASE_EPOCH), timezone.utc).date().isoformat()
    for page in sorted(output.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        assert (f'<p class="calculado" data-calculado="{day}" data-aviso="Atención: los estatus y plazos de esta'
                " página se calcularon el 21 de noviembre de 2025, hace {dias} días; el sitio no se ha vuelto a publicar"
                " desde entonces y pueden haber cambiado.\">Estatus, retrasos y plazos calculados el 21 de noviembre de"
                " 2025, al publicar el sitio.</p>") in text, page
        assert "Información actualizada" not in text
