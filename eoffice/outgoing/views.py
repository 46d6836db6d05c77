"""Outgoing-letter pages: my letters, the drafting form, the letter page with its preview,
paraf history and the actor's task on it (paraf, revision, signature)."""
from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from eoffice.app.extensions import db
from eoffice.app.i18n import translate_message
from eoffice.app.transaction import unit_of_work, use_case
from eoffice.core.errors import Conflict, InvalidInput, PermissionDenied
from eoffice.letters.classifications import list_classifications
from eoffice.org import services as org
from eoffice.outgoing import forms, services
from eoffice.letters.models import SIFAT, URGENCY
from eoffice.outgoing.models import STATUS_LABELS
from eoffice.outgoing.types import TYPES
from eoffice.core.policy import authorize
from eoffice.auth.guards import login_required
from eoffice.core.http import pdf_response
from eoffice.signing import services as signing

bp = Blueprint("outgoing", __name__, template_folder="templates")


@bp.context_processor
def _labels() -> dict:
    return {"status_labels": STATUS_LABELS, "letter_types": TYPES}


@bp.app_template_filter("party_label")
def _party_label(entry: dict) -> str:
    return services.party_label(db.session, entry)


def _choices(letter=None) -> dict:
    positions = org.list_positions(db.session)
    own = g.actor.own_position_id
    chain = org.chain_upwards(db.session, own, limit=30) if own else []
    by_id = {p["id"]: p for p in positions}
    return {"positions": positions, "signers": [by_id[p] for p in chain if p in by_id],
            "classifications": list_classifications(db.session), "types": TYPES, "sifat": SIFAT,
            "urgency": URGENCY, "letter": letter}


@bp.get("/outgoing/")
@login_required
def index():
    authorize(g.actor, "outgoing.view")
    return render_template("outgoing/index.html", letters=services.list_for(db.session, g.actor))


@bp.route("/outgoing/new", methods=["GET", "POST"])
@login_required
def new():
    authorize(g.actor, "outgoing.draft")
    if request.method == "POST":
        uploads = [(f.filename, f.read()) for f in request.files.getlist("attachments") if f and f.filename]
        with unit_of_work():
            letter = services.create_letter(db.session, g.actor, forms.draft_fields(request.form), uploads,
                                            submit=request.form.get("submit") == "1")
        flash(_("Konsep diajukan untuk paraf.") if letter.instance_id else _("Konsep disimpan."), "success")
        return redirect(url_for("outgoing.detail", letter_id=letter.id))
    return render_template("outgoing/form.html", external_lines=forms.external_lines, **_choices())


@bp.get("/outgoing/<int:letter_id>")
@login_required
def detail(letter_id: int):
    authorize(g.actor, "outgoing.view")
    return _letter_page(services.visible_letter(db.session, g.actor, letter_id))


def _letter_page(letter, *, status: int = 200, error: str | None = None, submitted=None):
    """The letter page; after a refused task form, with the refusal and what was typed kept."""
    task = services.open_task_for(db.session, g.actor, letter)
    context = {"letter": letter, "task": task, "reviews": services.reviews(db.session, letter.id),
               "verification_url": services.verification_url(letter),
               "position_title": lambda pid: org.get_position(db.session, pid).title,
               "external_lines": forms.external_lines, "error": error,
               "note": submitted.get("note", "") if submitted is not None else ""}
    if task is not None and task.task_name == "revisi":
        context.update(_choices(letter))
        if submitted is not None:
            context["draft"] = forms.as_draft(submitted)
    return render_template("outgoing/detail.html", **context), status


@bp.post("/outgoing/<int:letter_id>/submit")
@login_required
@use_case
def submit(letter_id: int):
    authorize(g.actor, "outgoing.draft")
    services.submit_letter(db.session, g.actor, letter_id)
    flash(_("Konsep diajukan untuk paraf."), "success")
    return redirect(url_for("outgoing.detail", letter_id=letter_id))


@bp.post("/outgoing/<int:letter_id>/tasks/<int:work_item_id>")
@login_required
@use_case
def complete(letter_id: int, work_item_id: int):
    from eoffice.processes import runtime

    authorize(g.actor, "processes.complete_task", True)
    letter = services.visible_letter(db.session, g.actor, letter_id)
    item = services.open_task_for(db.session, g.actor, letter)
    if item is None or item.id != work_item_id:
        flash(_("Tugas ini tidak lagi menunggu tindakan Anda."), "warning")
        return redirect(url_for("outgoing.detail", letter_id=letter_id))
    try:
        runtime.complete_task(db.session, g.actor, item.id, forms.task_data(item.task_name, request.form))
    except (InvalidInput, PermissionDenied, Conflict) as exc:
        return _refused_task(letter_id, exc)
    flash(_("Tindakan Anda telah disimpan."), "success")
    return redirect(url_for("outgoing.detail", letter_id=letter_id))


def _refused_task(letter_id: int, exc):
    """A refused paraf, revision or signature is shown on the same form, the note kept (a wrong
    signing passphrase was already counted towards the lockout, in its own transaction)."""
    db.session.rollback()
    if isinstance(exc, signing.WrongSigningPassphrase):
        message = signing.wrong_passphrase_message(exc.attempt)
    elif isinstance(exc, InvalidInput):
        message = "; ".join(forms.field_error(e.get("field"), str(translate_message(e["message"])))
                            for e in exc.errors)
    else:
        message = translate_message(exc.message) or _("Tindakan Anda tidak dapat disimpan.")
    letter = services.visible_letter(db.session, g.actor, letter_id)
    return _letter_page(letter, status=exc.status, error=message, submitted=request.form)


@bp.get("/outgoing/<int:letter_id>/preview.pdf")
@login_required
def preview(letter_id: int):
    authorize(g.actor, "outgoing.view")
    return pdf_response(services.preview_pdf(db.session, g.actor, letter_id), f"surat-{letter_id}.pdf")


@bp.get("/outgoing/<int:letter_id>/attachments/<int:index>")
@login_required
def attachment(letter_id: int, index: int):
    authorize(g.actor, "outgoing.view")
    name, data = services.attachment(db.session, g.actor, letter_id, index)
    return pdf_response(data, name.replace('"', ""), inline=False)
