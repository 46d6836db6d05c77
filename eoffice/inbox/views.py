"""The inbox page: ready tasks with counts, due dates and the position each is received as."""
from __future__ import annotations

from flask import Blueprint, g, render_template

from eoffice.app.extensions import db
from eoffice.inbox import services
from eoffice.core.policy import authorize
from eoffice.auth.guards import login_required

bp = Blueprint("inbox", __name__, template_folder="templates")


@bp.get("/inbox")
@login_required
def index():
    authorize(g.actor, "inbox.view")
    return render_template("inbox/index.html", **services.inbox(db.session, g.actor),
                           letter_counters=services.letter_counters(db.session, g.actor))
