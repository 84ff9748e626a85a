"""Save → browser reload in `gobabierto serve`, measured as a browser sees it.

    python bench/serve.py SITE [--edits 3]

Starts `gobabierto serve` on SITE (a site of bench/generate.py), waits for its first build
and its search index, then appends a paragraph to one commitment's body, again and again,
and times each save until the version the preview's reload script polls has changed (the
moment an open tab reloads), and until the search index has caught up. Prints the median.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import child_env, gobabierto  # noqa: E402  (bench/ is not a package)

ENDPOINT = "/__gobabierto/version"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def version(port: int) -> int | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{ENDPOINT}", timeout=2) as response:
            return int(response.read())
    except (OSError, ValueError):
        return None


def wait_for_line(log: Path, pattern: str, after: int, timeout: float = 1800) -> tuple[int, str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = log.read_text(encoding="utf-8", errors="replace")
        found = re.search(pattern, text[after:])
        if found:
            return after + found.end(), found.group(0)
        time.sleep(0.02)
    raise SystemExit(f"serve never printed {pattern!r}:\n{log.read_text(encoding='utf-8', errors='replace')[-3000:]}")


def measure(site: Path, edits: int = 3, log=print) -> dict:
    port = free_port()
    out = Path(os.environ.get("TMPDIR", "/tmp")) / f"gobabierto-serve-{port}.log"
    commitment = sorted((site / "content" / "compromisos").glob("*.md"))[0]
    original = commitment.read_bytes()
    with out.open("wb") as sink:
        process = subprocess.Popen(gobabierto("serve", "--source", str(site), "--port", str(port), "--quiet"),
                                   stdout=sink, stderr=subprocess.STDOUT, env=child_env())
    reloads, indexed = [], []
    try:
        seen, _ = wait_for_line(out, r"Buscador al día[^\n]*\n", 0)
        for n in range(edits):
            before = version(port)
            commitment.write_bytes(commitment.read_bytes() + f"\nPárrafo {n + 1} del benchmark.\n".encode())
            saved = time.perf_counter()
            while version(port) in (before, None):
                time.sleep(0.005)
            reloads.append(time.perf_counter() - saved)
            seen, _ = wait_for_line(out, r"Buscador al día[^\n]*\n", seen)
            indexed.append(time.perf_counter() - saved)
            log(f"[serve] save {n + 1}: reload after {reloads[-1]:.2f} s, search up to date after {indexed[-1]:.2f} s")
    finally:
        process.terminate()
        process.wait(timeout=30)
        commitment.write_bytes(original)
    return {"reload_s": statistics.median(reloads), "indexed_s": statistics.median(indexed), "edits": edits}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--edits", type=int, default=3)
    args = parser.parse_args(argv)
    result = measure(args.site.resolve(), args.edits)
    print(f"| save → reload (median of {result['edits']}) | search up to date |\n|---:|---:|\n"
          f"| {result['reload_s']:.2f} s | {result['indexed_s']:.2f} s |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
