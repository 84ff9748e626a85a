"""Every row of a dataset checked in one streaming pass that also counts rows, keeps the
preview, looks for formula-like text cells, writes the JSON download and hashes the CSV to
publish: fastcheck.py's typed pass when it can vouch for the file, otherwise frictionless
(which also gives the located Spanish report of any problem). Results are cached by content
hash (cache.py), so an unchanged dataset is not validated again."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from gobabierto.core import parallel
from gobabierto.core.problems import Problems
from gobabierto.datasets import fastcheck, limits, summaries, tabular
from gobabierto.datasets.cache import Cache
from gobabierto.datasets.columns import json_value
from gobabierto.datasets.findings import Found, formula_problems, metadata_problems, row_problems
from gobabierto.datasets.summaries import Query, Summary

PREVIEW_ROWS = 20
PREVIEW_CELL_CHARS = 120  # longer texts end in «…» in the preview; the files keep them whole
FORMULA_STARTS = ("=", "+", "-", "@")
TEXT_TYPES = ("string", "any")
# Enough to validate to pay for starting workers: this many bytes of data, or of datasets.
MIN_PARALLEL_BYTES = 4 * 1024 * 1024
MIN_PARALLEL_DATASETS = 20


@dataclass(frozen=True)
class ResourceInput:
    """What dataset.py hands over for one resource, already checked as a descriptor entry."""

    index: int
    path: str             # inside the dataset folder, as written in the descriptor
    file: Path
    rel_file: str         # relative to the site root
    declared_encoding: str | None
    fields: tuple[tuple[str, str], ...]  # (name, type)
    primary_key: tuple[str, ...] = ()
    views: tuple[tuple[int, Query], ...] = ()  # (position in `views`, what it summarises) of this resource


@dataclass(frozen=True)
class Analysis:
    problems: tuple[Found, ...]
    resources: tuple[dict, ...]   # per resource: rows, encoding, dialect, preview, csv/json file info
    folder: Path | None           # where the files to publish are (the cache entry)
    cached: bool

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


@dataclass(frozen=True)
class Pending:
    """A dataset whose files must be validated (the cache has no result for them)."""

    slug: str
    key: str
    rel_descriptor: str
    descriptor: dict
    inputs: tuple[ResourceInput, ...]
    folder: Path
    bytes: int  # of its data files: the amount of work, to schedule and to decide on workers
    generated: bool = False  # gobabierto's own package: its foreign keys hold by construction


def analyse(slug: str, rel_descriptor: str, descriptor: dict, inputs: list[ResourceInput], folder: Path,
            cache: Cache) -> Analysis:
    """Validate a dataset's files (from the cache when nothing changed)."""
    found = look_up(slug, rel_descriptor, descriptor, inputs, folder, cache)
    return found if isinstance(found, Analysis) else complete(found, cache, cache.workdir(slug))


def look_up(slug: str, rel_descriptor: str, descriptor: dict, inputs: list[ResourceInput], folder: Path,
            cache: Cache, generated: bool = False) -> Analysis | Pending:
    """The dataset's analysis from the cache (or the problem that its files cannot be
    read), else what `complete` needs to compute it."""
    tokens = []
    size = 0
    try:
        for item in inputs:
            stat = item.file.stat()
            size += stat.st_size
            tokens.append(f"{stat.st_size}:{stat.st_mtime_ns}" if stat.st_size > tabular.MAX_BYTES
                          else cache.file_hash(item.file, tabular.sha256_of))
    except OSError as exc:
        unreadable = Found("archivo-ilegible", f"no se pudo leer el archivo ({exc.strerror or exc})", item.rel_file)
        return Analysis((unreadable,), (), None, False)
    key = cache.key(descriptor, tokens + [f"limites:{tabular.WARN_BYTES}:{tabular.MAX_BYTES}"])
    hit = cache.load(slug, key)
    if hit is not None:
        result, entry = hit
        return Analysis(tuple(Found.from_json(p) for p in result["problemas"]), tuple(result["recursos"]), entry, True)
    return Pending(slug, key, rel_descriptor, descriptor, tuple(inputs), folder, size, generated)


