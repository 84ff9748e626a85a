"""`gobabierto serve`: a local preview that rebuilds when a source changes and reloads the
browser.

- Each build goes to a fresh folder in a private temporary directory; the server switches to
  it only when the build succeeded, so a page is never read from a half-written tree.
- A build with content errors keeps the server running: HTML requests get a page listing
  the errors (file, line, field, message, and the lines around it) until the file is fixed.
- The reload script is added to HTML responses as they are served; the built files never
  contain it. It polls a version number (no held connections: several tabs stay usable).
- Only files inside the folder being served are sent: `..` (plain or percent-encoded),
  backslashes, hidden files and symbolic links are refused.
- The operating system tells of each save to content/, datasets/, templates/, static/,
  gobabierto.yml or the default theme (watch.py); where it cannot, they are polled.
"""

from __future__ import annotations

import dataclasses
import mimetypes
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, TextIO
from urllib.parse import unquote, urlsplit

from gobabierto.build.site import build_site
from gobabierto.build.write import WriteError
from gobabierto.commands.errorpage import error_page
from gobabierto.commands.watch import Watcher, snapshot
from gobabierto.core.paths import theme_dir
from gobabierto.core.problems import ContentError, Problems, format_text, summary
from gobabierto.publish import search

HOST = "127.0.0.1"
DEFAULT_PORT = 8000
ENDPOINT = "/__gobabierto/"
POLL_MS = 800
_TEXT_TYPES = ("text/", "application/json", "application/xml", "application/javascript", "application/ld+json",
               "application/atom+xml", "image/svg+xml")

RELOAD_JS = """(function () {
  var script = document.currentScript;
  var version = script.getAttribute("data-version");
  function poll() {
    fetch("%(endpoint)sversion", {cache: "no-store"})
      .then(function (response) { return response.text(); })
      .then(function (text) {
        if (text.trim() !== version) { window.location.reload(); } else { setTimeout(poll, %(ms)d); }
      })
      .catch(function () { setTimeout(poll, 2000); });
  }
  setTimeout(poll, %(ms)d);
})();
""" % {"endpoint": ENDPOINT, "ms": POLL_MS}


@dataclass(frozen=True)
class State:
    """What the server shows: the last good build, and the errors of the last attempt."""

    version: int = 0
    folder: Path | None = None
    problems: Problems | None = None  # content errors of the last build, if it failed
    failure: str | None = None        # any other reason the last build failed
    pages: int = 0
    indexing: bool = False            # the search index is catching up with this build

    @property
    def broken(self) -> bool:
        return self.problems is not None or self.failure is not None


