"""Hostile content never becomes live code on the published site.

The payloads of tests/fixtures/xss/payloads.yml go into every text field, list item and
link of every record type (walking the field tables), the settings, a dataset's descriptor,
field names and CSV cells, and Markdown bodies. Dangerous HTML in a body is a located
error; everything else must come out escaped or sanitized: checked statically on every
output file and by loading every page in headless Chromium with a canary."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from conftest import serve
from gobabierto.content.config import load_config
from gobabierto.build.stages import load_site
from gobabierto.core.problems import Problems
from helpers import BASE_SITE, ROOT, make_site, run_cli
from gobabierto.content.records import RECORD_TYPES
from hostile import LINKS, MARKUP, TEMPLATES, audit, hostile_dataset, hostile_records, hostile_settings, link_slots_site

BY_ID = {p["id"]: p["text"] for p in MARKUP}
# Payloads that a Markdown body must refuse with a located error, by the corpus' naming:
# script tags, event handlers, code-running links and the tags that embed or redirect.
MUST_REFUSE = sorted(i for i in BY_ID if re.match(
    r"(script|img-onerror|img-slashes|img-backtick|img-src-js|svg|math|noscript|body-onload|details-ontoggle|input"
    r"|a-onmouseover|a-js|a-vbscript|a-data|md-link-js|md-link-reference|md-image-js|md-attr-list|iframe|object|embed|meta|base"
    r"|form|link-stylesheet|style|comment-break|textarea|title-break|xml-break|zero-width|unicode-escape|polyglot"
    r"|portal|template-tag|plaintext)", i))


# -- bodies: refused with a location, or published harmless ---------------------------------

def _body_site(tmp_path: Path) -> tuple[Path, dict[str, tuple[int, int]]]:
    """One page whose body holds every payload, one per paragraph; returns the site and
    each payload's first and last line in the file."""
    lines = ["---", "titulo: Página con cargas hostiles", "---"]
    spans = {}
    for payload in MARKUP:
        first = len(lines) + 1
        lines += payload["text"].split("\n")
        spans[payload["id"]] = (first, len(lines))
        lines.append("")
    site = make_site(tmp_path / "cuerpo", {"content/paginas/cuerpo-hostil.md": "\n".join(lines) + "\n"})
    return site, spans


@pytest.fixture(scope="module")
def body_verdicts(tmp_path_factory):
    """payload id → the problems `validate` reported on its lines (empty: accepted)."""
    site, spans = _body_site(tmp_path_factory.mktemp("cuerpo"))
    result = run_cli("validate", "--source", str(site), "--format", "json")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    problems = json.loads(result.stdout)["problemas"]
    assert all(p["archivo"] == "content/paginas/cuerpo-hostil.md" for p in problems), problems
    verdicts = {i: [p for p in problems if first <= (p["linea"] or 0) <= last] for i, (first, last) in spans.items()}
    located = sum(len(v) for v in verdicts.values())
    assert located == len(problems), "a problem points at a line that holds no payload"
    return verdicts


def test_dangerous_html_in_a_body_is_a_located_error(body_verdicts):
    missed = [i for i in MUST_REFUSE if not body_verdicts[i]]
    assert missed == []
    for verdict in body_verdicts.values():
        for problem in verdict:
            assert problem["campo"] == "texto" and problem["codigo"] in ("html-no-permitido", "html-sin-cerrar")
            assert problem["severidad"] == "error" and re.search(r"no se permite|sin cerrar", problem["mensaje"])


def accepted_body(verdicts) -> str:
    return "\n\n".join(BY_ID[i] for i, problems in verdicts.items() if not problems)


# -- the hostile site ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory, body_verdicts):
    """The base fixture plus hostile records of every type, settings and a dataset, built.
    Bodies hold every payload the validator accepts in a body."""
    body = accepted_body(body_verdicts)
    files = hostile_records(lambda kind, index: body)
    files["gobabierto.yml"] = hostile_settings(yaml.safe_load((BASE_SITE / "gobabierto.yml").read_text()))
    files.update(hostile_dataset())
    root = tmp_path_factory.mktemp("hostil")
    site = make_site(root / "sitio", files)
    output = root / "_site"
    result = run_cli("build", "--source", str(site), "--output", str(output))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return output


