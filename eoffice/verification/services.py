"""Public verification of signed letters: by the QR token (`/verify/<token>`) or an uploaded PDF.

The QR token is a compact ES256 JWS (any other algorithm, `alg: none`, HS256 keyed with the
public key, or a tampered payload is refused). The stored signed PDF is validated with pyHanko
against the trusted roots. Confidential letters (rahasia, sangat rahasia) show only whether the
signature is valid: never their subject, number or signer.
"""
from __future__ import annotations

import hashlib

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

import signatures as sig
from eoffice.core import files
from eoffice.core.errors import NotFound
from eoffice.outgoing.models import OutgoingLetter
from eoffice.signing import services


def _iso(value):
    return value.isoformat() if value is not None else None


def report_dict(report: sig.VerificationReport, *, letter_number: str | None, hide_people: bool = False) -> dict:
    return {
        "intact": report.intact, "trusted": report.trusted, "signed": report.signed,
        "valid": report.valid, "modified_after_signing": report.modified_after_signing,
        "letter_number": letter_number,
        "signatures": [{
            "signer": None if hide_people else s.signer_name, "position": None if hide_people else s.position,
            "signed_at": _iso(s.signed_at), "issuer": s.issuer, "valid_from": _iso(s.valid_from),
            "valid_to": _iso(s.valid_to), "intact": s.intact and s.valid, "trusted": s.trusted,
            "timestamped": s.timestamped, "modified_after_signing": s.modified_after_signing,
            "development_certificate": s.development_certificate,
        } for s in report.signatures],
        "problems": list(report.problems) if not hide_people else [],
    }


def letter_from_token(session: Session, token: str) -> OutgoingLetter:
    """The letter a genuine QR token names; NotFound for a forged, tampered or unknown token."""
    qr = services.ensure_qr_key(session)
    try:
        claims = sig.read_token(token, qr.public_pem)
    except sig.InvalidToken:
        raise NotFound(_("Kode verifikasi tidak sah.")) from None
    letter = session.get(OutgoingLetter, int(claims.letter_id)) if claims.letter_id.isdigit() else None
    if (letter is None or not letter.signed_digest or letter.number != claims.number
            or letter.content_digest != claims.document_hash):
        raise NotFound(_("Kode verifikasi tidak sah."))
    return letter


def verify_token(session: Session, token: str) -> dict:
    letter = letter_from_token(session, token)
    report = sig.verify_pdf(files.read(letter.signed_digest), services.trust_roots(session))
    hidden = letter.confidential
    body = report_dict(report, letter_number=None if hidden else letter.number, hide_people=hidden)
    body["confidential"] = hidden
    body["letter"] = None if hidden else {
        "number": letter.number, "subject": letter.subject, "signer": letter.signer_name,
        "position": letter.signer_position_title, "signed_at": _iso(letter.signed_at)}
    return body


def _check_upload(pdf: bytes) -> None:
    """A PDF by its header within the size cap; a damaged one is still verified (and reported)."""
    from flask import current_app

    from eoffice.core.errors import InvalidInput, UnsupportedMedia

    if not pdf:
        raise InvalidInput(_("Berkas kosong."), "file")
    if len(pdf) > current_app.config["MAX_UPLOAD_BYTES"]:
        raise InvalidInput(_("Berkas terlalu besar."), "file")
    if not pdf.lstrip()[:5] == b"%PDF-":
        raise UnsupportedMedia(_("Berkas harus berupa PDF."))


def verify_upload(session: Session, pdf: bytes) -> dict:
    """Validate any uploaded PDF; names the letter number when it is one of ours (not confidential)."""
    _check_upload(pdf)
    report = sig.verify_pdf(pdf, services.trust_roots(session))
    digest = hashlib.sha256(pdf).hexdigest()
    letter = session.scalar(select(OutgoingLetter).where(OutgoingLetter.signed_digest == digest))
    hidden = letter is not None and letter.confidential
    body = report_dict(report, letter_number=letter.number if letter is not None and not hidden else None,
                       hide_people=hidden)
    body["confidential"] = hidden
    return body


def signed_pdf_for_token(session: Session, token: str) -> tuple[str, bytes]:
    """The signed PDF behind a genuine token (external recipients download it); not for confidential letters."""
    letter = letter_from_token(session, token)
    if letter.confidential:
        raise NotFound("letter")
    return f"surat-{letter.id}.pdf", files.read(letter.signed_digest)
