"""Web pages of letters: the register (search and counters), registration, the letter page with its
PDF and disposition tree, the disposition sheet, classification codes and the holiday calendar."""
from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from eoffice.letters.dispositions import services as dispositions
from eoffice.letters.dispositions.sheet import sheet_for
from eoffice.core.errors import InvalidInput, UnsupportedMedia
from eoffice.app.extensions import db
from eoffice.app.transaction import unit_of_work
from eoffice.letters import classifications, delivered, services
from eoffice.core.http import pdf_response
from eoffice.letters.models import SIFAT, URGENCY
from eoffice.letters.serialize import letter_as_dict
from eoffice.letters.dispositions.models import INSTRUCTIONS
from eoffice.core.policy import authorize, can
from eoffice.auth.guards import login_required
from eoffice.app.i18n import N_

bp = Blueprint("letters", __name__, url_prefix="/letters", template_folder="templates")


@bp.get("/")
@login_required
def index():
    authorize(g.actor, "letters.view")
    args = request.args
    searching = any(args.get(k) for k in ("q", "status", "from", "to", "classification"))
    results, errors = [], []
    try:
        if searching:  # the inbox itself stays independent of the register's size
            results = services.search_letters(db.session, g.actor, q=args.get("q", ""), status=args.get("status", ""),
                                              date_from=args.get("from"), date_to=args.get("to"),
                                              classification=args.get("classification", ""))
    except InvalidInput as exc:
        errors = exc.errors
    return render_template(
        "letters/index.html", results=results, searching=searching, errors=errors, args=args,
        counters=dispositions.inbox_counters(db.session, g.actor),
        mine=dispositions.my_dispositions(db.session, g.actor, limit=50),
        awaiting=dispositions.letters_awaiting_head(db.session, g.actor, limit=50),
        delivered_unread=delivered.unread_counts(db.session, g.actor),
        can_register=bool(g.actor.pencatat_units))


BOX_TITLES = {"masuk": N_("Naskah masuk"), "tembusan": N_("Tembusan")}


@bp.get("/box/<name>")
@login_required
def box(name: str):
    """Naskah masuk (registered and internal letters to my positions) or Tembusan (copies, unread first)."""
    authorize(g.actor, "letters.view")
    if name not in BOX_TITLES:
        from eoffice.core.errors import NotFound

        raise NotFound("box")
    return render_template("letters/box.html", name=name, title=BOX_TITLES[name],
                           letters=delivered.box(db.session, g.actor, name),
                           unread=delivered.unread_counts(db.session, g.actor), source_label=delivered.source_label)


@bp.post("/<int:letter_id>/dispose")
@login_required
def dispose_delivered(letter_id: int):
    """The recipient of an internal letter or a tembusan passes it on within their unit."""
    authorize(g.actor, "dispositions.act")
    form = request.form
    data = {"recipients": [int(v) for v in form.getlist("recipients") if v.isdigit()],
            "instructions": form.getlist("instructions"), "note": form.get("note", "")}
    if form.get("deadline"):
        data["deadline"] = form["deadline"]
    try:
        with unit_of_work():
            delivered.dispose(db.session, g.actor, letter_id, data)
    except InvalidInput as exc:
        return letter_page(letter_id, exc.errors, None, 422)
    flash(_("Disposisi dikirim."), "success")
    return redirect(url_for("letters.show", letter_id=letter_id))


def _registration_page(form, errors, status=200):
    opd = services.registering_opd(db.session, g.actor, form.get("addressed_to"))
    return render_template("letters/new.html", form=form, errors=errors, sifat=SIFAT, urgency=URGENCY,
                           heads=services.head_positions(db.session, opd),
                           classifications=classifications.list_classifications(db.session)), status


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    form = request.form
    opd_unit_id = services.registering_opd(db.session, g.actor, form.get("addressed_to"))
    authorize(g.actor, "letters.register", opd_unit_id)
    if request.method == "GET":
        return _registration_page(form, [])
    upload = request.files.get("file")
    try:
        with unit_of_work():
            letter = services.register_incoming(db.session, g.actor, opd_unit_id, services.incoming_fields(form),
                                                upload.read() if upload else None, form.get("addressed_to"))
    except (InvalidInput, UnsupportedMedia) as exc:
        errors = getattr(exc, "errors", None) or [{"field": "file", "message": exc.message}]
        return _registration_page(form, errors, exc.status)
    flash(_("Surat dicatat dengan nomor agenda %(agenda)s.", agenda=letter.agenda_label), "success")
    return redirect(url_for("letters.show", letter_id=letter.id))


