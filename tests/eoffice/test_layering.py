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


# -- the capabilities inside eoffice/ import one way (docs/architecture.md) --------------------
def _layer_of(module: str) -> str | None:
    """The layer an `eoffice.*` module belongs to (None for the package root and entry points)."""
    from eoffice.app.capabilities import LAYERS

    parts = module.split(".")
    if parts[0] != "eoffice" or len(parts) < 2:
        return None
    return parts[1] if parts[1] in LAYERS else None


def _eoffice_imports(path: Path, module: str):
    """(imported module, line) for every import of eoffice in the file, at any depth, and every
    literal capability lookup `module("<capability>", …)`."""
    parts = module.split(".")
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from ((a.name, node.lineno) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                package = parts[: len(parts) - node.level + (1 if path.name == "__init__.py" else 0)]
                base = ".".join(package + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            yield base, node.lineno
            yield from ((f"{base}.{a.name}", node.lineno) for a in node.names)
        elif (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "module"
              and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            yield f"eoffice.{node.args[0].value}", node.lineno


def _upward_imports() -> list[str]:
    from eoffice.app.capabilities import LAYERS

    rank = {name: i for i, name in enumerate(LAYERS)}
    found = []
    for path in sorted((ROOT / "eoffice").rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        if "migrations" in rel.parts:
            continue
        module = ".".join(rel.parts[:-1] if rel.parts[-1] == "__init__" else rel.parts)
        here = _layer_of(module)
        if here is None:
            continue
        for target, line in _eoffice_imports(path, module):
            there = _layer_of(target)
            if there is not None and there != here and rank[there] > rank[here]:
                found.append(f"{rel}.py:{line}: {here} -> {there} ({target})")
    return sorted(set(found))


def test_every_eoffice_module_belongs_to_a_declared_layer():
    from eoffice.app.capabilities import CAPABILITIES, LAYERS

    packages = {p.name for p in (ROOT / "eoffice").iterdir() if (p / "__init__.py").exists()} - {"migrations"}
    assert packages == set(LAYERS), f"undeclared: {packages - set(LAYERS)}, missing: {set(LAYERS) - packages}"
    loose = sorted(p.name for p in (ROOT / "eoffice").glob("*.py"))
    assert loose == ["__init__.py", "run.py", "worker.py"], loose
    assert [c.split(".")[0] for c in CAPABILITIES] == sorted((c.split(".")[0] for c in CAPABILITIES),
                                                             key=LAYERS.index), "CAPABILITIES out of layer order"


def test_no_capability_imports_one_above_it_not_even_inside_a_function():
    assert _upward_imports() == []


def test_the_layer_check_sees_imports_inside_functions_and_capability_lookups(tmp_path):
    path = tmp_path / "probe.py"
    path.write_text("def f():\n    from eoffice.outgoing import services\n    return module('records', 'x')\n")
    found = {target for target, _line in _eoffice_imports(path, "eoffice.letters.probe")}
    assert {"eoffice.outgoing", "eoffice.records"} <= found
