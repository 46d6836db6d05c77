"""Signed-in officials change their signing passphrase here."""
from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from eoffice.core.errors import InvalidInput
from eoffice.app.extensions import db
from eoffice.app.transaction import unit_of_work
from eoffice.org.models import Employee
from eoffice.core.policy import authorize
from eoffice.signing import services
from eoffice.auth.guards import login_required

bp = Blueprint("signing", __name__, template_folder="templates")


@bp.route("/signing/passphrase", methods=["GET", "POST"])
@login_required
def passphrase():
    authorize(g.actor, "signing.manage_own_key")
    employee = db.session.get(Employee, g.actor.employee_id)
    if request.method == "POST":
        new, again = request.form.get("new_passphrase", ""), request.form.get("confirm_passphrase", "")
        if new != again:
            raise InvalidInput(_("Konfirmasi frasa sandi tidak sama."), "confirm_passphrase")
        with unit_of_work():
            services.change_passphrase(db.session, employee, request.form.get("old_passphrase", ""), new)
        flash(_("Frasa sandi tanda tangan telah diganti."), "success")
        return redirect(url_for("signing.passphrase"))
    key = services.signer_key(db.session, employee.id)
    return render_template("signing/passphrase.html", key=key,
                           locked_until=services.locked_until(db.session, employee.id))
