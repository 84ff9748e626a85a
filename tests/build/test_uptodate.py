"""Nothing changed, nothing rebuilt (stamp.py): a build whose inputs are all as the last
build left them returns at once without reading a record; any change to anything the output
is made of — and any doubt — means a build, whose output is that of a clean build."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gobabierto.build import engine, stages, stamp, write
from gobabierto.core import paths
from gobabierto.datasets import cache as datacache
from gobabierto.publish import search
from gobabierto.build.site import build_site
from gobabierto.core.problems import ContentError, Problems
from helpers import BASE_EPOCH, ROOT, copy_site, fixed_day_without_search, run_cli, tool_missing, tree_digest

TALLERES = Path("content") / "compromisos" / "talleres.md"
CSV = Path("datasets") / "obras" / "obras.csv"


@pytest.fixture(autouse=True)
def _fixed_day_no_search(monkeypatch):
    fixed_day_without_search(monkeypatch)


def _stamp_path(site: Path) -> Path:
    return paths.cache_dir(site) / stamp.NAME


def _age(site: Path) -> None:
    """As if the last build had started just after the racy window of its newest input (the
    tests' sites are copied an instant before they are built: every stamp is racy)."""
    path = _stamp_path(site)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["momento_ns"] = data["mas_reciente_ns"] + datacache.RACY_NS + 1
    path.write_text(json.dumps(data), encoding="utf-8")


def _clean(site: Path, scratch: Path, base_url: str | None = None) -> dict[str, str]:
    """What a clean build of `site`'s sources writes (a copy without the cache)."""
    copy = scratch / "limpio"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns(".gobabierto-cache"), symlinks=True)
    output = scratch / "limpio-salida"
    shutil.rmtree(output, ignore_errors=True)
    build_site(copy, output, base_url, use_cache=False)
    return tree_digest(output)


