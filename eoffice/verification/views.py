"""Public verification pages (no login): by QR token, and a CSRF-protected upload form."""
from __future__ import annotations

from flask import Blueprint, g, render_template, request
from flask_babel import gettext as _

from eoffice.app.extensions import db
from eoffice.core.errors import InvalidInput
from eoffice.core.http import pdf_response
from eoffice.core.policy import authorize
from eoffice.verification import services as verification
from eoffice.verification.api import PUBLIC

bp = Blueprint("verification", __name__, template_folder="templates")


def _anyone():
    return g.get("actor") or PUBLIC


@bp.get("/verify")
def verify_form():
    authorize(_anyone(), "signing.verify")
    return render_template("verification/verify.html", result=None, token=None)


@bp.post("/verify")
def verify_upload():
    authorize(_anyone(), "signing.verify")
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise InvalidInput(_("Unggah berkas PDF."), "file")
    result = verification.verify_upload(db.session, upload.read())
    return render_template("verification/verify.html", result=result, token=None, uploaded=upload.filename)


@bp.get("/verify/<path:token>")
def verify_token(token: str):
    authorize(_anyone(), "signing.verify")
    if token.endswith("/pdf"):
        name, data = verification.signed_pdf_for_token(db.session, token[:-4])
        return pdf_response(data, name, inline=False)
    result = verification.verify_token(db.session, token)
    return render_template("verification/verify.html", result=result, token=token)