class Preview:
    """Build, serve and watch one site. `start()` for a background server (tests), or
    `serve_forever()` from the command line."""

    def __init__(self, root: Path, port: int = DEFAULT_PORT, interval: float = 0.5, out: TextIO | None = None,
                 progress_factory: Callable | None = None, events: bool = True):
        self.root = Path(root).resolve()
        self.interval = interval  # between polls, when the system gives no change events
        self.events = events      # False: poll even where the system gives them
        self.out = out if out is not None else sys.stdout
        self.progress_factory = progress_factory
        self.extra_dirs = tuple(d for d in (theme_dir(),) if d.is_dir() and not d.is_relative_to(self.root))
        self.httpd = _Server((HOST, port), _Handler)
        self.httpd.preview = self
        self.port = self.httpd.server_address[1]
        self.url = f"http://{HOST}:{self.port}/"
        self.workdir = Path(tempfile.mkdtemp(prefix="gobabierto-vista-"))
        self.state = State()
        self.generation = 0
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._build_lock = threading.Lock()
        self._serving = False

    # -- output -------------------------------------------------------------------------
    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    # -- building ---------------------------------------------------------------------------
    def rebuild(self, changes: list[str] | None = None) -> State:
        with self._build_lock:
            if changes:
                shown = ", ".join(changes[:3]) + (f" y {len(changes) - 3} más" if len(changes) > 3 else "")
                self.say(f"Construyendo de nuevo: cambió {shown}…")
            else:
                self.say("Construyendo la vista previa…")
            self.generation += 1
            output = self.workdir / f"sitio-{self.generation}"
            started = time.monotonic()
            previous = self.state
            problems = failure = None
            pages = previous.pages
            folder = previous.folder
            display = self.progress_factory() if self.progress_factory else None
            try:
                result = build_site(self.root, output, self.url, display or (lambda *a: None), search_later=True)
            except ContentError as exc:
                problems = exc.problems
            except WriteError as exc:
                failure = f"no se pudo escribir la vista previa: {exc}"
            except OSError as exc:
                failure = f"no se pudo escribir la vista previa: {exc.strerror or exc}"
            except Exception as exc:  # noqa: BLE001 — a bug: shown, not a traceback, and the server lives on
                failure = (f"error interno de gobabierto ({type(exc).__name__}: {exc}). Es un fallo del programa, no de"
                           " tu contenido: repórtalo junto con la salida de «gobabierto build --debug»")
            else:
                folder, pages = result.output, result.pages
            finally:
                if display is not None:
                    display.close()
            if problems is not None:
                for problem in problems.sorted():
                    self.say(format_text(problem))
                self.say(f"Vista previa con errores: {summary(problems)} Corrige el archivo y guárdalo; el navegador"
                         " se actualizará solo.")
            elif failure is not None:
                self.say(f"Vista previa con errores: {failure}.")
            else:
                for problem in result.problems.sorted():
                    self.say(format_text(problem))
                if result.drafts:
                    self.say(result.drafts_note())
                self.say(f"Vista previa lista: {pages} páginas en {time.monotonic() - started:.1f} s."
                         f" {summary(result.problems)} Abre {self.url}")
            later = result.index_later if problems is None and failure is None else None
            self.state = State(previous.version + 1, folder, problems, failure, pages, indexing=later is not None)
            self._discard_old(keep=folder)
            if later is not None:  # the browser reloads now; the search catches up afterwards
                thread = threading.Thread(target=self._index, args=(later, self.state.version), daemon=True)
                thread.start()
                self._threads.append(thread)
            return self.state

    def _index(self, index_later: Callable, version: int) -> None:
        """Write the search index of the build `version` into its folder; a newer build makes
        it moot (its folder may be gone: whatever fails then is not worth a word)."""
        started = time.monotonic()
        try:
            found = index_later()
        except Exception:  # noqa: BLE001 — a newer build removed the folder, or Pagefind failed: said below
            found = None
        with self._build_lock:
            if self.state.version != version:
                return
            self.state = dataclasses.replace(self.state, indexing=False)
        if found is None:
            self.say("El buscador de la vista previa no se pudo actualizar; el resto del sitio está al día.")
            return
        for problem in found.sorted():
            self.say(format_text(problem))
        self.say(f"Buscador al día ({time.monotonic() - started:.1f} s).")

    def _discard_old(self, keep: Path | None) -> None:
        for child in self.workdir.iterdir():
            if child != keep and child.name.startswith("sitio-"):
                shutil.rmtree(child, ignore_errors=True)

    # -- watching -------------------------------------------------------------------------
    def watch(self, last: dict | None = None) -> None:
        """Rebuild on every change since `last` (the files as they were when the first build
        started; taking it here instead would miss a save made before this thread runs)."""
        def fallback(reason: str) -> None:
            self.say(f"El sistema no avisa de los cambios en los archivos ({reason}); la vista previa los revisa"
                     f" cada {self.interval:g} s.")

        watcher = Watcher(self.root, self.extra_dirs, self.interval, self._stop, last, self.events, fallback)
        for changes in watcher.changes():
            if not self._stop.is_set():
                self.rebuild(changes)

    # -- lifecycle ----------------------------------------------------------------------
    def start(self) -> "Preview":
        """Build once, then serve and watch in background threads."""
        baseline = snapshot(self.root, self.extra_dirs)
        self.rebuild()
        self._serving = True
        for target in (self.httpd.serve_forever, lambda: self.watch(baseline)):
            thread = threading.Thread(target=target, daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def serve_forever(self) -> None:
        baseline = snapshot(self.root, self.extra_dirs)
        self.rebuild()
        watcher = threading.Thread(target=lambda: self.watch(baseline), daemon=True)
        watcher.start()
        self._threads.append(watcher)
        self._serving = True
        try:
            self.httpd.serve_forever(poll_interval=0.25)
        finally:
            self.stop()

    def stop(self) -> None:
        """Stop watching and serving, and delete the preview's temporary folder."""
        self._stop.set()
        if self._serving:
            self.httpd.shutdown()  # returns at once if serve_forever already ended
            self._serving = False
        self.httpd.server_close()
        deadline = time.monotonic() + 5
        for thread in self._threads:
            while thread.is_alive() and time.monotonic() < deadline:
                search.stop_running()  # an index catching up is not waited for, nor a shard queued after it
                thread.join(timeout=0.1)
        shutil.rmtree(self.workdir, ignore_errors=True)

    # -- what a request gets ------------------------------------------------------------
    def resolve(self, url_path: str) -> tuple[str, Path | None]:
        """('file', path) | ('redirect', None) | ('missing', None) | ('refused', None)."""
        folder = self.state.folder
        decoded = unquote(url_path, errors="strict") if "%" in url_path else url_path
        if "\x00" in decoded or "\\" in decoded:
            return "refused", None
        parts = [p for p in decoded.split("/") if p]
        if any(p in (".", "..") or p.startswith(".") for p in parts):
            return "refused", None
        if folder is None:
            return "missing", None
        base = folder.resolve()
        target = base.joinpath(*parts)
        # No symbolic link anywhere below the served folder, nothing outside it.
        resolved = target.resolve()
        if resolved != target or not resolved.is_relative_to(base):
            return "refused", None
        if resolved.is_dir():
            if not url_path.endswith("/"):
                return "redirect", None
            index = resolved / "index.html"
            if index.is_file() and not index.is_symlink():
                return "file", index
            return "missing", None
        if resolved.is_file():
            return "file", resolved
        return "missing", None


def reload_tag(version: int) -> str:
    return f'<script src="{ENDPOINT}recarga.js" data-version="{version}"></script>'


INDEXING = ('<p class="aviso" role="status">La vista previa está poniendo al día el índice del buscador con tu'
            ' último cambio: si no encuentras algo, busca de nuevo en unos segundos.</p>')


def inject(page: bytes, version: int, notice: str | None = None) -> bytes:
    """The served copy of an HTML page, with the reload script before </body> and, when
    given, a notice at the top of its <main>."""
    if notice is not None:
        main = page.find(b"<main")
        end = page.find(b">", main) + 1 if main >= 0 else 0
        if end:
            page = page[:end] + notice.encode() + page[end:]
    tag = reload_tag(version).encode()
    lowered = page.lower()
    at = lowered.rfind(b"</body>")
    return page[:at] + tag + b"\n" + page[at:] if at >= 0 else page + tag


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    preview: Preview


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "gobabierto-vista-previa"
    protocol_version = "HTTP/1.0"

    def log_message(self, format, *args):  # noqa: A002 — requests are not worth a line each
        pass

    def do_HEAD(self):
        self.do_GET(head=True)

    def do_GET(self, head: bool = False):
        preview = self.server.preview
        state = preview.state
        split = urlsplit(self.path)
        path = split.path or "/"
        if path.startswith(ENDPOINT):
            return self._endpoint(path[len(ENDPOINT):], state, head)
        try:
            outcome, target = preview.resolve(path)
        except (UnicodeDecodeError, ValueError, OSError):
            outcome, target = "refused", None
        if outcome == "redirect":
            location = path + "/" + (f"?{split.query}" if split.query else "")
            return self._send(HTTPStatus.MOVED_PERMANENTLY, b"", "text/plain", head, {"Location": location})
        wants_page = outcome != "file" or target.suffix == ".html"
        if state.broken and wants_page and outcome != "refused":
            return self._send(HTTPStatus.INTERNAL_SERVER_ERROR,
                              error_page(state, preview.root, reload_tag(state.version)).encode(),
                              "text/html; charset=utf-8", head)
        if outcome == "file":
            return self._file(target, state, head)
        not_found = state.folder / "404.html" if state.folder else None
        if not_found is not None and not_found.is_file():
            body = inject(not_found.read_bytes(), state.version)
        else:
            body = b"<!doctype html><html lang=\"es\"><title>No encontrado</title><h1>No encontrado</h1></html>"
        return self._send(HTTPStatus.NOT_FOUND, body, "text/html; charset=utf-8", head)

    def _endpoint(self, name: str, state: State, head: bool):
        if name == "version":
            return self._send(HTTPStatus.OK, str(state.version).encode(), "text/plain; charset=utf-8", head)
        if name == "recarga.js":
            return self._send(HTTPStatus.OK, RELOAD_JS.encode(), "text/javascript; charset=utf-8", head)
        return self._send(HTTPStatus.NOT_FOUND, b"", "text/plain", head)

    def _file(self, target: Path, state: State, head: bool):
        try:
            body = target.read_bytes()
        except OSError:  # switched away by a rebuild in between
            return self._send(HTTPStatus.SERVICE_UNAVAILABLE, b"", "text/plain", head, {"Retry-After": "1"})
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if target.suffix == ".html":
            searching = state.indexing and target.parent.name == "buscar" and target.name == "index.html"
            body = inject(body, state.version, INDEXING if searching else None)
        if kind.startswith(_TEXT_TYPES) or target.suffix in (".json", ".jsonld", ".ics", ".csv", ".xml", ".txt"):
            kind = {".jsonld": "application/ld+json", ".ics": "text/calendar", ".csv": "text/csv"}.get(target.suffix, kind)
            kind += "; charset=utf-8"
        return self._send(HTTPStatus.OK, body, kind, head)

    def _send(self, status: HTTPStatus, body: bytes, kind: str, head: bool, headers: dict | None = None):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if not head:
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass
