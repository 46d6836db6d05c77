"""A letter as plain data for the API and the pages (metadata, retention, disposition tree)."""
from __future__ import annotations

from sqlalchemy.orm import Session

from eoffice.app.plugins import registry
from eoffice.letters.dispositions.tree import disposition_tree


def _iso(value):
    return value.isoformat() if value is not None else None


def letter_summary(letter) -> dict:
    return {"id": letter.id, "direction": letter.direction, "agenda_number": letter.agenda_number,
            "agenda_year": letter.agenda_year, "agenda_label": letter.agenda_label,
            "letter_number": letter.letter_number, "letter_date": _iso(letter.letter_date),
            "received_date": _iso(letter.received_date), "sender": letter.sender, "subject": letter.subject,
            "sifat": letter.sifat, "urgency": letter.urgency, "classification": letter.classification_code,
            "status": letter.status, "deadline": _iso(letter.deadline)}


def letter_as_dict(session: Session, letter, *, with_tree: bool = True) -> dict:
    body = letter_summary(letter)
    body.update({
        "kind": letter.kind, "summary": letter.summary, "attachments_count": letter.attachments_count,
        "classification_name": letter.classification.name if letter.classification else None,
        "addressed_to": letter.addressed_to_position_id, "opd_unit_id": letter.opd_unit_id,
        "source": letter.source, "instance_id": letter.instance_id, "created_at": _iso(letter.created_at),
        "read_at": _iso(letter.read_at), "closed_at": _iso(letter.closed_at), "closed_by": letter.closed_by,
        "retention": {"active_until": _iso(letter.retention_active_until),
                      "inactive_until": _iso(letter.retention_inactive_until),
                      "final": letter.classification.final if letter.classification else None},
        "has_file": bool(letter.file_digest),
    })
    for fields in registry().letter_fields:
        body.update(fields(session, letter))
    if with_tree:
        body["dispositions"] = disposition_tree(session, letter.id)
    return body
