"""Public verification pages (no login): by QR token, and a CSRF-protected upload form.
Signed-in officials change their signing passphrase here too."""
from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from eoffice.errors import InvalidInput
from eoffice.extensions import db
from eoffice.org.models import Employee
from eoffice.policy import authorize
from eoffice.signing import services, verification
from eoffice.signing.api import PUBLIC
from eoffice.web import login_required, pdf_response

bp = Blueprint("signing", __name__, template_folder="templates")


def _anyone():
    return g.get("actor") or PUBLIC


@bp.get("/verify")
def verify_form():
    authorize(_anyone(), "signing.verify")
    return render_template("signing/verify.html", result=None, token=None)


@bp.post("/verify")
def verify_upload():
    authorize(_anyone(), "signing.verify")
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise InvalidInput(_("Unggah berkas PDF."), "file")
    result = verification.verify_upload(db.session, upload.read())
    return render_template("signing/verify.html", result=result, token=None, uploaded=upload.filename)


@bp.get("/verify/<path:token>")
def verify_token(token: str):
    authorize(_anyone(), "signing.verify")
    if token.endswith("/pdf"):
        name, data = verification.signed_pdf_for_token(db.session, token[:-4])
        return pdf_response(data, name, inline=False)
    result = verification.verify_token(db.session, token)
    return render_template("signing/verify.html", result=result, token=token)


@bp.route("/signing/passphrase", methods=["GET", "POST"])
@login_required
def passphrase():
    authorize(g.actor, "signing.manage_own_key")
    employee = db.session.get(Employee, g.actor.employee_id)
    if request.method == "POST":
        new, again = request.form.get("new_passphrase", ""), request.form.get("confirm_passphrase", "")
        if new != again:
            raise InvalidInput(_("Konfirmasi frasa sandi tidak sama."), "confirm_passphrase")
        services.change_passphrase(db.session, employee, request.form.get("old_passphrase", ""), new)
        db.session.commit()
        flash(_("Frasa sandi tanda tangan telah diganti."), "success")
        return redirect(url_for("signing.passphrase"))
    key = services.signer_key(db.session, employee.id)
    return render_template("signing/passphrase.html", key=key,
                           locked_until=services.locked_until(db.session, employee.id))
