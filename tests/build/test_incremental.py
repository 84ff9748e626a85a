"""Incremental builds: whatever the edits, a build that reuses the cache writes exactly the
bytes of a clean build; it re-renders only the pages an edit reaches; rendering in several
processes writes what one process writes."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gobabierto.build import cache as buildcache, reuse, stamp
from gobabierto.datasets import cache as datacache
from gobabierto.core import parallel
from gobabierto.pages import searchmap
from gobabierto.publish import search
from gobabierto.build.site import build_site
from gobabierto.core.problems import ContentError
from helpers import BASE_EPOCH, ROOT, copy_site, fixed_day_without_search, tool_missing, tree_digest

FIND_PAGEFIND = search.find_binary  # the real one: the tests below build without it unless they ask

THEME = ROOT / "templates"


@contextmanager
def _environment(**values):
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture(autouse=True)
def _fixed_day_no_search(monkeypatch):
    """The base fixture's "today"; Pagefind is left out (it has its own cache test below)."""
    fixed_day_without_search(monkeypatch)


def _clean_build(site: Path, scratch: Path) -> tuple[dict | None, set]:
    """The tree a clean build of `site` writes (a copy with no cache), or None if it fails."""
    copy = scratch / "limpio"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns(".gobabierto-cache"), symlinks=True)
    output = scratch / "limpio-salida"
    shutil.rmtree(output, ignore_errors=True)
    try:
        result = build_site(copy, output, use_cache=False)
    except ContentError as exc:
        return None, {(p.code, p.location.path) for p in exc.problems.items}
    return tree_digest(output), {(p.code, p.location.path) for p in result.problems.items}


