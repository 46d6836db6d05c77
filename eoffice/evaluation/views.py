"""The SPBE evaluation evidence page and its PDF report (under /spbe, beside the registry)."""
from __future__ import annotations

from flask import Blueprint, Response, current_app, g, render_template

from eoffice.app.extensions import db
from eoffice.auth.guards import login_required
from eoffice.core.policy import authorize
from eoffice.evaluation import evidence, evidence_pdf
from eoffice.spbe import codes

bp = Blueprint("evaluation", __name__, url_prefix="/spbe", template_folder="templates")


@bp.context_processor
def _spbe_globals():
    return {"DOMAINS": codes.DOMAINS, "STATUSES": codes.STATUSES, "FIELDS": codes.FIELDS,
            "VALUE_LABELS": codes.VALUE_LABELS}


def _evidence() -> dict:
    rules = [r.rule for r in current_app.url_map.iter_rules()]
    return evidence.collect(db.session, current_app.config, rules)


@bp.get("/evidence")
@login_required
def evidence_page():
    authorize(g.actor, "spbe.view")
    return render_template("spbe/evidence.html", ev=_evidence(), levels=evidence_pdf.LEVELS)


@bp.get("/evidence.pdf")
@login_required
def evidence_report():
    authorize(g.actor, "spbe.view")
    return Response(evidence_pdf.render(_evidence()), mimetype="application/pdf",
                    headers={"Content-Disposition": "attachment; filename=bukti-evaluasi-spbe-kearsipan.pdf"})
