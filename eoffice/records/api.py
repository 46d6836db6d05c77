"""Records JSON API: a letter's package, the bulk export of an OPD, and importing a package."""
from __future__ import annotations

from flask import Blueprint, Response, g, jsonify, request, stream_with_context

from eoffice.app.extensions import db
from eoffice.app.transaction import use_case
from eoffice.core.policy import authorize
from eoffice.records import services
from eoffice.auth.guards import api_auth

api_bp = Blueprint("records_api", __name__, url_prefix="/api/v1")


def zip_response(body, filename: str) -> Response:
    """A zip download no shared cache keeps (packages may hold confidential letters)."""
    response = Response(body, mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def bulk_response(plan: services.BulkExport) -> Response:
    return zip_response(stream_with_context(services.stream_bulk_export(db.session, plan)), plan.filename)


@api_bp.get("/letters/<int:letter_id>/package.zip")
@api_auth
def letter_package(letter_id: int):
    authorize(g.actor, "records.export_letter")
    name, data = services.letter_package(db.session, g.actor, letter_id)
    return zip_response(data, name)


@api_bp.get("/records/export")
@api_auth
def bulk_export():
    args = request.args
    plan = services.plan_bulk_export(db.session, g.actor, args.get("opd"), args.get("from"), args.get("to"))
    return bulk_response(plan)


@api_bp.post("/records/import")
@api_auth
@use_case
def import_package():
    upload = request.files.get("file")
    letter = services.import_package(db.session, g.actor, upload.read() if upload else None,
                                     request.form.get("addressed_to"))
    return jsonify(id=letter.id, agenda_number=letter.agenda_number, agenda_year=letter.agenda_year,
                   instance_id=letter.instance_id, source_ref=letter.source_ref), 201


_ID = [{"name": "letter_id", "in": "path", "required": True, "schema": {"type": "integer"}}]
_ZIP = {"content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}}}
_FORMAT = "Format: docs/records-package.md; manifest schema: eoffice/records/package.schema.json."
OPENAPI = {
    "/letters/{letter_id}/package.zip": {"get": {
        "summary": "Records package of a letter (SRIKANDI exchange): manifest, trail, PDFs, checksums",
        "description": _FORMAT, "parameters": _ID,
        "responses": {"200": {"description": "Zip: manifest.json, trail.json, documents/*.pdf, attachments/*.pdf, "
                                             "checksums.sha256", **_ZIP},
                      "404": {"description": "Unknown, or confidential and the caller is not on its path"},
                      "409": {"description": "An outgoing draft without a PDF yet"}}}},
    "/records/export": {"get": {
        "summary": "Bulk export: the records packages of an OPD's letters in a date range (streamed)",
        "description": "Administrator or pencatat surat of the OPD. Letters dated (received, else letter date) in "
                       "the range; rahasia/sangat rahasia only those the caller is on the path of. " + _FORMAT,
        "parameters": [{"name": "opd", "in": "query", "required": True, "schema": {"type": "string"},
                        "example": "DISKOMINFO"},
                       {"name": "from", "in": "query", "required": True, "schema": {"type": "string", "format": "date"}},
                       {"name": "to", "in": "query", "required": True, "schema": {"type": "string", "format": "date"}}],
        "responses": {"200": {"description": "Zip: packages/paket-surat-<id>.zip …, index.json, checksums.sha256",
                              **_ZIP},
                      "403": {"description": "Neither an administrator nor a pencatat surat of that OPD"},
                      "422": {"description": "Unknown OPD code or bad dates"}}}},
    "/records/import": {"post": {
        "summary": "Import a records package as an incoming letter (pencatat surat of the receiving OPD)",
        "description": "Registers the letter through the incoming-letter registration (agenda number, disposition "
                       "flow) and keeps the source reference and the package. " + _FORMAT,
        "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
            "type": "object", "required": ["file", "addressed_to"],
            "properties": {"file": {"type": "string", "format": "binary", "description": "One package zip"},
                           "addressed_to": {"type": "integer", "description": "Position id of the addressed head"}}}}}},
        "responses": {"201": {"description": "{id, agenda_number, agenda_year, instance_id, source_ref}"},
                      "403": {"description": "Not a pencatat surat of that OPD"},
                      "415": {"description": "A document in the package is not a PDF"},
                      "422": {"description": "Unsafe zip, missing or invalid manifest, checksum mismatch, or field "
                                             "errors; nothing is stored"}}}},
}
