"""Auditor pages: every process instance with the state of its audit chain (read-only)."""
from __future__ import annotations

from flask import Blueprint, g, render_template, request

from eoffice.audit import services
from eoffice.app.extensions import db
from eoffice.core.policy import authorize
from eoffice.processes import events
from eoffice.processes import services as processes
from eoffice.auth.guards import login_required

bp = Blueprint("audit", __name__, template_folder="templates")
PAGE = 50


@bp.get("/audit")
@login_required
def index():
    authorize(g.actor, "audit.view_all")
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    instances = processes.all_instances(db.session, limit=PAGE, offset=(page - 1) * PAGE)
    reports = {i.id: services.verify_chain(db.session, events.chain_of(i.id)) for i in instances}
    return render_template("audit/index.html", instances=instances, reports=reports, page=page,
                           has_next=len(instances) == PAGE)
