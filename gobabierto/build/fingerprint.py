"""What a page's bytes depend on, as digests: the incremental build's rule for reuse.

A page is a deterministic function of
  1. the engine: gobabierto's code, the versions of the libraries that render, the base URL;
  2. its template and every template that one extends, includes or imports (its closure);
  3. the `page` it is given (address, template, context), digested by value;
  4. the environment's globals its closure names: values such as `config`, `today` and
     `nav` are digested by value; functions are code, except the clock (`calendar_text`);
  5. whatever it reads of the site at render time: the theme reaches the whole site through
     the `site` global and through functions closed over it (`changes`, `days_late`,
     `dataset_jsonld`…). Those reads go through a `TrackedSite`, which writes down each
     one (`site.of("pagina")`, `site.get("plan", "x")`, `changes(record)`…) so that the
     page is re-rendered when one of them reads something else next time (a verifying
     trace, in build-system terms).

Anything the digester does not know how to digest (a function in a context, an unknown
global) makes the page `Uncacheable`: it is rendered every time. Correctness never rests on
a guess; speed does."""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import decimal
import functools
from pathlib import PurePath
from typing import Any

import jinja2
from jinja2 import meta, nodes
from markupsafe import Markup

from gobabierto.build import engine
from gobabierto.core.sourcemap import SourceMap

FORMAT = 3  # bump when what a fingerprint covers changes


class Uncacheable(Exception):
    """This page's inputs cannot be digested with certainty: render it every time."""


_h = engine.hash_parts


# --- values ------------------------------------------------------------------------------

_SIMPLE = (bool, int, float, complex, type(None), decimal.Decimal, dt.date, dt.datetime, dt.time, dt.timedelta)


class Digester:
    """Digests of values (contexts, records, datasets), memoised per object: a record shown
    on a thousand pages is walked once per build."""

    def __init__(self) -> None:
        self._memo: dict[int, tuple[Any, str]] = {}
        self._fields: dict[type, tuple[str, ...]] = {}

    def digest(self, value: Any) -> str:
        parts: list[str] = []
        self._feed(value, parts)
        return _h("\x1f".join(parts))

    def _object(self, value: Any) -> str:
        """The digest of a dataclass instance, memoised by identity (kept alive here)."""
        found = self._memo.get(id(value))
        if found is not None and found[0] is value:
            return found[1]
        cls = type(value)
        names = self._fields.get(cls)
        if names is None:
            names = self._fields[cls] = tuple(f.name for f in dataclasses.fields(cls))
        parts = [f"D{cls.__module__}.{cls.__qualname__}"]
        for name in names:
            parts.append(name)
            self._feed(getattr(value, name), parts)
        digest = _h("\x1f".join(parts))
        self._memo[id(value)] = (value, digest)
        return digest

    def _feed(self, value: Any, parts: list[str]) -> None:
        cls = type(value)
        if cls is str:
            parts.append("s" + value)
            parts.append(str(len(value)))
        elif cls is Markup:
            parts.append("m" + value)
            parts.append(str(len(value)))
        elif cls in (list, tuple):
            parts.append(f"{'l' if cls is list else 't'}{len(value)}")
            for item in value:
                self._feed(item, parts)
        elif cls is dict or cls in (collections.Counter, collections.OrderedDict):
            parts.append(f"d{cls.__name__}{len(value)}")
            for key, item in value.items():
                self._feed(key, parts)
                self._feed(item, parts)
        elif isinstance(value, _SIMPLE) and cls.__module__ in ("builtins", "datetime", "decimal"):
            parts.append(f"{cls.__name__}:{value!r}")
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            if cls is SourceMap:  # where values were in the file: for error messages only
                parts.append("S")
            elif cls.__name__ == "Site":
                raise Uncacheable("the whole site is in a context")
            else:
                parts.append("o" + self._object(value))
        elif cls in (set, frozenset):
            parts.append(f"e{len(value)}")
            parts.extend(sorted(self.digest(item) for item in value))
        elif isinstance(value, PurePath):
            # A file to copy (a dataset's cached CSV, a temporary folder): the page shows its
            # name at most; its content is in the sha256 beside it.
            parts.append("p" + value.name)
        elif isinstance(value, str):  # another str subclass
            parts.append(f"{cls.__qualname__}:" + value)
            parts.append(str(len(value)))
        else:
            raise Uncacheable(f"no sé resumir un {cls.__module__}.{cls.__qualname__}")


