"""A site's own templates/ overrides the default theme; a broken template is a located
error and the published site stays as it was."""

from __future__ import annotations

import shutil

from helpers import make_site, run_cli, tree_digest


def test_own_template_and_asset_override_the_default(tmp_path):
    site = make_site(tmp_path / "s", {
        "templates/pagina.html": '{% extends "base.html" %}{% block main %}<h1>{{ record.titulo }}</h1>'
                                 '<p class="propia">Plantilla propia del municipio</p>{% endblock %}',
        "templates/assets/gobabierto.css": "body { color: #000; }\n",
    })
    output = tmp_path / "out"
    result = run_cli("build", "--source", str(site), "--output", str(output))
    assert result.returncode == 0, result.stdout + result.stderr
    page = (output / "paginas" / "que-es" / "index.html").read_text(encoding="utf-8")
    assert '<p class="propia">Plantilla propia del municipio</p>' in page
    assert 'class="migas"' not in page  # the default pagina.html (with breadcrumbs) was not used
    assert (output / "assets" / "gobabierto.css").read_text() == "body { color: #000; }\n"
    # other pages still come from the default theme
    assert 'class="migas"' in (output / "sesiones" / "instalacion-comision" / "index.html").read_text(encoding="utf-8")


def test_broken_template_is_located_and_nothing_is_published(tmp_path):
    site = make_site(tmp_path / "s", {})
    output = tmp_path / "out"
    assert run_cli("build", "--source", str(site), "--output", str(output)).returncode == 0
    before = tree_digest(output)
    (site / "templates").mkdir()
    (site / "templates" / "actividad.html").write_text('{% extends "base.html" %}\n{% block main %}\n{{ record.titulo }\n{% endblock %}\n')
    (site / "templates" / "sesion.html").write_text('{% extends "base.html" %}{% block main %}{{ record.no_existe }}{% endblock %}')
    result = run_cli("build", "--source", str(site), "--output", str(output))
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if "[historial-no-disponible]" not in line]  # a copy: no Git
    assert lines[0].startswith("templates/actividad.html:3: error de sintaxis en la plantilla")
    assert lines[0].endswith("[plantilla-invalida]")
    assert lines[1].startswith("templates/sesion.html: la plantilla usa un valor que no existe")
    assert tree_digest(output) == before
    # nothing but the spare tree (write.spare_dir): the failed build's folder, kept for the next
    # build to update instead of being deleted; it is never published
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out") and p.name != ".out.reserva"] == []
