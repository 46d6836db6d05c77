"""Audit JSON API: an instance's hash-chained history and whether it verifies."""
from __future__ import annotations

from flask import Blueprint, g, jsonify

from eoffice.app.extensions import db
from eoffice.core.policy import authorize
from eoffice.processes import services as processes
from eoffice.auth.guards import api_auth

api_bp = Blueprint("audit_api", __name__, url_prefix="/api/v1")


@api_bp.get("/instances/<int:instance_id>/audit")
@api_auth
def instance_audit(instance_id: int):
    access = processes.instance_access(db.session, g.actor, instance_id)
    authorize(g.actor, "processes.view_instance", access, hide=True)
    return jsonify(processes.history(db.session, access.instance))


OPENAPI = {
    "/instances/{instance_id}/audit": {"get": {
        "summary": "The instance's audit chain: events, whether it verifies, the first bad event",
        "parameters": [{"name": "instance_id", "in": "path", "required": True,
                        "schema": {"type": "integer", "minimum": 1}}],
        "responses": {"200": {"description": "{events: [...], verified, first_bad_seq}",
                              "content": {"application/json": {"schema": {
                                  "type": "object", "required": ["events", "verified", "first_bad_seq"],
                                  "properties": {"events": {"type": "array", "items": {"type": "object"}},
                                                 "verified": {"type": "boolean"},
                                                 "first_bad_seq": {"type": ["integer", "null"]}}}}}},
                      "404": {"description": "Unknown or not visible"}}}},
}
