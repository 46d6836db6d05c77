"""The dependency direction: workflows and signatures never import flask or eoffice."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _imports(package: str) -> list[str]:
    found = []
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                found += [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                found.append(node.module)
    return found


def test_engine_and_signer_never_import_flask_or_the_app():
    for package in ("workflows", "signatures"):
        bad = [m for m in _imports(package) if m.split(".")[0] in {"flask", "eoffice"}]
        assert bad == [], f"{package} imports {bad}"
