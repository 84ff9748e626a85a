"""The page the preview shows instead of the site while the content has errors: every
problem with its file, line and field, the message, and the lines around it — in Spanish,
readable on a phone, with the reload script so it goes away when the file is fixed."""

from __future__ import annotations

import html
from pathlib import Path

from gobabierto.core.problems import Problem, summary


def _excerpt(root: Path, problem: Problem) -> str:
    """The lines around a problem's line, the line itself marked, as an HTML block."""
    loc = problem.location
    if not loc.line:
        return ""
    try:
        lines = (root / loc.path).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError, ValueError):
        return ""
    if not 1 <= loc.line <= len(lines):
        return ""
    first, last = max(1, loc.line - 2), min(len(lines), loc.line + 2)
    rows = []
    for number in range(first, last + 1):
        text = html.escape(lines[number - 1][:200])
        if number == loc.line:
            rows.append(f'<span class="esta"><span class="n">{number}</span> ▶ {text}</span>')
        else:
            rows.append(f'<span class="n">{number}</span>   {text}')
    return f'<pre class="extracto" aria-label="Líneas {first} a {last} del archivo">' + "\n".join(rows) + "</pre>"


def _problem_item(root: Path, problem: Problem) -> str:
    loc = problem.location
    where = html.escape(loc.path) + (f":{loc.line}" if loc.line else "")
    field = f' · campo <code>{html.escape(loc.field)}</code>' if loc.field else ""
    label = "Error" if problem.severity == "error" else "Advertencia"
    return (f'<li class="{"error" if problem.severity == "error" else "aviso"}">'
            f'<p class="donde"><strong>{label}</strong> en <code>{where}</code>{field}</p>'
            f'<p class="mensaje">{html.escape(problem.message)} <span class="codigo">[{html.escape(problem.code)}]</span></p>'
            f"{_excerpt(root, problem)}</li>")


_STYLE = """
body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#fff}
main{max-width:60rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.2rem;margin-top:2rem}
ol{padding-left:1.25rem}li{margin:0 0 1.25rem;padding:.5rem .75rem;border-left:.4rem solid #b3261e;background:#fdf3f2}
li.aviso{border-left-color:#7a5200;background:#fdf8ec}
.donde,.mensaje{margin:.25rem 0}code{font-family:ui-monospace,Menlo,Consolas,monospace;overflow-wrap:anywhere}
.codigo{color:#555;font-size:.9em}
.extracto{background:#1b1b1b;color:#f4f4f4;padding:.5rem;overflow-x:auto;font-size:.9rem;border-radius:.25rem}
.extracto .n{color:#bdbdbd}.extracto .esta{font-weight:bold;color:#ffd7d4}
"""


def error_page(state, root: Path, reload_tag: str) -> str:
    """`state` is the preview's State: its problems, or the reason the build failed."""
    if state.problems is not None:
        errors, warnings = state.problems.errors, state.problems.warnings
        heading = f"El contenido tiene {summary(state.problems).rstrip('.')}"
        items = "".join(_problem_item(root, p) for p in errors)
        more = ("<h2>Advertencias</h2><ol>" + "".join(_problem_item(root, p) for p in warnings) + "</ol>") if warnings else ""
        lead = ("La vista previa muestra esta lista en lugar del sitio hasta que corrijas los errores. Cada uno dice"
                " el archivo, la línea y el campo. Cuando guardes el archivo corregido, esta página se actualizará sola.")
        body = f"<ol>{items}</ol>{more}"
    else:
        heading = "No se pudo construir la vista previa"
        lead = "La vista previa se actualizará sola cuando se pueda construir de nuevo."
        body = f'<ol><li class="error"><p class="mensaje">{html.escape(state.failure or "")}</p></li></ol>'
    return (
        '<!doctype html>\n<html lang="es">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(heading)} · vista previa de gobabierto</title>\n<style>{_STYLE}</style>\n</head>\n"
        f'<body>\n<main>\n<h1>{html.escape(heading)}</h1>\n<p>{lead}</p>\n{body}\n'
        "<p>La misma lista aparece en la terminal donde corre <code>gobabierto serve</code> y con"
        " <code>gobabierto validate</code>.</p>\n</main>\n"
        f"{reload_tag}\n</body>\n</html>\n")