@bp.get("/<int:letter_id>")
@login_required
def show(letter_id: int):
    authorize(g.actor, "letters.view")
    return letter_page(letter_id, [], request.args.get("task", type=int))


def letter_page(letter_id: int, errors: list, selected_task: int | None, status: int = 200):
    """The letter page (opening it reads the actor's dispositions); also re-shown with form errors."""
    # Reading is its own use case, also after a refused action was rolled back: it commits before the page is built.
    with unit_of_work():
        letter = services.open_letter(db.session, g.actor, letter_id)
    tasks = dispositions.ready_tasks_on(db.session, g.actor, letter)
    choices = {t["item"].id: dispositions.subordinate_choices(db.session, t["position_id"])
               for t in tasks if t["position_id"]}
    may_dispose = delivered.may_dispose(g.actor, letter)
    if may_dispose:
        choices[0] = dispositions.subordinate_choices(db.session, letter.addressed_to_position_id)
    return render_template("letters/show.html", letter=letter, data=letter_as_dict(db.session, letter),
                           tasks=tasks, choices=choices, may_dispose=may_dispose, instructions=INSTRUCTIONS, errors=errors,
                           form=request.form, selected_task=selected_task,
                           my_positions=set(g.actor.position_ids)), status


@bp.get("/<int:letter_id>/file")
@login_required
def file(letter_id: int):
    authorize(g.actor, "letters.view")
    return pdf_response(services.letter_pdf(db.session, g.actor, letter_id), f"surat-{letter_id}.pdf")


@bp.get("/<int:letter_id>/disposition-sheet.pdf")
@login_required
def disposition_sheet(letter_id: int):
    authorize(g.actor, "letters.view")
    return pdf_response(sheet_for(db.session, g.actor, letter_id), f"lembar-disposisi-{letter_id}.pdf")


@bp.route("/classifications", methods=["GET", "POST"])
@login_required
def classification_list():
    authorize(g.actor, "letters.view")
    errors = []
    if request.method == "POST":
        authorize(g.actor, "letters.manage_classifications")
        upload = request.files.get("file")
        try:
            with unit_of_work():
                count = classifications.import_classifications_csv(
                    db.session, upload.read().decode("utf-8-sig") if upload else "")
            flash(_("%(count)s kode klasifikasi diimpor.", count=count), "success")
            return redirect(url_for("letters.classification_list"))
        except (InvalidInput, UnicodeDecodeError) as exc:
            errors = getattr(exc, "errors", [{"field": "file", "message": _("Berkas harus teks UTF-8.")}])
    return render_template("letters/classifications.html", items=classifications.list_classifications(db.session),
                           errors=errors, can_manage=can(g.actor, "letters.manage_classifications")), 422 if errors else 200


@bp.post("/holidays/import")
@login_required
def import_holidays():
    from eoffice.calendar.services import import_holidays_csv

    authorize(g.actor, "letters.manage_classifications")
    upload = request.files.get("file")
    try:
        with unit_of_work():
            count = import_holidays_csv(db.session, upload.read().decode("utf-8-sig") if upload else "")
        flash(_("%(count)s hari libur diimpor.", count=count), "success")
    except (InvalidInput, UnicodeDecodeError) as exc:
        flash("; ".join(e["message"] for e in getattr(exc, "errors", [])) or _("Berkas harus teks UTF-8."), "error")
    return redirect(url_for("letters.classification_list"))
