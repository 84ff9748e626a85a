"""The VS Code wiring, end to end: the YAML extension's language server, configured with
.vscode/settings.json's `yaml.schemas`, flags mistakes in a .yml record while it is typed and
offers the allowed values. Needs `yaml-language-server` (npm) on PATH; skipped otherwise."""

from __future__ import annotations

import json
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest

from helpers import ROOT, tool_missing

_LOCAL = Path(__file__).resolve().parent.parent / "node_modules" / ".bin" / "yaml-language-server"
SERVER = str(_LOCAL) if _LOCAL.is_file() else shutil.which("yaml-language-server")

RECORD = """titulo: Agua potable
plan: Primer Plan
problematica: x
objetivo: y
pilares: [participación]
responsble: Alguien
fecha_inicio: 2025-13-01
fecha_fin: 2025-12-31
estatus: 
hitos:
  - descripcion: a
    cumplido: 2025-01-01
"""


class LanguageServer:
    def __init__(self, root: Path, settings: dict):
        self.settings = settings
        self.process = subprocess.Popen([SERVER, "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL)
        self.inbox: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.request(1, "initialize", {"processId": None, "rootUri": root.as_uri(),
                                       "workspaceFolders": [{"uri": root.as_uri(), "name": "sitio"}],
                                       "capabilities": {}})
        self.wait(lambda m: m.get("id") == 1)
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": {"yaml": self._yaml()}})

    def _yaml(self) -> dict:
        return {"schemas": self.settings["yaml.schemas"], "validate": True, "completion": True, "hover": True}

    def _read(self):
        stream = self.process.stdout
        while True:
            headers = {}
            while True:
                line = stream.readline()
                if not line:
                    return
                line = line.decode().strip()
                if not line:
                    break
                key, value = line.split(":", 1)
                headers[key.lower()] = value.strip()
            self.inbox.put(json.loads(stream.read(int(headers["content-length"]))))

    def _send(self, message: dict):
        data = json.dumps(message).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
        self.process.stdin.flush()

    def request(self, number: int, method: str, params: dict):
        self._send({"jsonrpc": "2.0", "id": number, "method": method, "params": params})

    def notify(self, method: str, params: dict):
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait(self, predicate, timeout: float = 60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                message = self.inbox.get(timeout=0.5)
            except queue.Empty:
                continue
            if message.get("method") == "workspace/configuration":
                self._send({"jsonrpc": "2.0", "id": message["id"],
                            "result": [self._yaml()] * len(message["params"]["items"])})
            elif predicate(message):
                return message
        raise AssertionError("the language server did not answer")

    def close(self):
        self.process.kill()
        self.process.wait()


def test_the_yaml_extension_checks_a_yml_record_while_typing(tmp_path):
    if SERVER is None:
        tool_missing("yaml-language-server is not installed: `make test` installs it into node_modules/ when npm is present")
    site = tmp_path / "sitio"
    shutil.copytree(ROOT / "schemas", site / "schemas")
    shutil.copytree(ROOT / ".vscode", site / ".vscode")
    record = site / "content" / "compromisos" / "prueba.yml"
    record.parent.mkdir(parents=True)
    record.write_text(RECORD, encoding="utf-8")
    server = LanguageServer(site, json.loads((site / ".vscode" / "settings.json").read_text(encoding="utf-8")))
    try:
        server.notify("textDocument/didOpen", {"textDocument": {"uri": record.as_uri(), "languageId": "yaml",
                                                                "version": 1, "text": RECORD}})
        diagnostics = server.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                                  and m["params"]["diagnostics"])["params"]["diagnostics"]
        found = sorted((d["range"]["start"]["line"] + 1, d["message"]) for d in diagnostics)
        lines = [line for line, _ in found]
        assert lines == [1, 2, 5, 6, 7, 11]  # missing responsable, bad slug, bad pilar, unknown key, bad date, hito.fecha
        messages = dict(found)
        assert messages[2].startswith("Se esperaba un identificador")
        assert messages[7].startswith("Se esperaba una fecha AAAA-MM-DD")
        assert "responsble" in messages[6] and "participacion" in messages[5]
        lines_of_text = RECORD.split("\n")
        at = lines_of_text.index("estatus: ")
        server.request(2, "textDocument/completion", {"textDocument": {"uri": record.as_uri()},
                                                      "position": {"line": at, "character": len("estatus: ")}})
        result = server.wait(lambda m: m.get("id") == 2)["result"]
        labels = [item["label"] for item in (result["items"] if isinstance(result, dict) else result)]
        assert {"no_iniciado", "en_proceso", "cumplido", "retrasado", "cancelado"} <= set(labels)
    finally:
        server.close()