def html_files(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def test_the_hostile_site_is_built_and_every_payload_reaches_a_page(hostile_build):
    pages = {p: p.read_text(encoding="utf-8") for p in html_files(hostile_build)}
    assert len(pages) > 40
    for record_type in RECORD_TYPES.values():
        assert (hostile_build / record_type.folder / "hostil-todo" / "index.html").is_file()
    everything = "\n".join(pages.values())
    missing = [i for i in BY_ID if i not in everything]
    assert missing == [], "payloads that never reached a page (the test would prove nothing for them)"
    assert "Datos hostiles" in (hostile_build / "datos" / "hostil" / "index.html").read_text(encoding="utf-8")


def test_no_page_carries_live_code(hostile_build):
    findings = {}
    for path in html_files(hostile_build):
        page = path.read_text(encoding="utf-8")
        auditor = audit(page)
        if auditor.findings:
            findings[path.relative_to(hostile_build).as_posix()] = sorted(set(auditor.findings))[:10]
        # every page forbids inline scripts, plugins and a foreign <base>, whatever slipped through
        assert len(auditor.csp) == 1, path
        policy = {d.split()[0]: d.split()[1:] for d in auditor.csp[0].split(";") if d.strip()}
        # 'wasm-unsafe-eval' lets Pagefind's WebAssembly run; it allows no JavaScript eval
        assert policy["script-src"] == ["'self'", "'wasm-unsafe-eval'"] and policy["object-src"] == ["'none'"]
        assert policy["base-uri"] == ["'none'"]
        assert page.index('http-equiv="Content-Security-Policy"') < page.index("<title>")
    assert findings == {}


def test_the_audit_finds_what_it_looks_for():
    page = ('<meta http-equiv="Content-Security-Policy" content="x"><a href=" java&#x09;script:x">a</a>'
            '<img src=x onerror=y><iframe></iframe><script>x</script>'
            '<script type="application/ld+json">{"a": "</scr"}</script><p style="background:url(javascript:x)">'
            '<form action="https://fuera.example/"></form><meta http-equiv="refresh" content="0">')
    assert len(audit(page).findings) == 8


def test_template_syntax_in_content_is_never_evaluated(hostile_build):
    for path in sorted(p for p in hostile_build.rglob("*") if p.is_file()):
        if path.suffix not in (".html", ".xml", ".json", ".jsonld", ".txt", ".ics", ".csv"):
            continue
        text = path.read_text(encoding="utf-8")
        for template in TEMPLATES:
            assert template["evaluated"] not in text, (path, template["text"])
    assert "9137*7" in (hostile_build / "compromisos" / "hostil-todo" / "index.html").read_text(encoding="utf-8")


def test_machine_readable_outputs_stay_well_formed(hostile_build):
    """Feeds, sitemaps and catalogues carry the hostile titles too: they must still parse."""
    checked = 0
    for path in sorted(p for p in hostile_build.rglob("*") if p.is_file()):
        if path.suffix in (".xml", ".svg"):
            ET.parse(path)
            checked += 1
        elif path.suffix in (".json", ".jsonld"):
            json.loads(path.read_text(encoding="utf-8"))
            checked += 1
    assert checked >= 5


# -- in a browser ------------------------------------------------------------------------------

CANARY = """
window.__xss = [];
window.__pwn = (id) => window.__xss.push('pwn:' + id);
for (const name of ['alert', 'confirm', 'prompt', 'print']) {
  window[name] = (id) => window.__xss.push(name + ':' + id);
}
document.addEventListener('securitypolicyviolation',
  (e) => window.__xss.push('csp:' + e.violatedDirective + ' ' + e.blockedURI), true);
"""
PROVOKE = """() => {
  for (const el of document.querySelectorAll('body *')) {
    for (const type of ['mouseover', 'mouseenter', 'focus', 'focusin', 'pointerover', 'animationstart']) {
      el.dispatchEvent(new Event(type, {bubbles: true}));
    }
  }
  return new Promise((resolve) => setTimeout(() => resolve(window.__xss), 150));
}"""


def test_no_script_runs_on_any_hostile_page(browser, hostile_build):
    """Every page, at a phone's width: no payload runs, redirects or loads anything, and no
    long hostile word makes the page scroll sideways."""
    from playwright.sync_api import Error as PlaywrightError

    server, base = serve(hostile_build, "/")  # the hostile settings' url has no path prefix
    context = browser.new_context(viewport={"width": 360, "height": 800})
    context.add_init_script(CANARY)
    page = context.new_page()
    dialogs, errors, beacons, csp_console, sideways = [], [], [], [], {}
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: beacons.append(r.url) if "xss-beacon" in r.url else None)
    broken = []  # the site's own assets must load, or the layout check means nothing
    page.on("response", lambda r: broken.append(r.url) if r.status >= 400 and "/assets/" in r.url else None)
    page.on("console", lambda m: csp_console.append(m.text) if "Content Security Policy" in m.text else None)
    ran = {}
    try:
        pages = html_files(hostile_build)
        for path in pages:
            rel = path.relative_to(hostile_build).as_posix()
            url = base + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
            try:
                page.goto(url, wait_until="load")
                canary = page.evaluate(PROVOKE)
                if page.evaluate("document.baseURI") != url:
                    canary.append("base URI changed")
                # long hostile words must wrap, not widen the page on a phone
                overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
                if overflow > 0:
                    sideways[rel] = overflow
            except PlaywrightError as exc:  # a redirect or a script replaced the page
                canary = [f"the page changed under the test: {exc.message[:100]}"]
            if page.url != url:
                canary.append(f"navigated to {page.url}")
            if canary:
                ran[rel] = canary
    finally:
        context.close()
        server.shutdown()
    assert len(pages) > 40
    assert ran == {} and dialogs == [] and errors == [] and beacons == [] and csp_console == []
    assert broken == [] and sideways == {}


