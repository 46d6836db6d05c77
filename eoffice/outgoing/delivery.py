"""Delivering a signed letter (SRIKANDI practice): an internal recipient position receives it directly
in its Naskah masuk, a tembusan position in its Tembusan list; neither is registered by the pencatat,
takes an agenda number, or creates a task or deadline (`eoffice.letters.delivered`). A letter to a
person (a surat tugas to a staff member) reaches that person's position. External recipients get an
e-mail with the link to download the signed PDF (or collect it from the drafter's unit)."""
from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from eoffice.core import clock
from eoffice.letters import delivered
from eoffice.org import services as org
from eoffice.org.models import Position, Unit
from eoffice.outgoing.models import OutgoingLetter


def addressee(session: Session, position_id: int) -> tuple[int, int]:
    """(OPD id, the position the letter is delivered to): the addressed position itself."""
    position = session.get(Position, position_id)
    return org.opd_of_position(session, position.id).id, position.id


def _incoming_fields(session: Session, letter: OutgoingLetter) -> dict:
    today = clock.local(clock.now()).date()
    sender = session.get(Unit, letter.opd_unit_id)
    return {"sender": sender.name, "letter_number": letter.number, "letter_date": today,
            "received_date": today, "subject": letter.subject, "summary": "",
            "sifat": letter.sifat, "urgency": letter.urgency, "classification": letter.classification,
            "attachments_count": len(letter.attachments or []), "kind": letter.kind.replace("_", " ")}


def deliver(session: Session, letter: OutgoingLetter, signed_pdf: bytes) -> list[dict]:
    """Deliver to internal positions and queue e-mails to external recipients; returns what was done.

    A position named both as recipient and in the tembusan receives the letter once, as recipient."""
    done: list[dict] = []
    seen: set[int] = set()
    fields = _incoming_fields(session, letter)
    for role, parties in (("penerima", letter.recipients), ("tembusan", letter.tembusan)):
        for party in parties or []:
            if party.get("kind") == "internal":
                opd_id, position_id = addressee(session, party["position_id"])
                if position_id in seen:
                    continue
                seen.add(position_id)
                incoming = delivered.deliver(session, position_id=position_id, opd_unit_id=opd_id, role=role,
                                             fields=fields, pdf_bytes=signed_pdf, source_ref=str(letter.id))
                done.append({"kind": "internal", "role": role, "position_id": position_id,
                             "opd_unit_id": opd_id, "incoming_letter_id": incoming.id})
            else:
                done.append({"kind": "external", "role": role, "name": party.get("name"),
                             "email": party.get("email") or None,
                             "emailed": _email(session, letter, party)})
    return done


def _email(session: Session, letter: OutgoingLetter, party: dict) -> bool:
    address = party.get("email")
    if not address:
        return False
    from eoffice.notifications.services import queue_email

    base = current_app.config["PUBLIC_URL"].rstrip("/")
    link = f"{base}/verify/{letter.token}"
    body = _("Yth. %(name)s,\n\nTerlampir tautan surat %(number)s yang telah ditandatangani secara "
             "elektronik. Unduh dan periksa keasliannya di:\n%(link)s\n", name=party.get("name"),
             number=letter.number, link=link)
    queue_email(session, address, _("Surat %(number)s", number=letter.number), body,
                f"outgoing:{letter.id}:{address}")
    return True
