"""The citizen's language: the site's interface strings and its dates, numbers and money.

Every interface string is written in the code and the theme in Spanish (es-MX, the source
language) and marked for translation: `_()`/`{% trans %}` in templates, `N_()` where a
module keeps a table of words (labels, type names) or `Nn_()` for a message with a plural, `Language.gettext()` where a module
writes a sentence. The English text lives in `locale/en/LC_MESSAGES/messages.po`, read
with Babel when a language is first asked for (no compile step for anyone to forget) and
kept for the life of the process. Dates, numbers, percentages and amounts in pesos come
from the CLDR data Babel ships, for the site's `idioma`.

`scripts/catalogo.py` extracts the messages and updates the catalogue; a test fails when
a message lacks its translation."""

from __future__ import annotations

import io
import re
from datetime import date
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal, format_percent
from babel.support import NullTranslations, Translations

from gobabierto.core import paths

SOURCE = "es-MX"                 # the language the strings are written in
LANGUAGES = ("es-MX", "en")      # the values `idioma` accepts
LOCALE_DIR = paths.LOCALE
DOMAIN = "messages"
MONEY_UNIT = "MXN"               # an indicator's `unidad` that makes its values amounts in pesos


# A well-formed BCP 47 language tag (RFC 5646 §2.1, without the grandfathered irregular tags):
# language[-script][-region][-variant…][-extension…][-x-private], or private use alone.
_ALNUM = "[a-z0-9]"
_LANGUAGE_TAG = re.compile(
    r"^(?:(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})"     # language, with extended subtags
    r"(?:-[a-z]{4})?"                                                # script: Latn
    r"(?:-(?:[a-z]{2}|[0-9]{3}))?"                                   # region: MX, 419
    rf"(?:-(?:{_ALNUM}{{5,8}}|[0-9]{_ALNUM}{{3}}))*"                 # variants
    rf"(?:-[0-9a-wyz](?:-{_ALNUM}{{2,8}})+)*"                        # extensions
    rf"(?:-x(?:-{_ALNUM}{{1,8}})+)?"                                 # private use
    rf"|x(?:-{_ALNUM}{{1,8}})+)$", re.IGNORECASE)


def well_formed_tag(tag: str) -> bool:
    """Whether `tag` is a well-formed BCP 47 language tag: "nah", "es-MX", "zh-Hant-TW"."""
    return bool(_LANGUAGE_TAG.match(tag))


def N_(message: str) -> str:
    """Marks a message for extraction where it is defined; it is translated where shown."""
    return message


def Nn_(singular: str, plural: str) -> tuple[str, str]:
    """Marks a message with its plural form for extraction; translated with ngettext."""
    return singular, plural


def catalogue_path(tag: str) -> Path:
    return LOCALE_DIR / tag.replace("-", "_") / "LC_MESSAGES" / f"{DOMAIN}.po"


def _translations(tag: str) -> NullTranslations:
    """The catalogue of `tag` as gettext translations; the source language needs none.
    Fuzzy entries are left out, as msgfmt does."""
    path = catalogue_path(tag)
    if tag == SOURCE or not path.is_file():
        return NullTranslations()
    with path.open("rb") as handle:
        catalogue = read_po(handle, locale=tag.replace("-", "_"), domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalogue)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def _remembered(method):
    """Babel formats a value in some 35 µs and pages repeat the same dates and figures, so
    each Language keeps what it has formatted (the values are few: dates, percentages)."""
    name = method.__name__

    def formatted(self, value):
        memo = self._memo.setdefault(name, {})
        key = (type(value), value)
        try:
            return memo[key]
        except KeyError:
            text = memo[key] = method(self, value)
            return text
        except TypeError:  # an unhashable value: formatted every time
            return method(self, value)

    formatted.__name__, formatted.__doc__ = name, method.__doc__
    return formatted


class Language:
    """One site language: its messages and its CLDR formats."""

    def __init__(self, tag: str):
        self.tag = tag
        self.code = tag.split("-")[0].lower()          # "es", "en": Pagefind's stemming
        self.locale = Locale.parse(tag, sep="-")
        self.translations = _translations(tag)
        self._memo: dict[str, dict] = {}

    # -- messages -----------------------------------------------------------------------
    def gettext(self, message: str, **params) -> str:
        text = self.translations.gettext(message)
        return text % params if params else text

    def ngettext(self, singular: str, plural: str, n: int, **params) -> str:
        text = self.translations.ngettext(singular, plural, n)
        return text % {"num": n, **params}

    @_remembered
    def days(self, n: int) -> str:
        """"1 día", "144 días"."""
        return self.ngettext("%(num)s día", "%(num)s días", n, num=self.number(n))

    # -- formats ------------------------------------------------------------------------
    @_remembered
    def date(self, value: date | None) -> str:
        """"21 de noviembre de 2026", "November 21, 2026"."""
        return format_date(value, "long", locale=self.locale) if value else ""

    @_remembered
    def short_date(self, value: date | None) -> str:
        """"18 abr 2022", "Apr 18, 2022": a date in a table's cell."""
        return format_date(value, "medium", locale=self.locale).replace(".", "") if value else ""

    @_remembered
    def month_year(self, value: date) -> str:
        """"noviembre de 2026", "November 2026"."""
        return format_skeleton("yMMMM", value, locale=self.locale)

    @_remembered
    def short_month(self, value: date) -> str:
        """"nov 2026", "Nov 2026": the ends of a time axis."""
        return format_skeleton("yMMM", value, locale=self.locale).replace(".", "")

    @_remembered
    def number(self, value) -> str:
        """At most two decimals; "—" for no value."""
        if value is None:
            return "—"
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return format_decimal(value, format="#,##0.##", locale=self.locale)

    @_remembered
    def percent(self, value) -> str:
        """A value out of 100 ("40.5" → "40.5%"), one decimal at most."""
        return format_percent(float(value or 0) / 100, format=self._percent_pattern(), locale=self.locale)

    def _percent_pattern(self) -> str:
        pattern = self.locale.percent_formats[None].pattern     # "#,##0%" or "#,##0 %"
        return pattern.replace("0%", "0.#%").replace("0\u00a0%", "0.#\u00a0%")

    @_remembered
    def money(self, value) -> str:
        """An amount in Mexican pesos: "$1,234.50" in es-MX, "MX$1,234.50" in English."""
        if value is None:
            return "—"
        return format_currency(value, "MXN", locale=self.locale)

    def amount(self, value, unit: str | None = None) -> str:
        """A measured value with its unit: money when the unit is MXN (an indicator in
        pesos), otherwise the number followed by the unit as the editor wrote it."""
        if unit and unit.strip().upper() == MONEY_UNIT and value is not None:
            return self.money(value)
        return self.number(value) + (f" {unit}" if unit else "")

    def file_size(self, size: int | None) -> str:
        """Bytes in words: "1.2 MB", "512 bytes"."""
        if size is None:
            return ""
        if size < 1000:
            return self.ngettext("%(num)s byte", "%(num)s bytes", size)
        for unit, factor in (("kB", 1000), ("MB", 1000**2), ("GB", 1000**3)):
            if size < factor * 1000 or unit == "GB":
                value = size / factor
                shown = format_decimal(value, format="0.0" if value < 100 else "0", locale=self.locale)
                return f"{shown} {unit}"
        return f"{size} bytes"  # pragma: no cover


@lru_cache(maxsize=None)
def language(tag: str) -> Language:
    """The language `tag` (one of LANGUAGES), read once per process."""
    return Language(tag if tag in LANGUAGES else SOURCE)
