"""`python -m gobabierto.core.lock` prints where the engine's lock is: the exact versions,
with their hashes, of every library this version of gobabierto was tested with.

A site pins the engine alone (its requirements.txt: one version, its hashes), so that a new
release is one changed line; the engine brings the rest. Its workflows install in two steps,
each checked by hashes, and need nothing but the standard library between them:

    python -m pip install --require-hashes --no-deps -r requirements.txt
    python -m pip install --require-hashes -r "$(python -m gobabierto.core.lock)"
"""

from __future__ import annotations

from gobabierto.core.paths import engine_lock


def main() -> None:
    print(engine_lock())


if __name__ == "__main__":
    main()
