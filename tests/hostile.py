"""Hostile sites generated from the field tables: every text field, list item and link of
every record type (and of the settings and dataset descriptors) filled with payloads from
tests/fixtures/xss/payloads.yml. Walking the tables, not a hand-written list, means a field
or record type added later is covered without touching the tests."""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import yaml

from gobabierto.content.fields import Field
from gobabierto.content.records import RECORD_TYPES, SETTINGS_FIELDS
from helpers import FIXTURES

CORPUS = yaml.safe_load((FIXTURES / "xss" / "payloads.yml").read_text(encoding="utf-8"))
MARKUP = CORPUS["markup"]
LINKS = CORPUS["links"]
SAFE_LINK = "https://ejemplo.org/documento?de="  # a harmless link where a payload is not the point
TEMPLATES = CORPUS["templates"]

# Slugs of the base fixture that required references point at.
KNOWN = {"municipio": "rio-bajo", "plan": "primer-plan", "convocatoria": "convocatoria-plan",
         "compromiso": "portal-de-datos", "dataset": "obras"}
# Settings whose values are names the engine checks (a time zone, menu entries, a language).
SETTINGS_CHECKED = {"zona_horaria", "navegacion", "idioma"}
TARGET_KINDS = {"text", "url", "link", "email"}


def carries(spec: Field, kinds=TARGET_KINDS) -> bool:
    """Whether a field, or anything inside it, is of one of `kinds`."""
    if spec.kind in kinds and not (spec.kind == "text" and spec.pattern):
        return True
    if spec.kind == "list":
        return carries(spec.item, kinds)
    if spec.kind == "object":
        return any(carries(f, kinds) for f in spec.fields)
    return False


@dataclass
class Filler:
    """What goes into each kind of slot; `slots` records the dotted path of every text and
    link slot filled, with the value put there."""

    text: callable                   # dotted path → text
    link: callable                   # dotted path → link value (link kind)
    url: callable                    # dotted path → URL value (url kind)
    email: callable = lambda at: "contacto@ejemplo.org"
    slots: dict = field(default_factory=dict)

    def value(self, spec: Field, at: tuple, skip: set = frozenset()):
        dotted = ".".join(str(p + 1) if isinstance(p, int) else p for p in at)
        kind = spec.kind
        if kind == "text":
            value = self.text(dotted)
        elif kind == "link":
            value = self.link(dotted)
            if spec.local and value.startswith(SAFE_LINK):
                value = "img/logo.svg"  # an image field takes the site's own files only (imagen-remota otherwise)
        elif kind == "url":
            value = self.url(dotted)
        elif kind == "email":
            value = self.email(dotted)
        elif kind == "int":
            return int(spec.minimum) if spec.minimum is not None else 1
        elif kind == "number":
            return spec.minimum if spec.minimum is not None else 1
        elif kind == "bool":
            return True
        elif kind == "date":
            return date(2024, 1, 1)
        elif kind == "enum":
            return spec.choices[0]
        elif kind == "slug":
            return KNOWN[spec.ref]
        elif kind == "color":
            return "#1f5f5b"
        elif kind == "list":
            count = 3 if spec.item.kind in TARGET_KINDS else 1
            return [self.value(spec.item, at + (i,)) for i in range(count)]
        elif kind == "object":
            return self.mapping(spec.fields, at, skip)
        else:
            raise AssertionError(f"no sample for kind {kind}")
        self.slots[dotted] = (kind, value)
        return value

    def mapping(self, table, at: tuple = (), skip: set = frozenset()) -> dict:
        """Every required field, and every optional one that carries text or links."""
        return {spec.key: self.value(spec, at + (spec.key,))
                for spec in table
                if spec.key not in skip and (spec.required or carries(spec))}


def dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def record_text(kind: str, data: dict, body: str = "") -> str:
    if not RECORD_TYPES[kind].has_body:
        return dump(data)
    return "---\n" + dump(data) + "---\n" + body + "\n"


def record_path(kind: str, slug: str) -> str:
    folder = RECORD_TYPES[kind].folder
    return f"content/{folder}/{slug}.md" if RECORD_TYPES[kind].has_body else f"content/{folder}/{slug}.yml"