def test_the_canary_sees_a_script_that_runs(browser, tmp_path):
    """The harness can fail: a page with a live payload trips it."""
    folder = tmp_path / "vivo"
    folder.mkdir()
    (folder / "index.html").write_text(
        "<!doctype html><title>x</title><img src=x onerror=\"__pwn('vivo')\"><p onmouseover=\"alert('raton')\">p</p>")
    server, base = serve(folder)
    context = browser.new_context()
    context.add_init_script(CANARY)
    page = context.new_page()
    try:
        page.goto(base, wait_until="load")
        page.wait_for_timeout(100)
        seen = page.evaluate(PROVOKE)
    finally:
        context.close()
        server.shutdown()
    assert "pwn:vivo" in seen and "alert:raton" in seen


# -- link fields: only http, https, mailto and paths inside the site ----------------------------

# imagen-remota: an image field (escudo, logo) given any outside address, hostile or not
LINK_CODES = {"enlace-invalido", "ruta-invalida", "ruta-de-windows", "archivo-no-encontrado", "correo-invalido",
              "imagen-remota"}


def _node_line(text: str, dotted: str, offset: int) -> int:
    """1-based line of the value at a dotted path of a YAML document (as the validator
    reports it: a key's line for mapping values, the item's line for list items)."""
    node = yaml.compose(text)
    line = node.start_mark.line
    for part in dotted.split("."):
        if isinstance(node, yaml.MappingNode):
            key, node = next((k, v) for k, v in node.value if k.value == part)
            line = key.start_mark.line
        else:
            node = node.value[int(part) - 1]
            line = node.start_mark.line
    return line + 1 + offset


def test_every_link_field_refuses_code_and_foreign_schemes(tmp_path):
    files, expected = {}, {}
    for index, value in enumerate(LINKS):
        site_files, slots = link_slots_site(value)
        for path, content in site_files.items():
            renamed = path.replace("enlace-hostil", f"enlace-hostil-{index}")
            files[renamed] = content
            expected[renamed] = (content, slots[path])
    site = make_site(tmp_path / "enlaces", files)
    problems = Problems()
    assert load_site(site, problems) is None
    found = {(p.location.path, p.location.field): p for p in problems.errors}
    assert {path.split("/")[1] for path in expected} >= {"compromisos", "municipios", "sesiones", "practicas",
                                                          "convocatorias", "actividades"}
    missing = []
    for path, (content, slots) in expected.items():
        front = content.split("---\n")[1] if content.startswith("---\n") else content
        offset = 1 if content.startswith("---\n") else 0
        for dotted in slots:
            problem = found.get((path, dotted))
            if problem is None or problem.code not in LINK_CODES:
                missing.append((path, dotted, problem and problem.code))
                continue
            assert problem.location.line == _node_line(front, dotted, offset), (path, dotted)
            assert re.search(r"enlace|ruta|archivo|correo", problem.message), problem.message
    assert missing == []


