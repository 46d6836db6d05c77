"""Builds /api/v1/openapi.json from the OPENAPI mappings that each capability's api module holds.

What every operation shares is filled in here once: each answer of 400 or more is the JSON error
object that `eoffice.app.web` writes (`Error`; a 422 always carries field errors, `FieldErrors`), and
every operation behind the bearer token may answer 401."""
from __future__ import annotations

import copy

from eoffice.app.capabilities import modules

METHODS = {"get", "put", "post", "delete", "patch"}
ERROR = {"type": "object", "required": ["error"], "properties": {
    "error": {"type": "string"}, "message": {"type": ["string", "null"]}}}
FIELD_ERRORS = {"type": "object", "required": ["error", "errors"], "properties": {
    "error": {"type": "string"}, "message": {"type": "string"},
    "errors": {"type": "array", "minItems": 1, "items": {
        "type": "object", "required": ["field", "message"],
        "properties": {"field": {"type": ["string", "null"]}, "message": {"type": "string"}}}}}}


def _json(name: str) -> dict:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}


def _with_shared_answers(operation: dict) -> dict:
    operation = copy.deepcopy(operation)
    responses = operation.setdefault("responses", {})
    if operation.get("security") != []:
        responses.setdefault("401", {"description": "Missing, invalid or expired bearer token"})
    for code, answer in responses.items():
        if int(code) >= 400 and "content" not in answer:
            answer["content"] = _json("FieldErrors" if code == "422" else "Error")
    return operation


def document(server_url: str = "/api/v1") -> dict:
    paths: dict = {}
    for mod in modules("api"):
        for path, operations in getattr(mod, "OPENAPI", {}).items():
            paths.setdefault(path, {}).update({method: _with_shared_answers(op) if method in METHODS else op
                                               for method, op in operations.items()})
    return {
        "openapi": "3.1.0",
        "info": {"title": "e-Office API", "version": "1",
                 "description": "JSON API of the e-office: processes, tasks, letters, dispositions, "
                                "signatures, SPBE architecture. Bearer JWT from POST /auth/token."},
        "servers": [{"url": server_url}],
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
                       "schemas": {"Error": ERROR, "FieldErrors": FIELD_ERRORS}},
        "security": [{"bearer": []}],
        "paths": dict(sorted(paths.items())),
    }
