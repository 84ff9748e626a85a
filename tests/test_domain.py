"""The optional custom domain (`dominio` in gobabierto.yml): written as CNAME, the site's
address when `url` is absent, an error when `url` names another host, and a warning when
the site is built for another address (GitHub Pages before the domain is set up)."""

from __future__ import annotations

import re

from helpers import BASE_SITE, make_site, run_cli
from gobabierto.content.config import load_config
from gobabierto.core.problems import Problems

SETTINGS = (BASE_SITE / "gobabierto.yml").read_text(encoding="utf-8")


def settings(**changes: str | None) -> str:
    """The base fixture's settings with top-level keys replaced, added (str) or removed (None)."""
    text = SETTINGS
    for key, value in changes.items():
        line = "" if value is None else f"{key}: {value}\n"
        text, found = re.subn(rf"(?m)^{key}: .*\n", line, text)
        if not found and value is not None:
            text += line
    return text


def config_of(tmp_path, text):
    site = make_site(tmp_path / "sitio", {"gobabierto.yml": text})
    problems = Problems()
    return load_config(site, problems), [p.as_tuple() for p in problems.sorted()], site


def test_the_domain_is_the_address_when_there_is_no_url(tmp_path):
    config, problems, _ = config_of(tmp_path, settings(url=None, dominio="transparencia.ejemplo.gob.mx"))
    assert problems == []
    assert (config.dominio, config.url) == ("transparencia.ejemplo.gob.mx", "https://transparencia.ejemplo.gob.mx/")


def test_a_url_on_another_host_is_an_error(tmp_path):
    text = settings(dominio="transparencia.ejemplo.gob.mx")
    _, problems, _ = config_of(tmp_path, text)
    line = text.splitlines().index("url: https://ejemplo.github.io/prueba/") + 1
    assert problems == [("gobabierto.yml", line, "url", "dominio-distinto")]


def test_a_domain_with_a_scheme_or_a_path_is_an_error(tmp_path):
    for wrong in ("https://transparencia.ejemplo.gob.mx/", "transparencia.ejemplo.gob.mx/datos", "Ejemplo.gob.mx",
                  "localhost"):
        text = settings(url=None, dominio=f'"{wrong}"')
        _, problems, _ = config_of(tmp_path / wrong.replace("/", "_"), text)
        assert [p[2:] for p in problems] == [("dominio", "formato-invalido")], wrong


def test_cname_is_written_only_with_a_domain(tmp_path):
    _, _, site = config_of(tmp_path, settings(url=None, dominio="transparencia.ejemplo.gob.mx"))
    output = tmp_path / "_site"
    result = run_cli("build", "--source", str(site), "--output", str(output))
    assert result.returncode == 0, result.stdout + result.stderr
    assert (output / "CNAME").read_bytes() == b"transparencia.ejemplo.gob.mx\n"
    assert '<link rel="canonical" href="https://transparencia.ejemplo.gob.mx/">' in (
        output / "index.html").read_text(encoding="utf-8")
    plain = tmp_path / "sin-dominio"
    assert run_cli("build", "--source", str(BASE_SITE), "--output", str(plain)).returncode == 0
    assert not (plain / "CNAME").exists()


def test_building_for_another_host_warns_and_still_builds(tmp_path):
    text = settings(url=None, dominio="transparencia.ejemplo.gob.mx")
    _, _, site = config_of(tmp_path, text)
    line = text.splitlines().index("dominio: transparencia.ejemplo.gob.mx") + 1
    output = tmp_path / "_site"
    result = run_cli("build", "--source", str(site), "--output", str(output), "--base-url",
                     "https://usuario.github.io/repositorio")
    assert result.returncode == 0
    warning = [l for l in result.stdout.splitlines() if "[dominio-sin-configurar]" in l]
    assert len(warning) == 1 and warning[0].startswith(f"gobabierto.yml:{line}: dominio: advertencia:")
    assert "Settings → Pages → Custom domain" in warning[0]
    assert (output / "CNAME").is_file()
    local = run_cli("build", "--source", str(site), "--output", str(output), "--base-url", "http://127.0.0.1:8000/")
    assert local.returncode == 0 and "dominio-sin-configurar" not in local.stdout


def test_a_build_without_a_full_address_warns_once_and_says_what_is_relative(tmp_path):
    site = make_site(tmp_path / "sitio", {"gobabierto.yml": settings(url=None)})
    output = tmp_path / "salida"
    result = run_cli("build", "--source", str(site), "--output", str(output))
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stdout.splitlines() if "[url-sin-definir]" in line] == [
        "gobabierto.yml: advertencia: el sitio se construye sin su dirección pública («url» en gobabierto.yml, o"
        " --base-url): sitemap.xml, los enlaces canónicos de cada página, los enlaces del feed y los identificadores"
        " de data.json y catalogo.jsonld serán relativos (/compromisos/…), que los buscadores y los catálogos de"
        " datos no pueden seguir; robots.txt no señalará el mapa del sitio y las páginas no ofrecerán suscribirse"
        " al calendario. Escribe la dirección completa en gobabierto.yml, por ejemplo"
        " «url: https://usuario.github.io/repositorio/» [url-sin-definir]"]
    assert (output / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nAllow: /\n"
    assert "<loc>/compromisos/</loc>" in (output / "sitemap.xml").read_text(encoding="utf-8")
    found = run_cli("build", "--source", str(site), "--output", str(tmp_path / "otra"), "--base-url", "/prueba/")
    assert [line.split(": advertencia: ")[1].split(":")[0] for line in found.stdout.splitlines()
            if "[url-sin-definir]" in line] == ["la dirección pública «/prueba/» no está completa (le falta https"]


def test_a_full_address_needs_no_warning_and_robots_names_the_sitemap(tmp_path):
    site = make_site(tmp_path / "sitio", {})
    output = tmp_path / "salida"
    result = run_cli("build", "--source", str(site), "--output", str(output))
    assert "url-sin-definir" not in result.stdout
    assert (output / "robots.txt").read_text(encoding="utf-8") == (
        "User-agent: *\nAllow: /\nSitemap: https://ejemplo.github.io/prueba/sitemap.xml\n")
