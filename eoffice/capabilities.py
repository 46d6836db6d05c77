"""The capability packages the factory registers, in order (blueprints, seeds, catalogs, OpenAPI)."""
from __future__ import annotations

import importlib
from types import ModuleType

CAPABILITIES = [
    "org",
    "auth",
    "audit",
    "calendar",
    "notifications",
    "spbe",
    "inbox",
    "processes",
    "letters",
    "dispositions",
    "outgoing",
    "records",
    "signing",
    "admin",
    "ops",
    "api",
]


def module(capability: str, name: str) -> ModuleType | None:
    """Import `eoffice.<capability>.<name>` if that module exists."""
    full = f"eoffice.{capability}.{name}"
    try:
        return importlib.import_module(full)
    except ModuleNotFoundError as exc:
        if exc.name in (full, f"eoffice.{capability}"):
            return None
        raise


def modules(name: str) -> list[ModuleType]:
    found = (module(cap, name) for cap in CAPABILITIES)
    return [m for m in found if m is not None]
