"""From an outgoing letter to a `signatures.LetterDocument`: kop of the drafter's OPD, fields,
body, signature block, tembusan; the draft preview (KONSEP, no number) and the final PDF."""
from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from eoffice.core import clock
from eoffice.org import services as org
from eoffice.org.models import Position, Unit
from eoffice.outgoing.chain import Capacity, capacity
from eoffice.outgoing.models import OutgoingLetter
from signatures.letter import Kop, LetterDocument, Recipient, SignatureBlock, letter_fingerprint
from signatures.render_letter import RenderedLetter, render_letter

SIFAT_LABELS = {"biasa": "Biasa", "terbatas": "Terbatas", "rahasia": "Rahasia",
                "sangat_rahasia": "Sangat Rahasia"}


def kop(unit: Unit) -> Kop:
    return Kop(unit_name=unit.name.upper(), address=unit.address or "-", phone=unit.phone or None,
               website=unit.website or None)


def _party(session: Session, entry: dict) -> Recipient:
    if entry.get("kind") == "internal":
        position = session.get(Position, entry["position_id"])
        return Recipient(position.title if position else "-", None)
    return Recipient(entry.get("name") or "-", entry.get("address") or None)


def paragraphs(body: str) -> tuple[str, ...]:
    parts = [p.strip() for p in body.replace("\r\n", "\n").split("\n\n")]
    return tuple(" ".join(p.split("\n")) for p in parts if p) or ("-",)


def signature_block(cap: Capacity, name: str, nip: str | None) -> SignatureBlock:
    return SignatureBlock(position=cap.position, name=name, nip=nip, acting=cap.acting,
                          on_behalf_of=cap.on_behalf_of, via_position=cap.via_position)


def preview_signer(session: Session, letter: OutgoingLetter) -> tuple[Capacity, str, str | None]:
    """Who would sign now: the Plh/Plt while one is active, else the holder of the position."""
    employee, delegation = org.acting_holder(session, letter.signer_position_id)
    cap = capacity(session, letter.signer_position_id, delegation.kind if delegation else None)
    return cap, (employee.name if employee else "…"), (employee.nip if employee else None)


def document(session: Session, letter: OutgoingLetter, *, block: SignatureBlock, number: str | None,
             day: date) -> LetterDocument:
    unit = session.get(Unit, letter.opd_unit_id)
    count = len(letter.attachments or [])
    return LetterDocument(
        kind=letter.kind, kop=kop(unit), subject=letter.subject, body=paragraphs(letter.body),
        signature=block, date=day, number=number,
        recipients=tuple(_party(session, r) for r in letter.recipients or []),
        sifat=SIFAT_LABELS.get(letter.sifat, "Biasa"),
        attachments=f"{count} berkas" if count else "-",
        copies=tuple(_party(session, r).name for r in letter.tembusan or []),
        sender=session.get(Position, letter.signer_position_id).title if letter.kind == "nota_dinas" else None)


def render_preview(session: Session, letter: OutgoingLetter) -> bytes:
    cap, name, nip = preview_signer(session, letter)
    doc = document(session, letter, block=signature_block(cap, name, nip), number=None,
                   day=clock.local(clock.now()).date())
    return render_letter(doc, draft=True).pdf


def fingerprint(doc: LetterDocument) -> str:
    return letter_fingerprint(doc)


def render_final(doc: LetterDocument, verification_url: str, *, issuer_label: str,
                 development_certificate: bool) -> RenderedLetter:
    """The final letter; its footer names the real issuer of the signer's certificate and says
    plainly when that is a development certificate."""
    return render_letter(doc, draft=False, verification_url=verification_url, issuer_label=issuer_label,
                         development_certificate=development_certificate)
