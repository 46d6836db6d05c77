"""Validate every signature in a PDF and report it in a form a page can render.

``verify_pdf(pdf_bytes, trust_roots)`` does not raise for a damaged or unsigned document: it
gives a report with ``intact=False`` and the reason in ``problems``. It raises
``VerificationRefused`` (the app answers 422) for a document that would cost too much to
check or is built to make checking unsafe: see ``VerificationLimits``.

Bounded cost: before any signature is validated the document must stay within the limits
(filled signature fields, incremental revisions, xref entries, depth of the page and form
trees, no shared or looping tree nodes). Several fields pointing at the same signature
value are validated once. The whole verification runs in a child process (see
``isolation``) that is killed when the time budget ends, because a single pyHanko
validation is synchronous work that nothing inside the process can interrupt; the budget is
also checked between signatures.

Identity: a certificate's name is only a claim unless its chain validates to the configured
trust roots. ``SignatureReport.identity_verified`` says which, ``claimed_signer`` is the name
as claimed, and ``identity_status`` / ``VerificationReport.summary`` say it in words.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import time
from dataclasses import asdict, dataclass

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from .errors import VerificationRefused
from .isolation import Abandoned, IsolationUnavailable, call_with_deadline
from .pki import certificate_identity, is_development_ca, issuer_label, load_certificates
from .sync import call_outside_event_loop

log = logging.getLogger(__name__)

IDENTITY_UNVERIFIED = "Identitas penandatangan tidak terverifikasi"
DEVELOPMENT_NOTICE = ("Ditandatangani dengan sertifikat PENGEMBANGAN (bukan BSrE) \u2014 "
                      "tidak sah untuk keperluan resmi.")


@dataclass(frozen=True)
class VerificationLimits:
    """What one verification may cost; past any of these ``VerificationRefused`` is raised.

    ``max_signatures``: filled signature fields (document timestamps included, and fields
    sharing one signature value each count). ``max_revisions``: incremental revisions.
    ``max_objects``: xref entries over all revisions. ``max_depth``: nesting of the page tree
    and of the form field tree. ``time_budget``: seconds of wall-clock time for the whole
    verification. ``max_memory``: address space of the verifying child process (bytes).
    """

    max_signatures: int = 20
    max_revisions: int = 50
    max_objects: int = 50_000
    max_depth: int = 64
    time_budget: float = 10.0
    max_memory: int | None = 1 << 30


DEFAULT_LIMITS = VerificationLimits()
_KILL_GRACE = 0.25  # seconds past the budget for the child to report its own refusal


@dataclass(frozen=True)
class SignatureReport:
    """One signature: who, when, under which certificate, and what it still covers.

    ``coverage``: ``entire_file`` | ``entire_revision`` | ``contiguous_block_from_start``
    | ``unclear``. ``modification_level`` (changes after this signature): ``none`` |
    ``lta_updates`` | ``form_filling`` | ``annotations`` | ``other`` | None (unknown).
    ``modified_after_signing``: something other than later signatures, timestamps or
    validation data was appended after this signature.

    ``identity_verified``: the signature is intact and valid and the signer's certificate
    chain validates to the configured trust roots. Only then is ``signer_name`` (and
    position, NIP...) more than a claim; ``claimed_signer`` is the same name, for pages
    that must present it as claimed, and ``identity_status`` says it in one sentence.
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
    identity_verified: bool = False
    claimed_signer: str = ""
    identity_status: str = ""


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

    @property
    def identity_verified(self) -> bool:
        """Signed, and every signer's identity verified against the trust roots."""
        return self.signed and all(s.identity_verified for s in self.signatures)

    @property
    def development_certificate(self) -> bool:
        return any(s.development_certificate for s in self.signatures)

    @property
    def summary(self) -> str:
        """The verdict in Bahasa Indonesia, for people (one or more sentences)."""
        if not self.signed:
            return "Dokumen tidak memuat tanda tangan elektronik yang dapat diperiksa."
        if not self.intact:
            parts = ["Tanda tangan elektronik tidak utuh: isi dokumen yang ditandatangani "
                     "telah berubah atau nilai tanda tangan tidak cocok."]
        elif self.modified_after_signing:
            parts = ["Dokumen diubah setelah ditandatangani."]
        else:
            parts = ["Dokumen utuh dan tidak diubah setelah ditandatangani."]
        if self.identity_verified:
            parts.append("Identitas penandatangan terverifikasi.")
        else:
            parts.append(f"{IDENTITY_UNVERIFIED}: nama penandatangan hanya klaim dari sertifikat "
                         "yang tidak tervalidasi ke otoritas sertifikat tepercaya.")
        if self.development_certificate:
            parts.append(DEVELOPMENT_NOTICE)
        return " ".join(parts)

    def as_dict(self) -> dict:
        """JSON-ready form (datetimes as ISO 8601) for the API and the public page."""
        def plain(value):
            return value.isoformat() if isinstance(value, dt.datetime) else (
                list(value) if isinstance(value, tuple) else value)
        return {
            "signed": self.signed, "valid": self.valid, "intact": self.intact,
            "trusted": self.trusted, "modified_after_signing": self.modified_after_signing,
            "revisions": self.revisions, "problems": list(self.problems),
            "identity_verified": self.identity_verified, "summary": self.summary,
            "development_certificate": self.development_certificate,
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


def _identity_status(name: str, issuer: str, verified: bool, intact: bool,
                     development: bool) -> str:
    if verified:
        text = (f"Identitas penandatangan terverifikasi: {name} (sertifikat diterbitkan oleh "
                f"{issuer}).")
        return f"{text} {DEVELOPMENT_NOTICE}" if development else text
    why = ("sertifikatnya tidak tervalidasi ke otoritas sertifikat tepercaya" if intact
           else "tanda tangannya tidak utuh")
    return f'{IDENTITY_UNVERIFIED}: "{name}" hanya nama yang diklaim ({why}).'


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
    issuer = issuer_label(cert)
    development = is_development_ca(cert)
    verified = bool(status.intact and status.valid and status.trusted)
    return SignatureReport(
        field_name=embedded.field_name,
        signer_name=who.name, position=who.position, nip=who.nip,
        organization=who.organization, unit=who.unit,
        signed_at=ts.timestamp if ts is not None else status.signer_reported_dt,
        timestamped=ts is not None,
        timestamp_trusted=None if ts is None else bool(ts.trusted),
        issuer=issuer,
        valid_from=cert.not_valid_before_utc, valid_to=cert.not_valid_after_utc,
        serial_number=format(cert.serial_number, "x"),
        intact=bool(status.intact), valid=bool(status.valid), trusted=bool(status.trusted),
        coverage=status.coverage.name.lower() if status.coverage else "unclear",
        modification_level=level.name.lower() if level is not None else None,
        modified_after_signing=modified,
        development_certificate=development,
        reason=_text(sig_obj.get("/Reason")), location=_text(sig_obj.get("/Location")),
        problems=tuple(problems),
        identity_verified=verified, claimed_signer=who.name,
        identity_status=_identity_status(who.name, issuer, verified,
                                         bool(status.intact and status.valid), development),
    )


def _broken(problem: str, revisions: int = 0) -> VerificationReport:
    return VerificationReport((), intact=False, trusted=False, modified_after_signing=False,
                              revisions=revisions, problems=(problem,))


# --- bounds ------------------------------------------------------------------------------

def _check_time(deadline: float, limits: VerificationLimits) -> None:
    if time.monotonic() > deadline:
        raise VerificationRefused("time_budget", limit=limits.time_budget)


def _object_count(reader: PdfFileReader) -> int:
    """xref entries over all revisions (what parsing and diff analysis walk through)."""
    xrefs = reader.xrefs
    try:
        return sum(len(xrefs.explicit_refs_in_revision(r))
                   for r in range(xrefs.total_revisions))
    except AttributeError:  # pyHanko internals moved: the trailer's declared size instead
        size = reader.trailer.get("/Size", 0)
        return int(size) if isinstance(size, int) else 0


def _value(node: generic.DictionaryObject, key: str):
    """``node[key]`` dereferenced, or None when absent or null."""
    try:
        return node[key]
    except KeyError:
        return None


def _walk(start, limits: VerificationLimits, visit) -> None:
    """Visit a tree of dictionaries linked by ``/Kids`` without recursion.

    ``start``: (reference or object, inherited) pairs at depth 1. ``visit(node, inherited)``
    returns (what the node's kids inherit, whether to descend into them). Refuses a tree
    deeper than ``max_depth``, a node reached twice (a loop, or a shared subtree that a
    recursive walker visits once per path: exponential) and more than ``max_objects`` nodes.
    """
    stack = [(item, 1, inherited) for item, inherited in reversed(start)]
    seen: set[tuple[int, int]] = set()
    while stack:
        item, depth, inherited = stack.pop()
        if depth > limits.max_depth:
            raise VerificationRefused("too_deep", limit=limits.max_depth)
        if isinstance(item, generic.IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                raise VerificationRefused("reference_loop")
            seen.add(key)
            if len(seen) > limits.max_objects:
                raise VerificationRefused("too_many_objects", limit=limits.max_objects)
        node = item.get_object()
        if not isinstance(node, generic.DictionaryObject):
            continue
        inherited, descend = visit(node, inherited)
        kids = _value(node, "/Kids") if descend else None
        if isinstance(kids, generic.ArrayObject):
            stack.extend((kid, depth + 1, inherited) for kid in reversed(kids))


def _check_page_tree(reader: PdfFileReader, limits: VerificationLimits) -> None:
    """The page tree is bounded: depth, no loops or shared nodes."""
    pages = reader.root.raw_get("/Pages") if "/Pages" in reader.root else None
    if pages is not None:
        _walk([(pages, None)], limits,
              lambda node, _: (None, _value(node, "/Type") != "/Page"))


def _count_filled_signature_fields(reader: PdfFileReader, limits: VerificationLimits) -> int:
    """Filled signature fields of the form tree; refuses past ``max_signatures`` at once."""
    form = _value(reader.root, "/AcroForm")
    fields = _value(form, "/Fields") if isinstance(form, generic.DictionaryObject) else None
    if not isinstance(fields, generic.ArrayObject):
        return 0
    filled = 0

    def visit(node, inherited_type):
        nonlocal filled
        field_type = _value(node, "/FT") or inherited_type  # /FT is inheritable
        if field_type == "/Sig" and _value(node, "/V") is not None:
            filled += 1
            if filled > limits.max_signatures:
                raise VerificationRefused("too_many_signatures", limit=limits.max_signatures)
        return field_type, True

    _walk([(f, None) for f in fields], limits, visit)
    return filled


def _signature_key(embedded):
    value = embedded.sig_field.raw_get("/V")
    if isinstance(value, generic.IndirectObject):
        return value.idnum, value.generation
    return id(embedded.sig_object)


# --- verification --------------------------------------------------------------------------

def _verify(pdf_bytes: bytes, trust_roots, allow_fetching: bool, moment, limits, deadline):
    try:
        return _verify_bounded(pdf_bytes, trust_roots, allow_fetching, moment, limits, deadline)
    except RecursionError:
        raise VerificationRefused("too_deep", limit=limits.max_depth) from None
    except MemoryError:
        raise VerificationRefused("resources") from None


def _verify_bounded(pdf_bytes, trust_roots, allow_fetching, moment, limits, deadline):
    context = validation_context(trust_roots, allow_fetching=allow_fetching, moment=moment)
    try:
        reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
        total = reader.xrefs.total_revisions
        objects = _object_count(reader)
    except (RecursionError, MemoryError):
        raise
    except Exception as exc:  # any parse failure means the file itself is damaged
        return _broken(f"not a readable PDF: {exc}")
    _check_time(deadline, limits)
    if total > limits.max_revisions:
        raise VerificationRefused("too_many_revisions", limit=limits.max_revisions, found=total)
    if objects > limits.max_objects:
        raise VerificationRefused("too_many_objects", limit=limits.max_objects, found=objects)
    try:
        _check_page_tree(reader, limits)
        _count_filled_signature_fields(reader, limits)
        _check_time(deadline, limits)
        embedded_all = list(reader.embedded_signatures)
    except (VerificationRefused, RecursionError, MemoryError):
        raise
    except Exception as exc:  # any parse failure means the file itself is damaged
        return _broken(f"not a readable PDF: {exc}", total)
    if not embedded_all:
        return _broken("the document has no electronic signature", total)
    if len(embedded_all) > limits.max_signatures:  # pyHanko found more than the form walk
        raise VerificationRefused("too_many_signatures", limit=limits.max_signatures,
                                  found=len(embedded_all))
    signature_revisions = {e.signed_revision for e in embedded_all}
    first_field: dict = {}
    shared: dict[str, list[str]] = {}
    reports = []
    for embedded in embedded_all:
        key = _signature_key(embedded)
        if key in first_field:  # one signature value behind several fields: validated once
            shared.setdefault(first_field[key], []).append(embedded.field_name)
            continue
        first_field[key] = embedded.field_name
        if embedded.sig_object_type != "/Sig":
            continue  # document timestamps only extend earlier signatures
        _check_time(deadline, limits)
        try:
            status = call_outside_event_loop(validate_pdf_signature, embedded, context)
        except (RecursionError, MemoryError):
            raise
        except Exception as exc:  # malformed CMS or byte range: report, do not crash a page
            return _broken(f"signature {embedded.field_name} cannot be validated: {exc}", total)
        reports.append(_report(embedded, status, total, signature_revisions))
    problems = [p for r in reports for p in r.problems]
    problems += [f"fields {', '.join(others)} reuse the signature value of field {first}; "
                 "it was validated once" for first, others in shared.items()]
    return VerificationReport(
        signatures=tuple(reports),
        intact=all(r.intact and r.valid for r in reports),
        trusted=all(r.trusted for r in reports),
        modified_after_signing=any(r.modified_after_signing for r in reports),
        revisions=total,
        problems=tuple(problems),
    )


def verify_pdf(pdf_bytes: bytes, trust_roots, *, allow_fetching: bool = False,
               moment: dt.datetime | None = None,
               limits: VerificationLimits = DEFAULT_LIMITS,
               isolated: bool = True) -> VerificationReport:
    """Validate all signatures of ``pdf_bytes`` against ``trust_roots`` (PEM/DER/certs).

    ``moment``: validate as of this time (default now). ``limits``: what the verification
    may cost (``VerificationRefused`` past them). ``isolated``: run in a child process that
    is killed at the end of ``limits.time_budget`` (default); ``False``, or where no child
    process can be started, runs here with the budget checked between steps only.
    """
    deadline = time.monotonic() + limits.time_budget
    roots = tuple(c.public_bytes(serialization.Encoding.DER)
                  for c in load_certificates(*trust_roots))
    args = (bytes(pdf_bytes), roots, allow_fetching, moment, limits, deadline)
    if isolated:
        try:
            return call_with_deadline(_verify, *args, deadline=deadline + _KILL_GRACE,
                                      max_memory=limits.max_memory)
        except Abandoned as exc:
            if exc.timed_out:
                raise VerificationRefused("time_budget", limit=limits.time_budget) from None
            raise VerificationRefused("resources") from None
        except IsolationUnavailable as exc:
            log.warning("signature verification runs in-process (no child process: %s)", exc)
    return _verify(*args)
