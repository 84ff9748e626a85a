"""The last change of a folder: the newest of its files' (a commit's date before a file's
modification date of the same day), for any folder, read from one index of the paths."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from gobabierto.content.history import Change, History, Updated

NAMES = st.sampled_from(["content", "datasets", "compromisos", "agua", "obras", "a.md", "b.md", "datos.csv"])
PATHS = st.lists(NAMES, min_size=1, max_size=4).map("/".join)
DAYS = st.integers(min_value=0, max_value=40).map(lambda n: date(2025, 1, 1) + timedelta(days=n))


def _scan(history: History, folder: str) -> Updated | None:
    """What the folder's last change is by definition: every file under it, one by one."""
    prefix = folder.rstrip("/") + "/" if folder else ""
    found = [history.updated_file(p) for p in set(history._by_path) | set(history.modified()) if p.startswith(prefix)]
    found = [u for u in found if u is not None]
    return max(found, key=lambda u: (u.when, u.from_git)) if found else None


class _Dated(History):
    def __init__(self, by_path, modified):
        super().__init__(by_path)
        self._modified = modified


@given(committed=st.dictionaries(PATHS, DAYS, max_size=8), modified=st.dictionaries(PATHS, DAYS, max_size=8),
       folder=st.one_of(st.just(""), PATHS))
def test_a_folders_last_change_is_the_newest_of_its_files(committed, modified, folder):
    by_path = {path: [Change("c" * 40, datetime(day.year, day.month, day.day, tzinfo=timezone.utc), "m")]
               for path, day in committed.items()}
    history = _Dated(by_path, modified)
    assert history.updated_folder(folder) == _scan(history, folder)
    if folder:  # "a/b/" is the folder "a/b"
        assert history.updated_folder(folder + "/") == _scan(history, folder)


def test_a_commit_counts_before_a_modification_date_of_the_same_day():
    day = datetime(2025, 3, 1, tzinfo=timezone.utc)
    history = _Dated({"content/a.md": [Change("c" * 40, day, "m")]}, {"content/b.md": day.date()})
    assert history.updated_folder("content") == Updated(day.date(), True)
    assert history.updated_folder("datasets") is None


def _commits_under(history: History, folder: str) -> list[str]:
    """The commits of a folder by definition: of every file under it, each once."""
    prefix = folder.rstrip("/") + "/"
    seen = {c.commit: c for p, changes in history._by_path.items() if p.startswith(prefix) for c in changes}
    return list(seen)


@given(committed=st.dictionaries(PATHS, st.lists(st.tuples(st.sampled_from("abcdef"), DAYS), min_size=1, max_size=3),
                                 max_size=8), folder=PATHS)
def test_a_folders_commits_are_those_of_its_files_each_once_newest_first(committed, folder):
    when = {}  # one date per commit, as in Git
    by_path = {}
    for path, entries in committed.items():
        changes = []
        for commit, day in entries:
            moment = when.setdefault(commit, datetime(day.year, day.month, day.day, tzinfo=timezone.utc))
            if commit not in {c.commit for c in changes}:
                changes.append(Change(commit * 40, moment, "m"))
        by_path[path] = sorted(changes, key=lambda c: c.when, reverse=True)
    history = History(by_path)
    found = history.of_folder(folder)
    assert sorted(c.commit for c in found) == sorted(_commits_under(history, folder))
    assert [c.when for c in found] == sorted((c.when for c in found), reverse=True)
