"""`gobabierto serve`: build, serve on 127.0.0.1, rebuild on change, show content errors in
the browser and recover, never serve a file outside the output folder."""

from __future__ import annotations

import http.client
import io
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from helpers import BASE_EPOCH, ROOT, copy_site
from gobabierto.commands.serve import ENDPOINT, INDEXING, Preview
from gobabierto.publish import search

TALLERES = "content/compromisos/talleres.md"


def wait_for(predicate, timeout: float = 30.0, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def get(preview: Preview, path: str, method: str = "GET") -> tuple[int, dict, bytes]:
    """A raw request: the path is sent exactly as given (no client-side normalisation)."""
    connection = http.client.HTTPConnection("127.0.0.1", preview.port, timeout=10)
    connection.putrequest(method, path, skip_host=False, skip_accept_encoding=True)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    headers = {k.lower(): v for k, v in response.getheaders()}
    connection.close()
    return response.status, headers, body


@pytest.fixture()
def preview(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BASE_EPOCH)
    site = copy_site(tmp_path / "sitio")
    server = Preview(site, port=0, interval=0.1, out=io.StringIO()).start()
    yield server
    server.stop()


def version(preview: Preview) -> int:
    return int(get(preview, ENDPOINT + "version")[2])


def edit(preview: Preview, rel: str, old: str, new: str) -> int:
    """Change a source file and wait for the rebuild it causes; returns the new version."""
    before = version(preview)
    path = preview.root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return wait_for(lambda: version(preview) > before and version(preview), what=f"a rebuild after editing {rel}")


def test_serves_the_built_site_with_the_reload_script_only_in_served_html(preview):
    status, headers, body = get(preview, "/")
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    assert b'<script src="/__gobabierto/recarga.js" data-version="1"></script>\n</body>' in body
    assert preview.url == f"http://127.0.0.1:{preview.port}/"
    # The built files themselves never carry the script.
    built = list(preview.state.folder.rglob("*.html"))
    assert len(built) > 10
    assert not [p for p in built if b"__gobabierto" in p.read_bytes()]
    status, headers, css = get(preview, "/assets/gobabierto.css")
    assert status == 200 and headers["content-type"].startswith("text/css") and b"__gobabierto" not in css
    status, _, script = get(preview, ENDPOINT + "recarga.js")
    assert status == 200 and b"location.reload" in script and b"version" in script
    status, headers, _ = get(preview, "/compromisos")
    assert status == 301 and headers["location"] == "/compromisos/"
    status, _, page = get(preview, "/compromisos/talleres/")
    assert status == 200 and "Talleres sobre el derecho".encode() in page
    assert get(preview, "/compromisos/talleres/", "HEAD")[0] == 200
    status, _, missing = get(preview, "/no-existe/")
    assert status == 404 and b"recarga.js" in missing and "<h1>Página no encontrada</h1>".encode() in missing


def test_a_change_rebuilds_and_the_page_shows_it(preview):
    edit(preview, TALLERES, "titulo: Talleres sobre el derecho", "titulo: Talleres renovados sobre el derecho")
    status, _, page = get(preview, "/compromisos/talleres/")
    assert status == 200 and "Talleres renovados".encode() in page
    # Settings, templates and static files are watched too.
    edit(preview, "gobabierto.yml", "titulo: Gobierno Abierto de Prueba", "titulo: Gobierno Abierto Renovado")
    assert "Gobierno Abierto Renovado".encode() in get(preview, "/")[2]
    (preview.root / "static" / "docs" / "nuevo.txt").write_text("hola", encoding="utf-8")
    wait_for(lambda: get(preview, "/docs/nuevo.txt")[0] == 200, what="a new static file")
    template = preview.root / "templates" / "pagina.html"
    template.parent.mkdir(exist_ok=True)
    before = version(preview)
    template.write_text('{% extends "base.html" %}{% block main %}<h1>Plantilla propia</h1>{% endblock %}',
                        encoding="utf-8")
    wait_for(lambda: version(preview) > before, what="a rebuild after a template change")
    assert b"Plantilla propia" in get(preview, "/paginas/que-es/")[2]


def test_content_errors_show_in_the_browser_then_the_preview_recovers(preview):
    good = edit(preview, TALLERES, "fecha_fin: 2025-12-31", "fecha_fin: 2025-02-30")
    status, headers, page = get(preview, "/compromisos/talleres/")
    text = page.decode("utf-8")
    assert status == 500 and headers["content-type"] == "text/html; charset=utf-8"
    assert '<html lang="es">' in text and "<h1>El contenido tiene 1 error</h1>" in text
    assert "<code>content/compromisos/talleres.md:10</code> · campo <code>fecha_fin</code>" in text
    assert "la fecha «2025-02-30» no existe en el calendario" in text
    assert '<span class="esta"><span class="n">10</span> ▶ fecha_fin: 2025-02-30</span>' in text
    assert f'data-version="{good}"' in text
    # Every page shows the errors; assets of the last good build are still served.
    assert get(preview, "/")[0] == 500
    assert get(preview, "/assets/gobabierto.css")[0] == 200
    # The terminal got the same problem, in validate's format.
    assert "content/compromisos/talleres.md:10: fecha_fin: la fecha «2025-02-30»" in preview.out.getvalue()
    assert "Vista previa con errores: 1 error." in preview.out.getvalue()
    # Fixed: the page comes back.
    edit(preview, TALLERES, "fecha_fin: 2025-02-30", "fecha_fin: 2025-12-30")
    status, _, page = get(preview, "/compromisos/talleres/")
    assert status == 200 and "Talleres sobre el derecho".encode() in page


def test_an_internal_failure_is_shown_without_a_traceback(preview, monkeypatch):
    import gobabierto.commands.serve

    def broken(*args, **kwargs):
        raise RuntimeError("algo se rompió")

    monkeypatch.setattr(gobabierto.commands.serve, "build_site", broken)
    state = preview.rebuild(["content/x.md"])
    assert state.failure and "error interno de gobabierto (RuntimeError: algo se rompió)" in state.failure
    status, _, page = get(preview, "/")
    assert status == 500 and "No se pudo construir la vista previa".encode() in page
    assert b"Traceback" not in page
    monkeypatch.undo()
    preview.rebuild(["content/x.md"])
    assert get(preview, "/")[0] == 200


TRAVERSALS = [
    "/../secreto.txt",
    "/../../secreto.txt",
    "/%2e%2e/secreto.txt",
    "/%2E%2E/%2e%2e/secreto.txt",
    "/..%2fsecreto.txt",
    "/compromisos/%2e%2e/%2e%2e/secreto.txt",
    "/compromisos/..%2f..%2fsecreto.txt",
    "/%2e%2e%5csecreto.txt",
    "/..\\secreto.txt",
    "/%252e%252e/secreto.txt",
    "//../secreto.txt",
    "/.gobabierto",
    "/%00/secreto.txt",
    "/%ff%fe/",
]


def test_never_serves_outside_the_output_folder(preview):
    served = preview.state.folder
    secret = b"CONTENIDO SECRETO"
    # A secret beside the served folder, one level up, and in the site's sources.
    (served.parent / "secreto.txt").write_bytes(secret)
    (served.parent.parent / "secreto.txt").write_bytes(secret)
    for path in TRAVERSALS:
        status, _, body = get(preview, path)
        assert status in (301, 404), (path, status)
        assert secret not in body, path


def test_symbolic_links_inside_the_output_are_not_followed(preview, tmp_path):
    served = preview.state.folder
    outside = tmp_path / "fuera.txt"
    outside.write_bytes(b"CONTENIDO SECRETO")
    (served / "enlace.txt").symlink_to(outside)
    (served / "carpeta-enlazada").symlink_to(tmp_path, target_is_directory=True)
    inside_link = served / "otro-index.html"
    inside_link.symlink_to(served / "index.html")
    for path in ("/enlace.txt", "/carpeta-enlazada/fuera.txt", "/carpeta-enlazada/", "/otro-index.html"):
        status, _, body = get(preview, path)
        assert status == 404 and b"SECRETO" not in body, path


def test_command_line_serve_starts_reports_and_stops_cleanly(tmp_path):
    site = copy_site(tmp_path / "sitio")
    env = {**os.environ, "SOURCE_DATE_EPOCH": BASE_EPOCH, "PYTHONIOENCODING": "utf-8", "TMPDIR": str(tmp_path)}
    process = subprocess.Popen([sys.executable, "-u", "-m", "gobabierto", "serve", "--port", "0", "--source", str(site)],
                               cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        lines = []
        while True:
            line = process.stdout.readline()
            assert line, "".join(lines) + process.stderr.read()
            lines.append(line)
            if line.startswith("Vista previa lista"):
                break
        url = lines[0].split()[3]
        assert lines[0].startswith("Vista previa en http://127.0.0.1:") and lines[1] == "Construyendo la vista previa…\n"
        port = int(url.rstrip("/").rsplit(":", 1)[1])
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/")
        assert connection.getresponse().status == 200
        assert list(tmp_path.glob("gobabierto-vista-*"))
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "Vista previa detenida." in out and "Traceback" not in err
    assert not list(tmp_path.glob("gobabierto-vista-*")), "the preview left its temporary folder behind"


def test_a_busy_port_is_a_clear_error(tmp_path):
    import socket

    from helpers import run_cli

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_cli("serve", "--port", str(port), "--source", str(copy_site(tmp_path / "s")))
    assert result.returncode == 1
    assert f"no se pudo abrir el puerto {port}" in result.stderr and "--port" in result.stderr
    assert "Traceback" not in result.stderr


def test_vscode_background_task_patterns_match_the_serve_output(preview):
    import json
    import re

    tasks = json.loads((ROOT / ".vscode" / "tasks.json").read_text(encoding="utf-8"))
    task = next(t for t in tasks["tasks"] if t["label"] == "gobabierto: vista previa")
    background = task["problemMatcher"][0]["background"]
    edit(preview, TALLERES, "fecha_fin: 2025-12-31", "fecha_fin: 31/12/2025")
    lines = preview.out.getvalue().splitlines()
    begins = [i for i, line in enumerate(lines) if re.search(background["beginsPattern"], line)]
    ends = [i for i, line in enumerate(lines) if re.search(background["endsPattern"], line)]
    assert len(begins) == len(ends) == 2 and begins[1] < ends[1]
    error_pattern = task["problemMatcher"][0]["pattern"]["regexp"]
    assert [line for line in lines[begins[1]:ends[1]] if re.match(error_pattern, line)] == [
        lines[begins[1] + 1]]


def test_the_browser_reloads_first_and_the_search_catches_up_after(preview, monkeypatch):
    """A save is shown as soon as its pages are written; the search index follows, and the
    search page says so while it does."""
    if search.find_binary() is None:
        pytest.fail("pagefind[bin] is a runtime dependency")
    wait_for(lambda: not preview.state.indexing, what="the first build's search index")
    assert (preview.state.folder / "pagefind" / "pagefind.js").is_file()
    gate = threading.Event()
    real = search.run_pagefind
    monkeypatch.setattr(search, "run_pagefind", lambda *args: gate.wait(60) and real(*args))
    try:
        edit(preview, TALLERES, "titulo: Talleres sobre el derecho", "titulo: Talleres renovados sobre el derecho")
        assert "Talleres renovados".encode() in get(preview, "/compromisos/talleres/")[2]  # before any index
        assert preview.state.indexing and not (preview.state.folder / "pagefind" / "pagefind.js").exists()
        assert INDEXING.encode() in get(preview, "/buscar/")[2]
        assert INDEXING.encode() not in get(preview, "/compromisos/talleres/")[2]
    finally:
        gate.set()
    wait_for(lambda: not preview.state.indexing, what="the search index catching up")
    assert (preview.state.folder / "pagefind" / "pagefind.js").is_file()
    assert INDEXING.encode() not in get(preview, "/buscar/")[2]
    assert "Buscador al día" in preview.out.getvalue()


def test_closing_the_preview_ends_a_search_index_under_way(tmp_path, monkeypatch):
    """Ctrl+C while the index catches up: the Pagefind run is ended, not waited for (a
    process that outlives its preview keeps the terminal and the port's site busy)."""
    slow = tmp_path / "pagefind-lento"
    slow.write_text(f"#!{sys.executable}\nimport time\ntime.sleep(120)\n", encoding="utf-8")
    slow.chmod(0o755)
    monkeypatch.setattr(search, "find_binary", lambda: slow)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BASE_EPOCH)
    server = Preview(copy_site(tmp_path / "sitio"), port=0, interval=0.1, out=io.StringIO()).start()
    wait_for(lambda: search._running, what="the index run to start")
    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < 5
    assert not search._running
    assert not [t for t in server._threads if t.is_alive()]
