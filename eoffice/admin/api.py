"""Process-model administration API: upload (validate and publish) a model zip, retire, reactivate, versions."""
from __future__ import annotations

from flask import Blueprint, g, jsonify, request

from eoffice.admin import services
from eoffice.app.extensions import db
from eoffice.app.transaction import use_case
from eoffice.core.policy import authorize
from eoffice.auth.guards import api_auth

api_bp = Blueprint("admin_api", __name__, url_prefix="/api/v1")


def _upload() -> bytes:
    upload = request.files.get("file")
    return upload.read() if upload is not None else b""


@api_bp.post("/process-models")
@api_auth
@use_case
def upload_model():
    authorize(g.actor, "admin.models.manage")
    data = _upload()
    if request.args.get("dry_run") in ("1", "true"):
        services.check_package(db.session, services.load_upload(data))
        return jsonify({"valid": True, "errors": []})
    version, created = services.upload_and_publish(db.session, data, request.form.get("note", ""), g.actor.login)
    return jsonify(services.version_as_dict(version)), 201 if created else 200


@api_bp.get("/process-models/<model_id>/versions")
@api_auth
def versions(model_id: str):
    authorize(g.actor, "processes.view_catalogue")
    services.current_version(db.session, model_id)
    return jsonify(services.versions_of(db.session, model_id))


def _note() -> str:
    body = request.get_json(silent=True)
    return str((body or {}).get("note") or (body or {}).get("reason") or "") if isinstance(body, dict) else ""


@api_bp.post("/process-models/<model_id>/retire")
@api_auth
@use_case
def retire(model_id: str):
    authorize(g.actor, "admin.models.manage")
    services.retire_model(db.session, model_id, _note(), g.actor.login)
    return jsonify({"id": model_id, "retired": True})


@api_bp.post("/process-models/<model_id>/reactivate")
@api_auth
@use_case
def reactivate(model_id: str):
    authorize(g.actor, "admin.models.manage")
    services.reactivate_model(db.session, model_id, _note(), g.actor.login)
    return jsonify({"id": model_id, "retired": False})


_ID = [{"name": "model_id", "in": "path", "required": True, "schema": {"type": "string"}}]
_VERSION = {"type": "object", "required": ["id", "model_id", "number", "content_hash"], "properties": {
    "id": {"type": "integer"}, "model_id": {"type": "string"}, "number": {"type": "integer"},
    "label": {"type": ["string", "null"]}, "content_hash": {"type": "string"}, "spbe": {"type": "object"}}}
_STATE = {"application/json": {"schema": {"type": "object", "required": ["id", "retired"],
                                          "properties": {"id": {"type": "string"}, "retired": {"type": "boolean"}}}}}
_NOTE = {"content": {"application/json": {"schema": {"type": "object", "properties": {
    "note": {"type": "string"}, "reason": {"type": "string"}}}}}}
_ADMIN = {"403": {"description": "Not an administrator"}, "404": {"description": "Unknown model"}}
OPENAPI = {
    "/process-models": {"post": {
        "summary": "Upload a process model (zip of its folder) and publish it as a new version (administrator)",
        "tags": ["admin"],
        "parameters": [{"name": "dry_run", "in": "query", "schema": {"enum": ["1", "true", "0", "false"]},
                        "description": "1 or true: only validate; nothing is stored"}],
        "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
            "type": "object", "required": ["file"],
            "properties": {"file": {"type": "string", "format": "binary"}, "note": {"type": "string"}}}}}},
        "responses": {"201": {"description": "The new version {id, model_id, number, label, content_hash, spbe}",
                              "content": {"application/json": {"schema": _VERSION}}},
                      "200": {"description": "Identical content: the existing version became current again; "
                                             "with dry_run, {valid: true, errors: []}",
                              "content": {"application/json": {"schema": {"type": "object"}}}},
                      "403": {"description": "Not an administrator"},
                      "413": {"description": "The zip is larger than the upload limit"},
                      "422": {"description": "{errors: [{field, message}]} naming every problem; nothing stored"}}}},
    "/process-models/{model_id}/versions": {"get": {
        "summary": "Versions of a model, newest first", "tags": ["admin"], "parameters": _ID,
        "responses": {"200": {"description": "List", "content": {"application/json": {"schema": {
                          "type": "array", "items": {"type": "object", "required": ["id", "number", "current"],
                                                     "properties": {"id": {"type": "integer"},
                                                                    "number": {"type": "integer"},
                                                                    "current": {"type": "boolean"}}}}}}},
                      "404": {"description": "Unknown model"}}}},
    "/process-models/{model_id}/retire": {"post": {
        "summary": "Retire a model: no new instances, running ones finish", "tags": ["admin"], "parameters": _ID,
        "requestBody": _NOTE, "responses": {"200": {"description": "{id, retired}", "content": _STATE}, **_ADMIN}}},
    "/process-models/{model_id}/reactivate": {"post": {
        "summary": "Reactivate a retired model", "tags": ["admin"], "parameters": _ID,
        "requestBody": _NOTE, "responses": {"200": {"description": "{id, retired}", "content": _STATE}, **_ADMIN}}},
}
