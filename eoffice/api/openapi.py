"""Builds /api/v1/openapi.json from the OPENAPI mappings that each capability's api module holds."""
from __future__ import annotations

from eoffice.capabilities import modules


def document(server_url: str = "/api/v1") -> dict:
    paths: dict = {}
    for mod in modules("api"):
        for path, operations in getattr(mod, "OPENAPI", {}).items():
            paths.setdefault(path, {}).update(operations)
    return {
        "openapi": "3.1.0",
        "info": {"title": "e-Office API", "version": "1",
                 "description": "JSON API of the e-office: processes, tasks, letters, dispositions, "
                                "signatures, SPBE architecture. Bearer JWT from POST /auth/token."},
        "servers": [{"url": server_url}],
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}},
        "security": [{"bearer": []}],
        "paths": dict(sorted(paths.items())),
    }
