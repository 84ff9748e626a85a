"""The folders the engine finds from its own place in the package (core/paths.py), and what
depends on them: the engine digest hashes every module of every subpackage and the
catalogues, the theme and the catalogues are where the code looks, the message extraction
walks the subpackages, and the installed command points at the CLI."""

from __future__ import annotations

import importlib
import tomllib

import click

from gobabierto.build import engine
from gobabierto.core import paths
from gobabierto.text import catalogues, i18n
from helpers import ROOT


def test_the_engine_package_is_where_paths_says():
    assert paths.PACKAGE == ROOT / "gobabierto"
    assert (paths.PACKAGE / "__init__.py").is_file() and (paths.PACKAGE / "core" / "paths.py").is_file()


def test_the_engine_digest_hashes_every_module_and_the_catalogues():
    hashed = {p.relative_to(paths.PACKAGE).as_posix() for p in engine.engine_files()}
    modules = {p.relative_to(paths.PACKAGE).as_posix() for p in paths.PACKAGE.rglob("*.py")}
    assert modules <= hashed
    assert {"content/records.py", "build/stages.py", "text/locale/en/LC_MESSAGES/messages.po"} <= hashed
    assert not any("__pycache__" in name for name in hashed)


def test_the_engine_digest_changes_with_a_module_in_a_subpackage(tmp_path, monkeypatch):
    copy = tmp_path / "gobabierto"
    for path in engine.engine_files():
        target = copy / path.relative_to(paths.PACKAGE)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    monkeypatch.setattr(paths, "PACKAGE", copy)
    engine.digest.cache_clear()
    try:
        before = engine.digest()
        records = copy / "content" / "records.py"
        records.write_text(records.read_text(encoding="utf-8") + "\n# cambio\n", encoding="utf-8")
        engine.digest.cache_clear()
        assert engine.digest() != before
    finally:
        engine.digest.cache_clear()


def test_the_theme_and_the_catalogues_are_found():
    assert (paths.theme_dir() / "base.html").is_file()
    assert paths.theme_dir() == paths.CHECKOUT_THEME == ROOT / "templates"  # a checkout: no packaged theme
    assert i18n.LOCALE_DIR == paths.LOCALE
    assert (paths.LOCALE / "en" / "LC_MESSAGES" / "messages.po").is_file()


def test_the_wheel_packages_the_theme_and_the_lock_where_paths_looks():
    wheel = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert wheel["packages"] == ["gobabierto"]
    assert wheel["force-include"] == {
        "templates": paths.PACKAGED_THEME.relative_to(ROOT).as_posix(),
        paths.CHECKOUT_LOCK.relative_to(ROOT).as_posix(): paths.PACKAGED_LOCK.relative_to(ROOT).as_posix(),
    }


def test_the_engine_lock_and_the_site_template_are_found():
    assert paths.engine_lock() == paths.CHECKOUT_LOCK == ROOT / "requirements" / "engine.txt"  # a checkout
    assert (paths.SITE_TEMPLATE / "gobabierto.yml").is_file()
    assert (paths.SITE_TEMPLATE / ".github" / "workflows" / "pages.yml").is_file()


def test_messages_are_extracted_from_every_subpackage():
    places = {f.split("/")[1] for message in catalogues.extract() if message.id
              for f, _ in message.locations if f.startswith("gobabierto/")}
    assert {"text", "content", "datasets", "pages", "publish"} <= places


def test_the_installed_command_is_the_cli():
    target = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]["gobabierto"]
    module, _, attribute = target.partition(":")
    command = getattr(importlib.import_module(module), attribute)
    assert isinstance(command, click.Group) and {"build", "validate", "serve", "new"} <= set(command.commands)
