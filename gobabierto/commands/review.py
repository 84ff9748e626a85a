"""What a change (a pull request, a push) does to a site, as Markdown for a GitHub job
summary: the records and datasets it adds, changes or removes (from `git diff` against a
base), the site's content problems, and the built site's broken links."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from gobabierto.build.stages import load_site
from gobabierto.commands.linkcheck import check_links, count_pages, site_base_url
from gobabierto.content.records import BY_FOLDER
from gobabierto.core.paths import SETTINGS_FILE
from gobabierto.core.problems import ERROR, Problem, Problems, summary

RECORD_SUFFIXES = (".md", ".yml", ".yaml")
STATUS = {"A": "añadido", "M": "modificado", "T": "modificado", "D": "eliminado", "R": "renombrado",
          "C": "copiado"}
MAX_LISTED = 50


class DiffError(Exception):
    """The base could not be compared with the working tree's HEAD (Spanish message)."""


@dataclass(frozen=True)
class Change:
    status: str          # añadido | modificado | eliminado | renombrado | copiado
    kind: str            # record kind, "conjunto de datos" or "configuración"
    path: str            # file (or dataset folder) relative to the site
    address: str | None  # site path of its page, when it has one
    old_path: str | None = None


def changed_files(root: Path, base: str) -> list[tuple[str, str, str | None]]:
    """(status letter, path, old path) of every file under content/, datasets/ and the settings
    that differs between `base` and HEAD, relative to `root`."""
    try:
        inside = subprocess.run(["git", "rev-parse", "--is-inside-work-tree"], cwd=root, capture_output=True,
                                text=True, timeout=60)
    except FileNotFoundError:
        raise DiffError("git no está instalado") from None
    if inside.stdout.strip() != "true":
        raise DiffError("la carpeta del sitio no es un repositorio git")
    pathspec = ["--", "content", "datasets", SETTINGS_FILE]
    attempts = ([f"{base}...HEAD"], [base, "HEAD"])  # since the merge base; else a plain diff
    last = ""
    for revisions in attempts:
        done = subprocess.run(["git", "diff", "--name-status", "--find-renames", "--relative", *revisions,
                               *pathspec], cwd=root, capture_output=True, text=True, timeout=60)
        if done.returncode == 0:
            break
        last = done.stderr.strip().splitlines()[0] if done.stderr.strip() else f"git salió con {done.returncode}"
    else:
        raise DiffError(f"no se pudo comparar con «{base}»: {last}")
    entries = []
    for line in done.stdout.splitlines():
        parts = line.split("\t")
        letter = parts[0][:1]
        if letter in "RC" and len(parts) == 3:
            entries.append((letter, parts[2], parts[1]))
        elif len(parts) == 2:
            entries.append((letter, parts[1], None))
    return entries


def classify(entries: list[tuple[str, str, str | None]]) -> list[Change]:
    """Files → the records, datasets and settings they are, one line per dataset."""
    changes: list[Change] = []
    datasets: dict[str, set[str]] = {}
    for code, path, old in entries:
        letter = code[:1]  # "R100" → "R"
        parts = PurePosixPath(path).parts
        status = STATUS.get(letter, "modificado")
        if path == SETTINGS_FILE:
            changes.append(Change(status, "configuración", path, None))
        elif len(parts) == 3 and parts[0] == "content" and parts[1] in BY_FOLDER and \
                PurePosixPath(path).suffix in RECORD_SUFFIXES:
            slug = PurePosixPath(path).stem
            changes.append(Change(status, BY_FOLDER[parts[1]].singular.lower(), path, f"/{parts[1]}/{slug}/", old))
        elif len(parts) >= 3 and parts[0] == "datasets":
            is_descriptor = parts[2].startswith("datapackage.") and len(parts) == 3
            datasets.setdefault(parts[1], set()).add(f"{letter}{'*' if is_descriptor else ''}")
        elif parts and parts[0] == "content":
            changes.append(Change(status, "otro archivo", path, None, old))
    for slug, letters in sorted(datasets.items()):
        status = "añadido" if "A*" in letters else "eliminado" if "D*" in letters else "modificado"
        changes.append(Change(status, "conjunto de datos", f"datasets/{slug}/", f"/datos/{slug}/"))
    return changes


