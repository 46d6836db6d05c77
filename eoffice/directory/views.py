"""Web pages of the organisation: the position chart and Plh/Plt delegations."""
from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from eoffice.core.errors import InvalidInput
from eoffice.app.extensions import db
from eoffice.app.transaction import unit_of_work, use_case
from eoffice.org import services
from eoffice.core.policy import authorize, can
from eoffice.auth.guards import login_required

bp = Blueprint("org", __name__, url_prefix="/org", template_folder="templates")


@bp.get("/")
@login_required
def index():
    authorize(g.actor, "org.view")
    return render_template("org/index.html", positions=services.list_positions(db.session),
                           delegations=services.list_delegations(db.session),
                           can_manage=can(g.actor, "org.manage_delegations"))


@bp.route("/delegations/new", methods=["GET", "POST"])
@login_required
def new_delegation():
    authorize(g.actor, "org.manage_delegations")
    errors, form = [], request.form
    if request.method == "POST":
        try:
            position_id = int(form.get("position_id", "") or 0) or None
        except ValueError:
            position_id = None
        try:
            with unit_of_work():
                services.create_delegation(
                    db.session, position_id=position_id, delegate_login=form.get("delegate_login", "").strip(),
                    kind=form.get("kind"), start=form.get("start"), end=form.get("end"),
                    decree=form.get("decree", ""), created_by=g.actor.login)
            flash(_("Penugasan Plh/Plt disimpan."), "success")
            return redirect(url_for("org.index"))
        except InvalidInput as exc:
            errors = exc.errors
    return render_template("org/delegation_form.html", errors=errors, form=form,
                           positions=services.list_positions(db.session)), 422 if errors else 200


@bp.post("/delegations/<int:delegation_id>/end")
@login_required
@use_case
def end_delegation(delegation_id: int):
    authorize(g.actor, "org.manage_delegations")
    services.end_delegation(db.session, delegation_id)
    flash(_("Penugasan Plh/Plt diakhiri."), "info")
    return redirect(url_for("org.index"))
