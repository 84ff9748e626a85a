"""Cross-record checks and derived values: references, dates in order, the municipality of a
commitment within its plan, evidence for met milestones, then progress/status/call state."""

from __future__ import annotations

from dataclasses import replace

from gobabierto.content import derive
from gobabierto.content.models import Site, SiteConfig
from gobabierto.content.records import NAV_SECTIONS, RECORD_TYPES
from gobabierto.core.problems import Problems
from gobabierto.core.slugs import suggest
from gobabierto.core.sourcemap import dotted


def _error(problems, record, code, message, *path, warning=False):
    line = record.origin.line(*path) if record.origin else None
    add = problems.warn if warning else problems.add
    add(code, message, record.origin.path if record.origin else "", line, dotted(path))


def _check_order(problems, record, start, end, start_key: tuple, end_key: tuple, what: str):
    if start is not None and end is not None and end < start:
        _error(problems, record, "fechas-invertidas",
               f"{what} ({end.isoformat()}) es anterior a la de inicio ({start.isoformat()}, campo «{dotted(start_key)}»);"
               " corrige una de las dos", *end_key)


def draft_reference(slug: str, path: str) -> str:
    """The message for a published record or dataset, or the menu, that names a draft."""
    return (f"«{slug}» es un borrador y no se publica («borrador: true» en {path}): quita esa línea de {path}"
            f" cuando esté listo, o quita «{slug}» de aquí")


def _check_references(problems, record, known_slugs, dataset_slugs, drafts):
    """Every identifier the record names exists; a published record may not name a draft
    (`drafts`: kind → slug → file), a draft may."""
    for spec in RECORD_TYPES[record.kind].fields:
        target = spec.ref or (spec.item.ref if spec.item is not None else None)
        if target is None:
            continue
        value = getattr(record, spec.key)
        values = value if isinstance(value, tuple) else ((value,) if value else ())
        known = dataset_slugs if target == "dataset" else known_slugs.get(target, set())
        for position, slug in enumerate(values):
            if slug in known:
                continue
            path = (spec.key, position) if isinstance(value, tuple) else (spec.key,)
            label = "conjunto de datos" if target == "dataset" else RECORD_TYPES[target].singular.lower()
            draft = drafts.get(target, {}).get(slug)
            if draft is not None and not record.borrador:
                _error(problems, record, "referencia-a-borrador", draft_reference(slug, draft), *path)
                continue
            if draft is not None:
                continue
            folder = "datasets/" if target == "dataset" else f"content/{RECORD_TYPES[target].folder}/"
            hint = suggest(slug, known) or f" Revisa los nombres de archivo en {folder}."
            _error(problems, record, "referencia-rota",
                   f"no existe ningún {label} con el identificador «{slug}».{hint}", *path)


def _check_record(problems, record, today):
    if record.kind == "compromiso":
        _check_order(problems, record, record.fecha_inicio, record.fecha_fin, ("fecha_inicio",), ("fecha_fin",),
                     "la fecha de fin")
        for i, milestone in enumerate(record.hitos):
            if milestone.cumplido is not None:
                if milestone.cumplido > today:
                    _error(problems, record, "cumplido-en-el-futuro",
                           f"la fecha de cumplimiento {milestone.cumplido.isoformat()} es posterior a hoy"
                           f" ({today.isoformat()}): escribe la fecha real en que se cumplió o, si el hito aún no se"
                           " cumple, borra la línea «cumplido»",
                           "hitos", i, "cumplido")
                if not milestone.evidencias:
                    _error(problems, record, "hito-sin-evidencia",
                           "el hito está marcado como cumplido pero no tiene «evidencias»: añade «evidencias:» con el"
                           " enlace, o la ruta del documento dentro de static/, que demuestra que se cumplió",
                           "hitos", i, warning=True)
    elif record.kind == "plan":
        if record.periodo:
            _check_order(problems, record, record.periodo.inicio, record.periodo.fin, ("periodo", "inicio"),
                         ("periodo", "fin"), "la fecha de fin")
        for i, member in enumerate(record.secretariado):
            _check_order(problems, record, member.desde, member.hasta, ("secretariado", i, "desde"),
                         ("secretariado", i, "hasta"), "la fecha de salida")
        if record.ambito == "municipal" and len(record.municipios) != 1:
            _error(problems, record, "plan-municipal",
                   f"un plan de ámbito municipal lleva exactamente un municipio en «municipios» y tiene"
                   f" {len(record.municipios)}: deja uno solo o, si el plan abarca varios, cambia «ambito» a estatal",
                   "municipios" if record.municipios else "ambito")
    elif record.kind == "convocatoria":
        _check_order(problems, record, record.fecha_apertura, record.fecha_cierre, ("fecha_apertura",),
                     ("fecha_cierre",), "la fecha de cierre")


