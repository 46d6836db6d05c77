"""GET /api/v1/openapi.json and the JSON 404 for unknown API paths."""
from __future__ import annotations

from flask import Blueprint, jsonify

from eoffice.api.openapi import document

api_bp = Blueprint("api", __name__, url_prefix="/api/v1")


@api_bp.get("/openapi.json")
def openapi():
    return jsonify(document())


OPENAPI = {"/openapi.json": {"get": {"summary": "This document", "security": [],
                                     "responses": {"200": {"description": "OpenAPI 3.1"}}}}}
