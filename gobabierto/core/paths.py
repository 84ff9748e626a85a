"""Where things are, named once: a site's own files and folders, the cache and output
markers, and the engine's own package, theme and message catalogues.

The engine's folders are found from this file's place in the package (`gobabierto/core/`):
tests check that the engine digest, the theme, the catalogues and the message extraction
all see the folders named here."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

# A site's own files and folders, relative to its root.
SETTINGS_FILE = "gobabierto.yml"
CONTENT = "content"
DATASETS = "datasets"
STATIC = "static"
TEMPLATES = "templates"
SITE_FOLDERS = (CONTENT, DATASETS, STATIC, TEMPLATES)
WORKFLOWS = ".github/workflows"   # GitHub Actions: the publishing workflow and its daily schedule
CACHE = ".gobabierto-cache"        # beside the sources, never published (`.gitignore`d)
OUTPUT_MARKER = ".gobabierto"      # in a built site: the folder is gobabierto's to replace

# The engine's own folders.
PACKAGE = Path(__file__).resolve().parent.parent   # gobabierto/
LOCALE = PACKAGE / "text" / "locale"                # gettext catalogues: <lang>/LC_MESSAGES/messages.po
PACKAGED_THEME = PACKAGE / "_theme"                 # the theme inside a wheel (pyproject's force-include)
CHECKOUT_THEME = PACKAGE.parent / "templates"       # the theme in a checkout of the engine's repository
# The exact dependencies, with hashes, this version of the engine was tested with: a site's
# workflow installs them after the engine it pins (`python -m gobabierto.core.lock`).
PACKAGED_LOCK = PACKAGE / "_requirements.txt"       # requirements/engine.txt inside a wheel (force-include)
CHECKOUT_LOCK = PACKAGE.parent / "requirements" / "engine.txt"
SITE_TEMPLATE = PACKAGE / "commands" / "site_template"  # what `gobabierto init` copies into a new site


def theme_dir() -> Path:
    """The default theme: packaged inside the wheel, or templates/ beside the package."""
    return PACKAGED_THEME if PACKAGED_THEME.is_dir() else CHECKOUT_THEME


def engine_lock() -> Path:
    """The engine's lock: packaged inside the wheel, or requirements/engine.txt in a checkout."""
    return PACKAGED_LOCK if PACKAGED_LOCK.is_file() else CHECKOUT_LOCK


def cache_dir(root: Path) -> Path:
    """The site's cache folder: `.gobabierto-cache/` beside its sources, or a folder of its
    own under $GOBABIERTO_CACHE_DIR (a CI cache shared by several sites)."""
    configured = os.environ.get("GOBABIERTO_CACHE_DIR")
    if configured:
        site = hashlib.blake2b(str(Path(root).resolve()).encode("utf-8", "surrogateescape"), digest_size=8).hexdigest()
        return Path(configured) / "sitios" / site
    return Path(root) / CACHE
