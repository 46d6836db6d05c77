"""Process-model administration pages: models, upload and review a draft (problems and diagram),
publish, edit the SPBE links, retire and reactivate."""
from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from eoffice.admin import services
from eoffice.core.errors import InvalidInput
from eoffice.app.extensions import db
from eoffice.app.transaction import unit_of_work, use_case
from eoffice.core.policy import authorize, can
from eoffice.auth.guards import login_required

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates")


@bp.get("/")
@login_required
def index():
    authorize(g.actor, "admin.models.view")
    return render_template("admin/index.html", models=services.model_overview(db.session),
                           can_manage=can(g.actor, "admin.models.manage"), errors=[])


@bp.post("/models/upload")
@login_required
def upload():
    authorize(g.actor, "admin.models.manage")
    upload_file = request.files.get("file")
    try:
        with unit_of_work():
            draft = services.stage_upload(db.session, upload_file.read() if upload_file else b"", g.actor.login)
    except InvalidInput as exc:
        return render_template("admin/index.html", models=services.model_overview(db.session), can_manage=True,
                               errors=exc.errors), 422
    return redirect(url_for("admin.draft", draft_id=draft.id))


@bp.get("/drafts/<int:draft_id>")
@login_required
def draft(draft_id: int):
    authorize(g.actor, "admin.models.view")
    item = services.get_draft(db.session, draft_id)
    return render_template("admin/draft.html", draft=item, preview=services.draft_preview(db.session, item),
                           can_manage=can(g.actor, "admin.models.manage"))


@bp.post("/drafts/<int:draft_id>/publish")
@login_required
def publish(draft_id: int):
    authorize(g.actor, "admin.models.manage")
    try:
        with unit_of_work():
            version = services.publish_draft(db.session, draft_id, request.form.get("note", "").strip(), g.actor.login)
    except InvalidInput as exc:
        flash("; ".join(e["message"] for e in exc.errors), "error")
        return redirect(url_for("admin.draft", draft_id=draft_id))
    flash(_("Versi %(number)s model %(model)s diterbitkan.", number=version.number, model=version.model_id), "success")
    return redirect(url_for("admin.model", model_id=version.model_id))


@bp.get("/models/<model_id>")
@login_required
def model(model_id: str):
    authorize(g.actor, "admin.models.view")
    return _model_page(model_id, [])


def _model_page(model_id: str, errors: list[dict], status: int = 200):
    from eoffice.spbe.wiring import model_spbe

    version = services.current_version(db.session, model_id)
    return render_template("admin/model.html", version=version, versions=services.versions_of(db.session, model_id),
                           reviews=services.reviews_of(db.session, model_id), spbe=model_spbe(db.session, model_id),
                           retired=services.is_retired(db.session, model_id), domains=services.DOMAINS,
                           can_manage=can(g.actor, "admin.models.manage"), errors=errors), status


@bp.post("/models/<model_id>/spbe")
@login_required
def edit_spbe(model_id: str):
    authorize(g.actor, "admin.models.manage")
    spbe = {d: request.form.get(d, "").replace(",", " ").split() for d in services.DOMAINS}
    try:
        with unit_of_work():
            item = services.stage_spbe_edit(db.session, model_id, spbe, g.actor.login)
    except InvalidInput as exc:
        return _model_page(model_id, exc.errors, 422)
    return redirect(url_for("admin.draft", draft_id=item.id))


@bp.post("/models/<model_id>/retire")
@login_required
@use_case
def retire(model_id: str):
    authorize(g.actor, "admin.models.manage")
    services.retire_model(db.session, model_id, request.form.get("note", "").strip(), g.actor.login)
    flash(_("Model %(model)s dipensiunkan: tidak ada permohonan baru, instans berjalan tetap selesai.", model=model_id), "info")
    return redirect(url_for("admin.model", model_id=model_id))


@bp.post("/models/<model_id>/reactivate")
@login_required
@use_case
def reactivate(model_id: str):
    authorize(g.actor, "admin.models.manage")
    services.reactivate_model(db.session, model_id, request.form.get("note", "").strip(), g.actor.login)
    flash(_("Model %(model)s diaktifkan kembali.", model=model_id), "success")
    return redirect(url_for("admin.model", model_id=model_id))