# --- the engine --------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def engine_digest() -> str:
    """The engine (engine.py) and what a fingerprint covers (FORMAT), once per process."""
    return _h(str(FORMAT), engine.digest())


# --- templates ---------------------------------------------------------------------------

# How each global of render.make_environment enters a page's fingerprint.
# Code: a function or a constant of gobabierto's code (in the engine digest); whatever it
# reads of the site goes through the TrackedSite it was made with.
CODE_GLOBALS = frozenset({
    "href", "absolute", "url_for", "dataset_url", "section_url", "static", "asset", "page_description",
    "record_types", "ods_names", "chart", "vistas", "feed_id", "indicator_progress", "without_evidence", "days_late",
    "days_left", "dataset_jsonld", "changes", "last_change", "page_updated", "site",
    # Jinja's own
    "range", "dict", "cycler", "joiner", "namespace",
})
# Translations (jinja2.ext.i18n): the catalogue is in the engine digest, the language in
# every page's base digest.
CODE_GLOBALS |= {"gettext", "ngettext", "pgettext", "npgettext", "_"}
# Values captured when the environment was made: digested by value.
VALUE_GLOBALS = frozenset({"config", "today", "nav"})
# Read the build's day (the calendar's DTSTAMP is the day's start): digested as `today`.
DAY_GLOBALS = frozenset({"calendar_text"})


class Templates:
    """For each template: the digest of its closure's sources and the globals it names."""

    def __init__(self, env: jinja2.Environment, known: dict | None = None):
        self.env = env
        # digest of a source → (names it uses, templates it references): parsing and
        # walking the theme's templates costs more than a no-op build should
        self.known: dict[str, tuple[frozenset, frozenset | None]] = dict(known or {})
        self.used_known: dict[str, tuple[frozenset, frozenset | None]] = {}
        self._own: dict[str, tuple[str, frozenset, frozenset | None]] = {}
        self._closure: dict[str, tuple[str, frozenset]] = {}

    def _read(self, name: str) -> tuple[str, frozenset, frozenset | None]:
        """(digest of the source, names it uses, templates it references or None if dynamic)."""
        if name not in self._own:
            source, filename, _ = self.env.loader.get_source(self.env, name)
            digest = _h(name, source)
            found = self.known.get(digest)
            if found is None:
                try:
                    ast = self.env.parse(source, name, filename)
                except jinja2.TemplateSyntaxError as exc:
                    raise Uncacheable(f"template {name} does not parse") from exc
                referenced = list(meta.find_referenced_templates(ast))
                refs = None if any(r is None for r in referenced) else frozenset(referenced)
                # every name the template loads (meta.find_undeclared_variables leaves the
                # environment's globals out, which are exactly what is needed here); locals
                # that share a global's name only make the fingerprint more cautious
                loaded = frozenset(n.name for n in ast.find_all(nodes.Name) if n.ctx == "load")
                found = (loaded, refs)
            self.used_known[digest] = found
            self._own[name] = (digest, *found)
        return self._own[name]

    def all_names(self) -> list[str]:
        return sorted(n for n in self.env.loader.list_templates() if not n.startswith("assets/"))

    def closure(self, name: str) -> tuple[str, frozenset]:
        """(digest of every template `name` can reach, the names they use)."""
        if name in self._closure:
            return self._closure[name]
        seen: dict[str, str] = {}
        names: set[str] = set()
        todo = [name]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            try:
                digest, used, refs = self._read(current)
            except jinja2.TemplateNotFound as exc:
                raise Uncacheable(f"template {current} not found") from exc
            seen[current] = digest
            names |= used
            if refs is None:  # a template chosen at render time: any of them
                todo.extend(self.all_names())
            else:
                todo.extend(refs)
        result = (_h(*(f"{n}={d}" for n, d in sorted(seen.items()))), frozenset(names))
        self._closure[name] = result
        return result


