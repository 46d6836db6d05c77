"""Signing use cases: the development PKI, officials' keys, the signer in use, passphrase lockout.

A signer's private key is stored only encrypted under that signer's passphrase; it is opened for
one signing and forgotten. Development keys are issued lazily (on the first need to sign) with
the demo passphrase, so a fresh database can sign out of the box without slowing every test.
"""
from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

import signatures as sig
from eoffice.core import clock
from eoffice.core.errors import Conflict, PermissionDenied
from eoffice.org.models import Employee, Position
from eoffice.org.services import opd_of_position
from eoffice.signing.models import SignerKey, SigningAuthority, SigningLock

# One development PKI and QR key per process, and the demo credentials issued under it:
# reseeding a database (every test) reuses them instead of generating keys again.
_PKI_CACHE: dict[str, sig.DevelopmentPKI] = {}
_QR_CACHE: dict[str, tuple[bytes, bytes]] = {}
_CREDENTIAL_CACHE: dict[tuple, sig.SignerCredential] = {}


class WrongSigningPassphrase(PermissionDenied):
    """The signing passphrase did not open the key; the app counts it after rolling back."""

    def __init__(self, employee_id: int):
        super().__init__(_("Frasa sandi tanda tangan salah."))
        self.employee_id = employee_id


class SigningLocked(PermissionDenied):
    pass


def is_production() -> bool:
    return current_app.config.get("PROFILE") == "production"


# --- authorities --------------------------------------------------------------------------------
def authority(session: Session, kind: str) -> SigningAuthority | None:
    return session.scalar(select(SigningAuthority).where(SigningAuthority.kind == kind))


def _add_authority(session: Session, kind: str, cert_pem, key_pem, public_pem=None) -> SigningAuthority:
    row = SigningAuthority(kind=kind, cert_pem=cert_pem, key_pem=key_pem, public_pem=public_pem,
                           created_at=clock.now())
    session.add(row)
    session.flush()
    return row


def ensure_qr_key(session: Session) -> SigningAuthority:
    row = authority(session, "qr")
    if row is None:
        private, public = _QR_CACHE.setdefault("qr", sig.generate_token_key())
        row = _add_authority(session, "qr", None, private, public)
    return row


def ensure_development_pki(session: Session) -> tuple[SigningAuthority, SigningAuthority]:
    """The development root CA and TSA (created once; refused in production)."""
    if is_production():
        raise sig.DevelopmentCARefused("production refuses the development CA")
    root, tsa = authority(session, "root"), authority(session, "tsa")
    if root is None or tsa is None:
        pki = _PKI_CACHE.setdefault("pki", sig.generate_development_pki())
        if root is None:
            root = _add_authority(session, "root", pki.root.cert_pem, pki.root.key_pem)
        if tsa is None:
            tsa = _add_authority(session, "tsa", pki.tsa.cert_pem, pki.tsa.key_pem)
    return root, tsa


def root_ca(session: Session) -> sig.CertifiedKey:
    root = authority(session, "root") or ensure_development_pki(session)[0]
    return sig.CertifiedKey(root.cert_pem, root.key_pem)


def _file_pems(path: str) -> tuple[bytes, ...]:
    return (Path(path).read_bytes(),) if path else ()


def chain_pems(session: Session) -> tuple[bytes, ...]:
    """CA certificates embedded in each signature."""
    configured = _file_pems(current_app.config.get("SIGNING_CHAIN_FILE", ""))
    if is_production():
        return configured
    root = authority(session, "root")
    return configured + ((root.cert_pem,) if root is not None else ())


def trust_roots(session: Session) -> tuple:
    """The roots a signed letter must chain to; production refuses the development CA."""
    configured = _file_pems(current_app.config.get("SIGNING_TRUST_ROOTS_FILE", ""))
    if is_production():
        return sig.load_trust_roots(*configured, require_production=True)
    root = authority(session, "root") or ensure_development_pki(session)[0]
    return sig.load_trust_roots(*configured, root.cert_pem)


# --- officials' keys ----------------------------------------------------------------------------
def signer_key(session: Session, employee_id: int) -> SignerKey | None:
    return session.scalar(select(SignerKey).where(SignerKey.employee_id == employee_id))