def _sub(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _set_line(path: Path, key: str, value: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    for n, line in enumerate(lines):
        if line.startswith(f"{key}:"):
            lines[n] = f"{key}: {value}"
            break
    else:
        raise AssertionError((path, key))
    path.write_text("\n".join(lines), encoding="utf-8")


WORDS = st.text(alphabet="abcdeñó xyz", min_size=1, max_size=12).map(lambda s: s.strip() or "x")
COMMITMENTS = st.sampled_from(["talleres", "portal-de-datos"])
DAY = st.dates(min_value=__import__("datetime").date(2024, 1, 1), max_value=__import__("datetime").date(2026, 12, 31))

EDITS = st.one_of(
    st.tuples(st.just("title"), COMMITMENTS, WORDS),
    st.tuples(st.just("milestone-date"), DAY),
    st.tuples(st.just("milestone-met"), st.booleans()),
    st.tuples(st.just("add"), st.sampled_from(["nuevo-a", "nuevo-b"]), WORDS, st.sampled_from(["rio-bajo", "villa-alta"])),
    st.tuples(st.just("delete"), st.sampled_from(["content/practicas/registro-de-obras.md",
                                                  "content/actividades/jornada-cultural.md",
                                                  "content/compromisos/nuevo-a.md",
                                                  "content/paginas/que-es.md",
                                                  "content/compromisos/portal-de-datos.md"])),
    st.tuples(st.just("template"), st.sampled_from(["compromiso.html", "_macros.html", "base.html", "lista.html"]), WORDS),
    st.tuples(st.just("template-revert"), st.sampled_from(["compromiso.html", "_macros.html", "base.html", "lista.html"])),
    st.tuples(st.just("settings"), st.sampled_from(["titulo", "color"]), WORDS),
    st.tuples(st.just("csv"), st.integers(min_value=0, max_value=999999)),
    st.tuples(st.just("session-commitments"), st.sampled_from(["[]", "[talleres]", "[talleres, portal-de-datos]"])),
    st.tuples(st.just("break"), COMMITMENTS),
    st.tuples(st.just("commit"), WORDS),
    st.tuples(st.just("nothing")),  # a true no-op: the build may be skipped (stamp.py)
)


def _apply(site: Path, edit: tuple) -> None:
    kind = edit[0]
    if kind == "title":
        path = site / "content" / "compromisos" / f"{edit[1]}.md"
        if path.exists():
            _set_line(path, "titulo", f"Compromiso {edit[2]}")
    elif kind == "milestone-date":
        _sub(site / "content" / "compromisos" / "talleres.md", "    fecha: 2", f"    fecha: {edit[1].isoformat()}\n#    fecha: 2")
    elif kind == "milestone-met":
        path = site / "content" / "compromisos" / "talleres.md"
        text = path.read_text(encoding="utf-8")
        marker = "  - descripcion: Talleres en las tres juntas auxiliares\n"
        if edit[1] and "cumplido: 2025-10-01" not in text:
            text = text.replace(marker, marker + "    cumplido: 2025-10-01\n", 1)
        elif not edit[1]:
            text = text.replace(marker + "    cumplido: 2025-10-01\n", marker, 1)
        path.write_text(text, encoding="utf-8")
    elif kind == "add":
        _, slug, words, municipality = edit
        (site / "content" / "compromisos" / f"{slug}.md").write_text(
            f"---\ntitulo: Nuevo {words}\nplan: primer-plan\nmunicipio: {municipality}\nproblematica: Algo.\n"
            f"objetivo: Otra cosa.\npilares: [transparencia]\nresponsable: Alguien\nfecha_inicio: 2025-01-01\n"
            f"fecha_fin: 2026-06-30\nhitos:\n  - descripcion: Un paso\n    fecha: 2025-10-30\n---\n\nTexto {words}.\n",
            encoding="utf-8")
    elif kind == "delete":
        (site / edit[1]).unlink(missing_ok=True)
    elif kind == "template":
        _, name, words = edit
        target = site / "templates" / name
        target.parent.mkdir(exist_ok=True)
        source = target if target.exists() else THEME / name
        text = source.read_text(encoding="utf-8")
        marker = "</main>" if "</main>" in text else "{% endblock %}" if "{% endblock %}" in text else None
        if marker is None:
            text += f"{{# {words} #}}"
        else:
            text = text.replace(marker, f"<!-- {words} -->{marker}", 1)
        target.write_text(text, encoding="utf-8")
    elif kind == "template-revert":
        (site / "templates" / edit[1]).unlink(missing_ok=True)
    elif kind == "settings":
        _, key, words = edit
        if key == "titulo":
            _set_line(site / "gobabierto.yml", "titulo", f"Gobierno {words}")
        else:
            _sub(site / "gobabierto.yml", '  color: "#', f'  color: "#{abs(hash(words)) % 0xFFFFFF:06x}"\n#  color: "#')
    elif kind == "csv":
        path = site / "datasets" / "obras" / "obras.csv"
        lines = path.read_text(encoding="utf-8").split("\n")
        cells = lines[2].split(",")
        cells[2] = str(edit[1])
        lines[2] = ",".join(cells)
        path.write_text("\n".join(lines), encoding="utf-8")
    elif kind == "session-commitments":
        _set_line(site / "content" / "sesiones" / "instalacion-comision.md", "compromisos", edit[1])
    elif kind == "break":
        path = site / "content" / "compromisos" / f"{edit[1]}.md"
        if path.exists():
            _sub(path, "---\n", "---\nhitos: [: roto\n")
    elif kind == "commit":
        if shutil.which("git"):
            env = {**os.environ, "GIT_AUTHOR_NAME": "p", "GIT_AUTHOR_EMAIL": "p@example.org",
                   "GIT_COMMITTER_NAME": "p", "GIT_COMMITTER_EMAIL": "p@example.org",
                   "GIT_AUTHOR_DATE": "2025-11-01T10:00:00-06:00", "GIT_COMMITTER_DATE": "2025-11-01T10:00:00-06:00"}
            subprocess.run(["git", "-C", str(site), "add", "-A", "content", "datasets"], check=True, env=env,
                           capture_output=True)
            subprocess.run(["git", "-C", str(site), "commit", "-q", "--allow-empty", "-m", f"Cambio {edit[1]}"],
                           check=True, env=env, capture_output=True)


def _age_stamp(site: Path) -> bool:
    """As if the last build had started after the racy window of its newest input; False
    when there is no stamp."""
    path = site / ".gobabierto-cache" / stamp.NAME
    if not path.is_file():
        return False
    data = json.loads(path.read_text(encoding="utf-8"))
    data["momento_ns"] = data["mas_reciente_ns"] + datacache.RACY_NS + 1
    path.write_text(json.dumps(data), encoding="utf-8")
    return True


def _forget_stamp(site: Path) -> None:
    """Nothing the output is made of changes in these tests: without this the build could be
    skipped (stamp.py) and what is tested here — the caches — never run."""
    (site / ".gobabierto-cache" / stamp.NAME).unlink(missing_ok=True)


def _unbreak(site: Path) -> None:
    for path in (site / "content" / "compromisos").glob("*.md"):
        text = path.read_text(encoding="utf-8")
        if "hitos: [: roto\n" in text:
            path.write_text(text.replace("hitos: [: roto\n", ""), encoding="utf-8")


@settings(max_examples=int(os.environ.get("GOBABIERTO_INCREMENTAL_EXAMPLES", "8")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(edits=st.lists(EDITS, min_size=1, max_size=6))
def test_incremental_output_is_a_clean_build(edits):
    _check_edits(edits)


@settings(max_examples=int(os.environ.get("GOBABIERTO_INCREMENTAL_EXAMPLES", "8")) // 2, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(edits=st.lists(EDITS, min_size=1, max_size=4))
def test_incremental_output_with_search_shards_is_a_clean_build(edits, monkeypatch):
    """The same with the search index in shards of three pages: each edit re-indexes only
    the shards whose pages changed, and the shards and their manifest come out as a clean
    build writes them."""
    if FIND_PAGEFIND() is None:
        tool_missing("Pagefind (pagefind[bin]) is not installed")
    monkeypatch.setattr(search, "find_binary", FIND_PAGEFIND)
    monkeypatch.setattr(searchmap, "SHARD_PAGES", 3)
    assert _check_edits(edits) > 1


def _check_edits(edits) -> int:
    """Apply `edits` one by one, building after each; after each build the output is the
    tree a clean build of the same sources writes. Returns the number of search shards."""
    with tempfile.TemporaryDirectory(prefix="incremental-") as scratch_name:
        scratch = Path(scratch_name)
        site = copy_site(scratch / "sitio")
        if shutil.which("git"):
            subprocess.run(["git", "init", "-q", str(site)], check=True)
        output = scratch / "salida"
        build_site(site, output)
        # Each stamp is aged as if its build had started after the racy window of its newest
        # input (here every build comes an instant after an edit): then every step that
        # changes nothing is skipped (stamp.py) and checked like any other.
        last_built = _age_stamp(site)
        for edit in edits:
            _apply(site, edit)
            before = tree_digest(output)
            index = site / ".gobabierto-cache" / buildcache.PAGES / buildcache.INDEX
            expected, expected_problems = _clean_build(site, scratch)
            try:
                result = build_site(site, output)
            except ContentError as exc:
                assert expected is None, (edit, [str(p.message) for p in exc.problems.items])
                assert {(p.code, p.location.path) for p in exc.problems.items} == expected_problems
                assert tree_digest(output) == before, "a failed build changed the published site"
                assert index.is_file()
                _unbreak(site)
                last_built = False
                continue
            assert expected is not None, edit
            if edit == ("nothing",):  # skipped exactly when the last build succeeded (_unbreak edits)
                assert result.skipped == last_built, (edit, result.skipped)
            last_built = _age_stamp(site)
            assert {(p.code, p.location.path) for p in result.problems.items} == expected_problems
            got = tree_digest(output)
            assert sorted(got) == sorted(expected), edit
            assert [p for p in got if got[p] != expected[p]] == [], edit
        folder = output / searchmap.FOLDER
        return len([p for p in folder.iterdir() if p.is_dir() and p.name.isdigit()]) if folder.is_dir() else 0


# --- precise dependencies ----------------------------------------------------------------

def _pages(output: Path) -> set[str]:
    return {p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file()}


@pytest.fixture
def built(tmp_path):
    site = copy_site(tmp_path / "sitio")
    output = tmp_path / "salida"
    first = build_site(site, output)
    assert first.reused == 0 and len(first.rendered) == first.pages
    again = build_site(site, output)
    assert again.rendered == frozenset() and again.reused == again.pages
    return site, output


def test_a_commitment_change_rerenders_its_page_and_the_pages_that_show_it(built):
    site, output = built
    _set_line(site / "content" / "compromisos" / "talleres.md", "titulo", "Talleres renombrados")
    result = build_site(site, output)
    assert result.rendered == {
        "compromisos/talleres/index.html",          # its own page
        "index.html",                                # the home page lists every commitment
        "compromisos/index.html",                    # the listing and the filtered pages that hold it
        "compromisos/por-municipio/rio-bajo/index.html",
        "compromisos/por-pilar/participacion/index.html",
        "compromisos/por-estatus/retrasado/index.html",
        "planes/primer-plan/index.html",            # its plan and its municipality
        "municipios/rio-bajo/index.html",
        "sesiones/instalacion-comision/index.html",  # the session and the activity that name it
        "actividades/jornada-cultural/index.html",
        "calendario.ics",                            # its milestones are events: in the site's calendar
        "planes/primer-plan/calendario.ics",         # (one is recent), its plan's and its municipality's
        "municipios/rio-bajo/calendario.ics",
        "feed.xml",                                  # it is among the latest entries
        "datos/registros/index.html",                # the records' CSV changed: its page, and the
        "datos/index.html",                          # catalogue and filtered catalogues that list it
        "datos/por-dependencia/gobierno-abierto-de-prueba/index.html",
        "datos/por-tema/gobierno-abierto/index.html",
    }, sorted(result.rendered)
    assert "Talleres renombrados" in (output / "compromisos" / "talleres" / "index.html").read_text(encoding="utf-8")


def test_a_later_build_the_same_day_rerenders_no_calendar(built, monkeypatch):
    """A calendar's DTSTAMP is the start of the build's day: a rebuild an hour later the
    same day (nothing else changed) takes every calendar from the cache; the next day
    rewrites them (the site-wide window moves)."""
    site, output = built
    _forget_stamp(site)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(BASE_EPOCH) + 3600))
    assert not {p for p in build_site(site, output).rendered if p.endswith("calendario.ics")}
    _forget_stamp(site)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(BASE_EPOCH) + 86_400))
    assert {"calendario.ics", "planes/primer-plan/calendario.ics"} <= set(build_site(site, output).rendered)


def test_a_later_edit_that_changes_no_table_leaves_the_records_package_and_its_page(built, monkeypatch):
    """The records' Data Package is `created` at the start of the build's day: an edit an
    hour later to a commitment's body (in no table of the package) rewrites neither the
    package nor the pages that show its digest, so their search shard stays as it was."""
    site, output = built
    package = output / "datos" / "registros" / "datapackage.json"
    before = package.read_bytes()
    _forget_stamp(site)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(BASE_EPOCH) + 3600))
    path = site / "content" / "compromisos" / "talleres.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nUn párrafo más.\n", encoding="utf-8")
    rendered = build_site(site, output).rendered
    assert "compromisos/talleres/index.html" in rendered
    assert not {"datos/registros/index.html", "datos/index.html"} & rendered, sorted(rendered)
    assert package.read_bytes() == before
    _forget_stamp(site)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(BASE_EPOCH) + 86_400))
    build_site(site, output)
    assert package.read_bytes() != before  # the next day, statuses are computed again


