"""The pre-commit hook definition: it runs `gobabierto validate` when site files change and
stops the commit on content errors."""

from __future__ import annotations

import re
import shlex
import subprocess

import yaml

from helpers import BASE_SITE, ROOT, make_site, run_cli


def hook() -> dict:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["gobabierto-validate"]
    return hooks[0]


def test_hook_definition_is_complete():
    definition = hook()
    assert {"id", "name", "entry", "language"} <= set(definition)
    assert definition["language"] == "python"  # pre-commit installs this package into the hook's environment
    assert definition["pass_filenames"] is False  # validation needs the whole site, not the changed files


def test_hook_runs_only_when_site_files_change():
    files = re.compile(hook()["files"])
    for path in ("content/compromisos/agua.md", "datasets/obras/obras.csv", "static/docs/acta.pdf",
                 "templates/base.html", "gobabierto.yml"):
        assert files.search(path), path
    for path in ("README.md", "docs/guia-editores.md", "_site/index.html", "mi-gobabierto.yml.bak"):
        assert not files.search(path), path


def test_hook_entry_validates_the_site(tmp_path):
    command = shlex.split(hook()["entry"])
    assert command[0] == "gobabierto"
    assert run_cli(*command[1:], cwd=BASE_SITE).returncode == 0
    broken = make_site(tmp_path / "s", {"content/paginas/que-es.md": "---\ntitulo:\n---\n"})
    result = run_cli(*command[1:], cwd=broken)
    assert result.returncode == 1
    assert result.stdout.startswith("content/paginas/que-es.md:2: titulo:")


def test_readme_snippets_match_the_hook():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    snippets = [yaml.safe_load(block) for block in re.findall(r"```yaml\n(repos:.*?)```", readme, re.S)]
    assert [s["repos"][0]["hooks"][0]["id"] for s in snippets] == ["gobabierto-validate"] * 2
    # the remote snippet names a revision that exists: the branch the site is published from, or a tag
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    tags = subprocess.run(["git", "-C", str(ROOT), "tag"], capture_output=True, text=True).stdout.split()
    assert snippets[0]["repos"][0]["rev"] in set(workflow[True]["push"]["branches"]) | set(tags)
    local = snippets[1]["repos"][0]["hooks"][0]
    definition = hook()
    assert local["files"] == definition["files"] and local["entry"] == definition["entry"]
    assert local["pass_filenames"] is False
