"""How `gobabierto serve` hears a save: the operating system's change events against
polling, on a site of N source files.

    python bench/watch.py [--files 5000,64000] [--saves 5]

For each size, a throwaway site of N small files in content/compromisos/ (spread over
folders of 1,000, like a big site's datasets) is watched as `serve` watches it (every 0.5 s
when polling); once a first save was heard, the watcher's own CPU is read over 5 idle
seconds, then each save is timed until the watcher reports it. Prints a table."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from gobabierto.commands.watch import Watcher  # noqa: E402  (the checkout's own package)

INTERVAL = 0.5  # serve's default between polls


def make_site(root: Path, files: int) -> Path:
    for n in range(files):
        folder = root / "content" / "compromisos" / f"grupo-{n // 1000:03d}"
        if n % 1000 == 0:
            folder.mkdir(parents=True)
        (folder / f"c-{n:06d}.md").write_text(f"---\ntitulo: Compromiso {n}\n---\n", encoding="utf-8")
    (root / "gobabierto.yml").write_text("titulo: Prueba\n", encoding="utf-8")
    return root / "content" / "compromisos" / "grupo-000" / "c-000000.md"


def thread_cpu(thread_id: int) -> float:
    """CPU seconds of one thread of this process (Linux), else of the whole process."""
    try:
        fields = Path(f"/proc/self/task/{thread_id}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return time.process_time()


def measure(root: Path, target: Path, events: bool, saves: int) -> dict:
    stop = threading.Event()
    watcher = Watcher(root, (), INTERVAL, stop, events=events)
    heard: list[float] = []
    ready = threading.Event()

    def listen():
        listen.native_id = threading.get_native_id()
        ready.set()
        for _ in watcher.changes():
            heard.append(time.perf_counter())

    thread = threading.Thread(target=listen, daemon=True)
    thread.start()
    ready.wait()
    # a first save, not timed: heard once the watcher listens (after its one-off catch-up)
    target.write_text("---\ntitulo: Compromiso\n---\n", encoding="utf-8")
    while not heard:
        time.sleep(0.01)
    time.sleep(1)
    before = thread_cpu(listen.native_id)
    time.sleep(5)
    idle = thread_cpu(listen.native_id) - before
    latencies = []
    for n in range(saves):
        count = len(heard)
        saved = time.perf_counter()
        target.write_text(f"---\ntitulo: Compromiso cambiado {n}\n---\n", encoding="utf-8")
        while len(heard) == count:
            time.sleep(0.002)
        latencies.append(heard[-1] - saved)
        time.sleep(0.3)
    stop.set()
    thread.join(timeout=10)
    return {"mode": watcher.mode, "latency_s": statistics.median(latencies), "idle_cpu_s_per_s": idle / 5}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", default="5000,64000")
    parser.add_argument("--saves", type=int, default=5)
    args = parser.parse_args(argv)
    print("| files | how | save → heard (median) | watcher's CPU while idle |\n|---:|---|---:|---:|")
    for files in (int(n) for n in args.files.split(",")):
        with tempfile.TemporaryDirectory(prefix="gobabierto-watch-") as tmp:
            target = make_site(Path(tmp), files)
            for events in (True, False):
                found = measure(Path(tmp), target, events, args.saves)
                print(f"| {files:,} | {found['mode']} | {found['latency_s'] * 1000:.0f} ms |"
                      f" {found['idle_cpu_s_per_s'] * 100:.1f} % of a core |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
