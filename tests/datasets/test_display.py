"""A dataset preview's cells in the site's formats: figures with their separators, amounts in
pesos, dates in words (keeping the ISO date for sorting), keys and anything that does not
read as its type as they are in the file."""

from __future__ import annotations

import pytest

from gobabierto.datasets.dataset import DataField
from gobabierto.datasets.display import preview_cell
from gobabierto.text import i18n

ES, EN = i18n.language("es-MX"), i18n.language("en")


@pytest.mark.parametrize("text, field, spanish, english", [
    ("2850000.00", DataField("monto_mxn", "number"), "$2,850,000.00", "MX$2,850,000.00"),
    ("1500", DataField("presupuesto_pesos", "integer"), "$1,500.00", "MX$1,500.00"),
    ("3920500.5", DataField("superficie", "number"), "3,920,500.5", "3,920,500.5"),
    ("12345", DataField("participantes", "integer"), "12,345", "12,345"),
    ("12345", DataField("id", "integer", primary_key=True), "12345", "12345"),
    ("2022-04-18", DataField("fecha_inicio", "date"),
     '<time datetime="2022-04-18">18 abr 2022</time>', '<time datetime="2022-04-18">Apr 18, 2022</time>'),
    ("18/04/2022", DataField("fecha", "date", format="%d/%m/%Y"),
     '<time datetime="2022-04-18">18 abr 2022</time>', '<time datetime="2022-04-18">Apr 18, 2022</time>'),
    ("2024-03", DataField("mes", "yearmonth"),
     '<time datetime="2024-03">mar 2024</time>', '<time datetime="2024-03">Mar 2024</time>'),
    ("", DataField("monto_mxn", "number"), "", ""),
    ("N/D", DataField("monto_mxn", "number"), "N/D", "N/D"),
    ("2022", DataField("anio", "year"), "2022", "2022"),
    ("a <b> & c", DataField("nota", "string"), "a &lt;b&gt; &amp; c", "a &lt;b&gt; &amp; c"),
])
def test_a_cell_reads_in_the_site_formats(text, field, spanish, english):
    assert str(preview_cell(text, field, ES)) == spanish
    assert str(preview_cell(text, field, EN)) == english
