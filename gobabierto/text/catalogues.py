"""The interface's messages, extracted with Babel from the engine's code, the theme's
templates and its scripts, and the catalogues checked against them (scripts/catalogo.py,
tests/text/test_i18n.py). Only used to maintain the catalogues, never during a build."""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po, write_po

from gobabierto.core import paths
from gobabierto.core.paths import theme_dir
from gobabierto.text.i18n import DOMAIN, LANGUAGES, SOURCE, catalogue_path

PACKAGE = paths.PACKAGE
KEYWORDS = {**DEFAULT_KEYWORDS, "Nn_": (1, 2)}
_JINJA = {"extensions": "jinja2.ext.i18n", "trimmed": "false"}


def _sources() -> list[tuple[Path, list, dict]]:
    theme = theme_dir()
    return [
        (PACKAGE, [("**.py", "python")], {}),
        (theme, [("**.html", "jinja2"), ("**.xml", "jinja2"), ("**.ics", "jinja2"), ("**.txt", "jinja2"),
                 ("assets/**.js", "javascript")], {"**.html": _JINJA, "**.xml": _JINJA, "**.ics": _JINJA,
                                                    "**.txt": _JINJA}),
    ]


def extract() -> Catalog:
    """Every message marked for translation, with where it is used."""
    template = Catalog(locale=SOURCE.replace("-", "_"), domain=DOMAIN, project="gobabierto", fuzzy=False)
    for folder, method_map, options in _sources():
        prefix = folder.name if folder != PACKAGE else "gobabierto"
        for filename, lineno, message, comments, context in extract_from_dir(
                str(folder), method_map, options, keywords=KEYWORDS, strip_comment_tags=True):
            template.add(message, None, [(f"{prefix}/{filename}", lineno)], auto_comments=comments, context=context)
    return template


def targets() -> list[str]:
    return [tag for tag in LANGUAGES if tag != SOURCE]


def update_catalogues() -> list[Path]:
    """Bring every translation catalogue in step with the messages: new ones enter empty,
    unused ones leave; translations are never guessed (no fuzzy matching)."""
    template = extract()
    written = []
    for tag in targets():
        path = catalogue_path(tag)
        if path.is_file():
            with path.open("rb") as handle:
                catalogue = read_po(handle, locale=tag.replace("-", "_"), domain=DOMAIN)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalogue = Catalog(locale=tag.replace("-", "_"), domain=DOMAIN, project="gobabierto", version="0.1",
                                fuzzy=False, copyright_holder="gobabierto", last_translator="gobabierto",
                                header_comment=f"# {tag} translation of the interface of gobabierto sites.\n"
                                               "# msgid: the Spanish (es-MX) source text. Update with"
                                               " `python scripts/catalogo.py`.")
        created = catalogue.creation_date
        catalogue.update(template, no_fuzzy_matching=True, update_header_comment=False)
        catalogue.obsolete.clear()
        catalogue.creation_date = created      # the file changes only when its messages do
        catalogue.revision_date = created
        with path.open("wb") as handle:
            write_po(handle, catalogue, width=100, sort_output=False, omit_header=False, include_previous=False)
        written.append(path)
    return written


def catalogue_problems() -> list[str]:
    """What keeps a catalogue from translating every message: lines for a person to read."""
    template = extract()
    wanted = {m.id if isinstance(m.id, str) else m.id[0]: m for m in template if m.id}
    problems = []
    for tag in targets():
        path = catalogue_path(tag)
        if not path.is_file():
            problems.append(f"{path}: no existe el catálogo")
            continue
        with path.open("rb") as handle:
            catalogue = read_po(handle, locale=tag.replace("-", "_"), domain=DOMAIN)
        have = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalogue if m.id}
        for key, message in wanted.items():
            found = have.get(key)
            where = ", ".join(f"{f}:{n}" for f, n in message.locations[:1])
            if found is None:
                problems.append(f"{tag}: falta «{key}» ({where})")
            elif found.fuzzy:
                problems.append(f"{tag}: traducción dudosa (fuzzy) de «{key}»")
            elif isinstance(message.id, tuple) != isinstance(found.id, tuple):
                problems.append(f"{tag}: «{key}» cambió de forma (singular/plural)")
            elif not (all(found.string) if isinstance(found.string, tuple) else found.string):
                problems.append(f"{tag}: sin traducir «{key}» ({where})")
        for key in have.keys() - wanted.keys():
            problems.append(f"{tag}: sobra «{key}» (ya no se usa)")
        for error in catalogue.check():
            message, errors = error
            problems += [f"{tag}: «{message.id}»: {e}" for e in errors]
    return problems
