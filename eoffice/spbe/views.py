"""SPBE web pages: the registry, record forms, import/export, the architecture map per model,
and the traceability matrix (the evaluation evidence is `eoffice.evaluation`)."""
from __future__ import annotations

from flask import Blueprint, Response, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from eoffice.core.errors import InvalidInput
from eoffice.app.extensions import db
from eoffice.app.transaction import unit_of_work, use_case
from eoffice.core.policy import authorize, can
from eoffice.spbe import codes, services, transfer, wiring
from eoffice.auth.guards import login_required

bp = Blueprint("spbe", __name__, url_prefix="/spbe", template_folder="templates")


@bp.context_processor
def _spbe_globals():
    return {"DOMAINS": codes.DOMAINS, "STATUSES": codes.STATUSES, "FIELDS": codes.FIELDS,
            "VALUE_LABELS": codes.VALUE_LABELS, "can_manage": can(g.get("actor"), "spbe.manage")}


@bp.get("/")
@login_required
def index():
    authorize(g.actor, "spbe.view")
    domain = request.args.get("domain") if request.args.get("domain") in codes.DOMAINS else None
    query = (request.args.get("q") or "").strip().lower()
    records = [r for r in services.list_records(db.session, domain)
               if not query or query in r.code.lower() or query in r.name.lower()]
    used = wiring.code_index(db.session)
    return render_template("spbe/index.html", records=records, domain=domain, q=query, used=used)


@bp.get("/records/<code>")
@login_required
def record(code: str):
    authorize(g.actor, "spbe.view")
    rec = services.get_record(db.session, code)
    return render_template("spbe/record.html", record=rec, detail=wiring.record_detail(db.session, rec),
                           incoming=services.incoming_links(db.session, code))


def _form_data(form) -> dict:
    domain = codes.domain_of(form.get("code", "").strip()) or form.get("domain", "")
    data = {k: form.get(k, "") for k in ("code", "name", "description", "owner_unit", "status")}
    data["attrs"] = {name: form.get(f"attr_{name}", "") for name in codes.FIELDS.get(domain, {})}
    data["links"] = form.get("links", "")
    data["sample"] = form.get("sample") == "on"
    return data


@bp.route("/records/new", methods=["GET", "POST"])
@login_required
def new_record():
    authorize(g.actor, "spbe.manage")
    errors, form = [], request.form
    if request.method == "POST":
        try:
            with unit_of_work():
                rec = services.create_record(db.session, _form_data(form), g.actor.login)
            flash(_("Rekam %(code)s disimpan.", code=rec.code), "success")
            return redirect(url_for("spbe.record", code=rec.code))
        except InvalidInput as exc:
            errors = exc.errors
    return render_template("spbe/record_form.html", record=None, form=form, errors=errors), 422 if errors else 200


@bp.route("/records/<code>/edit", methods=["GET", "POST"])
@login_required
def edit_record(code: str):
    authorize(g.actor, "spbe.manage")
    rec = services.get_record(db.session, code)
    errors, form = [], request.form
    if request.method == "POST":
        try:
            with unit_of_work():
                services.update_record(db.session, code, _form_data(form), g.actor.login)
            flash(_("Rekam %(code)s disimpan.", code=code), "success")
            return redirect(url_for("spbe.record", code=code))
        except InvalidInput as exc:
            errors = exc.errors
    return render_template("spbe/record_form.html", record=rec, form=form, errors=errors), 422 if errors else 200


@bp.post("/records/<code>/retire")
@login_required
@use_case
def retire_record(code: str):
    authorize(g.actor, "spbe.manage")
    services.retire_record(db.session, code, g.actor.login)
    flash(_("Rekam %(code)s dipensiunkan.", code=code), "info")
    return redirect(url_for("spbe.record", code=code))


@bp.post("/records/<code>/reactivate")
@login_required
@use_case
def reactivate_record(code: str):
    authorize(g.actor, "spbe.manage")
    services.reactivate_record(db.session, code, g.actor.login)
    flash(_("Rekam %(code)s diaktifkan kembali.", code=code), "info")
    return redirect(url_for("spbe.record", code=code))


@bp.post("/records/<code>/delete")
@login_required
@use_case
def delete_record(code: str):
    authorize(g.actor, "spbe.manage")
    wiring.delete_record(db.session, code)
    flash(_("Rekam %(code)s dihapus.", code=code), "info")
    return redirect(url_for("spbe.index"))


@bp.route("/import", methods=["GET", "POST"])
@login_required
def import_records():
    authorize(g.actor, "spbe.manage")
    errors = []
    if request.method == "POST":
        upload = request.files.get("file")
        name = (upload.filename or "").lower() if upload else ""
        try:
            if upload is None or not name:
                raise InvalidInput(_("Pilih berkas CSV atau JSON."), "file")
            with unit_of_work():
                result = transfer.import_records(db.session, upload.read(),
                                                 "json" if name.endswith(".json") else "csv", g.actor.login)
            flash(_("Impor selesai: %(created)s rekam baru, %(updated)s diperbarui.", **result), "success")
            return redirect(url_for("spbe.index"))
        except InvalidInput as exc:
            errors = exc.errors
    return render_template("spbe/import.html", errors=errors), 422 if errors else 200


@bp.get("/export.<fmt>")
@login_required
def export(fmt: str):
    authorize(g.actor, "spbe.view")
    if fmt not in ("csv", "json"):
        return redirect(url_for("spbe.index"))
    body, mimetype, name = transfer.download(db.session, fmt)
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f"attachment; filename={name}"})


@bp.get("/map")
@login_required
def architecture_map():
    authorize(g.actor, "spbe.view")
    arch = wiring.architecture(db.session)
    return render_template("spbe/map.html", arch=arch, records={r["code"]: r for r in arch["records"]})


@bp.get("/matrix")
@login_required
def matrix():
    authorize(g.actor, "spbe.view")
    models, columns, cells = wiring.matrix(db.session)
    names = {r.code: r.name for r in services.list_records(db.session)}
    return render_template("spbe/matrix.html", models=models, columns=columns, cells=cells, names=names)


@bp.get("/matrix.csv")
@login_required
def matrix_csv():
    authorize(g.actor, "spbe.view")
    return Response(wiring.matrix_csv(db.session), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=matriks-keterlacakan-spbe.csv"})
