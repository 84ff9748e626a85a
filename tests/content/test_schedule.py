"""A site published by a GitHub workflow that is not scheduled is warned about: without the
daily rebuild, calls never close and milestones never fall due on the site."""

from __future__ import annotations

from gobabierto.build.stages import load_site
from gobabierto.core.problems import Problems, format_text
from helpers import make_site, run_cli

PUBLISH = """name: Publicar sitio
on:
  push:
    branches: [main]
{schedule}  workflow_dispatch:
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: gobabierto build --output _site
      - uses: actions/upload-pages-artifact@v5
      - uses: actions/deploy-pages@v5
"""
CHECK = """name: Revisar cambios
on: [pull_request]
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - run: gobabierto build --output _site
"""
SCHEDULED = '  schedule:\n    - cron: "17 6 * * *"\n'
WARNING = (".github/workflows/pages.yml:2: on: advertencia: el flujo que publica el sitio no se ejecuta cada día (no"
           " tiene «schedule:» en «on:»): sin commits, las convocatorias no se abren ni se cierran y los hitos no se"
           " marcan vencidos en su fecha. Añade en «on:» las líneas «schedule:» y «  - cron: \"17 6 * * *\"» (cada"
           " día poco después de la medianoche de la Ciudad de México) [programacion-ausente]")


def warnings(site) -> list[str]:
    problems = Problems()
    load_site(site, problems)
    return [format_text(p) for p in problems.sorted() if p.code == "programacion-ausente"]


def test_a_publishing_workflow_without_schedule_is_warned_at_its_on(tmp_path):
    site = make_site(tmp_path / "s", {".github/workflows/pages.yml": PUBLISH.format(schedule=""),
                                      ".github/workflows/check.yml": CHECK})
    assert warnings(site) == [WARNING]


def test_a_scheduled_workflow_is_enough(tmp_path):
    site = make_site(tmp_path / "s", {".github/workflows/pages.yml": PUBLISH.format(schedule=SCHEDULED),
                                      ".github/workflows/check.yml": CHECK})
    assert warnings(site) == []


def test_a_site_without_workflows_is_published_some_other_way(tmp_path):
    assert warnings(make_site(tmp_path / "s", {})) == []
    other = make_site(tmp_path / "t", {".github/workflows/lint.yml": "on: [push]\njobs: {}\n"})
    assert warnings(other) == []


def test_validate_and_review_say_it(tmp_path):
    site = make_site(tmp_path / "s", {".github/workflows/pages.yml": PUBLISH.format(schedule="")})
    validate = run_cli("validate", "--source", str(site))
    assert validate.returncode == 0 and WARNING in validate.stdout.splitlines()
    review = run_cli("review", "--source", str(site))
    assert "programacion-ausente" in review.stdout
