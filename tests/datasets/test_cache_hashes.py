"""The memo of data-file hashes (datacache.Cache.file_hash): an unchanged big file is not
read again on every build, and any change to it — even one that keeps its size and
modification time — is hashed again."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from gobabierto.datasets import cache as datacache
from gobabierto.datasets.cache import Cache


class Counting:
    def __init__(self):
        self.calls = 0

    def __call__(self, path: Path) -> str:
        self.calls += 1
        return hashlib.sha256(path.read_bytes()).hexdigest()


def _site(tmp_path: Path) -> tuple[Path, Path]:
    data = tmp_path / "sitio" / "datasets" / "d" / "datos.csv"
    data.parent.mkdir(parents=True)
    data.write_text("a,b\n1,2\n", encoding="utf-8")
    return tmp_path / "sitio", data


def test_an_unchanged_file_is_taken_from_the_memo_across_builds(tmp_path, monkeypatch):
    monkeypatch.setattr(datacache, "RACY_NS", 0)  # the file was written an instant ago
    root, data = _site(tmp_path)
    first = Counting()
    digest = Cache(root).file_hash(data, first)
    cache = Cache(root)
    cache.file_hash(data, first)
    cache.save_hashes(prune=True)
    again = Counting()
    assert Cache(root).file_hash(data, again) == digest == hashlib.sha256(data.read_bytes()).hexdigest()
    assert first.calls == 2  # the first cache never saved its memo
    assert again.calls == 0


def test_a_change_that_keeps_size_and_modification_time_is_hashed_again(tmp_path, monkeypatch):
    monkeypatch.setattr(datacache, "RACY_NS", 0)
    root, data = _site(tmp_path)
    cache = Cache(root)
    old = cache.file_hash(data, Counting())
    cache.save_hashes()
    stat = data.stat()
    data.write_text("a,b\n9,2\n", encoding="utf-8")  # same size
    os.utime(data, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same modification time; the change time moves
    counting = Counting()
    new = Cache(root).file_hash(data, counting)
    assert counting.calls == 1 and new != old == hashlib.sha256(b"a,b\n1,2\n").hexdigest()


def test_a_file_changed_just_before_it_was_hashed_is_not_trusted(tmp_path):
    root, data = _site(tmp_path)
    cache = Cache(root)
    cache.file_hash(data, Counting())
    cache.save_hashes()
    counting = Counting()
    Cache(root).file_hash(data, counting)
    assert counting.calls == 1


def test_files_outside_the_site_and_forgotten_files_are_not_remembered(tmp_path, monkeypatch):
    monkeypatch.setattr(datacache, "RACY_NS", 0)
    root, data = _site(tmp_path)
    outside = tmp_path / "fuera.csv"
    outside.write_text("x\n", encoding="utf-8")
    cache = Cache(root)
    cache.file_hash(data, Counting())
    cache.file_hash(outside, Counting())
    cache.save_hashes(prune=True)
    memo = (root / datacache.DIRNAME / "datos" / datacache.HASHES).read_text(encoding="utf-8")
    assert str(data.resolve()) in memo and str(outside.resolve()) not in memo
    later = Cache(root)  # the dataset was deleted: a pruning save forgets it
    later.save_hashes(prune=True)
    assert str(data.resolve()) not in (root / datacache.DIRNAME / "datos" / datacache.HASHES).read_text(encoding="utf-8")


def test_a_corrupt_memo_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setattr(datacache, "RACY_NS", 0)
    root, data = _site(tmp_path)
    memo = root / datacache.DIRNAME / "datos" / datacache.HASHES
    memo.parent.mkdir(parents=True)
    memo.write_text("{no es json", encoding="utf-8")
    counting = Counting()
    assert Cache(root).file_hash(data, counting) == hashlib.sha256(data.read_bytes()).hexdigest()
    assert counting.calls == 1