def complete(pending: Pending, cache: Cache, workdir: Path) -> Analysis:
    """Validate the files of a dataset the cache did not have, writing the files to publish
    in `workdir` (from `cache.workdir`), and store the result in the cache. Safe to run in a
    forked worker: it touches only its own dataset's cache folder."""
    try:
        found, resources, files = _compute(pending.rel_descriptor, pending.descriptor, list(pending.inputs),
                                           pending.folder, workdir, pending.generated)
    except OSError as exc:  # a data file vanished or cannot be read mid-way: nothing to cache
        cache.discard(workdir)
        where = Path(exc.filename).name if getattr(exc, "filename", None) else ""
        return Analysis((Found("archivo-ilegible", f"no se pudo leer {where or 'un archivo de datos'}"
                               f" ({exc.strerror or exc})", pending.rel_descriptor),), (), None, False)
    except BaseException:
        cache.discard(workdir)
        raise
    entry = cache.store(pending.slug, pending.key, workdir, {"problemas": [p.to_json() for p in found],
                                                             "recursos": resources, "archivos": files})
    return Analysis(tuple(found), tuple(resources), entry, False)


def complete_all(pending: list[Pending], cache: Cache, done: Callable[[], None] | None = None,
                 workers: int | None = None) -> list[Analysis]:
    """`complete` for each of `pending`, in its order, over several processes when there is
    enough to validate (MIN_PARALLEL_BYTES, or MIN_PARALLEL_DATASETS datasets: each costs a
    fixed overhead too). The largest datasets start first, so that the last one to finish is
    a small one. `done()` is told after each dataset."""
    size = sum(p.bytes for p in pending)
    if workers is None:
        workers = parallel.workers_for(len(pending), size >= MIN_PARALLEL_BYTES or len(pending) >= MIN_PARALLEL_DATASETS)
    # the folders to compute in are made here, not in the workers: a temporary one (when the
    # cache cannot be written) is then removed when this process ends
    jobs = sorted(((n, p, cache.workdir(p.slug)) for n, p in enumerate(pending)), key=lambda job: -job[1].bytes)
    results: list[Analysis | None] = [None] * len(pending)
    try:
        for index, analysis in parallel.forked_map(lambda job: complete(job[1], cache, job[2]), jobs, workers,
                                                   ordered=False):
            results[jobs[index][0]] = analysis
            if done is not None:
                done()
    finally:
        for position, _, workdir in jobs:
            if results[position] is None:  # never started, or stopped by an interruption
                cache.discard(workdir)
    return results  # type: ignore[return-value]


