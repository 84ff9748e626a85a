"""A page's fingerprint is the same in every process: what the build keeps in its cache
must not depend on Python's string hashing (the order of a set), or every build in a new
process re-renders the pages whose context was made from one (found by `build --explicar`:
the home page and every dashboard, each build, from the statuses' set)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from helpers import BASE_EPOCH, BASE_SITE, ROOT

PRINTS = """
import dataclasses, json, sys
from pathlib import Path
from gobabierto.build import fingerprint, stages
from gobabierto.content.history import History
from gobabierto.core.problems import Problems
from gobabierto.pages.routes import build_routes
root = Path(sys.argv[1])
site = stages.load_site(root, Problems())
site = dataclasses.replace(site, history=History.read(root, zone=site.config.zona_horaria))
digester = fingerprint.Digester()
found = {}
for page in build_routes(site):
    try:
        found[page.output] = digester.digest(page)
    except fingerprint.Uncacheable:
        found[page.output] = None
print(json.dumps(found))
"""


def _prints(site, seed: str) -> dict:
    env = {**os.environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": BASE_EPOCH, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", PRINTS, str(site)], env=env, capture_output=True, text=True,
                          timeout=300, check=True)
    return json.loads(done.stdout)


def test_every_page_of_the_fixture_and_the_demo_has_the_same_fingerprint_in_any_process():
    for site in (BASE_SITE, ROOT):
        first, second = _prints(site, "1"), _prints(site, "2")
        assert first.keys() == second.keys() and len(first) > 10
        assert [page for page in first if first[page] != second[page]] == [], site


def test_a_digest_is_of_the_values_not_of_which_objects_hold_them():
    """A record parsed afresh and the same record read from the cache may hold equal
    strings as one object or as two: both digest the same. What differs on a page (escaped
    or not, list or tuple, order, date) digests differently; what cannot be digested with
    certainty (code, unknown objects) is refused, and the page rendered every time."""
    import datetime as dt
    from dataclasses import dataclass

    from markupsafe import Markup

    from gobabierto.build import fingerprint

    @dataclass(frozen=True)
    class Item:
        title: str
        tags: frozenset

    text = "compromiso " * 3
    shared = (text, text, Item(text, frozenset({"a", "b"})))
    apart = ("compromiso " * 3, "".join(["compromiso "] * 3), Item("compromiso " * 3, frozenset({"b", "a"})))
    assert shared[0] is shared[1] and apart[0] is not apart[1]
    digest = fingerprint.Digester().digest
    assert digest(shared) == digest(apart)
    assert digest(Markup("<b>x</b>")) != digest("<b>x</b>")  # escaped or not is not the same page
    assert digest([1, 2]) != digest((1, 2)) and digest({"a": 1, "b": 2}) != digest({"b": 2, "a": 1})
    assert digest(dt.date(2026, 1, 2)) != digest(dt.date(2026, 1, 3))
    for refused in (lambda: 1, object(), int):
        try:
            digest({"x": refused})
        except fingerprint.Uncacheable:
            continue
        raise AssertionError(f"{refused!r} was digested")