def _cache_key(ca: sig.CertifiedKey, employee: Employee, position: Position, passphrase: str) -> tuple:
    return (hashlib.sha256(ca.cert_pem).hexdigest(), employee.nip, employee.name, position.title,
            hashlib.sha256(passphrase.encode()).hexdigest())


def issue_key(session: Session, employee: Employee, passphrase: str | None = None,
              *, replace: bool = False) -> SignerKey:
    """Issue an ECDSA P-256 certificate under the development CA to an official."""
    existing = signer_key(session, employee.id)
    if existing is not None and not replace:
        return existing
    if employee.position is None:
        raise Conflict(_("Pegawai tanpa jabatan tidak dapat diberi sertifikat."))
    passphrase = passphrase or current_app.config["DEMO_PASSPHRASE"]
    ca = root_ca(session)
    position = employee.position
    key = _cache_key(ca, employee, position, passphrase)
    credential = _CREDENTIAL_CACHE.get(key)
    if credential is None:
        opd = opd_of_position(session, position.id)
        credential = sig.issue_signer_certificate(
            ca, employee.name, employee.nip, employee.nik, position.title, opd.name,
            employee.email or None, passphrase=passphrase)
        _CREDENTIAL_CACHE[key] = credential
    if existing is not None:
        session.delete(existing)
        session.flush()
    row = SignerKey(employee_id=employee.id, cert_pem=credential.cert_pem,
                    encrypted_key_pem=credential.encrypted_key_pem, issued_at=clock.now())
    session.add(row)
    session.flush()
    return row


def credential_for(session: Session, employee: Employee) -> sig.SignerCredential:
    """The official's stored credential; development issues one on first need."""
    row = signer_key(session, employee.id)
    if row is None:
        if is_production():
            raise PermissionDenied(_("Anda belum memiliki sertifikat elektronik untuk menandatangani."))
        row = issue_key(session, employee)
    return sig.SignerCredential(row.cert_pem, row.encrypted_key_pem)


def signing_officials(session: Session) -> list[Employee]:
    """Who gets a key at `flask pki init`: every head position and every sekretaris."""
    rows = session.scalars(select(Employee).join(Position, Employee.position_id == Position.id).where(
        Employee.active.is_(True)).order_by(Employee.id))
    return [e for e in rows if e.position.is_head or "sekretaris" in e.position.title.lower()]


def change_passphrase(session: Session, employee: Employee, old: str, new: str) -> None:
    ensure_not_locked(session, employee.id)
    row = signer_key(session, employee.id)
    if row is None:
        credential_for(session, employee)
        row = signer_key(session, employee.id)
    try:
        row.encrypted_key_pem = sig.change_passphrase(row.encrypted_key_pem, old, new)
    except sig.WrongPassphrase:
        raise WrongSigningPassphrase(employee.id) from None
    except sig.WeakPassphrase:
        from eoffice.core.errors import InvalidInput

        raise InvalidInput(_("Frasa sandi baru minimal 8 karakter."), "new_passphrase") from None
    record_success(session, employee.id)


# --- the signer in use --------------------------------------------------------------------------
def footer_issuer(session: Session, employee: Employee) -> tuple[str, bool]:
    """Who issued the certificate `employee` will sign with, as the letter's footer names it, and
    whether it is a development certificate (the footer then says it is not for official use).

    The local signer knows the signer's own certificate; the remote (BSrE) service keeps it, so its
    name is configured (`BSRE_ISSUER_LABEL`) and it is never a development one."""
    if current_app.config.get("SIGNER") == "remote":
        return current_app.config.get("BSRE_ISSUER_LABEL") or "BSrE", False
    cert = credential_for(session, employee).cert_pem
    return sig.issuer_label(cert), sig.is_development_ca(cert)


