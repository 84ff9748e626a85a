"""Literal texts translated when a template is compiled (pages/compiled_i18n.py) give the
bytes gettext gives on every page: the whole fixture site, in each language, built both
ways, is the same file for file."""

from __future__ import annotations

import jinja2
import pytest

from helpers import BASE_EPOCH, copy_site, tree_digest
from gobabierto.build.site import build_site
from gobabierto.pages import compiled_i18n, render
from gobabierto.pages.compiled_i18n import LiteralTranslations
from gobabierto.text import i18n


@pytest.mark.parametrize("idioma", ["es-MX", "en"])
def test_the_site_is_the_same_whether_literals_are_translated_when_compiled_or_per_page(tmp_path, monkeypatch,
                                                                                        idioma):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BASE_EPOCH)
    monkeypatch.setattr(render, "_bytecode_cache", lambda env, catalogue: None)  # compiled afresh both times
    site = copy_site(tmp_path / "sitio")
    settings = site / "gobabierto.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("idioma: es-MX", f"idioma: {idioma}"),
                        encoding="utf-8")
    build_site(site, tmp_path / "al-compilar", use_cache=False)
    monkeypatch.setattr(compiled_i18n.LiteralTranslations, "filter_stream", lambda self, stream: stream)
    build_site(site, tmp_path / "en-cada-pagina", use_cache=False)
    once, each = tree_digest(tmp_path / "al-compilar"), tree_digest(tmp_path / "en-cada-pagina")
    assert len(once) > 50 and sorted(once) == sorted(each)
    assert [rel for rel in once if once[rel] != each[rel]] == []


def _environment(autoescape: bool, code: str = "en") -> jinja2.Environment:
    env = jinja2.Environment(extensions=["jinja2.ext.i18n", LiteralTranslations], autoescape=autoescape)
    translations = i18n.language(code).translations
    env.install_gettext_translations(translations, newstyle=True)
    env.literal_gettext = translations.gettext
    return env


def test_only_a_call_with_one_literal_is_translated_when_compiled():
    env = _environment(autoescape=True)
    source = '{{ _("Avance") }}|{{ _("%(n)s de %(total)s", n=1, total=2) }}|{{ obj._("Avance") }}|{{ "Avance" }}'
    compiled = env.compile(source, raw=True)
    body = compiled.split("def root", 1)[1]
    assert "yield 'Progress|'" in body  # the literal's translation is a constant of the compiled code…
    assert "context.call((undefined(name='_') if l_0__ is missing else l_0__), '%(n)s de %(total)s'" in body
    # …the call with variables still goes through gettext on every page

    class Holder:
        @staticmethod
        def _(text):
            return f"<{text}>"

    out = env.from_string(source).render(obj=Holder())
    assert out.startswith("Progress|")
    assert out.endswith("|&lt;Avance&gt;|Avance")  # after a dot, another object's method: untouched


def test_the_value_is_the_one_gettext_returns_escaped_or_not():
    escaped = _environment(autoescape=True)
    # markup, like gettext's: what is joined to it is escaped, the text itself is not
    assert escaped.from_string('{{ _("Avance") ~ x }}').render(x="<b>") == "Progress&lt;b&gt;"
    plain = _environment(autoescape=False)  # an .ics or a .txt: plain text, nothing escaped
    assert plain.from_string('{{ _("Avance") ~ x }}').render(x="<b>") == "Progress<b>"
    # newstyle gettext formats even without variables: %% is one %
    assert escaped.from_string('{{ _("100%% listo") }}').render() == "100% listo"
