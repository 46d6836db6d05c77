"""Validate every signature in a PDF and report it in a form a page can render.

``verify_pdf(pdf_bytes, trust_roots)`` never raises for a bad document: a damaged or
unsigned file gives a report with ``intact=False`` and the reason in ``problems``.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import asdict, dataclass

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from .sync import call_outside_event_loop
from .pki import certificate_identity, is_development_ca, load_certificates


@dataclass(frozen=True)
class SignatureReport:
    """One signature: who, when, under which certificate, and what it still covers.

    ``coverage``: ``entire_file`` | ``entire_revision`` | ``contiguous_block_from_start``
    | ``unclear``. ``modification_level`` (changes after this signature): ``none`` |
    ``lta_updates`` | ``form_filling`` | ``annotations`` | ``other`` | None (unknown).
    ``modified_after_signing``: something other than later signatures, timestamps or
    validation data was appended after this signature.
    """

    field_name: str
    signer_name: str
    position: str | None
    nip: str | None
    organization: str | None
    unit: str | None
    signed_at: dt.datetime | None
    timestamped: bool
    timestamp_trusted: bool | None
    issuer: str
    valid_from: dt.datetime
    valid_to: dt.datetime
    serial_number: str
    intact: bool
    valid: bool
    trusted: bool
    coverage: str
    modification_level: str | None
    modified_after_signing: bool
    development_certificate: bool
    reason: str | None
    location: str | None
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class VerificationReport:
    """The whole document: overall verdicts plus one ``SignatureReport`` per signature."""

    signatures: tuple[SignatureReport, ...]
    intact: bool
    trusted: bool
    modified_after_signing: bool
    revisions: int
    problems: tuple[str, ...] = ()

    @property
    def signed(self) -> bool:
        return bool(self.signatures)

    @property
    def valid(self) -> bool:
        """Signed, every signature intact and trusted, nothing changed afterwards."""
        return self.signed and self.intact and self.trusted and not self.modified_after_signing

    def as_dict(self) -> dict:
        """JSON-ready form (datetimes as ISO 8601) for the API and the public page."""
        def plain(value):
            return value.isoformat() if isinstance(value, dt.datetime) else (
                list(value) if isinstance(value, tuple) else value)
        return {
            "signed": self.signed, "valid": self.valid, "intact": self.intact,
            "trusted": self.trusted, "modified_after_signing": self.modified_after_signing,
            "revisions": self.revisions, "problems": list(self.problems),
            "signatures": [{k: plain(v) for k, v in asdict(sig).items()}
                           for sig in self.signatures],
        }


def validation_context(trust_roots, *, allow_fetching: bool = False,
                       moment: dt.datetime | None = None) -> ValidationContext:
    """A pyHanko validation context trusting exactly ``trust_roots``.

    Offline by default (the development PKI publishes no CRL/OCSP); production may pass
    ``allow_fetching=True`` so revocation data of the national CA is fetched (soft-fail).
    """
    roots = [asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER))
             for c in load_certificates(*trust_roots)]
    return ValidationContext(trust_roots=roots, allow_fetching=allow_fetching,
                             revocation_mode="soft-fail", moment=moment)


def _issuer_name(cert: x509.Certificate) -> str:
    attrs = cert.issuer.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(attrs[0].value) if attrs else cert.issuer.rfc4514_string()


def _text(value) -> str | None:
    return None if value is None else str(value)


def _changed_after(sig_revision: int, total: int, signature_revisions: set[int],
                   level: ModificationLevel | None) -> bool:
    """Whether anything beyond later signatures, timestamps or validation data was added.

    pyHanko's diff analysis grades every later revision together: anything above
    FORM_FILLING (annotations, page content…) is a change, even when it rode along with a
    later signature; FORM_FILLING is only harmless when each later revision is a signature.
    """
    if level is None or level > ModificationLevel.FORM_FILLING:
        return True
    if level == ModificationLevel.FORM_FILLING:
        return any(r not in signature_revisions for r in range(sig_revision + 1, total))
    return False


def _report(embedded, status, total: int, signature_revisions: set[int]) -> SignatureReport:
    cert = x509.load_der_x509_certificate(embedded.signer_cert.dump())
    who = certificate_identity(cert)
    sig_obj = embedded.sig_object
    ts = status.timestamp_validity
    level = status.modification_level
    problems = []
    if not status.intact:
        problems.append("document bytes covered by the signature have changed")
    elif not status.valid:
        problems.append("the signature value does not match the signer's certificate")
    if status.intact and status.valid and not status.trusted:
        problems.append(f"certificate not trusted: {status.trust_problem_indic}")
    modified = (status.coverage != SignatureCoverageLevel.ENTIRE_FILE
                and _changed_after(embedded.signed_revision, total, signature_revisions, level))
    if modified:
        problems.append("the document was changed after this signature")
    return SignatureReport(
        field_name=embedded.field_name,
        signer_name=who.name, position=who.position, nip=who.nip,
        organization=who.organization, unit=who.unit,
        signed_at=ts.timestamp if ts is not None else status.signer_reported_dt,
        timestamped=ts is not None,
        timestamp_trusted=None if ts is None else bool(ts.trusted),
        issuer=_issuer_name(cert),
        valid_from=cert.not_valid_before_utc, valid_to=cert.not_valid_after_utc,
        serial_number=format(cert.serial_number, "x"),
        intact=bool(status.intact), valid=bool(status.valid), trusted=bool(status.trusted),
        coverage=status.coverage.name.lower() if status.coverage else "unclear",
        modification_level=level.name.lower() if level is not None else None,
        modified_after_signing=modified,
        development_certificate=is_development_ca(cert),
        reason=_text(sig_obj.get("/Reason")), location=_text(sig_obj.get("/Location")),
        problems=tuple(problems),
    )


def _broken(problem: str, revisions: int = 0) -> VerificationReport:
    return VerificationReport((), intact=False, trusted=False, modified_after_signing=False,
                              revisions=revisions, problems=(problem,))


def verify_pdf(pdf_bytes: bytes, trust_roots, *, allow_fetching: bool = False,
               moment: dt.datetime | None = None) -> VerificationReport:
    """Validate all signatures of ``pdf_bytes`` against ``trust_roots`` (PEM/DER/certs).

    ``moment``: validate as of this time (default now).
    """
    context = validation_context(trust_roots, allow_fetching=allow_fetching, moment=moment)
    try:
        reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
        embedded_all = list(reader.embedded_signatures)
        total = reader.xrefs.total_revisions
    except Exception as exc:  # any parse failure means the file itself is damaged
        return _broken(f"not a readable PDF: {exc}")
    if not embedded_all:
        return _broken("the document has no electronic signature", total)
    signature_revisions = {e.signed_revision for e in embedded_all}
    reports = []
    for embedded in embedded_all:
        if embedded.sig_object_type != "/Sig":
            continue  # document timestamps only extend earlier signatures
        try:
            status = call_outside_event_loop(validate_pdf_signature, embedded, context)
        except Exception as exc:  # malformed CMS or byte range: report, do not crash a page
            return _broken(f"signature {embedded.field_name} cannot be validated: {exc}", total)
        reports.append(_report(embedded, status, total, signature_revisions))
    return VerificationReport(
        signatures=tuple(reports),
        intact=all(r.intact and r.valid for r in reports),
        trusted=all(r.trusted for r in reports),
        modified_after_signing=any(r.modified_after_signing for r in reports),
        revisions=total,
        problems=tuple(p for r in reports for p in r.problems),
    )
