"""Web pages of records exchange: a letter's package (the button on the letter page), the bulk
export of an OPD and the import of a package as an incoming letter."""
from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from eoffice.core.errors import InvalidInput, UnsupportedMedia
from eoffice.app.extensions import db
from eoffice.app.transaction import unit_of_work
from eoffice.letters import services as letters
from eoffice.org.models import Unit
from eoffice.core.policy import authorize
from eoffice.records import services
from eoffice.records.api import bulk_response, zip_response
from eoffice.auth.guards import login_required

bp = Blueprint("records", __name__, url_prefix="/records", template_folder="templates")


def _page(errors=(), status: int = 200):
    opds = db.session.query(Unit).filter(Unit.kind == "opd").order_by(Unit.code).all()
    heads = [h for unit_id in sorted(g.actor.pencatat_units) for h in letters.head_positions(db.session, unit_id)]
    return render_template("records/index.html", opds=opds, heads=heads, errors=list(errors),
                           args=request.values, can_import=bool(g.actor.pencatat_units)), status


@bp.get("/")
@login_required
def index():
    authorize(g.actor, "records.export_letter")
    return _page()


@bp.get("/letters/<int:letter_id>/package.zip")
@login_required
def letter_package(letter_id: int):
    authorize(g.actor, "records.export_letter")
    name, data = services.letter_package(db.session, g.actor, letter_id)
    return zip_response(data, name)


@bp.get("/export")
@login_required
def bulk_export():
    args = request.args
    try:
        plan = services.plan_bulk_export(db.session, g.actor, args.get("opd"), args.get("from"), args.get("to"))
    except InvalidInput as exc:
        return _page(exc.errors, exc.status)
    return bulk_response(plan)


@bp.post("/import")
@login_required
def import_package():
    upload = request.files.get("file")
    try:
        with unit_of_work():
            letter = services.import_package(db.session, g.actor, upload.read() if upload else None,
                                             request.form.get("addressed_to"))
    except (InvalidInput, UnsupportedMedia) as exc:
        return _page(getattr(exc, "errors", None) or [{"field": "file", "message": exc.message}], exc.status)
    flash(_("Paket diimpor sebagai surat masuk dengan nomor agenda %(agenda)s.", agenda=letter.agenda_label),
          "success")
    return redirect(url_for("letters.show", letter_id=letter.id))
