"""Outgoing-letter use cases: draft (and submit into paraf), read within what the actor may see,
preview, history, and the fields other capabilities show (number, signer, verification URL)."""
from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from eoffice.core import clock, files
from eoffice.audit import services as audit
from eoffice.core.errors import Conflict, NotFound, PermissionDenied
from eoffice.letters import access as letters_access
from eoffice.letters import services as letters
from eoffice.letters.models import Letter
from eoffice.org import services as org
from eoffice.org.models import Employee, Position
from eoffice.outgoing import drafting, rendering, types
from eoffice.outgoing.models import LetterReview, OutgoingLetter, PathPosition

MODEL_ID = "surat_keluar"
TYPE_LABELS = types.REGISTER_KIND


def chain_of(letter_id: int) -> str:
    return f"outgoing:{letter_id}"


def _drafter_position(actor) -> int:
    if actor.own_position_id is None:
        raise PermissionDenied(_("Konseptor harus memegang jabatan."))
    return actor.own_position_id


def _check_attachments(attachments) -> list[tuple[str, bytes]]:
    clean = []
    for index, (name, data) in enumerate(attachments or ()):
        files.check_pdf(data, f"attachments[{index}]")
        clean.append(((name or "lampiran.pdf")[:200], data))
    return clean


def create_letter(session: Session, actor, fields: dict, attachments=(), *, submit: bool = True) -> OutgoingLetter:
    """A new draft in the drafter's OPD; with `submit` it goes straight into paraf."""
    position_id = _drafter_position(actor)
    clean = drafting.validate(session, position_id, fields)
    pdfs = _check_attachments(attachments)
    opd = org.opd_of_position(session, position_id)
    record = letters.create_letter_record(
        session, direction="keluar", opd_unit_id=opd.id, subject=clean["subject"], sifat=clean["sifat"],
        urgency=clean["urgency"], classification=clean["classification"], sender=opd.name,
        kind=TYPE_LABELS[clean["type"]])
    now = clock.now()
    letter = OutgoingLetter(
        id=record.id, kind=clean["type"], subject=clean["subject"], body=clean["body"], details=clean["details"],
        classification=clean["classification"], sifat=clean["sifat"], urgency=clean["urgency"],
        recipients=clean["recipients"], tembusan=clean["tembusan"],
        attachments=[{"digest": files.store(data), "name": name} for name, data in pdfs],
        opd_unit_id=opd.id, drafter_id=actor.employee_id, drafter_position_id=position_id,
        signer_position_id=clean["signer_position_id"], verifier_position_ids=clean["verifiers"],
        coordinator_position_ids=clean["coordinators"], status="draft", revision=1,
        created_at=now, updated_at=now)
    session.add(letter)
    session.flush()
    store_path(session, letter)
    audit.record(session, chain_of(letter.id), "outgoing.drafted", actor=actor.login,
                 acting_for=f"position:{position_id}", document=f"letter:{letter.id}",
                 data={k: v for k, v in clean.items()})
    if submit:
        submit_letter(session, actor, letter)
    return letter


def _own_draft(session: Session, actor, letter_id: int) -> OutgoingLetter:
    letter = session.get(OutgoingLetter, letter_id)
    if letter is None or letter.drafter_id != actor.employee_id:
        raise NotFound("letter")
    return letter


def submit_letter(session: Session, actor, letter: OutgoingLetter | int):
    """Start the paraf process for a draft (verifiers from the org chart, then coordination, signer)."""
    from eoffice.processes import runtime

    if isinstance(letter, int):
        letter = _own_draft(session, actor, letter)
    if letter.instance_id is not None or letter.status != "draft":
        raise Conflict(_("Konsep ini sudah diajukan."))
    letter.status = "in_review"
    instance = runtime.start_process(session, actor, MODEL_ID, process_data(letter, actor.login),
                                     business_key=letters.business_key(letter.id),
                                     acting_position_id=letter.drafter_position_id)
    letter.instance_id = instance.id
    session.get(Letter, letter.id).instance_id = instance.id
    refresh_status(session, letter)
    return instance