def _file_checks(item: ResourceInput) -> tuple[list[Found], tabular.Encoding | None]:
    """Size, kind of file and encoding; a None encoding means: do not read the rows."""
    found: list[Found] = []
    size = item.file.stat().st_size
    if size > tabular.MAX_BYTES:
        found.append(Found("csv-archivo-demasiado-grande",
                           f"el archivo pesa {tabular.megabytes(size)} y GitHub rechaza archivos de más de 100 MB"
                           " (Git LFS tampoco sirve: GitHub Pages no publica esos archivos). Divídelo en varios"
                           " recursos con el mismo esquema, por ejemplo uno por año, y lístalos en «resources»",
                           item.rel_file))
        return found, None
    if size >= tabular.WARN_BYTES:
        found.append(Found("csv-archivo-grande",
                           f"el archivo pesa {tabular.megabytes(size)}: el editor web de GitHub no acepta archivos de"
                           " más de 25 MB y cada cambio hace crecer el repositorio. Considera dividirlo por año en"
                           " varios recursos con el mismo esquema", item.rel_file, severity="warning"))
    what = tabular.not_text(item.file)
    if what:
        found.append(Found("csv-no-es-csv", f"el archivo no es un CSV sino {what}; ábrelo en la hoja de cálculo y usa"
                           " «Guardar como» → «CSV UTF-8 (delimitado por comas)»", item.rel_file, 1))
        return found, None
    encoding = tabular.resolve_encoding(item.file, item.declared_encoding)
    if encoding.error:
        where = f"«resources.{item.index + 1}.encoding»"
        text = {
            "not-utf8": f"el archivo no está en UTF-8 como declara (la línea {encoding.error_line} tiene un carácter que"
                        f" no lo es); parece {tabular.display_name(encoding.guess or 'cp1252')}: declara esa"
                        f" codificación en {where} o guarda el archivo como «CSV UTF-8»",
            "undecodable": f"el archivo tiene bytes que {encoding.name} no puede leer (línea {encoding.error_line});"
                           f" revisa la codificación declarada en {where} o guarda el archivo como «CSV UTF-8»",
            "is-utf8": f"el archivo declara {encoding.name} pero está en UTF-8: los acentos se publicarían mal (como"
                       f" «Ã³» en lugar de «ó»); cambia {where} a «utf-8»",
        }[encoding.error]
        found.append(Found("csv-encoding-error", text, item.rel_file, encoding.error_line))
        return found, None
    if encoding.detected_line is not None:
        found.append(Found("csv-codificacion-detectada",
                           f"el archivo no está en UTF-8 ni declara su codificación (la línea {encoding.detected_line}"
                           f" tiene el primer carácter que no es UTF-8); se leyó como {encoding.name}. Si los acentos"
                           " se ven bien en la vista previa del conjunto, declara"
                           f" «encoding: {encoding.name}» en el recurso {item.index + 1} del descriptor; si no,"
                           " guarda el archivo como «CSV UTF-8». Se publica convertido a UTF-8",
                           item.rel_file, encoding.detected_line, severity="warning"))
    if encoding.suspicious:
        found.append(Found("csv-codificacion-sospechosa",
                           f"el archivo declara {encoding.name} pero tiene caracteres de control invisibles que en"
                           f" {encoding.suspicious} son comillas, guiones o €; probablemente su codificación es"
                           f" «{encoding.suspicious}»", item.rel_file, severity="warning"))
    return found, encoding


def _summaries(item: ResourceInput) -> tuple[tuple[str, ...], list[tuple[int, Summary]]]:
    """The fields the resource's views read (each once) and a fresh summary for each view."""
    fields = tuple(dict.fromkeys(name for _, query in item.views for name in query.fields))
    return fields, [(index, Summary(query, fields)) for index, query in item.views]


def _view_results(running: list[tuple[int, Summary]], item: ResourceInput, rel_descriptor: str) -> tuple[dict, list]:
    """{view position: its table} and the problem of each view with too many groups."""
    tables, found = {}, []
    for index, summary in running:
        table = summary.table()
        if table["overflow"]:
            grouped = ", ".join(f"«{g.field}»" for g in summary.query.groups)
            found.append(Found("vista-demasiados-grupos", f"la vista agrupa por {grouped} y en «{item.path}» hay más de"
                               f" {summaries.MAX_GROUPS:,} grupos distintos: agrupa por una columna con menos valores (una"
                               " categoría, o el año o el mes de una fecha)", rel_descriptor, at=("views", index, "spec")))
        else:
            tables[str(index)] = table["rows"]
    return tables, found


class _Rows:
    """Called for every row frictionless reads: counts, preview, formula-like cells, JSON,
    the views' summaries."""

    def __init__(self, fields: tuple[tuple[str, str], ...], json_file: Path, view_fields: tuple[str, ...] = (),
                 feeds: tuple = ()):
        self.view_fields, self.feeds = view_fields, feeds
        self.names = [name for name, _ in fields]
        self.text_positions = [i for i, (_, kind) in enumerate(fields) if kind in TEXT_TYPES]
        self.count = 0
        self.preview: list[list[str]] = []
        self.formulas: dict[str, list[int]] = {}
        self._json = json_file.open("w", encoding="utf-8")
        self._json.write("[")

    def __call__(self, row) -> None:
        self.count += 1
        cells = [("" if c is None else str(c)) for c in row.cells[: len(self.names)]]
        cells += [""] * (len(self.names) - len(cells))
        if len(self.preview) < PREVIEW_ROWS:
            self.preview.append([c if len(c) <= PREVIEW_CELL_CHARS else c[:PREVIEW_CELL_CHARS] + "…" for c in cells])
        for i in self.text_positions:
            cell = cells[i]
            if len(cell) > 1 and cell.startswith(FORMULA_STARTS):
                self.formulas.setdefault(self.names[i], []).append(row.row_number)
        if row.valid:
            values = row.to_dict()
            body = ", ".join(f"{json.dumps(n, ensure_ascii=False)}: {json_value(values.get(n))}" for n in self.names)
            self._json.write(("\n" if self.count == 1 else ",\n") + "{" + body + "}")
            if self.feeds:  # NaN, which frictionless reads as a number, is no figure: left out like an empty cell
                typed = [None if v is not None and v != v else v for v in map(values.get, self.view_fields)]
                for feed in self.feeds:
                    feed(typed)

    def close(self) -> None:
        self._json.write("\n]\n" if self.count else "]\n")
        self._json.close()




