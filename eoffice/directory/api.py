"""Org JSON API: positions and Plh/Plt delegations."""
from __future__ import annotations

from flask import Blueprint, g, jsonify

from eoffice.app.extensions import db
from eoffice.app.transaction import use_case
from eoffice.org import services
from eoffice.core.policy import authorize
from eoffice.auth.guards import api_auth
from eoffice.core.http import json_body

api_bp = Blueprint("org_api", __name__, url_prefix="/api/v1")


@api_bp.get("/org/positions")
@api_auth
def positions():
    authorize(g.actor, "org.view")
    return jsonify([{k: p[k] for k in ("id", "code", "title", "unit", "holder_login", "superior_id")}
                    for p in services.list_positions(db.session)])


@api_bp.get("/delegations")
@api_auth
def delegations():
    authorize(g.actor, "org.view")
    return jsonify([services.delegation_as_dict(d) for d in services.list_delegations(db.session)])


@api_bp.post("/delegations")
@api_auth
@use_case
def create_delegation():
    authorize(g.actor, "org.manage_delegations")
    body = json_body()
    delegation = services.create_delegation(
        db.session, position_id=body.get("position_id"), delegate_login=body.get("delegate_login"),
        kind=body.get("kind"), start=body.get("start"), end=body.get("end"), decree=body.get("decree"),
        created_by=g.actor.login)
    return jsonify(services.delegation_as_dict(delegation)), 201


@api_bp.delete("/delegations/<int:delegation_id>")
@api_auth
@use_case
def end_delegation(delegation_id: int):
    authorize(g.actor, "org.manage_delegations")
    delegation = services.end_delegation(db.session, delegation_id)
    return jsonify(services.delegation_as_dict(delegation))


_DELEGATION = {"type": "object", "required": ["position_id", "delegate_login", "kind", "start", "end", "decree"],
               "properties": {"position_id": {"type": "integer", "minimum": 1}, "delegate_login": {"type": "string"},
                              "kind": {"enum": ["plh", "plt"]},
                              "start": {"type": "string", "format": "date", "description": "Or an ISO date-time"},
                              "end": {"type": "string", "format": "date", "description": "Or an ISO date-time"},
                              "decree": {"type": "string", "minLength": 1}}}
_DELEGATION_ANSWER = {"type": "object", "required": ["id", "position_id", "delegate_login", "kind", "start", "end"],
                      "properties": {"id": {"type": "integer"}, "position_id": {"type": "integer"},
                                     "position": {"type": "string"}, "delegate_login": {"type": "string"},
                                     "kind": {"enum": ["plh", "plt"]}, "start": {"type": "string"},
                                     "end": {"type": "string"}, "decree": {"type": "string"},
                                     "ended_early_at": {"type": ["string", "null"]}}}


def _json(schema: dict) -> dict:
    return {"application/json": {"schema": schema}}


OPENAPI = {
    "/org/positions": {"get": {"summary": "Positions with holder and superior",
                               "responses": {"200": {"description": "[{id, code, title, unit, holder_login, superior_id}]",
                                                     "content": _json({"type": "array", "items": {
                                                         "type": "object", "required": ["id", "code", "title"],
                                                         "properties": {"id": {"type": "integer"},
                                                                        "code": {"type": "string"},
                                                                        "title": {"type": "string"},
                                                                        "holder_login": {"type": ["string", "null"]},
                                                                        "superior_id": {"type": ["integer", "null"]}}}})}}}},
    "/delegations": {
        "get": {"summary": "Active Plh/Plt delegations",
                "responses": {"200": {"description": "List", "content": _json({"type": "array", "items": _DELEGATION_ANSWER})}}},
        "post": {"summary": "Record a Plh/Plt delegation (administrator)",
                 "requestBody": {"required": True, "content": _json(_DELEGATION)},
                 "responses": {"201": {"description": "Created", "content": _json(_DELEGATION_ANSWER)},
                               "403": {"description": "Not an administrator"},
                               "422": {"description": "Field errors"}}}},
    "/delegations/{delegation_id}": {"delete": {
        "summary": "End a delegation early", "parameters": [{"name": "delegation_id", "in": "path", "required": True,
                                                             "schema": {"type": "integer", "minimum": 1}}],
        "responses": {"200": {"description": "Ended", "content": _json(_DELEGATION_ANSWER)},
                      "403": {"description": "Not an administrator"},
                      "404": {"description": "Unknown"}}}},
}
