"""`python build.py` = `gobabierto build` on this repository's own content."""

import sys

from gobabierto.commands.cli import main

if __name__ == "__main__":
    main(["build", *sys.argv[1:]], prog_name="gobabierto")
