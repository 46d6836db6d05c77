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
from signatures.letter import (Kop, LetterDocument, Recipient, Section, SignatureBlock, diktum_label,
                               letter_fingerprint)
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


def paragraphs(body: str, *, empty_ok: bool = False) -> tuple[str, ...]:
    """Paragraphs split at blank lines; single line breaks (and "1." / "-" list lines) are kept."""
    parts = [p.strip("\n") for p in (body or "").replace("\r\n", "\n").split("\n\n")]
    found = tuple("\n".join(line.rstrip() for line in p.split("\n")) for p in parts if p.strip())
    return found or (() if empty_ok else ("-",))


EVENT_ROWS = (("hari_tanggal", "Hari/tanggal"), ("waktu", "Waktu"), ("tempat", "Tempat"), ("acara", "Acara"))


def details_rows(letter: OutgoingLetter) -> tuple[tuple[str, str], ...]:
    """The undangan's event block (hari/tanggal, waktu, tempat, acara) after the first paragraph."""
    details = letter.details or {}
    if letter.kind != "surat_undangan":
        return ()
    return tuple((label, details[name]) for name, label in EVENT_ROWS if details.get(name))


def sections(letter: OutgoingLetter) -> tuple[Section, ...]:
    """Dasar/MEMERINTAHKAN/Kepada/Untuk; MENIMBANG/MENGINGAT/MEMUTUSKAN/Menetapkan/KESATU…"""
    d = letter.details or {}
    if letter.kind in ("surat_tugas", "surat_perintah"):
        return (Section("Dasar", tuple(d.get("dasar") or ())),
                Section("Kepada", tuple(d.get("kepada") or ()), heading="MEMERINTAHKAN:"),
                Section("Untuk", tuple(d.get("untuk") or ())))
    if letter.kind == "surat_keputusan":
        return (Section("MENIMBANG", tuple(d.get("menimbang") or ()), "letter"),
                Section("MENGINGAT", tuple(d.get("mengingat") or ())),
                Section("Menetapkan", (d.get("menetapkan") or "-",), "none", heading="MEMUTUSKAN:"),
                *(Section(diktum_label(i), (text,), "none") for i, text in enumerate(d.get("diktum") or ())))
    return ()


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
        kind=letter.kind, kop=kop(unit), subject=letter.subject,
        body=paragraphs(letter.body, empty_ok=bool(sections(letter))),
        details=details_rows(letter), sections=sections(letter),
        signature=block, date=day, number=number,
        recipients=tuple(_party(session, r) for r in letter.recipients or []),
        sifat=SIFAT_LABELS.get(letter.sifat, "Biasa"),
        attachments=f"{count} berkas" if count else "-",
        copies=tuple(_party(session, r).name for r in letter.tembusan or []),
        sender=session.get(Position, letter.signer_position_id).title if letter.kind in ("nota_dinas", "memo") else None)


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
