"""The ``Signer`` interface and local PAdES signing with pyHanko.

``SignRequest`` says who signs, why, where and how the signature appears; a ``Signer``
turns PDF bytes into signed PDF bytes. ``LocalPadesSigner`` unlocks the signer's own key
with the passphrase in the request (so nothing signs without the signer) and signs as
PAdES B-B, or B-T when a timestamp authority is configured. Each signature is an
incremental update, so earlier signatures stay valid. The remote (BSrE-style) client is
in ``signatures.remote``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol, runtime_checkable

from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from pyhanko.stamp import QRStampStyle, TextStampStyle
from pyhanko_certvalidator.registry import SimpleCertificateStore

from .sync import call_outside_event_loop
from .errors import SigningFailed
from .pki import (
    SignerCredential, SignerIdentity, SigningKey, load_production_key,
    refuse_development_certificates, unlock_signing_key,
)
from .tsa import HttpTimestampAuthority, LocalTimestampAuthority, asn1_private_key, make_timestamper

DEFAULT_STAMP_TEXT = "Ditandatangani secara elektronik oleh:\n%(signer)s\n%(ts)s"


@dataclass(frozen=True)
class Placement:
    """Where a signature appears. Default: invisible.

    ``page`` is 1-based; ``box`` is (x1, y1, x2, y2) in PDF points from the bottom-left.
    ``tag`` (a text marker in the PDF), ``image_png`` (specimen image) and ``qr_link``
    are understood by the remote BSrE-style service; the local signer draws a text stamp,
    with a QR code when ``qr_link`` is given.
    """

    page: int | None = None
    box: tuple[float, float, float, float] | None = None
    tag: str | None = None
    image_png: bytes | None = field(default=None, repr=False)
    qr_link: str | None = None

    @classmethod
    def invisible(cls) -> "Placement":
        return cls()

    @classmethod
    def at(cls, page: int, box: tuple[float, float, float, float], **kw) -> "Placement":
        return cls(page=page, box=tuple(box), **kw)

    @property
    def visible(self) -> bool:
        return (self.page is not None and self.box is not None) or self.tag is not None

    def __post_init__(self):
        if (self.page is None) != (self.box is None):
            raise ValueError("a visible placement needs both page and box")
        if self.page is not None and self.page < 1:
            raise ValueError("pages are numbered from 1")
        if self.box is not None:
            x1, y1, x2, y2 = self.box
            if x2 <= x1 or y2 <= y1:
                raise ValueError("box must be (x1, y1, x2, y2) with x2 > x1 and y2 > y1")


@dataclass(frozen=True)
class SignRequest:
    """One signing act.

    ``credential`` is for the local signer: a stored ``SignerCredential`` (development CA or
    any key kept with ``keystore``) or raw PKCS#12/PEM bytes of a real certificate; both
    are opened with ``passphrase``. ``nik`` identifies the signer at the remote service.
    """

    signer: SignerIdentity
    reason: str = "Menyetujui dokumen"
    location: str = "Kota Tangerang"
    field_name: str | None = None
    placement: Placement = Placement()
    credential: SignerCredential | bytes | None = field(default=None, repr=False)
    nik: str | None = field(default=None, repr=False)
    passphrase: str = field(default="", repr=False)
    contact_info: str | None = None


@runtime_checkable
class Signer(Protocol):
    """Anything that signs: ``sign(pdf_bytes, request) -> signed_pdf_bytes``."""

    def sign(self, pdf_bytes: bytes, request: SignRequest) -> bytes: ...


def _asn1(cert) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def _free_field_name(reader: PdfFileReader, base: str = "TTE") -> str:
    taken = {name for name, _, _ in fields.enumerate_sig_fields(reader)}
    n = 1
    while f"{base}{n}" in taken:
        n += 1
    return f"{base}{n}"


def sign_pdf(pdf_bytes: bytes, request: SignRequest, key: SigningKey, *,
             timestamper=None, md_algorithm: str = "sha256") -> bytes:
    """PAdES-sign ``pdf_bytes`` with an already unlocked key (B-T if ``timestamper``)."""
    signer = signers.SimpleSigner(
        signing_cert=_asn1(key.certificate),
        signing_key=asn1_private_key(key.private_key),
        cert_registry=SimpleCertificateStore.from_certs([_asn1(c) for c in key.chain]),
    )
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes), strict=False)
    except (PdfError, ValueError, KeyError, IndexError) as exc:
        raise SigningFailed(f"not a readable PDF: {exc}") from exc
    placement = request.placement
    field_name = request.field_name or _free_field_name(writer.prev)
    field_spec = stamp = None
    text_params = {"signer": request.signer.name}
    if placement.page is not None:
        field_spec = fields.SigFieldSpec(field_name, on_page=placement.page - 1,
                                         box=tuple(int(round(v)) for v in placement.box))
        if placement.qr_link:
            stamp = QRStampStyle(stamp_text=DEFAULT_STAMP_TEXT)
            text_params["url"] = placement.qr_link
        else:
            stamp = TextStampStyle(stamp_text=DEFAULT_STAMP_TEXT)
    meta = signers.PdfSignatureMetadata(
        field_name=field_name, md_algorithm=md_algorithm, reason=request.reason,
        location=request.location, name=request.signer.name,
        contact_info=request.contact_info,
        subfilter=fields.SigSeedSubFilter.PADES,
    )
    pdf_signer = signers.PdfSigner(meta, signer, timestamper=timestamper,
                                   stamp_style=stamp, new_field_spec=field_spec)
    out = io.BytesIO()
    try:
        call_outside_event_loop(pdf_signer.sign_pdf, writer, output=out,
                                appearance_text_params=text_params if stamp else None)
    except (SigningError, PdfError, ValueError) as exc:
        raise SigningFailed(str(exc)) from exc
    return out.getvalue()


@dataclass(frozen=True)
class LocalPadesSigner:
    """Signs with the signer's own key, unlocked per request by their passphrase.

    ``chain_pem``: issuing CA certificates embedded in each signature.
    ``timestamp_authority``: None → PAdES B-B; otherwise B-T.
    ``require_production``: refuse development certificates (production deployments).
    """

    chain_pem: tuple[bytes, ...] = ()
    timestamp_authority: LocalTimestampAuthority | HttpTimestampAuthority | None = None
    md_algorithm: str = "sha256"
    require_production: bool = False

    @cached_property
    def _timestamper(self):
        return make_timestamper(self.timestamp_authority) if self.timestamp_authority else None

    def unlock(self, request: SignRequest) -> SigningKey:
        """The request's key, opened with its passphrase (``WrongPassphrase`` otherwise)."""
        cred = request.credential
        if isinstance(cred, SignerCredential):
            if self.require_production:
                refuse_development_certificates(cred.cert_pem, *self.chain_pem)
            return unlock_signing_key(cred, request.passphrase, self.chain_pem)
        if isinstance(cred, (bytes, bytearray)):
            return load_production_key(bytes(cred), request.passphrase, chain=self.chain_pem,
                                       require_production=self.require_production)
        raise SigningFailed("the local signer needs the signer's credential in the request")

    def sign(self, pdf_bytes: bytes, request: SignRequest) -> bytes:
        return sign_pdf(pdf_bytes, request, self.unlock(request),
                        timestamper=self._timestamper, md_algorithm=self.md_algorithm)
