"""Letters JSON API: register an incoming letter, read one (with its disposition tree), its PDF and
disposition sheet, search the register, and the classification codes."""
from __future__ import annotations

from flask import Blueprint, g, jsonify, request

from eoffice.letters.dispositions.sheet import sheet_for
from eoffice.app.extensions import db
from eoffice.app.transaction import use_case
from eoffice.letters import classifications, delivered, services
from eoffice.letters.serialize import letter_as_dict, letter_summary
from eoffice.core.policy import authorize
from eoffice.auth.guards import api_auth
from eoffice.core.http import pdf_response

api_bp = Blueprint("letters_api", __name__, url_prefix="/api/v1")



@api_bp.post("/letters/incoming")
@api_auth
@use_case
def register_incoming():
    addressed_to = request.form.get("addressed_to")
    opd_unit_id = services.registering_opd(db.session, g.actor, addressed_to)
    authorize(g.actor, "letters.register", opd_unit_id)
    upload = request.files.get("file")
    letter = services.register_incoming(db.session, g.actor, opd_unit_id, services.incoming_fields(request.form),
                                        upload.read() if upload else None, addressed_to, source="api")
    return jsonify(id=letter.id, agenda_number=letter.agenda_number, agenda_year=letter.agenda_year,
                   instance_id=letter.instance_id), 201


@api_bp.get("/letters")
@api_auth
def search():
    authorize(g.actor, "letters.view")
    args = request.args
    if args.get("box"):
        return jsonify([_box_row(letter) for letter in delivered.box(db.session, g.actor, args["box"])])
    found = services.search_letters(
        db.session, g.actor, q=args.get("q", ""), status=args.get("status", ""), date_from=args.get("from"),
        date_to=args.get("to"), classification=args.get("classification", ""),
        direction=args.get("direction", ""), limit=args.get("limit", 50, type=int),
        offset=args.get("offset", 0, type=int))
    return jsonify([letter_summary(letter) for letter in found])


def _box_row(letter) -> dict:
    return {**letter_summary(letter), "kind": letter.kind, "source": delivered.source_label(letter),
            "tembusan": letter.source == delivered.TEMBUSAN, "read": letter.read_at is not None,
            "read_at": letter.read_at.isoformat() if letter.read_at else None}


@api_bp.post("/letters/<int:letter_id>/read")
@api_auth
@use_case
def mark_read(letter_id: int):
    """Mark a letter delivered to the caller's position (internal or tembusan) as read."""
    authorize(g.actor, "letters.view")
    letter = delivered.mark_read(db.session, g.actor, letter_id)
    return jsonify(_box_row(letter))


@api_bp.post("/letters/<int:letter_id>/dispose")
@api_auth
@use_case
def dispose_delivered(letter_id: int):
    """The recipient of an internal letter or a tembusan disposes it within their unit (by choice)."""
    authorize(g.actor, "dispositions.act")
    created = delivered.dispose(db.session, g.actor, letter_id, request.get_json(silent=True))
    return jsonify(dispositions=[{"id": d.id, "to_position_id": d.to_position_id} for d in created]), 201


@api_bp.get("/letters/<int:letter_id>")
@api_auth
@use_case
def letter_detail(letter_id: int):
    authorize(g.actor, "letters.view")
    letter = services.open_letter(db.session, g.actor, letter_id)
    return jsonify(letter_as_dict(db.session, letter))


@api_bp.get("/letters/<int:letter_id>/file")
@api_auth
def letter_file(letter_id: int):
    authorize(g.actor, "letters.view")
    return pdf_response(services.letter_pdf(db.session, g.actor, letter_id), f"surat-{letter_id}.pdf")


@api_bp.get("/letters/<int:letter_id>/disposition-sheet.pdf")
@api_auth
def disposition_sheet(letter_id: int):
    authorize(g.actor, "letters.view")
    return pdf_response(sheet_for(db.session, g.actor, letter_id), f"lembar-disposisi-{letter_id}.pdf")


@api_bp.get("/classifications")
@api_auth
def classification_list():
    authorize(g.actor, "letters.view")
    return jsonify([classifications.classification_as_dict(c)
                    for c in classifications.list_classifications(db.session)])


