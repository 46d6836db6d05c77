"""Public verification of signed letters: by the QR token (`/verify/<token>`) or an uploaded PDF.

The QR token is a compact ES256 JWS (any other algorithm, `alg: none`, HS256 keyed with the
public key, or a tampered payload is refused). The stored signed PDF is validated with pyHanko
against the trusted roots. Confidential letters (rahasia, sangat rahasia) show only whether the
signature is valid: never their subject, number or signer.

A signer's name is a claim until the certificate chain validates to the trust roots: the report
says so per signature (`identity_verified`, `claimed_signer`, `identity_status`) and for the
document (`identity_verified`, `summary`). A document that would cost too much to check
(`signatures.VerificationRefused`: too many signatures, revisions or objects, too deep, past the
time budget) is refused with `DocumentRefused` (422, the reason kept).
"""
from __future__ import annotations

import hashlib

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

import signatures as sig
from eoffice.core import files
from eoffice.core.errors import InvalidInput, NotFound
from eoffice.outgoing.models import OutgoingLetter
from eoffice.signing import services


def _iso(value):
    return value.isoformat() if value is not None else None


class DocumentRefused(InvalidInput):
    """The verifier refused the document past one of its caps (422); `reason` says which."""

    def __init__(self, refused: sig.VerificationRefused):
        self.reason, self.limit, self.found = refused.reason, refused.limit, refused.found
        super().__init__(refusal_message(refused), "file")


def refusal_message(refused: sig.VerificationRefused) -> str:
    """Why the document was not verified, in the request's language (the signatures package
    words it in Bahasa Indonesia only)."""
    reasons = {
        "too_many_signatures": _("Dokumen memuat terlalu banyak kolom tanda tangan, sehingga tidak diverifikasi."),
        "too_many_revisions": _("Dokumen memuat terlalu banyak revisi (pembaruan bertahap), sehingga tidak "
                                "diverifikasi."),
        "too_many_objects": _("Dokumen memuat terlalu banyak objek PDF, sehingga tidak diverifikasi."),
        "too_deep": _("Struktur dokumen terlalu dalam, sehingga tidak diverifikasi."),
        "reference_loop": _("Struktur dokumen memuat rujukan yang melingkar atau berulang, sehingga tidak "
                            "diverifikasi."),
        "time_budget": _("Verifikasi dokumen melebihi batas waktu dan dihentikan."),
        "resources": _("Verifikasi dokumen dihentikan karena melebihi batas sumber daya."),
    }
    text = reasons.get(refused.reason)
    if text is None:
        return refused.message
    limit, found = refused.limit, refused.found
    if limit is None:
        return text
    if refused.reason == "time_budget":
        seconds = format(limit, "g")
        return f"{text} " + _("Batas waktu: %(limit)s detik.", limit=seconds)
    if refused.reason == "too_deep":
        return f"{text} " + _("Paling dalam %(limit)s tingkat.", limit=limit)
    if found is not None:
        return f"{text} " + _("Ditemukan %(found)s; paling banyak %(limit)s.", found=found, limit=limit)
    return f"{text} " + _("Paling banyak %(limit)s.", limit=limit)


def verify(pdf: bytes, trust_roots) -> sig.VerificationReport:
    """`signatures.verify_pdf` within its caps; past them, `DocumentRefused`."""
    try:
        return sig.verify_pdf(pdf, trust_roots)
    except sig.VerificationRefused as refused:
        raise DocumentRefused(refused) from None


def _identity_status(s: sig.SignatureReport, hide_people: bool) -> str:
    if not hide_people:
        return s.identity_status
    return (_("Identitas penandatangan terverifikasi.") if s.identity_verified
            else _("Identitas penandatangan tidak terverifikasi."))


def report_dict(report: sig.VerificationReport, *, letter_number: str | None, hide_people: bool = False) -> dict:
    """The report as JSON; a name is shown as claimed unless `identity_verified`, and none at all
    for a confidential letter."""
    return {
        "intact": report.intact, "trusted": report.trusted, "signed": report.signed,
        "valid": report.valid, "modified_after_signing": report.modified_after_signing,
        "identity_verified": report.identity_verified, "summary": report.summary,
        "development_certificate": report.development_certificate,
        "letter_number": letter_number,
        "signatures": [{
            "signer": None if hide_people else s.signer_name, "position": None if hide_people else s.position,
            "claimed_signer": None if hide_people else (s.claimed_signer or s.signer_name),
            "identity_verified": s.identity_verified, "identity_status": _identity_status(s, hide_people),
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
    report = verify(files.read(letter.signed_digest), services.trust_roots(session))
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
    report = verify(pdf, services.trust_roots(session))
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
