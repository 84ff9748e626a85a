"""The registry of problem codes (gobabierto/publish/codes.py) against the source: every code the
package records is listed there with the severity it is recorded with, and every listed
code is recorded somewhere. Codes are found in the AST: string literals that are the code
argument of the calls that record a problem, and the code table of frictionless' errors."""

from __future__ import annotations

import ast
import re
from collections import defaultdict

from helpers import ROOT
from gobabierto.publish.codes import CODES, SECTIONS
from gobabierto.datasets.messages import ERROR_MESSAGES
from gobabierto.core.problems import ERROR, WARNING

PACKAGE = ROOT / "gobabierto"
CODE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$")
# The calls that record a problem, and the position of their code argument:
# Problems.add/warn, Context.error/warn, linking._error, readers._YamlProblem, yamlslips.Slip, datacheck.Found.
RECORDERS = {"add": 0, "warn": 0, "error": 0, "_error": 2, "_YamlProblem": 0, "Slip": 0, "Found": 0, "Problem": 0}
# `"csv-" + error.type`: frictionless' error types, each with its message in ERROR_MESSAGES.
FRICTIONLESS_PREFIX = "csv-"


def _strings(node) -> list[str] | None:
    """The texts an expression can be: a literal, or either branch of `a if c else b`."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _strings(node.body), _strings(node.orelse)
        return body + orelse if body is not None and orelse is not None else None
    return None


def _severity(call: ast.Call, name: str) -> str:
    if name == "warn":
        return WARNING
    if name == "_error":
        warning = next((k.value for k in call.keywords if k.arg == "warning"), None)
        return WARNING if isinstance(warning, ast.Constant) and warning.value else ERROR
    given = next((k.value for k in call.keywords if k.arg == "severity"), None)
    if given is None and name in ("add", "Found", "Problem") and len(call.args) > 5:
        given = call.args[5]
    return WARNING if given is not None and "warn" in ast.unparse(given).lower() else ERROR


def used_codes() -> tuple[dict[str, set[str]], dict[str, list[str]], list[str]]:
    """code → severities it is recorded with; code → where; and the places that build
    codes from frictionless' error types."""
    severities: dict[str, set[str]] = defaultdict(set)
    places: dict[str, list[str]] = defaultdict(list)
    families: list[str] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants: dict[str, list[str]] = defaultdict(list)  # name = "code" (or a choice of codes)
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                found = _strings(node.value)
                if found:
                    constants[node.targets[0].id] += found

        def record(codes, severity, node):
            for code in codes:
                if CODE.match(code):
                    severities[code].add(severity)
                    places[code].append(f"{path.name}:{node.lineno}")

        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
                position = RECORDERS.get(name)
                if position is None or len(node.args) <= position:
                    continue
                argument = node.args[position]
                if (isinstance(argument, ast.BinOp) and isinstance(argument.op, ast.Add)
                        and isinstance(argument.left, ast.Constant)):
                    assert argument.left.value == FRICTIONLESS_PREFIX, (
                        f"{path.name}:{node.lineno}: a code built from {argument.left.value!r}; list its codes in"
                        " codes.py and teach this test where they come from")
                    families.append(f"{path.name}:{node.lineno}")
                    continue
                codes = _strings(argument)
                if codes is None and isinstance(argument, ast.Name):
                    codes = constants.get(argument.id)
                record(codes or [], _severity(node, name), node)
            elif isinstance(node, ast.Tuple) and len(node.elts) == 3:
                # markdown.body_problems: (line, "code", message), recorded as errors; not a
                # tuple of literals such as ("type-error", "missing-cell", "constraint-error")
                first, code, message = node.elts
                codes = _strings(code)
                if (codes and not isinstance(first, ast.Constant) and all(CODE.match(c) for c in codes)
                        and not any(CODE.match(m) for m in _strings(message) or [])):
                    record(codes, ERROR, node)
    return severities, places, families


def test_every_code_used_is_registered_with_its_severity():
    severities, places, _ = used_codes()
    missing = {code: places[code] for code in severities if code not in CODES}
    assert not missing, f"codes recorded but not listed in gobabierto/publish/codes.py: {missing}"
    wrong = {code: (sorted(found), sorted(CODES[code][0])) for code, found in severities.items()
             if set(found) != set(CODES[code][0])}
    assert not wrong, f"codes listed with another severity than they are recorded with (found, listed): {wrong}"


def test_frictionless_error_types_are_registered_as_errors():
    _, _, families = used_codes()
    assert families, "no code is built from frictionless' error types any more: drop them from codes.py"
    for kind in ERROR_MESSAGES:
        code = FRICTIONLESS_PREFIX + kind
        assert code in CODES, f"{code} (datamessages.ERROR_MESSAGES) is not listed in gobabierto/publish/codes.py"
        assert ERROR in CODES[code][0], code


def test_every_registered_code_is_used():
    severities, _, _ = used_codes()
    from_frictionless = {FRICTIONLESS_PREFIX + kind for kind in ERROR_MESSAGES}
    unused = sorted(set(CODES) - set(severities) - from_frictionless)
    assert not unused, f"codes listed in gobabierto/publish/codes.py that nothing records: {unused}"


def test_the_registry_is_well_formed():
    listed = [code for _, _, table in SECTIONS for code in table]
    assert len(listed) == len(set(listed)) == len(CODES), "a code is listed in two sections"
    for code, (severities, meaning) in CODES.items():
        assert CODE.match(code), code
        assert severities and set(severities) <= {ERROR, WARNING}, code
        assert meaning and "\n" not in meaning and not meaning.endswith("."), code