def test_a_template_change_rerenders_only_the_pages_that_use_it(built):
    site, output = built
    (site / "templates").mkdir()
    text = (THEME / "sesion.html").read_text(encoding="utf-8")
    (site / "templates" / "sesion.html").write_text(text.replace("</main>", "<!-- cambio -->\n</main>", 1)
                                                    if "</main>" in text else text + "{# cambio #}\n", encoding="utf-8")
    result = build_site(site, output)
    assert result.rendered == {"sesiones/instalacion-comision/index.html"}


def test_a_deleted_record_leaves_no_page_behind(built):
    site, output = built
    _apply(site, ("add", "nuevo-a", "uno", "villa-alta"))
    build_site(site, output)
    assert (output / "compromisos" / "nuevo-a" / "index.html").is_file()
    (site / "content" / "compromisos" / "nuevo-a.md").unlink()
    result = build_site(site, output)
    assert not (output / "compromisos" / "nuevo-a").exists()
    assert "compromisos/index.html" in result.rendered and "municipios/villa-alta/index.html" in result.rendered
    assert "compromisos/talleres/index.html" not in result.rendered
    assert "sesiones/instalacion-comision/index.html" not in result.rendered


def test_an_output_file_edited_in_place_is_never_published_again(built, tmp_path):
    site, output = built
    _forget_stamp(site)  # the stamp only looks at the output folder itself, not at every file in it
    page = output / "compromisos" / "talleres" / "index.html"
    with open(page, "r+b") as handle:  # in place: the same file the cache may hold
        handle.seek(0)
        handle.write(b"<!-- alterado -->")
    result = build_site(site, output)
    expected, _ = _clean_build(site, tmp_path)
    assert tree_digest(output) == expected
    assert "compromisos/talleres/index.html" in result.rendered


