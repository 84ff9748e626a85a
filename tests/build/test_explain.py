"""`gobabierto build --explicar`: every page, open-data part and search shard a build redid
comes with the reason, and nothing it did not redo does."""

from __future__ import annotations

from gobabierto.build import explain
from gobabierto.build.site import build_site
from helpers import BASE_EPOCH, copy_site, run_cli
from test_incremental import THEME, _forget_stamp, _set_line


def _built(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BASE_EPOCH)
    site, output = copy_site(tmp_path / "sitio"), tmp_path / "salida"
    first = explain.Reasons()
    build_site(site, output, reasons=first)
    assert set(first.values()) >= {explain.NEW} and all(
        why == explain.NEW for what, why in first.items() if not what.startswith(("datos abiertos", "búsqueda")))
    return site, output


def test_an_edit_names_the_changed_record_on_each_page_it_rerenders(tmp_path, monkeypatch):
    site, output = _built(tmp_path, monkeypatch)
    _set_line(site / "content" / "compromisos" / "talleres.md", "titulo", "Talleres renombrados")
    reasons = explain.Reasons()
    result = build_site(site, output, reasons=reasons)
    pages = {what: why for what, why in reasons.items() if not what.startswith(("datos abiertos", "búsqueda"))}
    assert set(pages) == set(result.rendered)
    assert pages["compromisos/talleres/index.html"] == "cambió lo que la página muestra (content/compromisos/talleres.md)"
    assert "content/compromisos/talleres.md" in pages["planes/primer-plan/index.html"]
    # the open data: the commitments' part is rewritten, the sessions' is not
    assert reasons["datos abiertos: api/compromiso"] == "cambió lo que contiene"
    assert "datos abiertos: api/sesion" not in reasons


def test_a_template_change_is_the_reason_of_the_pages_that_use_it(tmp_path, monkeypatch):
    site, output = _built(tmp_path, monkeypatch)
    (site / "templates").mkdir()
    text = (THEME / "sesion.html").read_text(encoding="utf-8")
    (site / "templates" / "sesion.html").write_text(text + "{# cambio #}\n", encoding="utf-8")
    reasons = explain.Reasons()
    build_site(site, output, reasons=reasons)
    assert reasons == {"sesiones/instalacion-comision/index.html": "cambió su plantilla o una que incluye"}


def test_nothing_to_explain_when_nothing_changed_and_the_command_says_so(tmp_path, monkeypatch):
    site, output = _built(tmp_path, monkeypatch)
    _forget_stamp(site)
    reasons = explain.Reasons()
    build_site(site, output, reasons=reasons)
    assert reasons == {}
    _set_line(site / "content" / "sesiones" / "instalacion-comision.md", "titulo", "Instalación renombrada")
    shown = run_cli("build", "--source", str(site), "--output", str(output), "--explicar", epoch=BASE_EPOCH)
    assert shown.returncode == 0, shown.stderr
    assert "Por qué se rehizo cada cosa" in shown.stdout
    assert "content/sesiones/instalacion-comision.md" in shown.stdout
    assert "    sesiones/instalacion-comision/index.html" in shown.stdout
    again = run_cli("build", "--source", str(site), "--output", str(output), "--explicar", epoch=BASE_EPOCH)
    assert "Nada que rehacer" in again.stdout or "Nada se generó de nuevo" in again.stdout


def test_a_shard_says_which_of_its_pages_changed_came_or_went():
    before = {"a/index.html": "1", "b/index.html": "2", "c/index.html": "3"}
    now = {"a/index.html": "1", "b/index.html": "9", "d/index.html": "4"}
    assert explain.shard_reason(before, now) == ("cambiaron: b/index.html; se añadieron: d/index.html;"
                                                 " se quitaron: c/index.html")
    assert explain.shard_reason(None, now).startswith("nuevo")
    assert explain.shard_reason(now, now) == "cambió Pagefind o el idioma del índice"


def test_each_part_of_a_fingerprint_has_its_reason():
    old = ("motor", "plantillas", "ajustes", "contenido")
    assert explain.page_reason((old, ()), ("motor", "otras", "ajustes", "contenido"), []) == explain.PRINT_PARTS[1]
    assert explain.page_reason((old, ()), ("otro", "plantillas", "otros", "contenido"), []) == (
        explain.PRINT_PARTS[0] + "; " + explain.PRINT_PARTS[2])
    assert explain.page_reason((old, ()), old, [("get", "plan", "primer-plan"), ("config",)]) == (
        "cambió lo que lee del sitio: plan «primer-plan», los ajustes de gobabierto.yml")
    assert explain.page_reason((old, ()), old, []) == explain.STORED_COPY
    assert explain.page_reason(None, old, []) == explain.NEW
    assert explain.page_reason((old, ()), None, []) == explain.UNCACHEABLE
