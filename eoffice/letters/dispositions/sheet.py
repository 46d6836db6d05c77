"""The lembar disposisi PDF: the letter's fields and its whole tree, rendered by `signatures`."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from eoffice.core import clock
from eoffice.letters.dispositions.tree import disposition_tree
from eoffice.org.models import Unit
from signatures import DispositionEntry, DispositionSheet, FollowUpReport, render_disposition_sheet
from signatures.letter import Kop

STATUS_LABELS = {"unread": "Belum dibaca", "read": "Dibaca", "reported": "Dilaporkan", "done": "Selesai",
                 "cancelled": "Dibatalkan"}
SIFAT_LABELS = {"biasa": "Biasa", "terbatas": "Terbatas", "rahasia": "Rahasia", "sangat_rahasia": "Sangat Rahasia"}
URGENCY_LABELS = {"biasa": "Biasa", "segera": "Segera", "amat_segera": "Amat Segera"}


def _local(value: str | None):
    return clock.local(datetime.fromisoformat(value)) if value else None


def _entry(node: dict) -> DispositionEntry:
    status = STATUS_LABELS.get(node["status"], node["status"])
    if node["overdue"]:
        status += " (terlambat)"
    return DispositionEntry(
        from_name=node["from_name"] or node["from_login"] or "", from_position=node["from_title"] or "",
        to=(f"{node['to_title']}" + (f" ({node['to_name']})" if node["to_name"] else ""),),
        instructions=tuple(node["instructions"]), sent_at=_local(node["created_at"]), status=status,
        note=node["note"] or None, deadline=_local(node["deadline"]), read_at=_local(node["read_at"]),
        reports=tuple(FollowUpReport(by=r["by"], at=_local(r["at"]), text=r["text"],
                                     attachment="PDF" if r["has_file"] else None) for r in node["reports"]),
        children=tuple(_entry(child) for child in node["children"]))


def disposition_sheet_pdf(session: Session, letter) -> bytes:
    unit = session.get(Unit, letter.opd_unit_id)
    kop = Kop(unit_name=unit.name.upper(), address=unit.address or "", phone=unit.phone or None,
              website=unit.website or None) if unit else None
    sheet = DispositionSheet(
        agenda_number=letter.agenda_label, received_at=letter.received_date, sender=letter.sender,
        letter_number=letter.letter_number, letter_date=letter.letter_date, subject=letter.subject,
        sifat=SIFAT_LABELS.get(letter.sifat, letter.sifat), urgency=URGENCY_LABELS.get(letter.urgency, letter.urgency),
        classification=f"{letter.classification_code} {letter.classification.name}" if letter.classification else None,
        dispositions=tuple(_entry(n) for n in disposition_tree(session, letter.id)), kop=kop)
    return render_disposition_sheet(sheet)


def sheet_for(session: Session, actor, letter_id: int) -> bytes:
    """The disposition sheet of a letter the actor may see (NotFound otherwise)."""
    from eoffice.letters.services import visible_letter

    return disposition_sheet_pdf(session, visible_letter(session, actor, letter_id))