def test_a_corrupt_or_foreign_cache_is_ignored(built, tmp_path):
    site, output = built
    folder = site / ".gobabierto-cache"
    (folder / buildcache.PAGES / buildcache.INDEX).write_bytes(b"esto no es un pickle")
    (folder / buildcache.RECORDS).write_bytes(pickle.dumps({"format": -1}))
    _forget_stamp(site)
    result = build_site(site, output)
    assert result.reused == 0
    expected, _ = _clean_build(site, tmp_path)
    assert tree_digest(output) == expected
    assert build_site(site, output).reused == result.pages


def test_no_cache_renders_everything(built):
    site, output = built
    result = build_site(site, output, use_cache=False)
    assert result.reused == 0 and len(result.rendered) == result.pages


# --- parallel rendering ------------------------------------------------------------------

def test_parallel_rendering_writes_what_one_process_writes(tmp_path, monkeypatch):
    site = copy_site(tmp_path / "sitio")
    serial = build_site(site, tmp_path / "uno", use_cache=False, workers=1)
    monkeypatch.setattr(reuse, "CHUNK", 3)  # several tasks for the 41 pages
    parallel_result = build_site(site, tmp_path / "varios", use_cache=False, workers=2)
    assert parallel_result.rendered == serial.rendered
    assert tree_digest(tmp_path / "varios") == tree_digest(tmp_path / "uno")
    # …and what the workers rendered is reused like any other page
    assert build_site(site, tmp_path / "varios", workers=2).reused == serial.pages