# --- the site, as templates read it ------------------------------------------------------

class Tracker:
    """The site reads of the page being rendered (one page at a time per process)."""

    def __init__(self) -> None:
        self.reads: set[tuple] | None = None

    def note(self, key: tuple) -> None:
        if self.reads is not None:
            self.reads.add(key)

    def start(self) -> None:
        self.reads = set()

    def stop(self) -> frozenset:
        reads, self.reads = self.reads or set(), None
        return frozenset(reads)


def _item_key(item) -> tuple:
    if getattr(item, "kind", "") == "dataset":
        return ("folder", getattr(item, "folder", ""))
    origin = getattr(item, "origin", None)
    return ("file", origin.path if origin is not None else None)


class TrackedRecords:
    """`site.of(kind)` as the theme sees it: asking whether there are any is one read
    (("nonempty", kind)); looking at them in any other way is another (("of", kind))."""

    def __init__(self, records: tuple, kind: str, tracker: Tracker):
        self._records, self._kind, self._tracker = records, kind, tracker

    def _all(self) -> tuple:
        self._tracker.note(("of", self._kind))
        return self._records

    def __bool__(self) -> bool:
        self._tracker.note(("nonempty", self._kind))
        return bool(self._records)

    def __len__(self) -> int:
        return len(self._all())

    def __iter__(self):
        return iter(self._all())

    def __reversed__(self):
        return reversed(self._all())

    def __getitem__(self, index):
        return self._all()[index]

    def __contains__(self, item) -> bool:
        return item in self._all()

    def __eq__(self, other) -> bool:
        return self._all() == (other._all() if isinstance(other, TrackedRecords) else other)

    __hash__ = None  # type: ignore[assignment]

    def __getattr__(self, name: str):
        return getattr(self._all(), name)


class TrackedSite:
    """The Site as the theme sees it: every read is written down in the tracker."""

    def __init__(self, site, tracker: Tracker):
        self._site, self._tracker = site, tracker

    def of(self, kind: str) -> TrackedRecords:
        return TrackedRecords(self._site.of(kind), kind, self._tracker)

    def has_dataset(self, slug: str) -> bool:
        self._tracker.note(("has-dataset", slug))
        return self._site.has_dataset(slug)

    def get(self, kind: str, slug: str | None):
        self._tracker.note(("get", kind, slug))
        return self._site.get(kind, slug)

    def changes(self, item) -> tuple:
        self._tracker.note(("changes",) + _item_key(item))
        return self._site.changes(item)

    def last_change(self, item=None):
        self._tracker.note(("updated",) + (_item_key(item) if item is not None else ("all", "")))
        return self._site.last_change(item)

    @property
    def config(self):
        self._tracker.note(("config",))
        return self._site.config

    @property
    def today(self):
        self._tracker.note(("today",))
        return self._site.today

    @property
    def datasets(self):
        self._tracker.note(("datasets",))
        return self._site.datasets

    def __getattr__(self, name: str):  # records, root, history, anything new: the whole site
        self._tracker.note(("site",))
        return getattr(self._site, name)


