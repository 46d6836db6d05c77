"""Letters delivered inside the government (SRIKANDI "tujuan internal" and tembusan).

A signed letter reaches an internal recipient position directly, as a `letter` row of direction
"masuk" addressed to that very position: `source` "internal" (its Naskah masuk) or "tembusan" (its
Tembusan list). The pencatat does not register it, it takes no agenda number, starts no process,
creates no task and has no deadline, so nothing about it can become overdue. Opening it marks it
read (`letter.read_at`). Its holder may dispose it within their unit as an explicit action.
"""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from eoffice.core import clock, files
from eoffice.core.errors import Conflict, InvalidInput, PermissionDenied
from eoffice.letters.models import Letter
from eoffice.letters.services import visible_letter

INTERNAL, TEMBUSAN = "internal", "tembusan"
DELIVERED = (INTERNAL, TEMBUSAN)
BOXES = ("masuk", "tembusan")


def deliver(session: Session, *, position_id: int, opd_unit_id: int, role: str, fields: dict,
            pdf_bytes: bytes, source_ref: str) -> Letter:
    """The signed letter in `position_id`'s Naskah masuk (role "penerima") or Tembusan list."""
    now = clock.now()
    letter = Letter(
        direction="masuk", kind=(fields.get("kind") or "surat dinas")[:60], opd_unit_id=opd_unit_id,
        agenda_year=None, agenda_number=None, letter_number=fields["letter_number"],
        letter_date=fields["letter_date"], received_date=fields["received_date"], sender=fields["sender"],
        subject=fields["subject"], summary=fields.get("summary") or "", sifat=fields["sifat"],
        urgency=fields["urgency"], classification_code=fields["classification"],
        attachments_count=fields.get("attachments_count", 0), addressed_to_position_id=position_id,
        source=TEMBUSAN if role == "tembusan" else INTERNAL, source_ref=source_ref, status="registered",
        created_at=now, file_digest=files.store(pdf_bytes))
    session.add(letter)
    session.flush()
    return letter


def source_label(letter: Letter) -> str:
    """"internal" for a delivered letter (and its copies), "registered" for one the pencatat registered."""
    return INTERNAL if letter.source in DELIVERED else "registered"


def box(session: Session, actor, name: str, limit: int = 200) -> list[Letter]:
    """The actor's Naskah masuk ("masuk": registered and internal letters addressed to their positions)
    or Tembusan ("tembusan": copies, unread first), newest first."""
    if name not in BOXES:
        raise InvalidInput([{"field": "box", "message": _("Kotak tidak dikenal (pilih: %(choices)s).",
                                                          choices=", ".join(BOXES))}])
    positions = list(actor.position_ids) or [-1]
    stmt = select(Letter).where(Letter.direction == "masuk", Letter.addressed_to_position_id.in_(positions))
    if name == "tembusan":
        stmt = stmt.where(Letter.source == TEMBUSAN)
    else:
        stmt = stmt.where(Letter.source != TEMBUSAN)
    unread_first = case((Letter.read_at.is_(None), 0), else_=1)
    stmt = stmt.order_by(unread_first, Letter.created_at.desc(), Letter.id.desc()).limit(min(max(limit, 1), 500))
    return list(session.scalars(stmt))


def unread_counts(session: Session, actor) -> dict[str, int]:
    """Unread letters in the actor's Naskah masuk (internal deliveries) and Tembusan lists."""
    positions = list(actor.position_ids) or [-1]
    rows = session.execute(select(Letter.source, func.count()).where(
        Letter.direction == "masuk", Letter.addressed_to_position_id.in_(positions),
        Letter.source.in_(DELIVERED), Letter.read_at.is_(None)).group_by(Letter.source)).all()
    found = dict(rows)
    return {"internal_unread": found.get(INTERNAL, 0), "tembusan_unread": found.get(TEMBUSAN, 0)}


def mark_read(session: Session, actor, letter_id: int) -> Letter:
    letter = _own_delivered(session, actor, letter_id)
    if letter.read_at is None:
        letter.read_at = clock.now()
    return letter


def _own_delivered(session: Session, actor, letter_id: int) -> Letter:
    letter = visible_letter(session, actor, letter_id)
    if letter.source not in DELIVERED or letter.addressed_to_position_id not in actor.position_ids:
        raise PermissionDenied(_("Surat ini tidak diterima langsung oleh jabatan Anda."))
    return letter


def may_dispose(actor, letter: Letter) -> bool:
    return (letter.source in DELIVERED and letter.addressed_to_position_id in actor.position_ids
            and letter.status != "done")


def dispose(session: Session, actor, letter_id: int, data: dict):
    """The recipient passes a delivered letter (or a tembusan) on within their unit, by choice."""
    from eoffice.letters.dispositions import services as dispositions

    letter = _own_delivered(session, actor, letter_id)
    if letter.status == "done":
        raise Conflict(_("Surat sudah selesai; tidak dapat didisposisikan lagi."))
    if not isinstance(data, dict):
        raise InvalidInput(_("Badan permintaan harus berupa objek JSON."), "body")
    if letter.read_at is None:
        letter.read_at = clock.now()
    plan = dispositions.plan_disposition(session, letter, letter.addressed_to_position_id, None, data)
    return dispositions.apply_disposition(session, actor, plan)