def _touched(path: str, changed: set[str]) -> bool:
    return path in changed or any(path.startswith(folder) for folder in changed if folder.endswith("/"))


def _problem_line(problem: Problem, changed: set[str]) -> str:
    loc = problem.location
    where = loc.path if loc.line is None else f"{loc.path}:{loc.line}"
    label = "error" if problem.severity == ERROR else "advertencia"
    field = f" {loc.field}:" if loc.field else ""
    mine = " *(archivo cambiado aquí)*" if _touched(loc.path, changed) else ""
    return f"- **{label}** `{where}`{field} {problem.message} `[{problem.code}]`{mine}"


def review(root: Path, base: str | None, output: Path | None = None, base_url: str | None = None) -> tuple[str, bool]:
    """The Markdown report and whether everything is fine (no content errors, no broken links)."""
    root = Path(root)
    lines = ["## Revisión del contenido", ""]
    problems = Problems()
    site = load_site(root, problems)
    drafts = set(site.drafts) if site is not None else set()
    changes: list[Change] = []
    if base:
        try:
            changes = classify(changed_files(root, base))
        except DiffError as exc:
            lines += [f"No se pudo saber qué cambió: {exc}.", ""]
        else:
            if changes:
                lines += [f"**Registros y datos que cambian** (comparado con `{base}`):", "",
                          "| cambio | tipo | archivo | página |", "| --- | --- | --- | --- |"]
                for change in changes:
                    path = f"`{change.path}`" + (f" (antes `{change.old_path}`)" if change.old_path else "")
                    page = f"`{change.address}`" if change.address and change.status != "eliminado" else "—"
                    page = "— (borrador: no se publica)" if change.path in drafts else page
                    lines.append(f"| {change.status} | {change.kind} | {path} | {page} |")
                lines.append("")
            else:
                lines += [f"No cambia registros, datos ni la configuración (comparado con `{base}`).", ""]
    changed = {c.path for c in changes}

    ok = not problems.has_errors()
    # the problems in the files this change touches first, errors before warnings
    found = sorted(problems.sorted(), key=lambda p: (not _touched(p.location.path, changed), p.severity != ERROR,
                                                     p.sort_key()))
    mark = "✅" if not problems.items else ("❌" if problems.has_errors() else "⚠️")
    lines += [f"### {mark} Contenido: {summary(problems)}", ""]
    lines += [_problem_line(p, changed) for p in found[:MAX_LISTED]]
    if len(found) > MAX_LISTED:
        lines.append(f"- … y {len(found) - MAX_LISTED} más: ejecuta `gobabierto validate` para verlos todos.")
    if found:
        lines.append("")

    if output is not None:
        output = Path(output)
        if not (output / "index.html").is_file():
            lines += ["### ⚪ Enlaces: no se revisaron porque el sitio no se construyó.", ""]
        else:
            address = base_url or site_base_url(output)
            broken = check_links(output, address)
            ok = ok and not broken
            pages = count_pages(output)
            if broken:
                lines += [f"### ❌ Enlaces: {len(broken)} rotos en {pages} páginas", ""]
                lines += [f"- `{b.page}`: «{b.target}»" for b in broken[:MAX_LISTED]]
                if len(broken) > MAX_LISTED:
                    lines.append(f"- … y {len(broken) - MAX_LISTED} más: ejecuta `gobabierto check-links`.")
                lines.append("")
            else:
                lines += [f"### ✅ Enlaces: todos los enlaces internos funcionan ({pages} páginas).", ""]
    return "\n".join(lines), ok
