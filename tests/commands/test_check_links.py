"""`gobabierto check-links` on a built site under a path prefix: every internal link and
asset resolves, a broken one is named with its page and exits 1, links that forget the
prefix are caught, and external links are asked (on a local server) only when requested."""

from __future__ import annotations

import http.server
import threading
import time

import pytest

from helpers import BASE_SITE, make_site, run_cli

PREFIX_URL = "https://usuario.github.io/repositorio/"


@pytest.fixture()
def built(tmp_path):
    output = tmp_path / "_site"
    result = run_cli("build", "--source", str(BASE_SITE), "--output", str(output), "--base-url", PREFIX_URL)
    assert result.returncode == 0, result.stdout + result.stderr
    return output


def check(output, *args):
    return run_cli("check-links", "--source", str(BASE_SITE), "--output", str(output), *args)


def test_a_good_site_passes_with_the_address_it_was_built_for(built):
    result = check(built)
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines() == [
        f"Los enlaces internos funcionan: {len(list(built.rglob('*.html')))} páginas revisadas (dirección {PREFIX_URL})."]


def test_a_missing_page_is_named_on_every_page_that_links_to_it(built):
    (built / "compromisos" / "talleres" / "index.html").unlink()
    result = check(built)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert "compromisos/index.html: enlace roto «/repositorio/compromisos/talleres/»" in lines
    assert "planes/primer-plan/index.html: enlace roto «/repositorio/compromisos/talleres/»" in lines
    assert all("«/repositorio/compromisos/talleres/»" in line for line in lines[:-1])
    assert lines[-1].startswith(f"{len(lines) - 1} enlaces rotos en ") and lines[-1].endswith(f"(dirección {PREFIX_URL}).")


def test_links_that_forget_the_prefix_or_miss_an_asset_are_broken(built):
    page = built / "paginas" / "que-es" / "index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("</main>", '<a href="/compromisos/">sin prefijo</a>'
                                            '<img src="../../img/no-existe.png" alt=""></main>'), encoding="utf-8")
    result = check(built, "--format", "github")
    assert result.returncode == 1
    assert result.stdout.splitlines()[:2] == [
        "::error title=Enlace roto::paginas/que-es/index.html: enlace roto «/compromisos/»",
        "::error title=Enlace roto::paginas/que-es/index.html: enlace roto «../../img/no-existe.png»",
    ]


def test_the_wrong_address_breaks_every_link(built):
    result = check(built, "--base-url", "https://usuario.github.io/otro/")
    assert result.returncode == 1 and "enlace roto «/repositorio/" in result.stdout


def test_a_site_not_built_is_a_usage_error(tmp_path):
    result = run_cli("check-links", "--output", str(tmp_path / "nada"))
    assert result.returncode == 2
    assert "construye el sitio primero con «gobabierto build»" in result.stderr


class _Handler(http.server.BaseHTTPRequestHandler):
    def _answer(self, head: bool):
        if self.path == "/lento":
            time.sleep(2)
        if self.path == "/solo-get" and head:
            self.send_response(405)
        elif self.path in ("/bien", "/solo-get", "/lento"):
            self.send_response(200)
        else:
            self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self):
        self._answer(True)

    def do_GET(self):
        self._answer(False)

    def log_message(self, *args):
        pass


@pytest.fixture()
def other_site():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_external_links_are_asked_only_with_external(tmp_path, other_site):
    body = "\n".join(f"- [{name}]({other_site}/{name})" for name in ("bien", "solo-get", "falta", "lento"))
    site = make_site(tmp_path / "sitio", {"gobabierto.yml": "titulo: Enlaces externos\n",
                                          "content/paginas/enlaces.md": f"---\ntitulo: Enlaces\n---\n{body}\n"},
                     base=None)  # no other external link: the test asks only the local server
    output = tmp_path / "_site"
    assert run_cli("build", "--source", str(site), "--output", str(output)).returncode == 0

    assert check(output).returncode == 0

    result = check(output, "--external", "--timeout", "0.5")
    assert result.returncode == 1
    assert result.stdout.splitlines()[:-1] == [
        f"paginas/enlaces/index.html: enlace roto «{other_site}/falta» (respondió 404)",
        f"paginas/enlaces/index.html: enlace roto «{other_site}/lento» (no respondió en 0.5 s)",
    ]