def test_small_sites_stay_in_one_process():
    assert parallel.workers_for(parallel.MIN_PAGES - 1) == 1


def test_the_search_index_is_reused_only_while_the_pages_are_the_same(tmp_path, monkeypatch):
    monkeypatch.undo()  # the real Pagefind
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BASE_EPOCH)
    if search.find_binary() is None:
        tool_missing("Pagefind (pagefind[bin]) is not installed")
    calls = []
    real = search.run_pagefind
    monkeypatch.setattr(search, "run_pagefind", lambda *a: calls.append(1) or real(*a))
    site = copy_site(tmp_path / "sitio")
    output = tmp_path / "salida"
    build_site(site, output)
    build_site(site, output)
    assert len(calls) == 1 and (output / "pagefind" / "pagefind.js").is_file()
    _set_line(site / "content" / "compromisos" / "talleres.md", "titulo", "Talleres renombrados")
    build_site(site, output)
    assert len(calls) == 2
    clean = tmp_path / "limpio"
    build_site(copy_site(tmp_path / "otro", base=site), clean, use_cache=False)
    assert tree_digest(output) == tree_digest(clean)


def test_every_global_of_the_theme_says_how_it_enters_a_fingerprint():
    """A global added to render.make_environment must be classified in fingerprint.py, or
    every page using it is rendered on every build (correct, but slow)."""
    from gobabierto.build import fingerprint
    from gobabierto.content.config import load_config
    from gobabierto.content.models import Site
    from gobabierto.core.problems import Problems
    from gobabierto.pages.render import make_environment
    from gobabierto.pages.urls import Urls
    from helpers import BASE_SITE

    site = Site(load_config(BASE_SITE, Problems()), __import__("datetime").date(2025, 11, 21), {})
    env = make_environment(BASE_SITE, Urls(None), fingerprint.TrackedSite(site, fingerprint.Tracker()))
    known = fingerprint.CODE_GLOBALS | fingerprint.VALUE_GLOBALS | fingerprint.DAY_GLOBALS
    assert sorted(set(env.globals) - known - {"lipsum"}) == []