class Reads:
    """The digest of what a tracked read returns, in the current build."""

    def __init__(self, site, digester: Digester):
        self.site, self.digester = site, digester
        self._memo: dict[tuple, str] = {}
        self._by_key: dict[tuple, Any] | None = None

    def digest(self, key: tuple) -> str:
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self._compute(key)
        return found

    def _compute(self, key: tuple) -> str:
        site, d = self.site, self.digester.digest
        what = key[0]
        if what == "of":
            return d(site.of(key[1]))
        if what == "nonempty":
            return d(bool(site.of(key[1])))
        if what == "has-dataset":
            return d(site.has_dataset(key[1]))
        if what == "get":
            return d(site.get(key[1], key[2]))
        if what == "changes":
            history = site.history
            if history is None:
                return d(())
            return d(history.of_folder(key[2]) if key[1] == "folder" else history.of_file(key[2]) if key[2] else ())
        if what == "updated":
            if key[1] == "all":
                return d(site.last_change())
            item = self._items().get(key[1:])
            return d(site.last_change(item) if item is not None else None)
        if what == "config":
            return d(site.config)
        if what == "today":
            return d(site.today)
        if what == "datasets":
            return d(site.datasets)
        if what == "site":
            return self.whole()
        raise Uncacheable(f"unknown read {key!r}")

    def _items(self) -> dict[tuple, Any]:
        """Records and datasets by the key their reads are written down with."""
        if self._by_key is None:
            items = [r for records in self.site.records.values() for r in records] + list(self.site.datasets)
            self._by_key = {_item_key(item): item for item in items}
        return self._by_key

    def whole(self) -> str:
        if ("site*",) not in self._memo:
            site, d = self.site, self.digester.digest
            history = site.history
            self._memo[("site*",)] = _h(d(site.config), d(site.today), d(dict(sorted(site.records.items()))),
                                        d(site.datasets), d(site.root), d(history.identity() if history else ()))
        return self._memo[("site*",)]


class Fingerprints:
    """The fingerprint of each page of one build (everything but its tracked reads)."""

    def __init__(self, env: jinja2.Environment, site, base: str, clock: str, known_templates: dict | None = None):
        self.env, self.site = env, site
        self.digester = Digester()
        self.templates = Templates(env, known_templates)
        self.reads = Reads(site, self.digester)
        self.base = _h(engine_digest(), base)
        self.clock = clock
        self._globals: dict[str, str] = {}
        self._by_template: dict[str, tuple[str, str]] = {}  # template → (closure, globals it uses)

    def _global(self, name: str) -> str:
        if name not in self._globals:
            if name in CODE_GLOBALS:
                value = "code"
            elif name in VALUE_GLOBALS:
                value = self.digester.digest(self.env.globals[name])
            elif name in DAY_GLOBALS:
                value = self.digester.digest(self.env.globals["today"])
            else:
                raise Uncacheable(f"global {name} is not classified")
            self._globals[name] = value
        return self._globals[name]

    def page(self, page) -> tuple[str, str, str, str]:
        """The page's fingerprint: the digests of the engine and address, of its templates, of
        the globals they use and of its context (explain.PRINT_PARTS names them); raises
        Uncacheable."""
        found = self._by_template.get(page.template)
        if found is None:
            closure, names = self.templates.closure(page.template)
            used = sorted(n for n in names if n in self.env.globals)
            found = self._by_template[page.template] = (closure, _h(*(f"{n}={self._global(n)}" for n in used)))
        return self.base, *found, self.digester.digest(page)

    def open_data(self, name: str, inputs, whole_site: bool = False) -> str:
        """The key of a part of the open data: its name, its inputs, the address and the
        engine; for a part made of the whole site, the whole site and the build's moment too
        (the Data Package's `created`). Raises Uncacheable."""
        site = (self.reads.whole(), self.clock) if whole_site else ()
        return _h("datos-abiertos", name, self.base, *site, self.digester.digest(inputs))

    def reads_match(self, reads) -> bool:
        try:
            return all(self.reads.digest(key) == digest for key, digest in reads)
        except Uncacheable:
            return False

    def changed_reads(self, reads) -> list[tuple]:
        """The keys of recorded `reads` ((key, digest) pairs) that read differently now."""
        try:
            return [key for key, digest in reads if self.reads.digest(key) != digest]
        except Uncacheable:
            return [key for key, _ in reads]

    def digest_reads(self, keys) -> tuple:
        return tuple(sorted(((key, self.reads.digest(key)) for key in keys), key=repr))