def test_every_link_in_the_settings_refuses_code(tmp_path):
    base = (BASE_SITE / "gobabierto.yml").read_text(encoding="utf-8")
    for value in LINKS:
        settings = yaml.safe_load(base)
        settings["url"] = value
        settings["redes"] = [value]
        settings["organo_garante"]["url"] = value
        settings["contacto"]["correo"] = value
        settings["marca"].update(logo=value, sitio_principal=value, portal_transparencia=value)
        site = tmp_path / f"s{LINKS.index(value)}"
        (site / "static").mkdir(parents=True)
        (site / "gobabierto.yml").write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
        problems = Problems()
        load_config(site, problems)
        fields = {p.location.field for p in problems.errors if p.code in LINK_CODES}
        assert fields == {"url", "redes.1", "organo_garante.url", "contacto.correo", "marca.logo",
                          "marca.sitio_principal", "marca.portal_transparencia"}, value


def test_links_inside_a_dataset_descriptor_refuse_code(tmp_path):
    descriptor = yaml.safe_load((BASE_SITE / "datasets/obras/datapackage.yaml").read_text(encoding="utf-8"))
    files = {}
    for index, value in enumerate(LINKS[:12]):
        hostile = dict(descriptor, homepage=value,
                       licenses=[{"name": "CC-BY-4.0", "path": value}],
                       sources=[{"title": "Fuente", "path": value}],
                       contributors=[{"title": "Autora", "path": value}])
        hostile["resources"] = [dict(descriptor["resources"][0], homepage=value)]
        files[f"datasets/d{index}/datapackage.yaml"] = yaml.safe_dump(hostile, allow_unicode=True, sort_keys=False)
        files[f"datasets/d{index}/obras.csv"] = (BASE_SITE / "datasets/obras/obras.csv").read_text(encoding="utf-8")
    site = make_site(tmp_path / "datos", files)
    problems = Problems()
    assert load_site(site, problems) is None
    for index in range(12):
        path = f"datasets/d{index}/datapackage.yaml"
        fields = {p.location.field for p in problems.errors if p.location.path == path and p.code == "enlace-invalido"}
        assert fields == {"homepage", "licenses.1.path", "sources.1.path", "contributors.1.path",
                          "resources.1.homepage"}, (LINKS[index], fields)
        assert all(p.location.line for p in problems.errors if p.location.path == path)


# -- the theme itself --------------------------------------------------------------------------

def theme_templates() -> list[Path]:
    return sorted(p for p in (ROOT / "templates").rglob("*") if p.suffix in (".html", ".xml", ".txt", ".ics", ".json"))


def test_templates_never_turn_off_escaping_or_leave_attributes_unquoted():
    problems = []
    for path in theme_templates():
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(ROOT).as_posix()
        for m in re.finditer(r"\|\s*safe\b|autoescape\s+false|Markup\(", text):
            problems.append(f"{rel}: {m.group()}")
        for m in re.finditer(r"<[a-zA-Z][^<>]*?\s[a-zA-Z:-]+=\{\{", text):
            problems.append(f"{rel}: unquoted attribute {m.group()[-30:]}")
        for m in re.finditer(r"<script\b[^>]*>(.*?)</script>", text, re.S | re.I):
            for expression in re.findall(r"\{\{(.*?)\}\}", m.group(1), re.S):
                if not re.search(r"\|\s*tojson\s*$", expression.strip()):
                    problems.append(f"{rel}: script data without |tojson: {expression.strip()[:40]}")
    assert problems == []


def test_json_ld_written_with_tojson_cannot_close_its_script():
    """Pages that embed JSON-LD (schema.org) write it with |tojson: the theme's environment
    must escape what would end the <script> element or open a comment."""
    from gobabierto.pages.render import make_environment
    from gobabierto.pages.urls import Urls

    site = load_site(BASE_SITE, Problems())
    env = make_environment(BASE_SITE, Urls(site.config.url), site)
    hostile = {"name": "</script><script>__pwn('ld')</script>", "description": "<!-- <script>", "x": "\u2028'&"}
    page = env.from_string('<script type="application/ld+json">{{ data|tojson }}</script>').render(data=hostile)
    auditor = audit(page)
    assert auditor.findings == [] and json.loads(auditor.scripts[0]) == hostile