def _no_reading(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("a skipped build read the site")

    monkeypatch.setattr(stages, "load_site", refuse)


@pytest.fixture
def built(tmp_path):
    """A site built once, its stamp aged past the racy window: the next build may skip."""
    site = copy_site(tmp_path / "sitio")
    output = tmp_path / "salida"
    first = build_site(site, output)
    assert not first.skipped and _stamp_path(site).is_file()
    _age(site)
    return site, output, first


def test_a_build_with_nothing_changed_is_skipped_and_reads_nothing(built, monkeypatch):
    site, output, first = built
    before, identity = tree_digest(output), os.stat(output).st_ino
    stamp_before = _stamp_path(site).read_bytes()
    _no_reading(monkeypatch)
    again = build_site(site, output)
    assert again.skipped and again.site is None
    assert again.pages == first.pages and again.rendered == frozenset() and again.reused == first.pages
    assert again.problems.sorted() == first.problems.sorted()
    assert tree_digest(output) == before and os.stat(output).st_ino == identity  # not even swapped
    assert _stamp_path(site).read_bytes() == stamp_before
    assert build_site(site, output).skipped  # and again


def _edit_record(site: Path) -> None:
    path = site / TALLERES
    path.write_text(path.read_text(encoding="utf-8").replace("titulo: ", "titulo: Nuevos ", 1), encoding="utf-8")


def _same_bytes_new_time(site: Path) -> None:
    path = site / TALLERES
    path.write_bytes(path.read_bytes())
    os.utime(path, ns=(time.time_ns(), time.time_ns()))


def _same_size_and_time(site: Path) -> None:
    """A change that keeps the size and puts the modification time back (`touch -r`, some
    copy tools): the change time and what git's rule catches still tell."""
    path = site / TALLERES
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    assert "Talleres" in text
    path.write_text(text.replace("Talleres", "Tall3res", 1), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns


def _add_record(site: Path) -> None:
    (site / "content" / "compromisos" / "nuevo.md").write_text(
        "---\ntitulo: Nuevo compromiso\nplan: primer-plan\nmunicipio: rio-bajo\nproblematica: Algo.\n"
        "objetivo: Otra cosa.\npilares: [transparencia]\nresponsable: Alguien\nfecha_inicio: 2025-01-01\n"
        "fecha_fin: 2026-06-30\nhitos:\n  - descripcion: Un paso\n    fecha: 2025-10-30\n---\n\nTexto.\n",
        encoding="utf-8")


def _delete_record(site: Path) -> None:
    (site / "content" / "actividades" / "jornada-cultural.md").unlink()


def _edit_csv(site: Path) -> None:
    path = site / CSV
    lines = path.read_text(encoding="utf-8").split("\n")
    cells = lines[2].split(",")
    cells[2] = "987654"
    lines[2] = ",".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8")


def _add_dataset(site: Path) -> None:
    shutil.copytree(site / "datasets" / "obras", site / "datasets" / "obras-dos")
    descriptor = site / "datasets" / "obras-dos" / "datapackage.yaml"
    text = descriptor.read_text(encoding="utf-8")
    assert text.startswith("name: obras\n")
    descriptor.write_text(text.replace("name: obras\n", "name: obras-dos\n", 1), encoding="utf-8")


def _add_static(site: Path) -> None:
    (site / "static" / "docs").mkdir(parents=True, exist_ok=True)
    (site / "static" / "docs" / "nuevo.txt").write_text("un archivo más\n", encoding="utf-8")


def _override_template(site: Path) -> None:
    theme = ROOT / "templates" / "sesion.html"
    (site / "templates").mkdir(exist_ok=True)
    text = theme.read_text(encoding="utf-8")
    (site / "templates" / "sesion.html").write_text(text.replace("</main>", "<!-- propia -->\n</main>", 1)
                                                    if "</main>" in text else text + "{# propia #}\n", encoding="utf-8")


def _edit_settings(site: Path) -> None:
    path = site / "gobabierto.yml"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines = ["titulo: Otro gobierno" if line.startswith("titulo:") else line for line in lines]
    path.write_text("\n".join(lines), encoding="utf-8")


SOURCE_CHANGES = {
    "a record's content": _edit_record,
    "a record saved with the same bytes": _same_bytes_new_time,
    "a record changed keeping its size and modification time": _same_size_and_time,
    "a record added": _add_record,
    "a record deleted": _delete_record,
    "a dataset's CSV": _edit_csv,
    "a dataset added": _add_dataset,
    "a static file added": _add_static,
    "a template override added": _override_template,
    "gobabierto.yml": _edit_settings,
}


@pytest.mark.parametrize("change", list(SOURCE_CHANGES), ids=list(SOURCE_CHANGES))
def test_a_changed_source_is_built_like_a_clean_build(built, tmp_path, change):
    site, output, _ = built
    SOURCE_CHANGES[change](site)
    result = build_site(site, output)
    assert not result.skipped and result.site is not None
    assert tree_digest(output) == _clean(site, tmp_path)
    _age(site)
    assert build_site(site, output).skipped  # the new build left its own stamp


def test_a_template_override_removed_is_built(built, tmp_path):
    site, output, _ = built
    _override_template(site)
    build_site(site, output)
    _age(site)
    (site / "templates" / "sesion.html").unlink()
    assert not build_site(site, output).skipped
    assert tree_digest(output) == _clean(site, tmp_path)


def test_another_address_is_built(built, tmp_path):
    site, output, _ = built
    result = build_site(site, output, "https://otro.example.org/sitio/")
    assert not result.skipped
    assert tree_digest(output) == _clean(site, tmp_path, "https://otro.example.org/sitio/")


def test_another_output_folder_is_built(built, tmp_path):
    site, _, _ = built
    elsewhere = tmp_path / "otra-salida"
    assert not build_site(site, elsewhere).skipped
    assert tree_digest(elsewhere) == _clean(site, tmp_path)


@pytest.mark.parametrize("epoch", [str(int(BASE_EPOCH) + 1), str(int(BASE_EPOCH) + 86400 * 400)],
                         ids=["another second of the same day", "another day"])
def test_another_source_date_epoch_is_built(built, tmp_path, monkeypatch, epoch):
    site, output, _ = built
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    assert not build_site(site, output).skipped
    assert tree_digest(output) == _clean(site, tmp_path)


def test_a_build_on_another_day_is_built(built, monkeypatch):
    """Without SOURCE_DATE_EPOCH the date is the clock's: a stamp of another day is stale."""
    site, output, _ = built
    path = _stamp_path(site)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["fecha"] = (dt.date.fromisoformat(data["fecha"]) - dt.timedelta(days=1)).isoformat()
    path.write_text(json.dumps(data), encoding="utf-8")
    assert not build_site(site, output).skipped


def test_a_stamp_is_not_written_when_the_day_changed_during_the_build(tmp_path):
    inputs = stamp.Inputs({"motor": "x"}, time.time_ns(), 0)
    folder, output = tmp_path / "cache", tmp_path / "salida"
    output.mkdir()
    yesterday = dt.date.fromisoformat("2025-11-20")  # SOURCE_DATE_EPOCH says 2025-11-21
    stamp.record(folder, inputs, output, "America/Mexico_City", yesterday, 1, Problems())
    assert not (folder / stamp.NAME).exists()
    stamp.record(folder, inputs, output, "America/Mexico_City", yesterday + dt.timedelta(days=1), 1, Problems())
    assert (folder / stamp.NAME).is_file()


def test_another_engine_is_built(built, monkeypatch):
    site, output, _ = built
    monkeypatch.setattr(engine, "digest", lambda: "otro motor")
    assert not build_site(site, output).skipped


def test_pagefind_installed_or_replaced_means_a_build(built, monkeypatch, tmp_path):
    """Whether there is a search index, and which binary wrote it, is in the output."""
    site, output, _ = built
    folder = paths.cache_dir(site)
    assert stamp.up_to_date(folder, stamp.take(site, output, None), output) is not None  # none, as built
    binary = tmp_path / "pagefind"
    binary.write_bytes(b"version 1")
    monkeypatch.setattr(search, "find_binary", lambda: binary)
    installed = stamp.take(site, output, None)
    assert stamp.up_to_date(folder, installed, output) is None
    binary.write_bytes(b"version 2, longer")
    assert stamp.take(site, output, None).values != installed.values


def test_a_new_commit_is_built(tmp_path, monkeypatch):
    """The pages show each record's Git history: amending the last commit's message changes
    no file of the site, and still the output."""
    if shutil.which("git") is None:
        tool_missing("git is not installed")
    env = {**os.environ, "GIT_AUTHOR_NAME": "p", "GIT_AUTHOR_EMAIL": "p@example.org", "GIT_COMMITTER_NAME": "p",
           "GIT_COMMITTER_EMAIL": "p@example.org", "GIT_AUTHOR_DATE": "2025-11-01T10:00:00-06:00",
           "GIT_COMMITTER_DATE": "2025-11-01T10:00:00-06:00"}
    site = copy_site(tmp_path / "sitio")
    for command in (["init", "-q"], ["add", "-A", "content", "datasets"], ["commit", "-q", "-m", "Primera versión"]):
        subprocess.run(["git", "-C", str(site), *command], check=True, env=env, capture_output=True)
    output = tmp_path / "salida"
    build_site(site, output)
    _age(site)
    assert build_site(site, output).skipped
    subprocess.run(["git", "-C", str(site), "commit", "-q", "--amend", "-m", "Versión corregida"], check=True, env=env,
                   capture_output=True)
    result = build_site(site, output)
    assert not result.skipped
    shown = "".join(p.read_text(encoding="utf-8") for p in output.rglob("*.html"))
    assert "Versión corregida" in shown and "Primera versión" not in shown
    assert tree_digest(output) == _clean(site, tmp_path)


@pytest.mark.parametrize("how", ["deleted", "replaced by a copy", "replaced by another site's build"])
def test_an_output_folder_that_changed_is_built(built, tmp_path, how):
    site, output, _ = built
    if how == "deleted":
        shutil.rmtree(output)
    elif how == "replaced by a copy":
        copy = tmp_path / "copia"
        shutil.copytree(output, copy)
        shutil.rmtree(output)
        copy.rename(output)
    else:  # another site (its own cache folder, so it cannot drop this site's stamp) builds there
        other = copy_site(tmp_path / "otro")
        _edit_record(other)
        build_site(other, output)
    result = build_site(site, output)
    assert not result.skipped
    assert tree_digest(output) == _clean(site, tmp_path)


@pytest.mark.parametrize("content", [b"", b"{no es json", b"[]", json.dumps({"formato": 999}).encode(),
                                     json.dumps({"formato": stamp.FORMAT}).encode()],
                         ids=["empty", "not json", "a list", "another format", "missing fields"])
def test_a_corrupt_or_foreign_stamp_means_a_build(built, tmp_path, content):
    site, output, _ = built
    _stamp_path(site).write_bytes(content)
    assert not build_site(site, output).skipped
    assert tree_digest(output) == _clean(site, tmp_path)


def test_a_stamp_with_a_warning_of_another_shape_means_a_build(built):
    site, output, _ = built
    path = _stamp_path(site)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["avisos"] = [["codigo", "mensaje", 3, None, "", "warning"]]
    path.write_text(json.dumps(data), encoding="utf-8")
    assert not build_site(site, output).skipped


# --- git's rule for racily clean files -----------------------------------------------------

def test_a_file_changed_just_before_the_last_build_means_a_build(tmp_path):
    """The site is copied an instant before its first build: a file could have changed again
    since without its stat moving, so the next build is not skipped."""
    site = copy_site(tmp_path / "sitio")
    output = tmp_path / "salida"
    build_site(site, output)
    data = json.loads(_stamp_path(site).read_text(encoding="utf-8"))
    assert data["momento_ns"] - data["mas_reciente_ns"] <= datacache.RACY_NS
    assert not build_site(site, output).skipped


def test_the_racy_window_is_compared_with_the_stamps_moment(built, monkeypatch):
    site, output, _ = built
    path = _stamp_path(site)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["momento_ns"] = data["mas_reciente_ns"] + datacache.RACY_NS  # on the edge: still racy
    path.write_text(json.dumps(data), encoding="utf-8")
    assert not build_site(site, output).skipped
    _age(site)
    monkeypatch.setattr(datacache, "RACY_NS", datacache.RACY_NS * 10)  # a coarser file system
    assert not build_site(site, output).skipped


def test_a_file_dated_in_the_future_means_a_build_every_time(tmp_path):
    site = copy_site(tmp_path / "sitio")
    future = time.time_ns() + 3600 * 10**9
    os.utime(site / TALLERES, ns=(future, future))
    output = tmp_path / "salida"
    build_site(site, output)
    build_site(site, output)
    assert not build_site(site, output).skipped


def test_a_symbolic_link_among_the_inputs_means_a_build(tmp_path):
    """What a link points to can change without the link's stat moving."""
    site = copy_site(tmp_path / "sitio")
    (site / "content" / "compromisos" / ".nota").symlink_to(tmp_path)  # hidden: the build ignores it
    output = tmp_path / "salida"
    build_site(site, output)
    assert not _stamp_path(site).exists()
    assert not build_site(site, output).skipped


# --- --no-cache, failures, warnings -------------------------------------------------------

def test_no_cache_never_skips(built, tmp_path):
    site, output, first = built
    result = build_site(site, output, use_cache=False)
    assert not result.skipped and len(result.rendered) == first.pages
    assert tree_digest(output) == _clean(site, tmp_path)


def test_no_cache_drops_the_stamp_before_building(built, monkeypatch):
    site, output, _ = built

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(stages, "load_site", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build_site(site, output, use_cache=False)
    assert not _stamp_path(site).exists()


def test_a_failed_build_keeps_the_stamp_of_the_output_it_left(built, tmp_path):
    """Content errors stop a build before it writes: the output and its stamp are the last
    good build's, and once the error is undone, that output is the right one."""
    site, output, _ = built
    before = tree_digest(output)
    original = (site / TALLERES).read_bytes()
    (site / TALLERES).write_text(original.decode("utf-8").replace("---\n", "---\nhitos: [: roto\n", 1),
                                 encoding="utf-8")
    with pytest.raises(ContentError):
        build_site(site, output)
    assert tree_digest(output) == before and _stamp_path(site).is_file()
    (site / TALLERES).write_bytes(original)  # undone: new times, so a build, of the same bytes
    assert not build_site(site, output).skipped
    assert tree_digest(output) == before == _clean(site, tmp_path)


@pytest.mark.parametrize("where", ["swap", "after the swap"])
def test_a_build_that_fails_once_its_output_may_change_leaves_no_stamp(built, tmp_path, monkeypatch, where):
    site, output, _ = built
    _edit_record(site)
    if where == "swap":
        def fail(*args):
            raise OSError(28, "No space left on device")
        monkeypatch.setattr(write, "swap_in", fail)
        with pytest.raises(OSError):
            build_site(site, output)
    else:
        real = write.swap_in

        def swap_then_die(staging, target):
            real(staging, target)
            raise KeyboardInterrupt  # killed between the swap and the new stamp
        monkeypatch.setattr(write, "swap_in", swap_then_die)
        with pytest.raises(KeyboardInterrupt):
            build_site(site, output)
    assert not _stamp_path(site).exists()
    monkeypatch.undo()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BASE_EPOCH)
    monkeypatch.setattr(search, "find_binary", lambda: None)
    assert not build_site(site, output).skipped
    assert tree_digest(output) == _clean(site, tmp_path)


def test_a_stamp_that_cannot_be_removed_stops_the_build(built, monkeypatch):
    site, output, _ = built
    before = tree_digest(output)
    _edit_record(site)
    real = Path.unlink

    def refuse(self, *args, **kwargs):
        if self.name == stamp.NAME:
            raise PermissionError(13, "Permission denied")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "unlink", refuse)
    with pytest.raises(write.WriteError, match="sello.json"):
        build_site(site, output)
    assert tree_digest(output) == before


def test_warnings_are_said_again_on_a_skipped_build(tmp_path):
    site = copy_site(tmp_path / "sitio")
    text = (site / TALLERES).read_text(encoding="utf-8")
    (site / TALLERES).write_text(text.replace("    evidencias: [docs/acta.pdf]\n", "", 1), encoding="utf-8")
    output = tmp_path / "salida"
    first = run_cli("build", "--source", str(site), "--output", str(output))
    assert first.returncode == 0 and "advertencia" in first.stdout
    again = run_cli("build", "--source", str(site), "--output", str(output))  # racy: built again
    _age(site)
    skipped = run_cli("build", "--source", str(site), "--output", str(output))
    assert skipped.returncode == 0
    *warnings, report, last = skipped.stdout.splitlines()
    assert report == again.stdout.splitlines()[-2] and report.startswith("Publicado: ")  # the published size
    assert warnings == again.stdout.splitlines()[:-2] == first.stdout.splitlines()[:-2] != []
    pages = re.search(r": (\d+) páginas \(", first.stdout.splitlines()[-1]).group(1)
    # the missing evidence, and the history: a copy outside Git dates its pages by its files
    assert [w.rsplit("[", 1)[1] for w in warnings] == ["historial-no-disponible]", "hito-sin-evidencia]"]
    assert last == (f"El sitio en {output} ya estaba al día: ningún archivo cambió desde la última construcción"
                    f" ({pages} páginas sin cambios). 2 advertencias.")


def test_a_skipped_build_does_not_load_the_engine(built):
    """The skip must stay cheap: no Jinja, Markdown, YAML or frictionless imported."""
    site, output, _ = built
    code = ("import sys\nfrom gobabierto.build.site import build_site\n"
            f"result = build_site({str(site)!r}, {str(output)!r})\n"
            "print(result.skipped, sorted({m.split('.')[0] for m in sys.modules}"
            " & {'jinja2', 'markdown_it', 'yaml', 'frictionless', 'nh3', 'babel'}))")
    env = {**os.environ, "SOURCE_DATE_EPOCH": BASE_EPOCH, "PAGEFIND_BINARY_PATH": "/no/existe/pagefind"}
    # the stamp of this process's build says "no Pagefind"; the child must see the same
    data = json.loads(_stamp_path(site).read_text(encoding="utf-8"))
    data["entradas"]["pagefind"] = [env["PAGEFIND_BINARY_PATH"]]
    _stamp_path(site).write_text(json.dumps(data), encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert done.stdout.split() == ["True", "[]"], done.stdout + done.stderr


def test_the_cli_says_the_site_was_up_to_date(tmp_path):
    site = copy_site(tmp_path / "sitio")
    output = tmp_path / "salida"
    built = run_cli("build", "--source", str(site), "--output", str(output))
    assert built.stdout.splitlines()[-1].startswith(f"Sitio generado en {output}: ")
    _age(site)
    result = run_cli("build", "--source", str(site), "--output", str(output))
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.splitlines()[-1].startswith(f"El sitio en {output} ya estaba al día: ningún archivo cambió")
    forced = run_cli("build", "--source", str(site), "--output", str(output), "--no-cache")
    assert forced.stdout.splitlines()[-1].startswith(f"Sitio generado en {output}: ")
