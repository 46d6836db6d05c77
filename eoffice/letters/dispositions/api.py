"""Dispositions JSON API: cancel while unread, the inbox counters, a report's attachment."""
from __future__ import annotations

from flask import Blueprint, g, jsonify

from eoffice.letters.dispositions import services
from eoffice.app.extensions import db
from eoffice.app.transaction import use_case
from eoffice.core.http import pdf_response
from eoffice.core.policy import authorize
from eoffice.auth.guards import api_auth

api_bp = Blueprint("dispositions_api", __name__, url_prefix="/api/v1")


@api_bp.post("/dispositions/<int:disposition_id>/cancel")
@api_auth
@use_case
def cancel(disposition_id: int):
    authorize(g.actor, "dispositions.act")
    d = services.cancel_disposition(db.session, g.actor, disposition_id)
    return jsonify(id=d.id, status=d.status, cancelled_at=d.cancelled_at.isoformat())


@api_bp.get("/dispositions/counters")
@api_auth
def counters():
    authorize(g.actor, "letters.view")
    return jsonify(services.inbox_counters(db.session, g.actor))


@api_bp.get("/dispositions/reports/<int:report_id>/file")
@api_auth
def report_file(report_id: int):
    authorize(g.actor, "letters.view")
    return pdf_response(services.report_file(db.session, g.actor, report_id), f"laporan-{report_id}.pdf")


_ID = [{"name": "disposition_id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}]
_COUNT = {"type": "integer", "minimum": 0}
OPENAPI = {
    "/dispositions/{disposition_id}/cancel": {"post": {
        "summary": "Cancel a disposition (its sender, while the recipient has not read it)", "parameters": _ID,
        "responses": {"200": {"description": "{id, status: cancelled, cancelled_at}",
                              "content": {"application/json": {"schema": {
                                  "type": "object", "required": ["id", "status", "cancelled_at"],
                                  "properties": {"id": {"type": "integer"}, "status": {"const": "cancelled"},
                                                 "cancelled_at": {"type": "string"}}}}}},
                      "403": {"description": "Not the sender, or holding no position"},
                      "404": {"description": "Unknown or not visible"},
                      "409": {"description": "Already read (or finished)"}}}},
    "/dispositions/counters": {"get": {
        "summary": "Inbox counters of the caller's letters and dispositions",
        "responses": {"200": {"description": "{unread, pending, overdue, for_information}",
                              "content": {"application/json": {"schema": {
                                  "type": "object", "required": ["unread", "pending", "overdue", "for_information"],
                                  "additionalProperties": _COUNT,
                                  "properties": {k: _COUNT for k in ("unread", "pending", "overdue", "for_information",
                                                                     "internal_unread", "tembusan_unread")}}}}}}}},
    "/dispositions/reports/{report_id}/file": {"get": {
        "summary": "The PDF attached to a follow-up report",
        "parameters": [{"name": "report_id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}],
        "responses": {"200": {"description": "The PDF", "content": {"application/pdf": {
                          "schema": {"type": "string", "format": "binary"}}}},
                      "404": {"description": "Unknown, without a file, or not visible"}}}},
}
