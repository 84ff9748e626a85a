"""Identifiers (slugs) and the «¿quisiste decir …?» hint for a misspelt name."""

from __future__ import annotations

import difflib
import re
import unicodedata

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def strip_accents(text: str) -> str:
    """«Comunicación» → «Comunicacion»: what suggestions compare."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def suggest(value: str, options, prefix: str = " ¿Quisiste decir «", suffix: str = "»?") -> str:
    """A «¿quisiste decir …?» hint for the nearest option, or an empty string."""
    options = list(options)
    if not options or not isinstance(value, str):
        return ""
    folded = {strip_accents(o).lower(): o for o in options}
    probe = strip_accents(value).lower().strip().replace(" ", "_")
    if probe in folded:
        return f"{prefix}{folded[probe]}{suffix}"
    probe_dash = probe.replace("_", "-")
    if probe_dash in folded:
        return f"{prefix}{folded[probe_dash]}{suffix}"
    match = difflib.get_close_matches(probe, list(folded), n=1, cutoff=0.6)
    return f"{prefix}{folded[match[0]]}{suffix}" if match else ""


def slugify(text: str) -> str:
    """«Obra Pública 2024» → «obra-publica-2024»: a title as an identifier."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
