"""The signed-in person's notifications page."""
from __future__ import annotations

from flask import Blueprint, g, redirect, render_template, request

from eoffice.app.extensions import db
from eoffice.app.transaction import use_case
from eoffice.notifications import services
from eoffice.core.policy import authorize
from eoffice.auth.guards import login_required
from eoffice.core.http import safe_next

bp = Blueprint("notifications", __name__, url_prefix="/notifications", template_folder="templates")


@bp.get("/")
@login_required
def index():
    authorize(g.actor, "notifications.view")
    return render_template("notifications/index.html",
                           items=services.list_for(db.session, g.actor.employee_id, limit=100))


@bp.post("/read")
@login_required
@use_case
def mark_read():
    authorize(g.actor, "notifications.view")
    services.mark_read(db.session, g.actor.employee_id, request.form.get("id"))
    return redirect(safe_next(request.form.get("next"), "notifications.index"))
