"""The editors' guide (docs/guia-editores.md) shows records that really validate: its
commitment template, its met milestone and its dataset descriptor are checked here."""

from __future__ import annotations

import re

from helpers import ROOT, make_site
from gobabierto.build.stages import load_site
from gobabierto.core.problems import Problems, format_text

GUIDE = (ROOT / "docs" / "guia-editores.md").read_text(encoding="utf-8")


def yaml_blocks(after_heading: str) -> list[str]:
    section = GUIDE.split(f"## {after_heading}", 1)[1].split("\n## ", 1)[0]
    return [re.sub(r"^ {3}", "", block, flags=re.M) for block in re.findall(r"```yaml\n(.*?)```", section, re.S)]


def test_guide_examples_validate(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1763726400")
    commitment = yaml_blocks("Añadir un compromiso desde el editor web de GitHub")[0]
    before, after = yaml_blocks("Marcar un hito como cumplido, con su evidencia")
    assert before.strip() in commitment  # the milestone edited is the template's first one
    met = commitment.replace(before.strip(), after.strip())
    descriptor = yaml_blocks("Añadir un conjunto de datos")[0]
    site = make_site(tmp_path / "s", {
        "content/compromisos/agua-potable.md": met,
        "static/documentos/acta-sesion-2025-03.pdf": b"%PDF-1.4\n",
        "datasets/obras-agua-potable/datapackage.yaml": descriptor,
        "datasets/obras-agua-potable/obras.csv": "comunidad,monto_mxn,fecha_inicio\nEl Rosario,3920500.50,2025-03-31\n",
    })
    problems = Problems()
    site_model = load_site(site, problems)
    assert problems.items == [], problems.items
    commitment = next(c for c in site_model.records["compromiso"] if c.slug == "agua-potable")
    assert str(commitment.hitos[0].cumplido) == "2025-03-28" and len(commitment.hitos[0].evidencias) == 2
    assert [d.slug for d in site_model.datasets if d.slug == "obras-agua-potable"]


def test_guide_names_the_commands_that_exist():
    from click.testing import CliRunner

    from gobabierto.commands.cli import main

    for command in sorted(set(re.findall(r"gobabierto (new|serve|validate|export|import|schemas|build)\b", GUIDE))):
        assert CliRunner().invoke(main, [command, "--help"]).exit_code == 0, command


def test_the_guides_markdown_shows_what_it_says_and_warns_of_nothing():
    from gobabierto.text import markdown

    section = GUIDE.split("## Escribir el texto en Markdown", 1)[1].split("## Añadir un compromiso", 1)[0]
    assert "se ve\ncomo en la vista previa de GitHub" in section
    example = re.findall(r"```markdown\n(.*?)```", section, re.S)[0]
    converted = markdown.convert(example)
    assert converted.problems == ()
    html = converted.html
    assert "<p>Para este año el municipio se compromete a:</p>\n<ul>" in html
    assert "<li>rendir un informe trimestral:\n<ul>\n<li>en el sitio,</li>" in html
    assert '<ol start="3">' in html and "<del>texto tachado</del>" in html
    assert '<a href="https://transparencia.ejemplo.gob.mx" rel="noopener noreferrer">' in html
    assert '<a href="mailto:datos@ejemplo.gob.mx" rel="noopener noreferrer">' in html
    assert '<td class="alinear-derecha">1,200,000</td>' in html
    assert html.count('type="checkbox"') == 2


def test_guide_views_validate_summarise_and_fail_where_it_says(tmp_path, monkeypatch):
    """The views of «Mostrar los datos en gráficas», added to the guide's dataset, validate and
    summarise its rows; the error the guide quotes is the one a text series gives."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1763726400")
    descriptor = yaml_blocks("Añadir un conjunto de datos")[0]
    section = GUIDE.split("## Mostrar los datos en gráficas", 1)[1].split("\n## ", 1)[0]
    simple, vega = re.findall(r"```yaml\n(.*?)```", section, re.S)  # not in a numbered list: as written
    rows = "comunidad,monto_mxn,fecha_inicio\nEl Rosario,3920500.50,2025-03-31\nLa Loma,100,2024-01-02\nEl Rosario,10,2025-06-01\n"

    def load(views: str) -> tuple:
        site = make_site(tmp_path / str(len(list(tmp_path.iterdir()))), {
            "datasets/obras-agua-potable/datapackage.yaml": descriptor + views,
            "datasets/obras-agua-potable/obras.csv": rows,
            "content/compromisos/agua-potable.md": yaml_blocks("Añadir un compromiso desde el editor web de GitHub")[0]})
        problems = Problems()
        return load_site(site, problems), problems

    site_model, problems = load(simple + vega)
    assert [p for p in problems.items if p.location.path.startswith("datasets/")] == []
    dataset = next(d for d in site_model.datasets if d.slug == "obras-agua-potable")
    by_community, by_year, vega_by_year = dataset.views
    assert by_community.rows == (("El Rosario", "3920510.50"), ("La Loma", "100"))
    assert by_year.rows == ((2024, 1), (2025, 2))
    assert vega_by_year.rows == ((2024, "100"), (2025, "3920510.50")) and vega_by_year.svg
    _, problems = load(simple.replace("series: [monto_mxn]", "series: [comunidad]"))
    quoted = re.search(r"`(datasets/obras-agua-potable/datapackage\.yaml:\d+: views[^`]*?)…`", GUIDE).group(1)
    found = [format_text(p) for p in problems.items if p.code == "vista-serie-no-numerica"]
    assert len(found) == 1 and found[0].startswith(quoted.replace("\n", " ")), (found, quoted)


def test_guide_size_settings_validate_and_its_report_is_the_builds(tmp_path):
    from gobabierto.build.result import Footprint
    from gobabierto.content.config import load_config

    section = GUIDE.split("## El tamaño del sitio publicado", 1)[1].split("\n## ", 1)[0]
    (tmp_path / "gobabierto.yml").write_text("titulo: Prueba\n" + yaml_blocks("El tamaño del sitio publicado")[0],
                                             encoding="utf-8")
    problems = Problems()
    config = load_config(tmp_path, problems)
    assert problems.items == [] and config.limite_publicacion == "1 GB" and config.limite_publicacion_bloquea
    shown = Footprint(412_000_000, 61_204, (("compromisos/", 210_000_000), ("datos/", 120_000_000),
                                            ("api/", 40_000_000), ("index.html", 9_000))).line()
    assert f"```text\n{shown}\n```" in section
