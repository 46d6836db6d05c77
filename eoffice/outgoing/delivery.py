"""Delivering a signed letter: internal recipients and tembusan receive it as an incoming letter
in their OPD (registered automatically, entering the disposition flow); external recipients get
an e-mail with the link to download the signed PDF (or collect it from the drafter's unit)."""
from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from eoffice.core import clock
from eoffice.letters import services as letters
from eoffice.org import services as org
from eoffice.org.models import Position, Unit
from eoffice.outgoing.models import OutgoingLetter


def addressee(session: Session, position_id: int) -> tuple[int, int]:
    """(OPD id, the position the incoming letter is addressed to): the position if it heads a unit,
    else the head of its OPD."""
    position = session.get(Position, position_id)
    opd = org.opd_of_position(session, position.id)
    if position.is_head:
        return opd.id, position.id
    head = org.head_position_of_unit(session, opd.id)
    return opd.id, head.id


def _incoming_fields(session: Session, letter: OutgoingLetter) -> dict:
    today = clock.local(clock.now()).date().isoformat()
    sender = session.get(Unit, letter.opd_unit_id)
    return {"sender": sender.name, "letter_number": letter.number, "letter_date": today,
            "received_date": today, "subject": letter.subject, "summary": "",
            "sifat": letter.sifat, "urgency": letter.urgency, "classification": letter.classification,
            "attachments_count": len(letter.attachments or []), "kind": letter.kind.replace("_", " ")}


def deliver(session: Session, letter: OutgoingLetter, signed_pdf: bytes) -> list[dict]:
    """Register internal copies and queue e-mails to external recipients; returns what was done."""
    done: list[dict] = []
    seen: set[tuple[int, int]] = set()
    fields = _incoming_fields(session, letter)
    for role, parties in (("penerima", letter.recipients), ("tembusan", letter.tembusan)):
        for party in parties or []:
            if party.get("kind") == "internal":
                target = addressee(session, party["position_id"])
                if target in seen:
                    continue
                seen.add(target)
                incoming = letters.register_incoming(session, None, target[0], fields, signed_pdf, target[1],
                                                     source="outgoing", source_ref=str(letter.id))
                done.append({"kind": "internal", "role": role, "position_id": party["position_id"],
                             "opd_unit_id": target[0], "incoming_letter_id": incoming.id})
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
