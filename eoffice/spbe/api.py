"""SPBE JSON API: records (read by everyone signed in, changed by administrators), import/export,
the whole architecture with figures, and the traceability matrix."""
from __future__ import annotations

from flask import Blueprint, Response, g, jsonify, request
from flask_babel import gettext as _

from eoffice.core.errors import InvalidInput
from eoffice.app.extensions import db
from eoffice.app.transaction import unit_of_work, use_case
from eoffice.core.policy import authorize
from eoffice.spbe import codes, services, transfer, wiring
from eoffice.auth.guards import api_auth
from eoffice.core.http import json_body

api_bp = Blueprint("spbe_api", __name__, url_prefix="/api/v1")


@api_bp.get("/spbe/records")
@api_auth
def list_records():
    authorize(g.actor, "spbe.view")
    domain = request.args.get("domain") or None
    if domain is not None and domain not in codes.DOMAINS:
        raise InvalidInput(_("Domain harus RAB, RAD, RAL, RAA, RAI atau RAK."), "domain")
    return jsonify([services.record_as_dict(r) for r in services.list_records(db.session, domain)])


@api_bp.get("/spbe/records/<code>")
@api_auth
def get_record(code: str):
    authorize(g.actor, "spbe.view")
    return jsonify(wiring.record_detail(db.session, services.get_record(db.session, code)))


@api_bp.post("/spbe/records")
@api_auth
def create_record():
    authorize(g.actor, "spbe.manage")
    with unit_of_work():  # the answer is read after the commit: the links in their stored order
        record = services.create_record(db.session, json_body(), g.actor.login)
    return jsonify(wiring.record_detail(db.session, record)), 201


@api_bp.put("/spbe/records/<code>")
@api_auth
def update_record(code: str):
    authorize(g.actor, "spbe.manage")
    with unit_of_work():  # the answer is read after the commit: the links in their stored order
        record = services.update_record(db.session, code, json_body(), g.actor.login)
    return jsonify(wiring.record_detail(db.session, record))


@api_bp.post("/spbe/records/<code>/retire")
@api_auth
@use_case
def retire_record(code: str):
    authorize(g.actor, "spbe.manage")
    record = services.retire_record(db.session, code, g.actor.login)
    return jsonify(wiring.record_detail(db.session, record))


@api_bp.post("/spbe/records/<code>/reactivate")
@api_auth
@use_case
def reactivate_record(code: str):
    authorize(g.actor, "spbe.manage")
    record = services.reactivate_record(db.session, code, g.actor.login)
    return jsonify(wiring.record_detail(db.session, record))


@api_bp.delete("/spbe/records/<code>")
@api_auth
@use_case
def delete_record(code: str):
    authorize(g.actor, "spbe.manage")
    wiring.delete_record(db.session, code)
    return "", 204


@api_bp.get("/spbe/architecture.json")
@api_auth
def architecture():
    authorize(g.actor, "spbe.view")
    return jsonify(wiring.architecture(db.session))


@api_bp.get("/spbe/matrix.csv")
@api_auth
def matrix_csv():
    authorize(g.actor, "spbe.view")
    return Response(wiring.matrix_csv(db.session), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=matriks-keterlacakan-spbe.csv"})


def _format() -> str:
    fmt = request.args.get("format", "json")
    if fmt not in ("csv", "json"):
        raise InvalidInput(_("Format harus csv atau json."), "format")
    return fmt


@api_bp.get("/spbe/export")
@api_auth
def export():
    authorize(g.actor, "spbe.view")
    body, mimetype, name = transfer.download(db.session, _format())
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f"attachment; filename={name}"})


@api_bp.post("/spbe/import")
@api_auth
@use_case
def import_records():
    authorize(g.actor, "spbe.manage")
    upload = request.files.get("file")
    data = upload.read() if upload is not None else request.get_data()
    return jsonify(transfer.import_records(db.session, data, _format(), g.actor.login))


_CODE = [{"name": "code", "in": "path", "required": True, "schema": {"type": "string"}, "example": "RAB.09.06.01"}]
_RECORD = {"type": "object", "required": ["code", "name"], "properties": {
    "code": {"type": "string", "example": "RAB.09.06.03"}, "domain": {"enum": list(codes.DOMAINS)},
    "name": {"type": "string", "minLength": 1}, "description": {"type": "string"}, "owner_unit": {"type": "string"},
    "status": {"enum": list(codes.STATUSES)}, "attrs": {"type": "object"},
    "links": {"type": "array", "items": {"type": "string"}}, "sample": {"type": "boolean"}}}
