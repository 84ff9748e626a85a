"""Facet pages (filters without JavaScript) and Git history reading."""

import shutil
import subprocess
from types import SimpleNamespace as NS

import pytest

from helpers import tool_missing
from gobabierto.pages.facets import Dimension, build_facets
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