def test_a_symbolic_link_left_in_the_published_site_is_not_followed(built, tmp_path):
    site, output = built
    build_site(site, output)  # the tree this replaced is now the spare the next build updates
    spare = output.parent / f".{output.name}.reserva"
    assert spare.is_dir()
    outside = tmp_path / "fuera"
    outside.mkdir()
    shutil.rmtree(spare / "compromisos")
    (spare / "compromisos").symlink_to(outside, target_is_directory=True)
    build_site(site, output)
    assert list(outside.iterdir()) == []
    expected, _ = _clean_build(site, tmp_path)
    assert tree_digest(output) == expected


def test_pages_have_the_mode_of_any_other_written_file(built):
    _, output = built
    page = (output / "compromisos" / "talleres" / "index.html").stat().st_mode & 0o777
    assert page == (output / ".nojekyll").stat().st_mode & 0o777  # not mkstemp's 0600


def test_the_open_data_is_reused_until_the_site_changes(built, tmp_path):
    site, output = built
    catalogue = output / "datapackage.json"
    assert catalogue.stat().st_nlink >= 2  # published as a link to the cached copy
    _set_line(site / "content" / "compromisos" / "talleres.md", "titulo", "Talleres renombrados")
    build_site(site, output)
    assert "Talleres renombrados" in "".join(p.read_text(encoding="utf-8") for p in (output / "api").rglob("*.json"))
    expected, _ = _clean_build(site, tmp_path)
    assert tree_digest(output) == expected


def test_the_open_data_follows_the_change_part_by_part(built, tmp_path, monkeypatch):
    """A changed commitment rewrites the commitments' API file and the catalogues (made of the
    whole site); every other type's API file is taken from the cache as it was."""
    from gobabierto.publish import open_data

    site, output = built
    written = []
    real = open_data.write_json
    monkeypatch.setattr(open_data, "write_json", lambda writer, path, document: written.append(path) or real(
        writer, path, document))
    _set_line(site / "content" / "compromisos" / "talleres.md", "titulo", "Talleres renombrados")
    build_site(site, output)
    assert sorted(written) == ["api/compromisos.json", "api/index.json", "catalogo.jsonld", "data.json",
                               "datapackage.json"]
    expected, _ = _clean_build(site, tmp_path)
    assert tree_digest(output) == expected


def test_an_edit_rerenders_only_the_listing_pages_that_show_the_record(tmp_path):
    """A filtered listing cut into pages: one commitment's change re-renders the page that
    lists it, not the other pages of the same filter (their context once held the filter's
    every item)."""
    site = copy_site(tmp_path / "sitio")
    with (site / "gobabierto.yml").open("a", encoding="utf-8") as settings:
        settings.write("por_pagina: 2\n")
    original = (site / "content" / "compromisos" / "talleres.md").read_text(encoding="utf-8")
    for n in range(1, 8):
        (site / "content" / "compromisos" / f"talleres-{n}.md").write_text(
            original.replace("titulo: ", f"titulo: Copia {n} de ", 1), encoding="utf-8")
    output = tmp_path / "salida"
    build_site(site, output)
    folder = output / "compromisos" / "por-estatus" / "retrasado"
    later = sorted(p.relative_to(output).as_posix() for p in (folder / "pagina").glob("*/index.html"))
    assert len(later) >= 2, later  # the filter of the status the copies share has several pages
    _forget_stamp(site)
    path = site / "content" / "compromisos" / "talleres-7.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nUn párrafo más.\n", encoding="utf-8")
    rendered = build_site(site, output).rendered
    assert "compromisos/talleres-7/index.html" in rendered
    shown_on = [rel for rel in later + ["compromisos/por-estatus/retrasado/index.html"]
                if "talleres-7/" in (output / rel).read_text(encoding="utf-8")]
    assert len(shown_on) == 1
    assert [rel for rel in later if rel in rendered] == [rel for rel in later if rel in shown_on]
