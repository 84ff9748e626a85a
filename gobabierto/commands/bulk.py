"""Progress in bulk: commitments' milestones and indicator values out to a CSV spreadsheet
(`gobabierto export`), and what the way back (bulk_import, `gobabierto import`) shares
with it: the columns, which of them travel back, and the commitments' files.

One row per milestone (`tipo` hito) and per indicator (`tipo` indicador), identified by the
commitment's slug and the item's number. Only four things travel back: a milestone's
`cumplido` and `evidencias`, an indicator's `valor` and `fecha` (column `fecha_valor`); the
other columns are there to read."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from gobabierto.content.discover import discover_records
from gobabierto.content.fields import Field
from gobabierto.content.readers import Document, read_document
from gobabierto.content.records import RECORD_TYPES
from gobabierto.core.problems import Problems

COLUMNS = ("compromiso", "tipo", "numero", "descripcion", "fecha_comprometida", "cumplido", "evidencias",
           "unidad", "linea_base", "meta", "valor", "fecha_valor")
KEY_COLUMNS = ("compromiso", "tipo", "numero")
EDITABLE = {"hito": ("cumplido", "evidencias"), "indicador": ("valor", "fecha_valor")}
INFORMATIVE = {"hito": ("fecha_comprometida",), "indicador": ("unidad", "linea_base", "meta")}
KINDS = {"hito": "hitos", "indicador": "indicadores"}
SEPARATOR = " | "

COMMITMENT = RECORD_TYPES["compromiso"]
ITEM_FIELDS = {name: next(f for f in COMMITMENT.fields if f.key == key).item.fields for name, key in KINDS.items()}
ITEM_ORDER = {name: tuple(f.key for f in fields) for name, fields in ITEM_FIELDS.items()}
SPECS = {
    "cumplido": Field("cumplido", "date"),
    "evidencias": Field("evidencias", "link"),
    "valor": Field("valor", "number"),
    "fecha_valor": Field("fecha_valor", "date"),
}
YAML_KEYS = {"cumplido": "cumplido", "evidencias": "evidencias", "valor": "valor", "fecha_valor": "fecha"}


@dataclass
class CommitmentFile:
    slug: str
    rel_path: str
    path: Path
    raw: str
    doc: Document


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return SEPARATOR.join(cell_text(v) for v in value)
    return str(value).strip()


def commitments(root: Path, problems: Problems) -> dict[str, CommitmentFile]:
    """Every commitment's parsed document and raw text, by slug (problems recorded)."""
    found: dict[str, CommitmentFile] = {}
    discovered = Problems()
    for source in discover_records(root, discovered):
        if source.record_type.kind != "compromiso":
            continue
        doc = read_document(source.path, source.rel_path, problems)
        if doc is None:
            continue
        if not isinstance(doc.data, dict):
            problems.add("registro-vacio", "el compromiso no tiene campos", source.rel_path, 1)
            continue
        try:
            raw = source.path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            problems.add("archivo-ilegible", f"no se pudo leer el archivo ({exc})", source.rel_path)
            continue
        found[source.slug] = CommitmentFile(source.slug, source.rel_path, source.path, raw, doc)
    return found


# -- export -------------------------------------------------------------------------------

def known_plans(root: Path) -> set[str]:
    """The slugs of the site's plans: what `export --plan` may name."""
    return {s.slug for s in discover_records(root, Problems()) if s.record_type.kind == "plan"}


def export_rows(root: Path, problems: Problems, plan: str | None = None) -> list[dict[str, str]]:
    rows = []
    for slug, record in sorted(commitments(root, problems).items()):
        data = record.doc.data
        if plan is not None and data.get("plan") != plan:
            continue
        for kind, key in KINDS.items():
            items = data.get(key)
            for number, item in enumerate(items if isinstance(items, list) else [], 1):
                item = item if isinstance(item, dict) else {}
                row = dict.fromkeys(COLUMNS, "")
                row.update(compromiso=slug, tipo=kind, numero=str(number))
                if kind == "hito":
                    row.update(descripcion=cell_text(item.get("descripcion")), fecha_comprometida=cell_text(item.get("fecha")),
                               cumplido=cell_text(item.get("cumplido")), evidencias=cell_text(item.get("evidencias")))
                else:
                    row.update(descripcion=cell_text(item.get("nombre")), unidad=cell_text(item.get("unidad")),
                               linea_base=cell_text(item.get("linea_base")), meta=cell_text(item.get("meta")),
                               valor=cell_text(item.get("valor")), fecha_valor=cell_text(item.get("fecha")))
                rows.append(row)
    return rows


def write_csv(rows: list[dict[str, str]], destination: Path) -> None:
    """UTF-8 with a byte-order mark (so spreadsheets show accents right), written atomically."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    write_atomically({destination: ("\ufeff" + buffer.getvalue()).encode("utf-8")})


def write_atomically(contents: dict[Path, bytes]) -> None:
    """Write every file to a temporary sibling first; only when all are written, rename them
    into place (a rename does not fail half-way), so no file is left half-written."""
    temporary: dict[Path, Path] = {}
    try:
        for path, data in contents.items():
            handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".nuevo", dir=path.parent)
            temporary[path] = Path(name)
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            if path.exists():
                os.chmod(name, path.stat().st_mode & 0o7777)
            else:
                os.chmod(name, 0o644)
    except BaseException:
        for name in temporary.values():
            name.unlink(missing_ok=True)
        raise
    for path, name in temporary.items():
        os.replace(name, path)