def payload_cycle():
    return itertools.cycle([p["text"] for p in MARKUP])


def all_markup() -> str:
    return " ".join(p["text"] for p in MARKUP)


def hostile_records(body_for) -> dict[str, str]:
    """Files of records of every type: one record per type with every text field holding the
    whole corpus, then records whose text fields each hold one payload until every payload
    has been alone in a field. `body_for(kind, index)` gives each record's Markdown body."""
    files: dict[str, str] = {}
    whole = all_markup() + " " + " ".join(t["text"] for t in TEMPLATES)
    safe_link = lambda at: SAFE_LINK + at  # noqa: E731
    safe_url = lambda at: "https://ejemplo.org/" + at  # noqa: E731
    for kind in sorted(RECORD_TYPES):
        filler = Filler(text=lambda at: whole, link=safe_link, url=safe_url)
        files[record_path(kind, "hostil-todo")] = record_text(kind, filler.mapping(RECORD_TYPES[kind].fields), body_for(kind, 0))
    pending = [p["text"] for p in MARKUP] + [t["text"] for t in TEMPLATES]
    cycle = itertools.cycle(pending)
    used: set[str] = set()
    index = 1
    while len(used) < len(pending):
        for kind in sorted(RECORD_TYPES):
            def one(at):
                text = next(cycle)
                used.add(text)
                return text
            filler = Filler(text=one, link=safe_link, url=safe_url)
            data = filler.mapping(RECORD_TYPES[kind].fields)
            files[record_path(kind, f"hostil-{index}")] = record_text(kind, data, body_for(kind, index))
        index += 1
    return files


def hostile_settings(base_settings: dict) -> str:
    whole = all_markup()
    filler = Filler(text=lambda at: whole, link=lambda at: "img/logo.svg",
                    url=lambda at: "https://ejemplo.org/" if at == "url" else "https://ejemplo.org/red")
    data = filler.mapping(SETTINGS_FIELDS, skip=SETTINGS_CHECKED)
    for key in SETTINGS_CHECKED:
        if key in base_settings:
            data[key] = base_settings[key]
    return dump(data)


def hostile_dataset() -> dict[str, str]:
    """A dataset whose every free text (title, description, keywords, office, contact,
    licence title, resource title and description, field names, titles and descriptions)
    and every string cell holds payloads. Each descriptor text holds a third of the corpus,
    so that none passes the length a catalogue accepts for a description."""
    texts = [p["text"] for p in MARKUP] + [t["text"] for t in TEMPLATES]
    third = [" ".join(texts[i::3]) for i in range(3)]
    names = [f"c{i} {p['text']}" for i, p in enumerate(MARKUP[:12])]
    schema_fields = [{"name": name, "type": "string", "title": MARKUP[i + 12]["text"],
                      "description": MARKUP[i + 24]["text"]} for i, name in enumerate(names)]
    descriptor = {
        "name": "hostil",
        "title": "Datos hostiles " + third[0],
        "description": "Descripción con cargas hostiles, de al menos cincuenta caracteres. " + third[1],
        "keywords": [p["text"] for p in MARKUP[:20]],
        "dependencia": third[2],
        "tema": third[0],
        "cobertura_temporal": third[1],
        "cobertura_geografica": third[2],
        "contacto": {"nombre": third[0], "correo": "datos@ejemplo.org"},
        "licenses": [{"name": "CC-BY-4.0", "title": third[1], "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "resources": [{
            "name": "hostil", "path": "hostil.csv", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "title": third[2], "description": third[0],
            "schema": {"fields": schema_fields},
        }],
    }
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    for start in range(0, len(texts), len(names)):
        row = texts[start:start + len(names)]
        writer.writerow(row + ["-"] * (len(names) - len(row)))
    return {"datasets/hostil/datapackage.yaml": dump(descriptor), "datasets/hostil/hostil.csv": out.getvalue()}