def process_data(letter: OutgoingLetter, drafter_login: str) -> dict:
    return {"letter_id": letter.id, "drafter": drafter_login, "verifiers": list(letter.verifier_position_ids),
            "coordinators": list(letter.coordinator_position_ids), "signer_position": letter.signer_position_id}


def current_fields(letter: OutgoingLetter) -> dict:
    return {**(letter.details or {}), "type": letter.kind, "subject": letter.subject, "body": letter.body,
            "classification": letter.classification, "sifat": letter.sifat, "urgency": letter.urgency,
            "recipients": letter.recipients, "tembusan": letter.tembusan,
            "signer_position_id": letter.signer_position_id, "coordinators": letter.coordinator_position_ids}


def apply_changes(session: Session, letter: OutgoingLetter, clean: dict) -> None:
    letter.kind, letter.subject, letter.body = clean["type"], clean["subject"], clean["body"]
    letter.details = clean["details"]
    letter.classification, letter.sifat, letter.urgency = clean["classification"], clean["sifat"], clean["urgency"]
    letter.recipients, letter.tembusan = clean["recipients"], clean["tembusan"]
    letter.signer_position_id = clean["signer_position_id"]
    letter.verifier_position_ids, letter.coordinator_position_ids = clean["verifiers"], clean["coordinators"]
    store_path(session, letter)
    letter.updated_at = clock.now()
    record = session.get(Letter, letter.id)
    record.subject, record.sifat, record.urgency = letter.subject, letter.sifat, letter.urgency
    record.classification_code, record.kind = letter.classification, TYPE_LABELS[letter.kind]


def refresh_status(session: Session, letter: OutgoingLetter) -> None:
    """The letter's status from where its process waits."""
    from workflows.models import ProcessInstance
    from workflows.workitems import open_items

    instance = session.get(ProcessInstance, letter.instance_id)
    names = {i.task_name for i in open_items(session, letter.instance_id)}
    if letter.signed_at is not None or (instance is not None and instance.status == "completed"):
        letter.status = "signed"
    elif "revisi" in names:
        letter.status = "returned"
    elif "tanda_tangan" in names:
        letter.status = "awaiting_signature"
    else:
        letter.status = "in_review"


# -- reading -----------------------------------------------------------------------------------
def path_position_ids(letter: OutgoingLetter) -> set[int]:
    return {letter.drafter_position_id, letter.signer_position_id, *letter.verifier_position_ids,
            *letter.coordinator_position_ids}


def store_path(session: Session, letter: OutgoingLetter) -> None:
    """Write the letter's path positions (after drafting or a revision changed the chain)."""
    session.execute(delete(PathPosition).where(PathPosition.letter_id == letter.id))
    session.add_all(PathPosition(letter_id=letter.id, position_id=p) for p in sorted(path_position_ids(letter)))


def may_see(session: Session, actor, letter: OutgoingLetter) -> bool:
    """The letters rule on the shared `letter` row (its path includes this capability's `paraf_path`)."""
    return letters_access.may_see(session, actor, session.get(Letter, letter.id))


def paraf_path(session: Session, actor):
    """The letters on the actor's outgoing path (plugin `letter_path`): letters they drafted,
    whose chain names one of their positions (own or acted for), or that they reviewed."""
    positions = list(actor.position_ids)
    return or_(Letter.id.in_(select(OutgoingLetter.id).where(OutgoingLetter.drafter_id == actor.employee_id)),
               Letter.id.in_(select(PathPosition.letter_id).where(PathPosition.position_id.in_(positions))),
               Letter.id.in_(select(LetterReview.letter_id).where(LetterReview.employee_id == actor.employee_id)))


def visible_letter(session: Session, actor, letter_id: int) -> OutgoingLetter:
    """The letter if the actor may see it; NotFound otherwise (existence never revealed)."""
    letter = session.get(OutgoingLetter, letter_id)
    if letter is None or not may_see(session, actor, letter):
        raise NotFound("letter")
    return letter


