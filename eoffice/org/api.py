"""Org JSON API: positions and Plh/Plt delegations."""
from __future__ import annotations

from flask import Blueprint, g, jsonify

from eoffice.extensions import db
from eoffice.org import services
from eoffice.policy import authorize
from eoffice.web import api_auth, json_body

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
def create_delegation():
    authorize(g.actor, "org.manage_delegations")
    body = json_body()
    delegation = services.create_delegation(
        db.session, position_id=body.get("position_id"), delegate_login=body.get("delegate_login"),
        kind=body.get("kind"), start=body.get("start"), end=body.get("end"), decree=body.get("decree"),
        created_by=g.actor.login)
    db.session.commit()
    return jsonify(services.delegation_as_dict(delegation)), 201


@api_bp.delete("/delegations/<int:delegation_id>")
@api_auth
def end_delegation(delegation_id: int):
    authorize(g.actor, "org.manage_delegations")
    delegation = services.end_delegation(db.session, delegation_id)
    db.session.commit()
    return jsonify(services.delegation_as_dict(delegation))


_DELEGATION = {"type": "object", "required": ["position_id", "delegate_login", "kind", "start", "end", "decree"],
               "properties": {"position_id": {"type": "integer"}, "delegate_login": {"type": "string"},
                              "kind": {"enum": ["plh", "plt"]}, "start": {"type": "string", "format": "date"},
                              "end": {"type": "string", "format": "date"}, "decree": {"type": "string"}}}
OPENAPI = {
    "/org/positions": {"get": {"summary": "Positions with holder and superior",
                               "responses": {"200": {"description": "[{id, code, title, unit, holder_login, superior_id}]"}}}},
    "/delegations": {
        "get": {"summary": "Active Plh/Plt delegations", "responses": {"200": {"description": "List"}}},
        "post": {"summary": "Record a Plh/Plt delegation (administrator)",
                 "requestBody": {"required": True, "content": {"application/json": {"schema": _DELEGATION}}},
                 "responses": {"201": {"description": "Created"}, "403": {"description": "Not an administrator"},
                               "422": {"description": "Field errors"}}}},
    "/delegations/{delegation_id}": {"delete": {
        "summary": "End a delegation early", "parameters": [{"name": "delegation_id", "in": "path", "required": True,
                                                             "schema": {"type": "integer"}}],
        "responses": {"200": {"description": "Ended"}, "403": {"description": "Not an administrator"},
                      "404": {"description": "Unknown"}}}},
}
