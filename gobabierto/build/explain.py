"""Why a build redid a piece of work, in Spanish, for `gobabierto build --explicar`.

A page is rendered again when its fingerprint (fingerprint.Fingerprints.page: the engine
and address, its templates, the globals they use, what its context shows) differs from
the one the cache keeps, or when one of the site values its templates read last time
reads differently now; each of those is named here. The open data's parts and the search
shards say the same of themselves in reuse.open_data and search_index."""

from __future__ import annotations


class Reasons(dict):
    """What was redone → why; `changed_files`: the record files the build read afresh (new or
    changed), to name the records behind "what the page shows"."""

    changed_files: frozenset[str] = frozenset()

# The parts of a page's fingerprint, in Fingerprints.page's order.
PRINT_PARTS = (
    "cambió el motor, la dirección del sitio o su idioma",
    "cambió su plantilla o una que incluye",
    "cambió un ajuste que sus plantillas leen",
    "cambió lo que la página muestra",
)
NEW = "nueva: la construcción anterior no la tenía (o se pidió --no-cache)"
UNCACHEABLE = "no se guarda en la caché: se genera siempre"
STORED_COPY = "su copia en la caché faltaba o estaba alterada"


def read_name(key: tuple) -> str:
    """A site read (fingerprint.Reads' key) as the editor knows it."""
    what, rest = key[0], key[1:]
    if what == "get":
        return f"{rest[0]} «{rest[1]}»"
    if what == "of":
        return f"la lista de registros de tipo {rest[0]}"
    if what == "nonempty":
        return f"si hay registros de tipo {rest[0]}"
    if what == "has-dataset":
        return f"si existe el conjunto de datos «{rest[0]}»"
    if what == "changes":
        return f"el historial de cambios de {rest[1] or 'todo el sitio'}"
    if what == "updated":
        return "la fecha del último cambio" + ("" if rest[0] == "all" else f" de {' '.join(map(str, rest[1:]))}")
    return {"config": "los ajustes de gobabierto.yml", "today": "la fecha de hoy", "datasets": "los conjuntos de datos",
            "site": "todo el sitio"}.get(what, repr(key))


def shown_changes(context: dict, changed_files: frozenset[str]) -> list[str]:
    """The records a page's context holds (as a value or in a list) whose files changed."""
    found: dict[str, None] = {}
    for value in context.values():
        for item in value if isinstance(value, (list, tuple)) else (value,):
            origin = getattr(getattr(item, "origin", None), "path", None)
            if origin in changed_files:
                found[origin] = None
    return list(found)


def page_reason(previous: tuple | None, found: tuple | None, changed_reads: list[tuple],
                shown: list[str] = ()) -> str:
    """Why a page was rendered: `previous` is the cache's entry (fingerprint, reads, …) or
    None, `found` this build's fingerprint, `changed_reads` the reads that differ now,
    `shown` the changed record files its context holds."""
    if found is None:
        return UNCACHEABLE
    if previous is None:
        return NEW
    old = previous[0]
    if old != found:
        if not isinstance(old, tuple) or len(old) != len(found):
            return PRINT_PARTS[0]
        named = f" ({', '.join(shown[:3])}{' …' if len(shown) > 3 else ''})" if shown else ""
        return "; ".join(reason + (named if i == 3 else "")
                         for i, (reason, a, b) in enumerate(zip(PRINT_PARTS, old, found)) if a != b)
    if changed_reads:
        names = [read_name(key) for key in changed_reads[:3]]
        more = f" y {len(changed_reads) - 3} más" if len(changed_reads) > 3 else ""
        return "cambió lo que lee del sitio: " + ", ".join(names) + more
    return STORED_COPY


def shard_reason(previous: dict[str, str] | None, current: dict[str, str]) -> str:
    """Why a search shard was indexed again: its pages and their digests now and in the
    shard the cache held at the same place."""
    if previous is None:
        return "nuevo: la caché no tenía este fragmento del índice"
    changed = sorted(rel for rel in current.keys() & previous.keys() if current[rel] != previous[rel])
    added, removed = sorted(current.keys() - previous.keys()), sorted(previous.keys() - current.keys())
    parts = [f"{label}: {', '.join(names[:3])}{' …' if len(names) > 3 else ''}"
             for label, names in (("cambiaron", changed), ("se añadieron", added), ("se quitaron", removed)) if names]
    return "; ".join(parts) or "cambió Pagefind o el idioma del índice"
