"""Notifications JSON API: the caller's notifications and marking them read."""
from __future__ import annotations

from flask import Blueprint, g, jsonify, request

from eoffice.app.extensions import db
from eoffice.app.transaction import use_case
from eoffice.notifications import services
from eoffice.core.policy import authorize
from eoffice.auth.guards import api_auth

api_bp = Blueprint("notifications_api", __name__, url_prefix="/api/v1")


@api_bp.get("/notifications")
@api_auth
def notifications():
    authorize(g.actor, "notifications.view")
    items = services.list_for(db.session, g.actor.employee_id, unread_only=request.args.get("unread") == "1")
    return jsonify({"unread": services.unread_count(db.session, g.actor.employee_id),
                    "items": [services.as_dict(n) for n in items]})


@api_bp.post("/notifications/<int:notification_id>/read")
@api_auth
@use_case
def read(notification_id: int):
    authorize(g.actor, "notifications.view")
    services.mark_read(db.session, g.actor.employee_id, notification_id)
    return jsonify(id=notification_id, read=True)


_NOTIFICATION = {"type": "object", "required": ["id", "kind", "title", "created_at", "read_at"], "properties": {
    "id": {"type": "integer"}, "kind": {"type": "string"}, "title": {"type": "string"},
    "body": {"type": ["string", "null"]}, "link": {"type": ["string", "null"]}, "created_at": {"type": "string"},
    "read_at": {"type": ["string", "null"]}}}
OPENAPI = {
    "/notifications": {"get": {
        "summary": "The caller's notifications (newest first); ?unread=1 for unread only",
        "parameters": [{"name": "unread", "in": "query", "schema": {"enum": ["0", "1"]},
                        "description": "1: only unread ones"}],
        "responses": {"200": {"description": "{unread, items: [{id, kind, title, body, link, created_at, read_at}]}",
                              "content": {"application/json": {"schema": {
                                  "type": "object", "required": ["unread", "items"],
                                  "properties": {"unread": {"type": "integer", "minimum": 0},
                                                 "items": {"type": "array", "items": _NOTIFICATION}}}}}}}}},
    "/notifications/{notification_id}/read": {"post": {
        "summary": "Mark one notification read",
        "parameters": [{"name": "notification_id", "in": "path", "required": True,
                        "schema": {"type": "integer", "minimum": 1}}],
        "responses": {"200": {"description": "Marked", "content": {"application/json": {"schema": {
                          "type": "object", "required": ["id", "read"],
                          "properties": {"id": {"type": "integer"}, "read": {"const": True}}}}}},
                      "404": {"description": "Not the caller's"}}}},
}