def _timestamp_authority(session: Session):
    url = current_app.config.get("TSA_URL", "embedded")
    if not url:
        return None
    if url == "embedded":
        if is_production():
            return None
        tsa = authority(session, "tsa") or ensure_development_pki(session)[1]
        root = authority(session, "root")
        return sig.LocalTimestampAuthority(sig.CertifiedKey(tsa.cert_pem, tsa.key_pem),
                                           chain_pem=(root.cert_pem,))
    return sig.HttpTimestampAuthority(url, require_https=is_production())


def signer(session: Session) -> sig.Signer:
    """The configured signer: `SIGNER=local` (PAdES, own key) or `remote` (BSrE-style service)."""
    config = current_app.config
    if config.get("SIGNER") == "remote":
        return sig.RemoteSignerClient(sig.RemoteSignerConfig(
            config["BSRE_URL"], config.get("BSRE_USERNAME"), config.get("BSRE_PASSWORD"),
            verify_tls=config.get("BSRE_VERIFY_TLS", True)))
    return sig.LocalPadesSigner(chain_pem=chain_pems(session),
                                timestamp_authority=_timestamp_authority(session),
                                require_production=is_production())


def sign_document(session: Session, employee: Employee, pdf: bytes, passphrase: str, *,
                  reason: str, placement: sig.Placement = sig.Placement()) -> bytes:
    """Sign `pdf` as `employee` with their passphrase (raises WrongSigningPassphrase, SigningLocked)."""
    ensure_not_locked(session, employee.id)
    remote = current_app.config.get("SIGNER") == "remote"
    credential = None if remote else credential_for(session, employee)
    identity = (sig.certificate_identity(credential.cert_pem) if credential is not None
                else sig.SignerIdentity(name=employee.name, nip=employee.nip,
                                        position=employee.position.title if employee.position else None))
    request = sig.SignRequest(signer=identity, reason=reason, placement=placement,
                              credential=credential, nik=employee.nik, passphrase=passphrase or "")
    try:
        signed = signer(session).sign(pdf, request)
    except sig.WrongPassphrase:
        raise WrongSigningPassphrase(employee.id) from None
    except (sig.RemoteSigningError, sig.SigningFailed, sig.DevelopmentCARefused) as exc:
        raise Conflict(_("Penandatanganan gagal: %(reason)s", reason=str(exc))) from exc
    record_success(session, employee.id)
    return signed


# --- passphrase lockout -------------------------------------------------------------------------
def _lock_row(session: Session, employee_id: int) -> SigningLock:
    row = session.get(SigningLock, employee_id)
    if row is None:
        row = SigningLock(employee_id=employee_id, failures=0)
        session.add(row)
    return row


def locked_until(session: Session, employee_id: int):
    row = session.get(SigningLock, employee_id)
    until = clock.aware(row.locked_until) if row is not None else None
    return until if until is not None and until > clock.now() else None


def ensure_not_locked(session: Session, employee_id: int) -> None:
    until = locked_until(session, employee_id)
    if until is not None:
        minutes = max(1, int((until - clock.now()).total_seconds() // 60) + 1)
        raise SigningLocked(_("Penandatanganan terkunci karena frasa sandi salah berulang kali. "
                              "Coba lagi dalam %(minutes)d menit.", minutes=minutes))


def note_wrong_passphrase(session: Session, employee_id: int) -> str:
    """Count one wrong passphrase (the caller commits); returns the message to show."""
    row = _lock_row(session, employee_id)
    row.failures = (row.failures or 0) + 1
    limit = current_app.config.get("SIGNING_MAX_FAILURES", 5)
    if row.failures >= limit:
        row.failures = 0
        row.locked_until = clock.now() + timedelta(seconds=current_app.config.get("SIGNING_LOCK_SECONDS", 900))
        session.flush()
        return _("Frasa sandi tanda tangan salah %(count)d kali; penandatanganan dikunci selama "
                 "%(minutes)d menit.", count=limit,
                 minutes=current_app.config.get("SIGNING_LOCK_SECONDS", 900) // 60)
    session.flush()
    return _("Frasa sandi tanda tangan salah. Sisa percobaan: %(left)d.", left=limit - row.failures)


def record_success(session: Session, employee_id: int) -> None:
    row = session.get(SigningLock, employee_id)
    if row is not None and row.failures:
        row.failures = 0
