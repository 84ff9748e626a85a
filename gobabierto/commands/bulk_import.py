"""`gobabierto import`: a CSV of `gobabierto export`, edited in a spreadsheet, back into the
commitments' YAML records.

A row may be deleted (its item is left alone), a column may be deleted (its values are left
alone), an empty cell removes the value. Every row is checked first — unknown commitments,
numbers out of range, bad dates or links, a description that no longer matches (the file
changed since the export) — and each problem reported at its CSV row and column. Only when
there are none are the records edited, surgically (see yamledit), and written all at once."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from gobabierto.commands.bulk import (
    COLUMNS,
    EDITABLE,
    INFORMATIVE,
    ITEM_ORDER,
    KEY_COLUMNS,
    KINDS,
    SPECS,
    YAML_KEYS,
    cell_text,
    commitments,
    write_atomically,
)
from gobabierto.commands.yamledit import EditError, YamlText
from gobabierto.content.config import load_config
from gobabierto.content.convert import Converter
from gobabierto.content.fields import MISSING, Context, describe
from gobabierto.core import clock
from gobabierto.core.problems import Problems
from gobabierto.core.slugs import suggest
from gobabierto.core.sourcemap import SourceMap


@dataclass
class Change:
    path: str       # the record, relative to the site
    line: int | None
    field: str      # dotted, like hitos.2.cumplido
    before: object
    after: object

    def before_text(self) -> str:
        return "vacío" if self.before in (None, "", []) else describe(self.before)

    def after_text(self) -> str:
        if self.after is None:
            return "(se quita)"
        return ", ".join(map(str, self.after)) if isinstance(self.after, list) else str(self.after)


@dataclass
class Outcome:
    problems: Problems = field(default_factory=Problems)
    changes: list[Change] = field(default_factory=list)
    rows: int = 0
    files: list[str] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)


def _read_csv(csv_path: Path, shown: str, problems: Problems) -> list[tuple[int, dict[str, str]]] | None:
    try:
        raw = csv_path.read_bytes()
    except OSError as exc:
        problems.add("csv-ilegible", f"no se pudo leer el archivo ({exc.strerror or exc})", shown)
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.add("csv-codificacion", "el archivo no está en UTF-8 (¿se guardó como «CSV (delimitado por comas)» de"
                     " Excel?); guárdalo como «CSV UTF-8 (delimitado por comas)»", shown, line)
        return None
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
        if header is None:
            problems.add("csv-vacio", "el archivo está vacío; exporta uno con «gobabierto export»", shown, 1)
            return None
        header = [h.strip() for h in header]
        ok = True
        for position, name in enumerate(header, 1):
            if name not in COLUMNS:
                hint = suggest(name, COLUMNS) or " Las columnas son: " + ", ".join(COLUMNS) + "."
                problems.add("csv-columna-desconocida",
                             f"la columna {position} se llama «{name}» y no existe.{hint}", shown, 1, name or f"columna {position}")
                ok = False
        for name in KEY_COLUMNS:
            if name not in header:
                problems.add("csv-columna-faltante",
                             f"falta la columna «{name}», que identifica cada fila; vuelve a exportar el archivo", shown, 1, name)
                ok = False
        if len(set(header)) != len(header):
            repeated = sorted({h for h in header if header.count(h) > 1})
            problems.add("csv-columna-repetida", f"la columna «{repeated[0]}» aparece dos veces; deja solo una", shown, 1,
                         repeated[0])
            ok = False
        if not ok:
            return None
        rows = []
        for number, cells in enumerate(reader, 2):
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
                problems.add("csv-celdas-de-mas", f"la fila tiene {len(cells)} celdas y el encabezado {len(header)} columnas;"
                             " quita las celdas sobrantes", shown, number)
                continue
            rows.append((number, {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(header)}))
        return rows
    except csv.Error as exc:
        problems.add("csv-invalido", f"el archivo no es un CSV válido ({exc}); vuelve a guardarlo como CSV UTF-8",
                     shown, reader.line_num or None)
        return None


def _same(before, after) -> bool:
    if isinstance(before, str) and isinstance(after, date):
        return before.strip() == after.isoformat()
    if isinstance(before, bool) or isinstance(after, bool):
        return before is after
    if isinstance(before, (int, float)) and isinstance(after, (int, float)):
        return float(before) == float(after)
    if isinstance(before, list) and isinstance(after, list):
        return [str(v).strip() for v in before] == after
    return before == after


def _number(text: str):
    try:
        return int(text)
    except ValueError:
        try:
            value = float(text)
        except ValueError:
            return text
        return value if value == value and value not in (float("inf"), float("-inf")) else text


def _normal(text: str) -> str:
    return " ".join(str(text).split())


def import_csv(root: Path, csv_path: Path, shown: str | None = None, dry_run: bool = False) -> Outcome:
    """Check every row of the CSV, then (unless `dry_run`) write every changed record.
    `shown` is how the CSV is named in problems (by default its path as given)."""
    shown = shown or str(csv_path)
    outcome = Outcome()
    problems = outcome.problems
    rows = _read_csv(csv_path, shown, problems)
    if rows is None:
        return outcome
    outcome.rows = len(rows)
    records = commitments(root, problems)
    if problems.has_errors():
        return outcome
    config_problems = Problems()
    today = clock.build_date(load_config(root, config_problems).zona_horaria)
    static_dir = root / "static"
    editors: dict[str, YamlText] = {}
    seen: dict[tuple, int] = {}
    pending_warnings = []

    for number, row in rows:
        ctx = Context(shown, SourceMap(lines={(): number}), problems, static_dir=static_dir)
        converter = Converter(ctx)
        slug, kind, position = (row.get(k, "").strip() for k in KEY_COLUMNS)
        record = records.get(slug)
        if record is None:
            hint = suggest(slug, records) or " Revisa el identificador en content/compromisos/."
            what = "está vacía" if not slug else f"dice «{slug}» y no existe ningún compromiso con ese identificador"
            ctx.error("csv-compromiso-desconocido", f"la columna «compromiso» {what}.{hint if slug else ''}", ("compromiso",))
            continue
        if kind not in KINDS:
            hint = suggest(kind, KINDS) or ""
            ctx.error("csv-tipo-desconocido", f"el tipo {describe(kind)} no existe; usa «hito» o «indicador».{hint}", ("tipo",))
            continue
        items = record.doc.data.get(KINDS[kind])
        items = items if isinstance(items, list) else []
        if not position.isdigit() or not 1 <= int(position) <= len(items):
            have = f"tiene {len(items)} {'hitos' if kind == 'hito' else 'indicadores'}" if items else \
                f"no tiene {'hitos' if kind == 'hito' else 'indicadores'}"
            ctx.error("csv-numero-invalido",
                      f"el número {describe(position)} no corresponde a ningún {kind}: el compromiso «{slug}» {have}."
                      " Para añadir uno, edita el archivo del compromiso", ("numero",))
            continue
        index = int(position) - 1
        if (slug, kind, index) in seen:
            ctx.error("csv-fila-repetida", f"este {kind} ya aparece en la fila {seen[(slug, kind, index)]}; deja una sola fila",
                      ("numero",))
            continue
        seen[(slug, kind, index)] = number
        item = items[index] if isinstance(items[index], dict) else None
        if item is None:
            ctx.error("csv-numero-invalido", f"el {kind} {position} de «{slug}» no es un grupo de campos; corrígelo en el archivo",
                      ("numero",))
            continue
        name = item.get("descripcion" if kind == "hito" else "nombre")
        if "descripcion" in row and row["descripcion"].strip() and _normal(row["descripcion"]) != _normal(cell_text(name)):
            ctx.error("csv-no-coincide",
                      f"la fila dice {describe(_normal(row['descripcion']))} pero el {kind} {position} de «{slug}» es"
                      f" {describe(_normal(cell_text(name)))}: el archivo cambió desde que exportaste. Vuelve a exportar"
                      " y copia tus cambios en el archivo nuevo", ("descripcion",))
            continue
        other = "indicador" if kind == "hito" else "hito"
        for column in EDITABLE[other]:
            if row.get(column, "").strip():
                ctx.error("csv-columna-no-aplica",
                          f"la columna «{column}» es de los {'indicadores' if other == 'indicador' else 'hitos'} y esta fila"
                          f" es un {kind}: deja la celda vacía o revisa que el valor esté en la fila correcta", (column,))
        for column in INFORMATIVE[kind]:
            if column in row and not _same_text(row[column], _informative(item, column)):
                ctx.warn("csv-columna-informativa",
                         f"la columna «{column}» solo informa y no se importa (dice {describe(row[column].strip())} y el"
                         f" archivo {describe(_informative(item, column)) if _informative(item, column) else 'no tiene valor'});"
                         f" para cambiarla, edita el archivo del compromiso", (column,))
        errors_before = problems.error_count()
        changed = False
        for column in EDITABLE["hito" if kind == "hito" else "indicador"]:
            if column not in row:
                continue
            cell = row[column].strip()
            values = _parse_cell(converter, column, cell)
            if values is MISSING:
                continue
            key = YAML_KEYS[column]
            if column == "cumplido" and values is not None and values > today:
                ctx.error("cumplido-en-el-futuro",
                          f"la fecha de cumplimiento {values.isoformat()} es posterior a hoy ({today.isoformat()}): escribe"
                          " la fecha real en que se cumplió, o deja la celda vacía si el hito aún no se cumple", (column,))
                continue
            if _same(item.get(key), values) or (values is None and item.get(key) in (None, "", [])):
                continue
            path = (KINDS[kind], index)
            if slug not in editors:
                editors[slug] = YamlText(record.raw, record.doc, record.path.suffix == ".md")
            _plan(editors[slug], path, key, values, kind)
            changed = True
            line = record.doc.source_map.line(path + (key,)) if key in item else record.doc.source_map.line(path)
            outcome.changes.append(Change(record.rel_path, line, f"{KINDS[kind]}.{index + 1}.{key}", item.get(key), values))
        if kind == "hito" and changed and problems.error_count() == errors_before:
            met = _after(row, "cumplido", item, converter)
            evidence = _after(row, "evidencias", item, converter)
            if met and not evidence:
                pending_warnings.append(ctx)
    if any(p.code == "fecha-invalida" and "/" in p.message for p in problems.items):
        outcome.hints.append(
            "Si abriste el archivo en Excel, al guardarlo cambió el formato de las fechas. Selecciona las columnas"
            " cumplido y fecha_valor, elige Formato de celdas → Personalizada → aaaa-mm-dd y guarda otra vez como"
            " «CSV UTF-8 (delimitado por comas)».")
    for ctx in pending_warnings:
        ctx.warn("hito-sin-evidencia", "el hito queda marcado como cumplido pero sin «evidencias»; añade el enlace o la"
                 " ruta del documento que lo demuestra", ("evidencias",))
    if problems.has_errors():
        outcome.changes = []
        return outcome
    texts: dict[Path, bytes] = {}
    for slug, editor in editors.items():
        record = records[slug]
        try:
            texts[record.path] = editor.verified(record.rel_path).encode("utf-8")
        except EditError:
            problems.add("edicion-no-segura",
                         "este compromiso tiene un formato que no se puede editar sin riesgo (por ejemplo hitos escritos en"
                         " una sola línea entre llaves); actualiza sus hitos a mano o escríbelos uno por línea", record.rel_path,
                         record.doc.source_map.line(("hitos",)))
    if problems.has_errors():
        outcome.changes = []
        return outcome
    outcome.files = sorted(records[slug].rel_path for slug in editors)
    if not dry_run and texts:
        originals = {records[slug].path: records[slug].raw.encode("utf-8") for slug in editors}
        for path, before in originals.items():
            if path.read_bytes() != before:
                problems.add("archivo-cambiado", "el archivo cambió mientras se importaba; vuelve a ejecutar la importación",
                             path.relative_to(root).as_posix())
                outcome.changes = []
                return outcome
        write_atomically(texts)
    return outcome


def _informative(item: dict, column: str) -> str:
    key = {"fecha_comprometida": "fecha"}.get(column, column)
    return cell_text(item.get(key))


def _same_text(cell: str, current: str) -> bool:
    """A read-only cell still says what the file says (spreadsheets may reformat dates and numbers)."""
    cell = cell.strip()
    if _normal(cell) == _normal(current):
        return True
    dmy = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", cell)
    if dmy:
        try:
            return date(int(dmy[3]), int(dmy[2]), int(dmy[1])).isoformat() == current
        except ValueError:
            return False
    number, known = _number(cell), _number(current)
    return isinstance(number, (int, float)) and isinstance(known, (int, float)) and float(number) == float(known)


def _parse_cell(converter: Converter, column: str, cell: str):
    """A cell → its value (None when empty), or MISSING after recording why it is wrong."""
    if not cell:
        return None
    spec = SPECS[column]
    if column == "evidencias":
        parts = [p.strip() for p in re.split(r"\s*\|\s*|\n", cell) if p.strip()]
        values = []
        for part in parts:
            value = converter.convert(part, spec, (column,))
            if value is MISSING:
                return MISSING
            values.append(part)
        return values
    if spec.kind == "number":
        if re.fullmatch(r"-?\d+,\d+", cell):
            converter.ctx.error("tipo-invalido", f"se esperaba un número y se encontró «{cell}»: usa punto decimal,"
                                f" «{cell.replace(',', '.')}», sin separadores de miles", (column,))
            return MISSING
        return converter.convert(_number(cell), spec, (column,))
    value = converter.convert(cell, spec, (column,))
    return value


def _after(row: dict, column: str, item: dict, converter: Converter):
    """The value a milestone will have once the row is applied (the CSV's, or the file's)."""
    if column not in row:
        return item.get(YAML_KEYS[column])
    cell = row[column].strip()
    if not cell:
        return None
    probe = Converter(Context(converter.ctx.path, converter.ctx.source_map, Problems(), converter.ctx.static_dir))
    value = _parse_cell(probe, column, cell)
    return None if value is MISSING else value


def _plan(editor: YamlText, path: tuple, key: str, value, kind: str) -> None:
    order = ITEM_ORDER[kind]
    if value is None:
        editor.remove(path, key)
    elif isinstance(value, list):
        editor.set_list(path, key, value, order)
    else:
        editor.set_scalar(path, key, value, order)