def list_for(session: Session, actor, limit: int = 100) -> list[OutgoingLetter]:
    """Letters the actor drafted or that are on one of their positions' path, newest first."""
    rows = session.scalars(select(OutgoingLetter).order_by(OutgoingLetter.updated_at.desc()).limit(500))
    return [letter for letter in rows if letter.drafter_id == actor.employee_id
            or set(actor.position_ids) & path_position_ids(letter)][:limit]


def open_task_for(session: Session, actor, letter: OutgoingLetter):
    """The letter's ready work item offered to the actor (or their Plh/Plt position), if any."""
    from eoffice.processes.runtime import offered_as
    from workflows.workitems import open_items

    if letter.instance_id is None:
        return None
    return next((i for i in open_items(session, letter.instance_id) if offered_as(actor, i)[0]), None)


def preview_pdf(session: Session, actor, letter_id: int) -> bytes:
    """The signed PDF once signed, else the draft preview (KONSEP watermark, no number)."""
    letter = visible_letter(session, actor, letter_id)
    if letter.signed_digest:
        return files.read(letter.signed_digest)
    return rendering.render_preview(session, letter)


def attachment(session: Session, actor, letter_id: int, index: int) -> tuple[str, bytes]:
    letter = visible_letter(session, actor, letter_id)
    if not 0 <= index < len(letter.attachments or []):
        raise NotFound("attachment")
    entry = letter.attachments[index]
    return entry["name"], files.read(entry["digest"])


def reviews(session: Session, letter_id: int) -> list[LetterReview]:
    return list(session.scalars(select(LetterReview).where(LetterReview.letter_id == letter_id)
                                .order_by(LetterReview.at, LetterReview.id)))


def verification_url(letter: OutgoingLetter) -> str | None:
    if not letter.token:
        return None
    from signatures import verification_url as url

    return url(current_app.config["PUBLIC_URL"], letter.token)


def letter_api_fields(session: Session, letter: Letter) -> dict:
    """What `GET /api/v1/letters/<id>` adds for outgoing letters ({} for others; plugin `letter_fields`)."""
    outgoing = session.get(OutgoingLetter, letter.id) if letter.direction != "masuk" else None
    return _signed_fields(outgoing) if outgoing is not None else {}


def _signed_fields(letter: OutgoingLetter) -> dict:
    return {"number": letter.number, "signed_at": letter.signed_at.isoformat() if letter.signed_at else None,
            "signer": signer_dict(letter), "verification_url": verification_url(letter),
            "outgoing_status": letter.status}


def signer_dict(letter: OutgoingLetter) -> dict | None:
    if letter.signed_at is None:
        return None
    return {"name": letter.signer_name, "position": letter.signer_position_title, "marker": letter.signer_marker}


def signed_pdf_of(session: Session, letter_id: int) -> bytes | None:
    letter = session.get(OutgoingLetter, letter_id)
    if letter is None or not letter.signed_digest:
        return None
    return files.read(letter.signed_digest)


def party_label(session: Session, entry: dict) -> str:
    if entry.get("kind") == "internal":
        position = session.get(Position, entry.get("position_id"))
        return position.title if position else "-"
    return entry.get("name") or "-"


def letter_dict(session: Session, letter: OutgoingLetter) -> dict:
    drafter = session.get(Employee, letter.drafter_id)
    return {
        "id": letter.id, "type": letter.kind, "subject": letter.subject, "body": letter.body,
        "fields": letter.details or {},
        "classification": letter.classification, "sifat": letter.sifat, "urgency": letter.urgency,
        "recipients": letter.recipients, "tembusan": letter.tembusan,
        "signer_position_id": letter.signer_position_id, "verifiers": letter.verifier_position_ids,
        "coordinators": letter.coordinator_position_ids, "status": letter.status, "revision": letter.revision,
        "instance_id": letter.instance_id, "drafter": drafter.login if drafter else None,
        "attachments": [{"name": a["name"]} for a in letter.attachments or []],
        **_signed_fields(letter),
        "reviews": [{"role": r.role, "action": r.action, "position_id": r.position_id, "note": r.note,
                     "revision": r.revision, "at": r.at.isoformat()} for r in reviews(session, letter.id)],
    }
