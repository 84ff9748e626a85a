"""Facet pages (filters without JavaScript) and Git history reading."""

import shutil
import subprocess
from types import SimpleNamespace as NS

import pytest

from helpers import tool_missing
from gobabierto.pages import facets as facets_module
from gobabierto.pages.facets import Dimension, build_facets, pair_pages
from gobabierto.content.history import History


def _items():
    return [NS(slug="a", tags=["Obras Públicas", "agua"]), NS(slug="b", tags=["agua"]), NS(slug="c", tags=[])]


def test_one_page_per_value_with_the_items_that_carry_it():
    dims = [Dimension("tema", "Tema", lambda i: [(t, t) for t in i.tags])]
    facets, filtered = build_facets("/datos/", _items(), dims)
    assert [(v.key, v.count, v.path) for v in facets[0].values] == [
        ("agua", 2, "/datos/por-tema/agua/"), ("obras-publicas", 1, "/datos/por-tema/obras-publicas/")]
    assert {f.value.key: [i.slug for i in f.items] for f in filtered} == {"agua": ["a", "b"], "obras-publicas": ["a"]}


def test_a_facet_with_a_single_value_is_not_offered():
    dims = [Dimension("tema", "Tema", lambda i: [("agua", "agua")] if i.tags else [])]
    assert build_facets("/datos/", _items(), dims) == ([], [])


def test_explicit_order_wins_over_alphabetical():
    dims = [Dimension("x", "X", lambda i: [(i.slug, i.slug.upper())], order=("c", "a"))]
    facets, _ = build_facets("/l/", _items(), dims)
    assert [v.key for v in facets[0].values] == ["c", "a", "b"]


PLAN = Dimension("plan", "Plan", lambda c: [(c.plan, c.plan.upper())])
STATUS = Dimension("estatus", "Estatus", lambda c: [(c.status, c.status)])


def _commitments():
    return [NS(slug="1", plan="a", status="retrasado"), NS(slug="2", plan="a", status="cumplido"),
            NS(slug="3", plan="b", status="retrasado"), NS(slug="4", plan="b", status="retrasado"),
            NS(slug="5", plan="c", status="en_proceso")]


def test_a_plan_and_a_status_combine_on_pages_of_their_own():
    _, filtered = build_facets("/compromisos/", _commitments(), [PLAN, STATUS])
    shown, pairs = pair_pages("/compromisos/", PLAN, STATUS, filtered)
    found = {p.second.value.path: ([c.slug for c in p.second.items], {k: [v.path for v in f.values]
                                                                     for k, f in facets.items()}) for p, facets in pairs}
    assert found == {
        "/compromisos/por-plan/a/por-estatus/cumplido/": (["2"], {"estatus": [
            "/compromisos/por-plan/a/por-estatus/cumplido/", "/compromisos/por-plan/a/por-estatus/retrasado/"]}),
        "/compromisos/por-plan/a/por-estatus/retrasado/": (["1"], {
            "estatus": ["/compromisos/por-plan/a/por-estatus/cumplido/", "/compromisos/por-plan/a/por-estatus/retrasado/"],
            "plan": ["/compromisos/por-plan/a/por-estatus/retrasado/", "/compromisos/por-plan/b/por-estatus/retrasado/"]}),
        # plan b has one status: nothing to choose within it, but its page exists for the status' links
        "/compromisos/por-plan/b/por-estatus/retrasado/": (["3", "4"], {"plan": [
            "/compromisos/por-plan/a/por-estatus/retrasado/", "/compromisos/por-plan/b/por-estatus/retrasado/"]}),
        # plan c's only status is no other plan's: no page would link to theirs, so there is none
    }
    # a value's own page offers the other facet counted within it, leading to the pairs
    assert {path: {k: [(v.label, v.count) for v in f.values] for k, f in by_key.items()}
            for path, by_key in shown.items()} == {
        "/compromisos/por-plan/a/": {"estatus": [("cumplido", 1), ("retrasado", 1)]},
        "/compromisos/por-estatus/retrasado/": {"plan": [("A", 1), ("B", 2)]},
    }
    linked = {v.path for by_key in shown.values() for f in by_key.values() for v in f.values}
    assert linked <= set(found)


def test_pairs_are_not_made_when_they_would_be_too_many(monkeypatch):
    _, filtered = build_facets("/compromisos/", _commitments(), [PLAN, STATUS])
    monkeypatch.setattr(facets_module, "MAX_PAIR_PAGES", 2)
    assert pair_pages("/compromisos/", PLAN, STATUS, filtered) == ({}, [])


def _git(cwd, *args):
    subprocess.run(["git", "-C", str(cwd), "-c", "user.name=Prueba", "-c", "user.email=p@example.org", *args],
                   check=True, capture_output=True)


def test_history_lists_commits_per_file_and_folder_newest_first(tmp_path):
    if shutil.which("git") is None:
        tool_missing("git is not installed (apt-get install git)")
    (tmp_path / "content").mkdir()
    (tmp_path / "datasets" / "d").mkdir(parents=True)
    _git(tmp_path, "init", "-q")
    (tmp_path / "content" / "r.md").write_text("uno")
    (tmp_path / "datasets" / "d" / "x.csv").write_text("a\n")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "Primera versión")
    (tmp_path / "content" / "r.md").write_text("dos")
    _git(tmp_path, "commit", "-q", "-am", "Hito cumplido")
    history = History.read(tmp_path)
    assert [c.message for c in history.of_file("content/r.md")] == ["Hito cumplido", "Primera versión"]
    assert [c.message for c in history.of_folder("datasets/d")] == ["Primera versión"]
    assert history.of_file("content/otro.md") == ()


def test_no_git_checkout_means_empty_history(tmp_path):
    history = History.read(tmp_path)
    assert not history.available and history.of_folder("datasets") == ()
