"""The engine's shape, checked: eight packages in layers, each importing only from the ones
below it (at the top of a file or inside a function), no import cycle between modules, no
private name imported from another module, subpackage `__init__.py` files that only
document, function-local imports of the engine's own code only at the two seams where
laziness is the point, and every module importable on its own."""

from __future__ import annotations

import ast
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from helpers import ROOT

PACKAGE = ROOT / "gobabierto"
# Bottom to top: a package imports only from itself and the packages before it.
LAYERS = ("core", "text", "content", "datasets", "pages", "publish", "build", "commands")
# Where a function may import the engine's own code: each command of the CLI loads what it
# runs, and the build's entry loads the stages only when the stamp says there is work.
LAZY_SEAMS = {"gobabierto.commands.cli": None, "gobabierto.build.site": 1}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> int:
    """The layer of a module of the engine: -1 for the package's root (its version)."""
    parts = module.split(".")
    if len(parts) == 1 or parts[1] in ("__init__", "__main__"):
        return -1 if parts[-1] != "__main__" else len(LAYERS)
    return LAYERS.index(parts[1])


class Import:
    def __init__(self, source: str, target: str, names: list[str], line: int, in_function: bool):
        self.source, self.target, self.names, self.line, self.in_function = source, target, names, line, in_function

    def __repr__(self) -> str:
        where = "inside a function" if self.in_function else "at the top"
        return f"{self.source}:{self.line} imports {self.target} {self.names or ''} ({where})"


def imports_of(name: str, path: Path, known: dict[str, Path]) -> list[Import]:
    """Every import of the engine's own modules in `path`, resolved to module names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    functions = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    inside = {id(n) for f in functions for n in ast.walk(f) if n is not f}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{name}:{node.lineno}: relative import; the engine imports by absolute name"
            if not (node.module or "").startswith("gobabierto"):
                continue
            for alias in node.names:  # `from gobabierto.build import stages` imports a module
                candidate = f"{node.module}.{alias.name}"
                target = candidate if candidate in known else node.module
                found.append(Import(name, target, [] if target == candidate else [alias.name], node.lineno,
                                    id(node) in inside))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("gobabierto"):
                    found.append(Import(name, alias.name, [], node.lineno, id(node) in inside))
    return found


@pytest.fixture(scope="module")
def graph() -> dict[str, list[Import]]:
    known = modules()
    return {name: imports_of(name, path, known) for name, path in known.items()}


def test_the_package_is_the_layered_tree():
    folders = sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").is_file())
    assert folders == sorted(LAYERS)
    loose = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert loose == ["__init__.py", "__main__.py"], "every module lives in the package whose job it is"


def test_no_import_points_up(graph):
    upward = [i for imports in graph.values() for i in imports if layer(i.target) > layer(i.source)]
    assert upward == [], "a module imports from a package above its own:\n" + "\n".join(map(repr, upward))


def test_no_import_cycle(graph):
    edges = {name: sorted({i.target for i in imports if i.target != name}) for name, imports in graph.items()}
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for following in edges.get(node, ()):
            if state.get(following) == 1:
                cycles.append(trail[trail.index(following):] + [following])
            elif following not in state:
                visit(following, trail + [following])
        state[node] = 2

    for name in sorted(edges):
        if name not in state:
            visit(name, [name])
    assert cycles == [], "import cycles:\n" + "\n".join(" → ".join(c) for c in cycles)


def test_no_private_name_is_imported_from_another_module(graph):
    private = [i for imports in graph.values() for i in imports
               if any(n.startswith("_") and n != "__version__" for n in i.names)]
    assert private == [], "make the name public or move the code that needs it:\n" + "\n".join(map(repr, private))


def test_functions_import_the_engine_only_at_the_seams(graph):
    misplaced, counts = [], {}
    for name, imports in graph.items():
        for i in (i for i in imports if i.in_function):
            if name not in LAZY_SEAMS:
                misplaced.append(i)
            counts[name] = counts.get(name, 0) + 1
    assert misplaced == [], "import at the top of the file:\n" + "\n".join(map(repr, misplaced))
    assert counts.get("gobabierto.build.site") == LAZY_SEAMS["gobabierto.build.site"]
    # the CLI: at most one import statement per command function
    tree = ast.parse((PACKAGE / "commands" / "cli.py").read_text(encoding="utf-8"))
    for function in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
        local = [n for n in ast.walk(function) if isinstance(n, ast.ImportFrom)]
        assert len(local) <= 1, f"commands/cli.py: {function.name} imports {len(local)} times; one is enough"


def test_subpackage_inits_only_document():
    for init in sorted(PACKAGE.glob("*/__init__.py")):
        tree = ast.parse(init.read_text(encoding="utf-8"))
        assert len(tree.body) == 1 and isinstance(tree.body[0], ast.Expr) and isinstance(tree.body[0].value.value, str), (
            f"{init.relative_to(ROOT)} holds more than its docstring: importing one room must not load another")
        assert len(ast.get_docstring(tree).splitlines()) <= 3, f"{init.relative_to(ROOT)}: one short paragraph"


def _imports_alone(name: str) -> tuple[str, int, str]:
    done = subprocess.run([sys.executable, "-c", f"import {name}"], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    return name, done.returncode, done.stderr[-2000:]


def test_every_module_imports_on_its_own():
    names = [n for n in modules() if not n.endswith("__main__")]
    with ThreadPoolExecutor(max_workers=4) as pool:
        failed = [(n, err) for n, code, err in pool.map(_imports_alone, names) if code != 0]
    assert failed == []


def test_no_module_is_over_450_lines():
    long = {module_name(p): n for p in PACKAGE.rglob("*.py") if (n := len(p.read_text(encoding="utf-8").splitlines())) > 450}
    assert long == {}, "split the module where it has two jobs"


def test_the_architecture_page_names_the_packages_that_exist():
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    named = set(__import__("re").findall(r"`([a-z]+)/`", text))
    assert set(LAYERS) <= named, f"ARCHITECTURE.md does not describe {sorted(set(LAYERS) - named)}"
    assert named <= set(LAYERS) | {"tests", "templates", "locale", "bench", "scripts", "docs", "requirements",
                                    "schemas"}, f"ARCHITECTURE.md names packages that do not exist: {named}"
    order = [text.index(f"`{name}/`") for name in LAYERS]
    assert order == sorted(order), "ARCHITECTURE.md lists the packages bottom to top, in the layer order"


def test_the_tests_mirror_the_packages():
    """tests/<package>/ for each package, and pytest collects them all (it skips folders named
    build/ unless told otherwise)."""
    import fnmatch
    import tomllib

    options = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    for name in LAYERS:
        assert any((ROOT / "tests" / name).glob("test_*.py")), f"tests/{name}/ has no tests"
        assert not any(fnmatch.fnmatch(name, pattern) for pattern in options["norecursedirs"]), (
            f"pytest would not collect tests/{name}/")
