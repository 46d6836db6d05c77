"""Documents and signatures: render, sign and verify official letters (no Flask, no eoffice).

Public names are re-exported here; see docs/internals.md ("Signatures API").
"""

from .errors import (
    DevelopmentCARefused, InvalidDocument, InvalidKeyFile, InvalidToken, RemoteSigningError,
    SignatureError, SigningFailed, VerificationRefused, WeakPassphrase, WrongPassphrase,
)
from .keystore import KeyProtection, change_passphrase, encrypt_private_key, unlock_key
from .letter import (
    BSRE_FOOTER, DEVELOPMENT_FOOTER, LETTER_TYPES, UU_ITE, Kop, LetterDocument, LetterType,
    Recipient, Section, SignatureBlock, diktum_label, letter_fingerprint, tanggal, tte_footer,
)
from .pki import (
    DEVELOPMENT_POLICY_OID, CertifiedKey, DevelopmentPKI, SignerCredential, SignerIdentity,
    SigningKey, certificate_identity, generate_development_ca, generate_development_pki,
    is_development_ca, issue_signer_certificate, issue_tsa_certificate, issuer_label,
    load_certificate,
    load_certificates, load_production_key, load_trust_roots, refuse_development_certificates,
    unlock_signing_key,
)
from .qr import (
    LetterToken, QrFlowable, document_digest, draw_qr, generate_token_key, make_token, qr_matrix,
    qr_png, read_token, verification_url,
)
from .remote import RemoteSignerClient, RemoteSignerConfig
from .render_disposition import (
    DispositionEntry, DispositionSheet, FollowUpReport, render_disposition_sheet,
)
from .render_letter import RenderedLetter, render_letter
from .signer import LocalPadesSigner, Placement, Signer, SignRequest, sign_pdf
from .tsa import HttpTimestampAuthority, LocalTimestampAuthority, make_timestamper
from .verify import (
    DEFAULT_LIMITS, SignatureReport, VerificationLimits, VerificationReport, validation_context,
    verify_pdf,
)

__all__ = [
    "BSRE_FOOTER", "CertifiedKey", "DEFAULT_LIMITS", "DEVELOPMENT_FOOTER",
    "DEVELOPMENT_POLICY_OID", "DevelopmentCARefused",
    "DevelopmentPKI", "DispositionEntry", "DispositionSheet", "FollowUpReport",
    "HttpTimestampAuthority", "InvalidDocument", "InvalidKeyFile", "InvalidToken",
    "KeyProtection", "Kop", "LETTER_TYPES", "LetterDocument", "LetterToken", "LetterType",
    "LocalPadesSigner", "LocalTimestampAuthority", "Placement", "QrFlowable", "Recipient",
    "RemoteSignerClient", "RemoteSignerConfig", "RemoteSigningError", "RenderedLetter",
    "Section", "SignRequest", "SignatureBlock", "SignatureError", "SignatureReport", "Signer",
    "SignerCredential", "SignerIdentity", "SigningFailed", "SigningKey", "UU_ITE",
    "VerificationLimits", "VerificationRefused", "VerificationReport",
    "WeakPassphrase", "WrongPassphrase", "certificate_identity", "change_passphrase",
    "diktum_label",
    "document_digest", "draw_qr", "encrypt_private_key", "generate_development_ca",
    "generate_development_pki", "generate_token_key", "is_development_ca",
    "issue_signer_certificate", "issue_tsa_certificate", "issuer_label", "letter_fingerprint",
    "load_certificate", "load_certificates", "load_production_key", "load_trust_roots",
    "make_timestamper", "make_token", "qr_matrix", "qr_png", "read_token",
    "refuse_development_certificates",
    "render_disposition_sheet", "render_letter", "sign_pdf", "tanggal", "tte_footer", "unlock_key",
    "unlock_signing_key", "validation_context", "verification_url", "verify_pdf",
]