_ANSWER = {"type": "object", "required": ["code", "domain", "level", "name", "status", "links", "retired"], "properties": {
    "code": {"type": "string"}, "domain": {"enum": list(codes.DOMAINS)}, "level": {"type": "integer"},
    "name": {"type": "string"}, "parent_code": {"type": ["string", "null"]}, "status": {"type": "string"},
    "attrs": {"type": "object"}, "links": {"type": "array", "items": {"type": "string"}},
    "retired": {"type": "boolean"}, "retired_at": {"type": ["string", "null"]}}}
_DETAIL = {**_ANSWER, "required": [*_ANSWER["required"], "process_models", "metrics"]}
_FORMAT = [{"name": "format", "in": "query", "schema": {"enum": ["json", "csv"], "default": "json"}}]


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_ADMIN = {"403": {"description": "Not an administrator"}, "404": {"description": "Unknown code"}}
OPENAPI = {
    "/spbe/records": {
        "get": {"summary": "SPBE architecture records (optionally of one domain)", "tags": ["spbe"],
                "parameters": [{"name": "domain", "in": "query", "schema": {"enum": list(codes.DOMAINS)}}],
                "responses": {"200": _json({"type": "array", "items": _ANSWER},
                                           "[{code, domain, name, description, parent_code, status, links, attrs, …}]"),
                              "422": {"description": "Unknown domain"}}},
        "post": {"summary": "Register a record (administrator)", "tags": ["spbe"],
                 "requestBody": {"required": True, "content": {"application/json": {"schema": _RECORD}}},
                 "responses": {"201": _json(_DETAIL, "Created"), "403": {"description": "Not an administrator"},
                               "422": {"description": "Invalid code (wrong prefix, unknown parent, duplicate) or fields"}}}},
    "/spbe/records/{code}": {
        "get": {"summary": "A record with the process models implementing it and live figures", "tags": ["spbe"],
                "parameters": _CODE, "responses": {
                    "200": _json(_DETAIL, "Record, process_models, metrics {instances, completed, running, "
                                          "median_cycle_hours, late_share}"),
                    "404": {"description": "Unknown code"}}},
        "put": {"summary": "Edit a record (administrator; the code never changes)", "tags": ["spbe"], "parameters": _CODE,
                "requestBody": {"required": True, "content": {"application/json": {"schema": _RECORD}}},
                "responses": {"200": _json(_DETAIL, "Updated"), "422": {"description": "Field errors"}, **_ADMIN}},
        "delete": {"summary": "Delete a record no process model points to (administrator)", "tags": ["spbe"], "parameters": _CODE,
                   "responses": {"204": {"description": "Deleted"}, "409": {"description": "A model points to it, or it has children"}, **_ADMIN}}},
    "/spbe/records/{code}/retire": {"post": {"summary": "Retire a record: models can no longer be deployed pointing to it",
                                             "tags": ["spbe"], "parameters": _CODE,
                                             "responses": {"200": _json(_DETAIL, "Retired"), **_ADMIN}}},
    "/spbe/records/{code}/reactivate": {"post": {"summary": "Reactivate a retired record", "tags": ["spbe"], "parameters": _CODE,
                                                 "responses": {"200": _json(_DETAIL, "Active again"), **_ADMIN}}},
    "/spbe/architecture.json": {"get": {"summary": "The whole architecture: records with links, models and figures",
                                        "tags": ["spbe"], "responses": {"200": _json(
                                            {"type": "object", "required": ["domains", "records", "models"]},
                                            "{domains, records, models}")}}},
    "/spbe/matrix.csv": {"get": {"summary": "Traceability matrix (process models × records) as CSV", "tags": ["spbe"],
                                 "responses": {"200": {"description": "CSV", "content": {"text/csv": {"schema": {"type": "string"}}}}}}},
    "/spbe/export": {"get": {"summary": "Export every record as CSV or JSON", "tags": ["spbe"], "parameters": _FORMAT,
                             "responses": {"200": {"description": "The records", "content": {
                                 "application/json": {"schema": {"type": "array", "items": {"type": "object"}}},
                                 "text/csv": {"schema": {"type": "string"}}}},
                                 "422": {"description": "format is neither csv nor json"}}}},
    "/spbe/import": {"post": {"summary": "Import records from CSV or JSON, all or nothing (administrator)", "tags": ["spbe"],
                              "parameters": _FORMAT,
                              "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                                  "type": "object", "required": ["file"],
                                  "properties": {"file": {"type": "string", "format": "binary"}}}}}},
                              "responses": {"200": _json({"type": "object", "required": ["created", "updated"],
                                                          "properties": {"created": {"type": "integer"},
                                                                         "updated": {"type": "integer"}}},
                                                         "{created, updated}"),
                                            "403": {"description": "Not an administrator"},
                                            "413": {"description": "Larger than the upload limit"},
                                            "422": {"description": "Every problem, with its line"}}}},
}
