"""Web actions on dispositions: dispose / report / close from the letter page, cancel while unread."""
from __future__ import annotations

from flask import Blueprint, flash, g, redirect, request, url_for
from flask_babel import gettext as _

from eoffice.letters.dispositions import services
from eoffice.core.errors import InvalidInput
from eoffice.app.extensions import db
from eoffice.app.transaction import unit_of_work, use_case
from eoffice.app.i18n import N_
from eoffice.core.http import pdf_response
from eoffice.core.policy import authorize
from eoffice.auth.guards import login_required

bp = Blueprint("dispositions", __name__, template_folder="templates")


def _payload(form) -> dict:
    action = form.get("action", "")
    if action == "dispose":
        data = {"action": action, "recipients": [int(v) for v in form.getlist("recipients") if v.isdigit()],
                "instructions": form.getlist("instructions"), "note": form.get("note", "")}
        if form.get("deadline"):
            data["deadline"] = form["deadline"]
        return data
    if action == "report":
        return {"action": action, "report": form.get("report", "")}
    return {"action": action}


@bp.post("/letters/<int:letter_id>/act")
@login_required
def act(letter_id: int):
    authorize(g.actor, "dispositions.act")
    upload = request.files.get("report_pdf")
    pdf = upload.read() if upload and upload.filename else None
    try:
        with unit_of_work():
            services.act_on_letter(db.session, g.actor, letter_id, request.form.get("task_id", type=int),
                                   _payload(request.form), report_pdf=pdf)
    except InvalidInput as exc:
        from eoffice.letters.views import letter_page

        return letter_page(letter_id, exc.errors, request.form.get("task_id", type=int), 422)
    messages = {"dispose": _("Disposisi dikirim."), "report": _("Laporan tindak lanjut dikirim."),
                "close": _("Surat diselesaikan dan diarsipkan.")}
    flash(messages.get(request.form.get("action"), _("Tersimpan.")), "success")
    return redirect(url_for("letters.show", letter_id=letter_id))


@bp.post("/dispositions/<int:disposition_id>/cancel")
@login_required
@use_case
def cancel(disposition_id: int):
    authorize(g.actor, "dispositions.act")
    d = services.cancel_disposition(db.session, g.actor, disposition_id)
    flash(_("Disposisi dibatalkan."), "info")
    return redirect(url_for("letters.show", letter_id=d.letter_id))


@bp.get("/dispositions/reports/<int:report_id>/file")
@login_required
def report_file(report_id: int):
    authorize(g.actor, "letters.view")
    return pdf_response(services.report_file(db.session, g.actor, report_id), f"laporan-{report_id}.pdf")


# The instructions are stored in Bahasa Indonesia and shown translated (`_(instruction)`).
_INSTRUCTION_MSGIDS = (N_("Tanggapan dan saran"), N_("Proses lebih lanjut"), N_("Koordinasi"), N_("Untuk diketahui"),
                       N_("Hadiri/wakili"), N_("Siapkan jawaban"), N_("Arsipkan"))
