"""Public verification API: `GET /api/v1/verify/<token>` and `POST /api/v1/verify` (multipart `file`)."""
from __future__ import annotations

from flask import Blueprint, g, jsonify, request

from flask_babel import gettext as _

from eoffice.auth.actor import Actor
from eoffice.core.errors import InvalidInput
from eoffice.app.extensions import db
from eoffice.core.policy import authorize
from eoffice.verification import services as verification

api_bp = Blueprint("verification_api", __name__, url_prefix="/api/v1")
PUBLIC = Actor(employee_id=0, login="", name="", roles=frozenset())


def _anyone():
    return g.get("actor") or PUBLIC


@api_bp.get("/verify/<path:token>")
def verify_token(token: str):
    authorize(_anyone(), "signing.verify")
    return jsonify(verification.verify_token(db.session, token))


@api_bp.post("/verify")
def verify_upload():
    authorize(_anyone(), "signing.verify")
    upload = request.files.get("file")
    if upload is None:
        raise InvalidInput(_("Unggah berkas PDF."), "file")
    return jsonify(verification.verify_upload(db.session, upload.read()))


_SIGNATURE = {"type": "object", "properties": {k: {"type": t} for k, t in (
    ("signer", ["string", "null"]), ("position", ["string", "null"]), ("signed_at", ["string", "null"]),
    ("claimed_signer", ["string", "null"]), ("identity_verified", "boolean"), ("identity_status", "string"),
    ("issuer", ["string", "null"]), ("valid_from", ["string", "null"]), ("valid_to", ["string", "null"]),
    ("intact", "boolean"), ("trusted", "boolean"), ("development_certificate", "boolean"))}}
_REPORT = {"type": "object", "properties": {
    "intact": {"type": "boolean"}, "trusted": {"type": "boolean"}, "modified_after_signing": {"type": "boolean"},
    "identity_verified": {"type": "boolean"}, "summary": {"type": "string"},
    "signatures": {"type": "array", "items": _SIGNATURE}, "letter_number": {"type": ["string", "null"]}}}
_REFUSED = {"description": "not verified: past a cap of the verifier (too many signatures, revisions or objects, "
                           "too deep, past the time budget); `reason` says which",
            "content": {"application/json": {"schema": {"type": "object", "required": ["error", "message"],
                        "properties": {"error": {"type": "string"}, "message": {"type": "string"},
                                       "reason": {"type": "string"}, "errors": {"type": "array"}}}}}}
_LIMITED = {"description": "too many requests from this client address; see Retry-After"}
OPENAPI = {
    "/verify/{token}": {"get": {
        "summary": "Verify a letter by its QR token (public, no authentication)", "tags": ["signing"],
        "security": [],
        "parameters": [{"name": "token", "in": "path", "required": True, "schema": {"type": "string"}}],
        "responses": {"200": {"description": "report", "content": {"application/json": {"schema": _REPORT}}},
                      "404": {"description": "forged, tampered or unknown token"},
                      "422": _REFUSED, "429": _LIMITED}}},
    "/verify": {"post": {
        "summary": "Validate any signed PDF (public, no authentication)", "tags": ["signing"], "security": [],
        "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
            "type": "object", "required": ["file"], "properties": {"file": {"type": "string", "format": "binary"}}}}}},
        "responses": {"200": {"description": "report", "content": {"application/json": {"schema": _REPORT}}},
                      "413": {"description": "larger than the upload limit"},
                      "415": {"description": "not a PDF"},
                      "422": {**_REFUSED, "description": "missing or empty file, or " + _REFUSED["description"]},
                      "429": _LIMITED}}},
}