def _dialect(resource, entry_dialect) -> dict | None:
    """The CSV dialect to publish: the declared one, or the delimiter frictionless detected."""
    if entry_dialect:
        return entry_dialect
    try:
        control = (resource.dialect.to_descriptor() or {}).get("csv", {})
    except Exception:  # noqa: BLE001 - no dialect is a fine answer
        return None
    delimiter = control.get("delimiter")
    return {"delimiter": delimiter} if delimiter and delimiter != "," else None


def _long_cells(descriptor: dict, inputs: list[ResourceInput], encodings: dict) -> list[Found]:
    """Cells over the length limit (limits.py), one streaming pass per readable file."""
    problems = Problems()
    for item in inputs:
        if item.index in encodings:
            delimiter, quotechar = limits.csv_dialect(descriptor["resources"][item.index])
            limits.check_csv_cells(item.file, item.rel_file, problems, delimiter=delimiter, quotechar=quotechar,
                                   encoding=encodings[item.index].codec)
    return [Found(p.code, p.message, p.location.path, p.location.line, p.location.field or "", p.severity)
            for p in problems.items]


def _compute(rel_descriptor: str, descriptor: dict, inputs: list[ResourceInput], folder: Path,
             workdir: Path, generated: bool = False) -> tuple[list[Found], list[dict], list[str]]:
    import frictionless  # loaded only when a file needs it: a cached or fast-checked site never does

    logging.getLogger("frictionless").setLevel(logging.ERROR)
    found: list[Found] = []
    encodings: dict[int, tabular.Encoding] = {}
    for item in inputs:
        problems, encoding = _file_checks(item)
        found.extend(problems)
        if encoding is not None:
            encodings[item.index] = encoding
    source = json.loads(json.dumps(descriptor, default=str))
    for item in inputs:
        if item.index in encodings:
            enc = encodings[item.index]
            source["resources"][item.index]["encoding"] = "utf-8-sig" if enc.codec == "utf-8" and enc.bom else enc.codec
    package, metadata = None, []
    try:
        package = frictionless.Package(source, basepath=str(folder))
        package.to_descriptor(validate=True)
    except frictionless.FrictionlessException as exc:
        package, metadata = None, metadata_problems(exc, rel_descriptor)
    except Exception as exc:  # noqa: BLE001 - frictionless failing on odd input is the editor's to see
        package, metadata = None, [Found("csv-package-error", f"frictionless no pudo leer el descriptor ({exc})",
                                         rel_descriptor, at=("resources",))]
    validated = [item for item in inputs if item.index in encodings]
    # The hot path: one pass per file that finds it valid (fastcheck.py); whatever it is not
    # sure of goes through the long-cell check and frictionless below, as it always did.
    fast: dict[int, fastcheck.Outcome] = {}
    views: dict[int, list[tuple[int, Summary]]] = {}  # each resource's views' summaries, of the pass that counts
    if package is not None:
        for item in validated:
            encoding = encodings[item.index]
            transcode = None if encoding.is_plain_utf8 else workdir / f"{item.index}.csv"
            view_fields, running = _summaries(item)
            entry = descriptor["resources"][item.index]
            if generated:  # foreign keys hold by construction: the fast pass reads the rest
                entry = dict(entry, schema={k: v for k, v in entry["schema"].items() if k != "foreignKeys"})
            outcome = fastcheck.check(package.resources[item.index], entry, item.file,
                                      encoding, transcode, workdir / f"{item.index}.json", TEXT_TYPES, PREVIEW_ROWS,
                                      PREVIEW_CELL_CHARS, FORMULA_STARTS, view_fields,
                                      tuple(summary.feed for _, summary in running))
            if outcome is not None:
                fast[item.index] = outcome
                views[item.index] = running
            elif transcode is not None:
                transcode.unlink(missing_ok=True)
    cells = _long_cells(descriptor, [item for item in inputs if item.index not in fast], encodings)
    if cells:  # frictionless would carry every huge cell along; nothing else is worth reading
        return found + cells, [], []
    if package is None:
        return found + metadata, [], []
    results: list[dict] = []
    files: list[str] = []
    for item in validated:
        encoding = encodings[item.index]
        entry_dialect = descriptor["resources"][item.index].get("dialect")
        outcome = fast.get(item.index)
        if outcome is not None:
            found.extend(formula_problems(outcome.formulas, item))
            delimiter = outcome.delimiter
            results.append({"rows": outcome.rows, "encoding": encoding.name, "detected": encoding.detected_line is not None,
                            "transcoded": not encoding.is_plain_utf8,
                            "dialect": entry_dialect or ({"delimiter": delimiter} if delimiter and delimiter != "," else None),
                            "header": list(outcome.header), "preview": outcome.preview,
                            "formulas": sum(map(len, outcome.formulas.values()))})
            continue
        resource = package.resources[item.index]
        view_fields, views[item.index] = _summaries(item)
        rows = _Rows(item.fields, workdir / f"{item.index}.json", view_fields,
                     tuple(summary.feed for _, summary in views[item.index]))
        try:
            report = resource.validate(on_row=rows)
        except Exception as exc:  # noqa: BLE001 - a frictionless failure on odd content, located
            found.append(Found("csv-source-error", f"frictionless no pudo leer el archivo ({type(exc).__name__}: {exc});"
                               " revisa que sea un CSV con encabezado y ábrelo en una hoja de cálculo para comprobarlo",
                               item.rel_file))
            continue
        finally:
            rows.close()
        task = report.tasks[0] if report.tasks else None
        errors = list(task.errors) if task else list(report.errors)
        found.extend(row_problems(errors, item))
        if task is not None and any("error limit" in w for w in task.warnings):
            found.append(Found("csv-limite-de-errores", "la validación de este archivo se detuvo tras"
                               f" {len(errors)} errores; corrige estos y vuelve a validar", item.rel_file))
        found.extend(formula_problems(rows.formulas, item))
        results.append({"rows": rows.count, "encoding": encoding.name, "detected": encoding.detected_line is not None,
                        "transcoded": not encoding.is_plain_utf8, "dialect": _dialect(resource, entry_dialect),
                        "header": list(rows.names), "preview": rows.preview, "formulas": sum(map(len, rows.formulas.values()))})
    for item, result in zip(validated, results):
        result["vistas"], problems = _view_results(views.get(item.index, []), item, rel_descriptor)
        found.extend(problems)
    if any(p.severity == "error" for p in found) or len(results) != len(inputs):
        return found, [], []
    for item, result in zip(validated, results):
        outcome = fast.get(item.index)
        json_name = f"{item.index}.json"
        if outcome is not None:
            csv_name = outcome.utf8_file.name if outcome.utf8_file is not None else None
            if csv_name:
                files.append(csv_name)
            files.append(json_name)
            result["csv"] = {"file": csv_name, "bytes": outcome.csv_bytes, "sha256": outcome.csv_sha256}
            result["json"] = {"file": json_name, "bytes": outcome.json_bytes, "sha256": outcome.json_sha256}
            continue
        if result["transcoded"]:
            csv_name = f"{item.index}.csv"
            size, digest = tabular.to_utf8(item.file, workdir / csv_name, encodings[item.index])
            files.append(csv_name)
        else:
            csv_name, size, digest = None, item.file.stat().st_size, tabular.sha256_of(item.file)
        files.append(json_name)
        result["csv"] = {"file": csv_name, "bytes": size, "sha256": digest}
        result["json"] = {"file": json_name, "bytes": (workdir / json_name).stat().st_size,
                          "sha256": tabular.sha256_of(workdir / json_name)}
    return found, results, files
