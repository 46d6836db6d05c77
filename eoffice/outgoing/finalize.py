"""Signing a letter in one step that happens entirely or not at all: number from the atomic
counter, final PDF (number, QR token, a footer naming the real issuer of the signer's
certificate), PAdES signature, storage, delivery.

Everything runs in the caller's transaction; a wrong passphrase raises before any of it, so it
signs nothing and takes no number.
"""
from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm import Session

import signatures as sig
from eoffice.core import clock, files
from eoffice.audit import services as audit
from eoffice.core.errors import Conflict, PermissionDenied
from eoffice.letters.models import Letter
from eoffice.org.models import Employee, Unit
from eoffice.outgoing import delivery, numbering, rendering
from eoffice.outgoing.chain import capacity
from eoffice.outgoing.models import OutgoingLetter
from eoffice.signing import services as signing


def _employee(session: Session, actor) -> Employee:
    return session.get(Employee, actor.employee_id)


def check_passphrase(session: Session, actor, passphrase: str) -> None:
    """Refuse a locked signer or a wrong passphrase before anything is written (the task handler
    calls this first: the attempt is reserved in a transaction of its own, see signing.services).

    The remote service judges the passphrase itself when it signs."""
    signing.check_passphrase(session, _employee(session, actor), passphrase)


def number_letter(session: Session, letter: OutgoingLetter, year: int) -> str:
    """Give the letter the next number of its (OPD, classification, year); the caller's transaction
    holds the counter row until it ends, so concurrent signers never share a number."""
    unit = session.get(Unit, letter.opd_unit_id)
    letter.number, letter.sequence = numbering.take_number(
        session, opd_unit_id=unit.id, unit_code=unit.code, classification=letter.classification, year=year)
    return letter.number


def sign_letter(session: Session, actor, letter: OutgoingLetter, passphrase: str) -> OutgoingLetter:
    """Number, render, sign and deliver `letter` as `actor` (holder or Plh/Plt of the signer position)."""
    if letter.signed_at is not None:
        raise Conflict(_("Surat ini sudah ditandatangani."))
    acting = actor.acting(letter.signer_position_id)
    if acting is None:
        raise PermissionDenied(_("Anda tidak memegang jabatan penandatangan surat ini."))
    employee = _employee(session, actor)
    signing.check_passphrase(session, employee, passphrase)  # before the number is taken (nothing new if checked)
    now = clock.now()
    day = clock.local(now).date()
    number = number_letter(session, letter, day.year)
    cap = capacity(session, letter.signer_position_id, acting.kind if acting.delegation_id else None)
    block = rendering.signature_block(cap, employee.name, employee.nip)
    doc = rendering.document(session, letter, block=block, number=number, day=day)
    content = rendering.fingerprint(doc)
    token = sig.make_token(sig.LetterToken(str(letter.id), number, content, int(now.timestamp())),
                           signing.ensure_qr_key(session).key_pem)
    url = sig.verification_url(current_app.config["PUBLIC_URL"], token)
    issuer, development = signing.footer_issuer(session, employee)
    try:
        rendered = rendering.render_final(doc, url, issuer_label=issuer, development_certificate=development)
    except sig.InvalidDocument as exc:
        raise Conflict(_("Surat tidak dapat disusun: %(reason)s", reason=str(exc))) from exc
    signed = signing.sign_document(session, employee, rendered.pdf, passphrase,
                                   reason=_("Menandatangani %(number)s", number=number))
    digest = files.store(signed)
    letter.signed_at, letter.signed_by_id = now, employee.id
    letter.signer_name, letter.signer_marker = employee.name, cap.marker
    letter.signer_position_title = f"{cap.acting} {cap.position}" if cap.acting else cap.position
    letter.signed_digest, letter.content_digest, letter.token = digest, content, token
    letter.status, letter.updated_at = "signed", now
    record = session.get(Letter, letter.id)
    record.letter_number, record.letter_date, record.file_digest = number, day, digest
    record.attachments_count = len(letter.attachments or [])
    audit.record(session, f"outgoing:{letter.id}", "outgoing.signed", actor=actor.login,
                 acting_for=f"position:{letter.signer_position_id}", document=f"letter:{letter.id}",
                 data={"number": number, "signed_digest": digest, "content_digest": content})
    session.flush()
    letter.delivered = delivery.deliver(session, letter, signed)
    return letter
