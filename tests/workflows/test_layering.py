"""The engine layer never imports flask or eoffice."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "workflows"


def _imported_modules() -> dict[str, list[str]]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        names = []
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names += [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.append(node.module)
        found[path.name] = names
    return found


def test_workflows_never_imports_flask_or_eoffice():
    bad = {f: [m for m in names if m.split(".")[0] in {"flask", "flask_sqlalchemy", "eoffice"}]
           for f, names in _imported_modules().items()}
    assert {f: m for f, m in bad.items() if m} == {}


def test_every_module_starts_with_a_docstring_and_stays_small():
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text())
        assert ast.get_docstring(tree), f"{path.name} has no module docstring"
        assert len(path.read_text().splitlines()) < 400, f"{path.name} is over 400 lines"