def link_slots_site(value: str) -> tuple[dict[str, str], dict[str, dict]]:
    """Records of every type with every link, URL and e-mail slot set to `value` (and
    required text filled harmlessly). Returns the files and, per file, the slots filled."""
    files: dict[str, str] = {}
    slots: dict[str, dict] = {}
    for kind in sorted(RECORD_TYPES):
        filler = Filler(text=lambda at: "Texto", link=lambda at: value, url=lambda at: value, email=lambda at: value)
        table = RECORD_TYPES[kind].fields
        data = {spec.key: filler.value(spec, (spec.key,)) for spec in table
                if spec.required or carries(spec, {"url", "link", "email"})}
        found = {k: v for k, (kind_, v) in filler.slots.items() if kind_ in ("url", "link", "email")}
        if found:  # record types without any link have nothing to test here
            path = record_path(kind, "enlace-hostil")
            files[path] = record_text(kind, data)
            slots[path] = found
    return files, slots


class _Audit(HTMLParser):
    """Everything in a page that could run code or leave the site."""

    URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "cite",
                 "srcset", "ping", "manifest", "codebase"}
    FORBIDDEN_TAGS = {"base", "iframe", "frame", "frameset", "object", "embed", "applet", "portal", "noscript"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.findings: list[str] = []
        self.scripts: list[str] = []
        self.in_script = False
        self.in_style = False
        self.csp = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag in self.FORBIDDEN_TAGS:
            self.findings.append(f"<{tag}>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.findings.append(f"<{tag} {name}=…>")
            if name in self.URL_ATTRS:
                compact = re.sub(r"[\x00-\x20\x7f-\x9f\u200b-\u200d\ufeff]", "", value).lower()
                scheme = compact.split(":", 1)[0] if ":" in compact else ""
                if scheme in ("javascript", "vbscript", "livescript") or (
                        scheme == "data" and not (tag == "img" and name == "src" and compact.startswith("data:image/"))):
                    self.findings.append(f"<{tag} {name}={value[:60]!r}>")
                if "xss-beacon" in compact:
                    self.findings.append(f"<{tag} {name}={value[:60]!r}>")
            if name == "style" and re.search(r"javascript:|expression\(|xss-beacon|@import", value, re.I):
                self.findings.append(f"<{tag} style={value[:60]!r}>")
            if name == "srcdoc":
                self.findings.append(f"<{tag} srcdoc>")
        if tag == "meta" and "http-equiv" in values:
            if (values["http-equiv"] or "").lower() == "content-security-policy":
                self.csp.append(values.get("content") or "")
            else:
                self.findings.append(f"<meta http-equiv={values['http-equiv']!r}>")
        if tag == "form":
            action = (values.get("action") or "").strip()
            if action and (not action.startswith("/") or action.startswith("//")):
                self.findings.append(f"<form action={action!r}>")
        if tag == "script":
            src = values.get("src") or ""
            if src:  # the theme's own scripts (search, stale statuses, tables) are the only files a page may load
                if not re.fullmatch(r"/([\w.-]+/)*assets/(buscar|vigencia|tabla)\.js", src):
                    self.findings.append(f"<script {values}>")
                self.in_script = True
                self.scripts.append(None)
                return
            if (values.get("type") or "").lower() != "application/ld+json":
                self.findings.append(f"<script {values}>")
            self.in_script = True
            self.scripts.append("")
        if tag == "style":
            self.in_style = True

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False
        if tag == "style":
            self.in_style = False

    def handle_data(self, data):
        if self.in_script:
            if self.scripts[-1] is None:
                self.findings.append("a script file with inline content")
            else:
                self.scripts[-1] += data
        if self.in_style and re.search(r"javascript:|expression\(|xss-beacon", data, re.I):
            self.findings.append("<style> with hostile content")


def audit(page: str) -> _Audit:
    auditor = _Audit()
    auditor.feed(page)
    auditor.close()
    for raw in (s for s in auditor.scripts if s is not None):
        # JSON-LD is data: it must parse whole (an unescaped </script> would have cut it)
        # and carry nothing that changes how the HTML parser reads the rest of the page.
        if re.search(r"<!--|<script|</script", raw, re.I):
            auditor.findings.append("JSON-LD with markup inside")
        try:
            json.loads(raw)
        except ValueError:
            auditor.findings.append("JSON-LD that is not valid JSON")
    return auditor
