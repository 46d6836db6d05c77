"""The capabilities of the office in their declared one-way order (docs/architecture.md).

`LAYERS` runs from the bottom up: a module may import from its own layer and from the layers
below it, never from one above, not even inside a function (tests/eoffice/test_layering.py).
`core` and `app` are the shared kernel and the plumbing under every capability; the package's
`__init__` (create_app, the composition root) and the entry points `run` and `worker` sit above
them all. `CAPABILITIES` are the packages the factory loads (blueprints, models, seeds, catalogs,
OpenAPI, plugins), in that same order; `letters.dispositions` is part of the letters layer.
"""
from __future__ import annotations

import importlib
from types import ModuleType

LAYERS = (
    "core", "app",
    "org", "auth", "directory", "calendar", "jobs",
    "audit",
    "spbe",
    "processes",
    "notifications",
    "letters",
    "signing", "outgoing", "verification",
    "inbox", "records", "admin", "api",
    "evaluation", "inspection", "ops",
)

CAPABILITIES = (
    "org", "auth", "directory", "calendar", "jobs", "audit", "spbe", "processes", "notifications",
    "letters", "letters.dispositions", "signing", "outgoing", "verification",
    "inbox", "records", "admin", "api", "evaluation", "inspection", "ops",
)


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