_ID = [{"name": "letter_id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}]
_NOT_FOUND = {"description": "Unknown, or confidential and the caller is not on its path"}
_PDF = {"description": "The PDF", "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}}
_DATE = {"type": ["string", "null"], "format": "date"}
_SUMMARY = {"type": "object",
            "required": ["id", "direction", "agenda_number", "letter_number", "sender", "subject", "sifat", "status"],
            "properties": {"id": {"type": "integer"}, "direction": {"enum": ["masuk", "keluar", "internal"]},
                           "agenda_number": {"type": ["integer", "null"]}, "agenda_year": {"type": ["integer", "null"]},
                           "letter_number": {"type": ["string", "null"]}, "letter_date": _DATE,
                           "received_date": _DATE, "sender": {"type": ["string", "null"]},
                           "subject": {"type": "string"}, "sifat": {"type": "string"}, "urgency": {"type": "string"},
                           "classification": {"type": ["string", "null"]}, "status": {"type": "string"}}}
_REGISTER = {"type": "object", "required": ["file", "sender", "letter_number", "letter_date", "received_date",
                                            "subject", "classification", "addressed_to"],
             "properties": {"file": {"type": "string", "format": "binary", "description": "Scanned letter (PDF)"},
                            "sender": {"type": "string"}, "letter_number": {"type": "string"},
                            "letter_date": {"type": "string", "format": "date"},
                            "received_date": {"type": "string", "format": "date"},
                            "subject": {"type": "string"}, "summary": {"type": "string"},
                            "sifat": {"enum": ["biasa", "terbatas", "rahasia", "sangat_rahasia"]},
                            "urgency": {"enum": ["biasa", "segera", "amat_segera"]},
                            "classification": {"type": "string", "example": "000.1.2"},
                            "attachments_count": {"type": "integer", "minimum": 0, "maximum": 999},
                            "addressed_to": {"type": "integer", "description": "Position id of the addressed head"}}}
_BOX_ROW = {**_SUMMARY, "required": [*_SUMMARY["required"], "source", "read"],
            "properties": {**_SUMMARY["properties"], "source": {"enum": ["registered", "internal"]},
                           "tembusan": {"type": "boolean"}, "read": {"type": "boolean"},
                           "read_at": {"type": ["string", "null"], "format": "date-time"}}}
_SEARCH = [{"name": "box", "in": "query", "schema": {"enum": ["masuk", "tembusan"]},
            "description": "masuk: the caller's incoming letters (registered, or delivered internally without an "
                           "agenda number); tembusan: copies for information, unread first. Other filters are "
                           "ignored with a box."},
           {"name": "q", "in": "query", "schema": {"type": "string"},
            "description": "Agenda number, letter number, sender or subject"},
           {"name": "status", "in": "query", "schema": {"enum": ["registered", "in_progress", "done"]}},
           {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}, "description": "Received on or after"},
           {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}, "description": "Received on or before"},
           {"name": "classification", "in": "query", "schema": {"type": "string"}, "description": "A code and its children"},
           {"name": "direction", "in": "query", "schema": {"enum": ["masuk", "keluar", "internal"]}},
           {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200, "default": 50}},
           {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0, "default": 0}}]
OPENAPI = {
    "/letters/incoming": {"post": {
        "summary": "Register an incoming letter (pencatat surat of the receiving OPD)",
        "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": _REGISTER}}},
        "responses": {"201": {"description": "{id, agenda_number, agenda_year, instance_id}",
                              "content": {"application/json": {"schema": {
                                  "type": "object", "required": ["id", "agenda_number", "agenda_year", "instance_id"],
                                  "properties": {k: {"type": "integer"} for k in
                                                 ("id", "agenda_number", "agenda_year", "instance_id")}}}}},
                      "403": {"description": "Not a pencatat surat of that OPD"},
                      "413": {"description": "The file is larger than the upload limit"},
                      "415": {"description": "The file is not a PDF"}, "422": {"description": "Field errors"}}}},
    "/letters": {"get": {
        "summary": "Search letters the caller may see", "parameters": _SEARCH,
        "responses": {"200": {"description": "[{id, agenda_number, letter_number, sender, subject, …}]; with box, "
                                             "each row also has source and read",
                              "content": {"application/json": {"schema": {"type": "array", "items": {
                                  "oneOf": [_SUMMARY, _BOX_ROW]}}}}},
                      "422": {"description": "A date that is not YYYY-MM-DD"}}}},
    "/letters/{letter_id}": {"get": {
        "summary": "A letter with its disposition tree (marks the caller's dispositions read)", "parameters": _ID,
        "responses": {"200": {"description": "Metadata plus dispositions: [{id, from, to, instructions, note, "
                                             "deadline, read_at, status, overdue, reports, children}]",
                              "content": {"application/json": {"schema": {
                                  **_SUMMARY, "required": [*_SUMMARY["required"], "dispositions"]}}}},
                      "404": _NOT_FOUND}}},
    "/letters/{letter_id}/read": {"post": {
        "summary": "Mark a letter delivered to the caller (internal or tembusan) read", "parameters": _ID,
        "responses": {"200": {"description": "The box row", "content": {"application/json": {"schema": _BOX_ROW}}},
                      "403": {"description": "Not delivered to the caller's position"}, "404": _NOT_FOUND}}},
    "/letters/{letter_id}/dispose": {"post": {
        "summary": "Dispose a letter delivered to the caller (internal or tembusan) to subordinates",
        "parameters": _ID,
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "required": ["recipients", "instructions"],
            "properties": {"recipients": {"type": "array", "items": {"type": "integer"}},
                           "instructions": {"type": "array", "items": {"type": "string"}},
                           "note": {"type": "string"}, "deadline": {"type": "string", "format": "date"}}}}}},
        "responses": {"201": {"description": "{dispositions: [{id, to_position_id}]}"},
                      "403": {"description": "Not delivered to the caller's position"}, "404": _NOT_FOUND,
                      "409": {"description": "The letter is closed"}, "422": {"description": "Field errors"}}}},
    "/letters/{letter_id}/file": {"get": {"summary": "The scanned PDF", "parameters": _ID,
                                          "responses": {"200": _PDF, "404": _NOT_FOUND}}},
    "/letters/{letter_id}/disposition-sheet.pdf": {"get": {
        "summary": "Lembar disposisi (PDF)", "parameters": _ID, "responses": {"200": _PDF, "404": _NOT_FOUND}}},
    "/classifications": {"get": {"summary": "Classification codes (kode klasifikasi arsip)",
                                 "responses": {"200": {"description": "[{code, name, active_years, inactive_years, final}]",
                                                       "content": {"application/json": {"schema": {
                                                           "type": "array", "items": {
                                                               "type": "object", "required": ["code", "name"],
                                                               "properties": {"code": {"type": "string"},
                                                                              "name": {"type": "string"}}}}}}}}}},
}
