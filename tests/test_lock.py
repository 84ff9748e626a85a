"""Every fresh machine gets the same project: requirements/engine.txt (what the engine needs to
run; packaged in the wheel for the sites that install it), requirements/site.txt (that and the
build backend) and requirements/test.txt lock every Python dependency with hashes, agree with
each other and with pyproject.toml's ranges, and the environment the tests run in holds exactly
the locked versions. The npm lock agrees with package.json."""

from __future__ import annotations

import json
import os
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from helpers import ROOT

LOCKS = ROOT / "requirements"
PIN = re.compile(r"^(?P<name>[A-Za-z0-9._-]+)==(?P<version>[^\s;\\]+)\s*(?:;\s*(?P<marker>[^\\]+?))?\s*\\?$")
INSTALLERS = {"pip", "setuptools", "wheel"}  # the venv's own installer, not a dependency


def read_lock(name: str) -> list[tuple[str, str, str | None, int]]:
    """(name, version, marker, number of hashes) of every pin in a lock file."""
    pins = []
    lines = (LOCKS / name).read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        match = PIN.match(line)
        if not match:
            continue
        hashes = 0
        for follow in lines[index + 1:]:
            if not follow.startswith("    --hash=sha256:"):
                break
            hashes += 1
        pins.append((canonicalize_name(match["name"]), match["version"], match["marker"], hashes))
    assert pins, f"requirements/{name} has no pins"
    return pins


def applicable(name: str) -> dict[str, str]:
    """name → version of the pins whose markers hold on this machine."""
    return {pin: version for pin, version, marker, _ in read_lock(name) if marker is None or Marker(marker).evaluate()}


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_pin_has_hashes_and_an_exact_version():
    for name in ("engine.txt", "site.txt", "test.txt"):
        text = (LOCKS / name).read_text(encoding="utf-8")
        requirement_lines = [line for line in text.splitlines() if line and not line.startswith((" ", "#"))]
        pins = read_lock(name)
        assert len(pins) == len(requirement_lines), f"requirements/{name} has a line that is not an exact pin"
        assert all(hashes >= 1 for *_, hashes in pins), f"a pin of requirements/{name} has no hash"


def test_the_site_lock_is_the_test_lock_s_versions():
    engine = {(n, v, m) for n, v, m, _ in read_lock("engine.txt")}
    site = {(n, v, m) for n, v, m, _ in read_lock("site.txt")}
    test = {(n, v, m) for n, v, m, _ in read_lock("test.txt")}
    assert site <= test, f"site.txt pins what test.txt does not: {sorted(site - test)}; run `make lock`"
    assert engine <= site, f"engine.txt pins what site.txt does not: {sorted(engine - site)}; run `make lock`"


def test_the_engine_lock_holds_only_what_running_needs():
    """A site installs requirements/engine.txt: the build backend is not in it."""
    engine = {n for n, *_ in read_lock("engine.txt")}
    build = {canonicalize_name(line) for line in (LOCKS / "build.in").read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")}
    assert engine & build == set()
    assert {canonicalize_name(Requirement(r).name) for r in pyproject()["project"]["dependencies"]} <= engine


@pytest.mark.parametrize("lock, extras, with_build", [("engine.txt", (), False), ("site.txt", (), True),
                                                     ("test.txt", ("test",), True)])
def test_the_locks_hold_every_dependency_within_its_range(lock, extras, with_build):
    project = pyproject()["project"]
    wanted = [Requirement(r) for r in project["dependencies"]]
    for extra in extras:
        wanted += [Requirement(r) for r in project["optional-dependencies"][extra]]
    build = [Requirement(line) for line in (LOCKS / "build.in").read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")] if with_build else []
    pins: dict[str, list[str]] = {}
    for name, version, _, _ in read_lock(lock):
        pins.setdefault(name, []).append(version)
    for requirement in wanted + build:
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement} is not in requirements/{lock}: run `make lock`"
        for version in pins[name]:
            assert requirement.specifier.contains(Version(version), prereleases=True), (
                f"requirements/{lock} pins {name}=={version}, outside pyproject.toml's «{requirement}»: run `make lock`")


def test_the_environment_holds_exactly_the_locked_versions():
    """`make test` runs in .venv with exactly the lock; `DEPS=newest make test` (the weekly
    workflow) in .venv-newest with the newest releases, each within pyproject.toml's range.
    Under CI any other environment is a failure; run by hand elsewhere, the test says why
    it cannot judge."""
    newest = os.environ.get("DEPS") == "newest"
    venv = ROOT / (".venv-newest" if newest else ".venv")
    if Path(sys.prefix).resolve() != venv.resolve():
        reason = f"the tests run outside {venv.name}/ ({sys.prefix}): `make test` makes and uses it"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}
    installed = {n: v for n, v in installed.items() if n not in INSTALLERS and n != "gobabierto"}
    if not newest:
        assert installed == applicable("test.txt")
        return
    project = pyproject()["project"]
    wanted = [Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]]
    for requirement in wanted:
        if requirement.marker is None or requirement.marker.evaluate():
            name = canonicalize_name(requirement.name)
            assert name in installed, f"{requirement} is not installed"
            assert requirement.specifier.contains(Version(installed[name]), prereleases=True), (
                f"{name}=={installed[name]} is outside pyproject.toml's «{requirement}»")


def test_the_npm_lock_holds_package_json_s_versions():
    manifest = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    wanted = manifest["devDependencies"]
    assert all(re.fullmatch(r"\d+\.\d+\.\d+", v) for v in wanted.values()), "package.json pins exact versions"
    assert lock["packages"][""]["devDependencies"] == wanted
    for name, version in wanted.items():
        entry = lock["packages"][f"node_modules/{name}"]
        assert entry["version"] == version and entry["integrity"].startswith("sha512-")
