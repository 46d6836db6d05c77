"""Outgoing letters JSON API: draft and submit, read, preview/signed PDF.

Paraf, revision and signing go through the generic `POST /api/v1/tasks/<id>/complete` (the
`surat_keluar` task handler in eoffice.outgoing.handlers)."""
from __future__ import annotations

from flask import Blueprint, g, jsonify

from eoffice.app.extensions import db
from eoffice.app.transaction import use_case
from eoffice.core.errors import NotFound
from eoffice.outgoing import services, types
from eoffice.core.policy import authorize
from eoffice.auth.guards import api_auth
from eoffice.core.http import json_body, pdf_response

api_bp = Blueprint("outgoing_api", __name__, url_prefix="/api/v1")



@api_bp.post("/letters/outgoing")
@api_auth
@use_case
def create_outgoing():
    authorize(g.actor, "outgoing.draft")
    letter = services.create_letter(db.session, g.actor, json_body(), submit=True)
    return jsonify(id=letter.id, instance_id=letter.instance_id), 201


@api_bp.get("/letter-types")
@api_auth
def letter_types():
    """The letter types a drafter may choose, with the structured fields each one takes."""
    authorize(g.actor, "outgoing.view")
    return jsonify(types.catalogue())


@api_bp.get("/letters/outgoing")
@api_auth
def list_outgoing():
    authorize(g.actor, "outgoing.view")
    return jsonify([services.letter_dict(db.session, letter) for letter in services.list_for(db.session, g.actor)])


@api_bp.get("/letters/outgoing/<int:letter_id>")
@api_auth
def outgoing_detail(letter_id: int):
    authorize(g.actor, "outgoing.view")
    letter = services.visible_letter(db.session, g.actor, letter_id)
    return jsonify(services.letter_dict(db.session, letter))


@api_bp.get("/letters/outgoing/<int:letter_id>/preview")
@api_auth
def outgoing_preview(letter_id: int):
    authorize(g.actor, "outgoing.view")
    return pdf_response(services.preview_pdf(db.session, g.actor, letter_id), f"konsep-{letter_id}.pdf")


@api_bp.get("/letters/<int:letter_id>/pdf")
@api_auth
def letter_pdf(letter_id: int):
    """The signed PDF of an outgoing letter (the stored file of any other letter)."""
    authorize(g.actor, "outgoing.view")
    from eoffice.outgoing.models import OutgoingLetter

    if db.session.get(OutgoingLetter, letter_id) is None:
        from eoffice.letters import services as letters

        return pdf_response(letters.letter_pdf(db.session, g.actor, letter_id), f"surat-{letter_id}.pdf")
    letter = services.visible_letter(db.session, g.actor, letter_id)
    data = services.signed_pdf_of(db.session, letter.id)
    if data is None:
        raise NotFound("signed pdf")
    return pdf_response(data, f"surat-{letter_id}.pdf")


_ID = [{"name": "letter_id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}]
_PDF = {"description": "PDF", "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}}
_PARTY = {"type": "object", "required": ["kind"], "properties": {
    "kind": {"enum": ["internal", "external"]},
    "position_id": {"type": "integer", "description": "internal: the addressed position"},
    "name": {"type": "string", "maxLength": 300, "description": "external: the addressee"},
    "address": {"type": "string", "maxLength": 500}, "email": {"type": "string", "format": "email"}}}
_DRAFT = {"type": "object", "required": ["type", "subject", "body", "classification", "recipients", "signer_position_id"],
          "properties": {
              "type": {"enum": list(types.CODES)},
              "subject": {"type": "string", "minLength": 1, "maxLength": 500},
              "body": {"type": "string", "maxLength": 20000,
                       "description": "Paragraphs separated by a blank line; single line breaks and '1.'/'-' list "
                                      "lines are kept. Optional for surat_tugas, surat_perintah, surat_keputusan."},
              **{name: {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
                        "description": "A field of the letter type (GET /letter-types); list fields take a list or "
                                       "one item per line"} for name in types.FIELD_NAMES},
              "classification": {"type": "string", "example": "000.8.3.3"},
              "sifat": {"enum": ["biasa", "terbatas", "rahasia", "sangat_rahasia"]},
              "urgency": {"enum": ["biasa", "segera", "amat_segera"]},
              "recipients": {"type": "array", "minItems": 1, "maxItems": 50, "items": _PARTY},
              "tembusan": {"type": "array", "maxItems": 50, "items": _PARTY},
              "signer_position_id": {"type": "integer"},
              "coordinators": {"type": "array", "maxItems": 10, "items": {"type": "integer"}}}}
_LETTER = {"type": "object", "required": ["id", "type", "subject", "status", "reviews"], "properties": {
    "id": {"type": "integer"}, "type": {"type": "string"}, "subject": {"type": "string"},
    "number": {"type": ["string", "null"]}, "status": {"type": "string"},
    "signer_position_id": {"type": ["integer", "null"]}, "instance_id": {"type": ["integer", "null"]},
    "reviews": {"type": "array", "items": {"type": "object"}}}}
_TYPE = {"type": "object", "required": ["code", "name", "fields"], "properties": {
    "code": {"type": "string"}, "name": {"type": "string"}, "body_required": {"type": "boolean"},
    "fields": {"type": "array", "items": {"type": "object", "required": ["name", "label", "type", "required"],
                                          "properties": {"name": {"type": "string"}, "label": {"type": "string"},
                                                         "type": {"enum": ["text", "list"]},
                                                         "required": {"type": "boolean"}}}}}}
OPENAPI = {
    "/letter-types": {"get": {"summary": "Letter types (Permendagri 1/2023) and the fields each takes when drafting",
                              "tags": ["outgoing"],
                              "responses": {"200": {"description": "list", "content": {"application/json": {
                                  "schema": {"type": "array", "items": _TYPE}}}}}}},
    "/letters/outgoing": {
        "post": {"summary": "Draft an outgoing letter and submit it into paraf", "tags": ["outgoing"],
                 "requestBody": {"required": True, "content": {"application/json": {"schema": _DRAFT}}},
                 "responses": {"201": {"description": "{id, instance_id}", "content": {"application/json": {"schema": {
                                   "type": "object", "required": ["id", "instance_id"],
                                   "properties": {"id": {"type": "integer"}, "instance_id": {"type": ["integer", "null"]}}}}}},
                               "403": {"description": "The caller holds no position"},
                               "422": {"description": "Field errors"}}},
        "get": {"summary": "Outgoing letters drafted by me or on my paraf path", "tags": ["outgoing"],
                "responses": {"200": {"description": "list", "content": {"application/json": {"schema": {
                    "type": "array", "items": _LETTER}}}}}},
    },
    "/letters/outgoing/{letter_id}": {"get": {"summary": "One outgoing letter with its paraf history", "tags": ["outgoing"],
                                       "parameters": _ID,
                                       "responses": {"200": {"description": "letter", "content": {"application/json": {
                                                         "schema": _LETTER}}},
                                                     "404": {"description": "Unknown or not visible"}}}},
    "/letters/outgoing/{letter_id}/preview": {"get": {"summary": "Draft preview PDF (KONSEP, no number) or the signed PDF",
                                               "tags": ["outgoing"], "parameters": _ID,
                                               "responses": {"200": _PDF, "404": {"description": "Unknown or not visible"}}}},
    "/letters/{letter_id}/pdf": {"get": {"summary": "The signed PDF of a letter", "tags": ["outgoing"], "parameters": _ID,
                                  "responses": {"200": _PDF, "404": {"description": "Not signed, unknown or not visible"}}}},
}