def _check_navigation(problems, config: SiteConfig, known_slugs, drafts):
    pages = sorted(known_slugs.get("pagina", ()))
    for i, entry in enumerate(config.navegacion):
        if entry in NAV_SECTIONS:
            continue
        if entry.startswith("paginas/") and entry[len("paginas/"):] in pages:
            continue
        line = config.origin.line("navegacion", i) if config.origin else None
        draft = drafts.get("pagina", {}).get(entry[len("paginas/"):]) if entry.startswith("paginas/") else None
        if draft is not None:
            problems.add("referencia-a-borrador", draft_reference(entry[len("paginas/"):], draft),
                         "gobabierto.yml", line, f"navegacion.{i + 1}")
            continue
        options = list(NAV_SECTIONS) + [f"paginas/{slug}" for slug in pages]
        hint = suggest(entry, options) or " Usa una sección (" + ", ".join(NAV_SECTIONS) + ") o paginas/<identificador>."
        problems.add("navegacion-invalida", f"«{entry}» no es una sección ni una página existente.{hint}",
                     "gobabierto.yml", line, f"navegacion.{i + 1}")


def _derive(record, index, today):
    if record.kind == "compromiso":
        hitos = tuple(replace(h, state=derive.milestone_state(h, today)) for h in record.hitos)
        plan = index.get("plan", {}).get(record.plan)
        municipio = record.municipio
        if municipio is None and plan is not None and plan.ambito == "municipal" and len(plan.municipios) == 1:
            municipio = plan.municipios[0]
        return replace(record, hitos=hitos, municipio=municipio,
                       progress=derive.progress(hitos, record.avance),
                       status=derive.status(record, hitos, today))
    if record.kind == "convocatoria":
        return replace(record, state=derive.call_state(record, today))
    return record


def link(config: SiteConfig, records: list, known_slugs: dict[str, set], dataset_slugs, datasets, today,
         problems: Problems, root: str = "", drafts: list = (), draft_problems: Problems | None = None) -> Site:
    """`known_slugs` holds every discovered record (valid or not) but the drafts, so a reference
    to a record that has its own problems is not reported again as broken. `drafts` are
    checked like the rest, their problems recorded in `draft_problems`, and left out of the Site."""
    index: dict[str, dict] = {}
    draft_files: dict[str, dict[str, str]] = {}
    for record in records:
        index.setdefault(record.kind, {})[record.slug] = record
    for draft in drafts:
        index.setdefault(draft.kind, {}).setdefault(draft.slug, draft)
        draft_files.setdefault(draft.kind, {})[draft.slug] = draft.origin.path
    dataset_slugs = set(dataset_slugs)  # once, not once per record (60,000 × 2,000 at national scale)
    plan_municipalities: dict[str, set] = {}  # a state plan may list hundreds of municipalities
    for record in [*records, *drafts]:
        sink = draft_problems if record.borrador and draft_problems is not None else problems
        _check_references(sink, record, known_slugs, dataset_slugs, draft_files)
        _check_record(sink, record, today)
        if record.kind == "compromiso" and record.municipio:
            plan = index.get("plan", {}).get(record.plan)
            if plan is not None and plan.municipios and record.plan not in plan_municipalities:
                plan_municipalities[record.plan] = set(plan.municipios)
            if plan is not None and plan.municipios and record.municipio not in plan_municipalities[record.plan]:
                _error(sink, record, "municipio-fuera-del-plan",
                       f"el municipio «{record.municipio}» no participa en el plan «{record.plan}»"
                       f" (sus municipios: {', '.join(plan.municipios)}); añádelo a «municipios» del plan o corrige este campo",
                       "municipio")
    _check_navigation(problems, config, known_slugs, draft_files)
    grouped: dict[str, list] = {kind: [] for kind in RECORD_TYPES}
    for record in records:
        derived = _derive(record, index, today)
        grouped.setdefault(derived.kind, []).append(derived)
    by_kind = {kind: tuple(sorted(grouped[kind], key=lambda r: r.slug)) for kind in RECORD_TYPES}
    return Site(config=config, today=today, records=by_kind, datasets=tuple(datasets), root=root,
                drafts=tuple(sorted(draft.origin.path for draft in drafts)))
