"""Run the `run:` steps of a GitHub Actions job locally, in order, the way the runner would:
`${{ ... }}` expressions replaced from a table the test gives (an expression missing from
the table fails the test, so the workflow and its test cannot drift apart), job and step
`env:`, `if:` conditions, `bash -e`, and a $GITHUB_STEP_SUMMARY file. `uses:` steps are
not run; the test checks their inputs itself. The install step is replaced by a
`gobabierto` command on PATH that runs this checkout's package, unless the job is given a
real environment (`engine_bin`, the `bin/` of a virtual environment): then every step runs as
written, the install step included, with that environment first on PATH."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from helpers import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
INSTALL = ("python -m pip install --require-hashes -r requirements/site.txt\n"
           "python -m pip install --no-deps --no-build-isolation .")


def load_workflow(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    if True in data:  # YAML 1.1 reads the key `on` as a boolean
        data["on"] = data.pop(True)
    return data


@dataclass
class StepResult:
    name: str
    returncode: int | None  # None: skipped by its `if:` or after a failure
    output: str = ""


@dataclass
class JobRun:
    steps: list[StepResult] = field(default_factory=list)
    summary: str = ""

    def step(self, name: str) -> StepResult:
        found = [s for s in self.steps if s.name == name]
        assert found, f"no step named {name!r}; steps: {[s.name for s in self.steps]}"
        return found[0]

    @property
    def ran(self) -> list[str]:
        return [s.name for s in self.steps if s.returncode is not None]


def substitute(text: str, expressions: dict[str, str], earlier_ids: set[str] | None = None) -> str:
    def value(match: re.Match) -> str:
        expression = match.group(1)
        if expression not in expressions:
            pytest.fail(f"the workflow uses ${{{{ {expression} }}}}: give the test a local value for it")
        step_id = re.match(r"steps\.([A-Za-z0-9_-]+)\.", expression)
        if step_id and earlier_ids is not None and step_id.group(1) not in earlier_ids:
            pytest.fail(f"${{{{ {expression} }}}} is used before the step with id {step_id.group(1)!r} runs")
        return expressions[expression]

    return EXPRESSION.sub(value, text)


def _should_run(condition, failed: bool) -> bool:
    if condition is None:
        return not failed
    condition = EXPRESSION.sub(lambda m: m.group(1), str(condition)).strip()
    if condition == "!cancelled()":
        return True
    pytest.fail(f"the test does not know the step condition {condition!r}")


def _shim(folder: Path) -> Path:
    """A `gobabierto` executable that runs this checkout's package with this Python."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "gobabierto"
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m gobabierto "$@"\n', encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return folder


def run_job(workflow: dict, job: str, workdir: Path, expressions: dict[str, str], engine_bin: Path | None = None,
            env: dict[str, str] | None = None) -> JobRun:
    spec = workflow["jobs"][job]
    bin_dir = engine_bin or _shim(workdir.parent / f".bin-{workdir.name}")
    summary = workdir.parent / f".summary-{workdir.name}.md"
    summary.write_text("", encoding="utf-8")
    base_env = {key: value for key, value in os.environ.items()
                if key not in ("SOURCE_DATE_EPOCH", "PYTHONPATH", "VIRTUAL_ENV")}
    base_env.update(PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}", PYTHONIOENCODING="utf-8",
                    GITHUB_STEP_SUMMARY=str(summary), GITHUB_ACTIONS="true", CI="true", **(env or {}))
    if engine_bin is None:
        base_env["PYTHONPATH"] = str(ROOT)
    job_env = {k: substitute(str(v), expressions) for k, v in (spec.get("env") or {}).items()}
    result = JobRun()
    failed = False
    earlier_ids: set[str] = set()
    for index, step in enumerate(spec["steps"]):
        name = step.get("name") or step.get("uses") or f"paso {index + 1}"
        if "run" not in step:
            if step.get("id"):
                earlier_ids.add(step["id"])
            continue
        if step["run"].strip() == INSTALL and engine_bin is None:
            assert result.ran == [], "gobabierto must be installed before any other command runs"
            result.steps.append(StepResult(name, 0, "(replaced by this checkout's package on PATH)"))
            continue
        if not _should_run(step.get("if"), failed):
            result.steps.append(StepResult(name, None))
            continue
        env = {**base_env, **job_env,
               **{k: substitute(str(v), expressions, earlier_ids) for k, v in (step.get("env") or {}).items()}}
        script = substitute(step["run"], expressions, earlier_ids)
        done = subprocess.run(["bash", "-e", "-c", script], cwd=workdir, env=env, capture_output=True, text=True,
                              timeout=600)
        result.steps.append(StepResult(name, done.returncode, done.stdout + done.stderr))
        failed = failed or done.returncode != 0
        if step.get("id"):
            earlier_ids.add(step["id"])
    result.summary = summary.read_text(encoding="utf-8")
    return result


def uses_step(workflow: dict, job: str, action: str) -> dict:
    """The one step of `job` that uses `action` (owner/name, any version)."""
    found = [s for s in workflow["jobs"][job]["steps"] if str(s.get("uses", "")).split("@")[0] == action]
    assert len(found) == 1, f"{job} should use {action} once"
    return found[0]
