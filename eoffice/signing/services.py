"""Signing use cases: the development PKI, officials' keys, the signer in use, passphrase lockout.

A signer's private key is stored only encrypted under that signer's passphrase; it is opened for
one signing and forgotten. Development keys are issued lazily (on the first need to sign) with
the demo passphrase, so a fresh database can sign out of the box without slowing every test.

Rows created on first use (the service authorities, a signer's development key, the lockout row)
are inserted with INSERT … ON CONFLICT DO NOTHING and read back, so requests that create them at
the same moment all get the one row instead of a unique-constraint error.

Every passphrase check reserves an attempt and opens the key in one short transaction of its own
(`check_passphrase`, `eoffice.core.attempts`), committed whatever the use case then does: checks
for one signer run one at a time and parallel wrong passphrases open the key at most
SIGNING_MAX_FAILURES times, then signing locks. Such transactions (the check, and the first
issue of a development key) must come before the use case writes anything: on SQLite the use
case's write lock would make them wait for it. The task handler checks the passphrase first for
that reason, and `sign_letter` does when nothing checked it in the transaction yet.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, scoped_session

import signatures as sig
from eoffice.core import attempts, clock
from eoffice.core.errors import Conflict, InvalidInput, PermissionDenied
from eoffice.core.rows import insert_missing
from eoffice.org.models import Employee, Position
from eoffice.org.services import opd_of_position
from eoffice.signing.models import SignerKey, SigningAuthority, SigningLock

# One development PKI and QR key per process, and the demo credentials issued under it:
# reseeding a database (every test) reuses them instead of generating keys again.
_PKI_CACHE: dict[str, sig.DevelopmentPKI] = {}
_QR_CACHE: dict[str, tuple[bytes, bytes]] = {}
_CREDENTIAL_CACHE: dict[tuple, sig.SignerCredential] = {}


class WrongSigningPassphrase(PermissionDenied):
    """The signing passphrase did not open the key; `attempt` is the number its reservation took
    (None when unknown), already counted."""

    def __init__(self, employee_id: int, attempt: int | None = None):
        super().__init__(_("Frasa sandi tanda tangan salah."))
        self.employee_id, self.attempt = employee_id, attempt


class SigningLocked(PermissionDenied):
    pass


def is_production() -> bool:
    return current_app.config.get("PROFILE") == "production"


# --- authorities --------------------------------------------------------------------------------
def authority(session: Session, kind: str) -> SigningAuthority | None:
    return session.scalar(select(SigningAuthority).where(SigningAuthority.kind == kind))


def _add_authority(session: Session, kind: str, cert_pem, key_pem, public_pem=None) -> SigningAuthority:
    """The `kind` row: this one when none exists yet, else the one another request stored first."""
    insert_missing(session, SigningAuthority.__table__,
                   {"kind": kind, "cert_pem": cert_pem, "key_pem": key_pem, "public_pem": public_pem,
                    "created_at": clock.now()}, index_elements=["kind"])
    return authority(session, kind)


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
        if root is None:  # root first, then TSA: a request that loses the root waits and loses the TSA too
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


def _development_credential(session: Session, employee: Employee, passphrase: str) -> sig.SignerCredential:
    """An ECDSA P-256 certificate for the official under the development CA (cached per process)."""
    if employee.position is None:
        raise Conflict(_("Pegawai tanpa jabatan tidak dapat diberi sertifikat."))
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
    return credential


def issue_key(session: Session, employee: Employee, passphrase: str | None = None,
              *, replace: bool = False) -> SignerKey:
    """Issue an ECDSA P-256 certificate under the development CA to an official (in the caller's
    transaction); without `replace` an existing key, or one issued at the same moment, is kept."""
    existing = signer_key(session, employee.id)
    if existing is not None and not replace:
        return existing
    credential = _development_credential(session, employee, passphrase or current_app.config["DEMO_PASSPHRASE"])
    if existing is not None:
        session.delete(existing)
    session.flush()  # the insert below is a Core statement: the deletion (and any pending row) first
    insert_missing(session, SignerKey.__table__,
                   {"employee_id": employee.id, "cert_pem": credential.cert_pem,
                    "encrypted_key_pem": credential.encrypted_key_pem, "issued_at": clock.now()},
                   index_elements=["employee_id"])
    return signer_key(session, employee.id)


def credential_for(session: Session, employee: Employee) -> sig.SignerCredential:
    """The official's stored credential; development issues one on first need.

    The first need is usually a passphrase check, before the use case writes anything: the key
    is then issued in a short transaction of its own (insert-or-ignore, read back), so parallel
    first signings share one key and the use case holds no write lock yet (see the module notes)."""
    row = signer_key(session, employee.id)
    if row is None:
        if is_production():
            raise PermissionDenied(_("Anda belum memiliki sertifikat elektronik untuk menandatangani."))
        credential = _development_credential(session, employee, current_app.config["DEMO_PASSPHRASE"])
        with _own_transaction(session) as conn:
            insert_missing(conn, SignerKey.__table__,
                           {"employee_id": employee.id, "cert_pem": credential.cert_pem,
                            "encrypted_key_pem": credential.encrypted_key_pem, "issued_at": clock.now()},
                           index_elements=["employee_id"])
        row = signer_key(session, employee.id)
    return sig.SignerCredential(row.cert_pem, row.encrypted_key_pem)


def signing_officials(session: Session) -> list[Employee]:
    """Who gets a key at `flask pki init`: every head position and every sekretaris."""
    rows = session.scalars(select(Employee).join(Position, Employee.position_id == Position.id).where(
        Employee.active.is_(True)).order_by(Employee.id))
    return [e for e in rows if e.position.is_head or "sekretaris" in e.position.title.lower()]


def change_passphrase(session: Session, employee: Employee, old: str, new: str) -> None:
    """Re-encrypt the official's key under a new passphrase; the old one is checked like a signing."""
    if len(new or "") < 8:
        raise InvalidInput(_("Frasa sandi baru minimal 8 karakter."), "new_passphrase")
    check_passphrase(session, employee, old)
    row = signer_key(session, employee.id)
    try:
        row.encrypted_key_pem = sig.change_passphrase(row.encrypted_key_pem, old, new)
    except sig.WrongPassphrase:  # the key changed since the check
        raise WrongSigningPassphrase(employee.id) from None
    except sig.WeakPassphrase:
        raise InvalidInput(_("Frasa sandi baru minimal 8 karakter."), "new_passphrase") from None


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
    """Sign `pdf` as `employee` with their passphrase (raises WrongSigningPassphrase, SigningLocked).

    The passphrase is checked first (`check_passphrase`; nothing new when this transaction already
    checked it, as the task handler does before the use case writes)."""
    ticket = check_passphrase(session, employee, passphrase)
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
        raise WrongSigningPassphrase(employee.id, ticket.attempt) from None
    except (sig.RemoteSigningError, sig.SigningFailed, sig.DevelopmentCARefused) as exc:
        raise Conflict(_("Penandatanganan gagal: %(reason)s", reason=str(exc))) from exc
    if not ticket.proven:  # the remote service accepted the passphrase: give the attempts back
        attempts.clear(session, SigningLock.__table__, employee.id)
        _remember(session, employee.id, passphrase, _Ticket(proven=True, attempt=ticket.attempt))
    return signed


# --- passphrase lockout -------------------------------------------------------------------------
_TICKETS = "eoffice.signing.tickets"


@dataclass(frozen=True)
class _Ticket:
    """A passphrase checked in this transaction: `proven` (the key opened; attempts given back)
    or reserved for the remote service to judge; `attempt` is the reservation's number."""

    proven: bool
    attempt: int | None


def _limit() -> attempts.Limit:
    config = current_app.config
    return attempts.Limit(config.get("SIGNING_MAX_FAILURES", 5), config.get("SIGNING_LOCK_SECONDS", 900))


def _own_transaction(session: Session):
    """A short transaction on a connection of its own, committed at once (whatever the use case does)."""
    return session.get_bind(mapper=SigningLock.__mapper__).begin()


def _tickets(session: Session) -> dict:
    """The passphrases checked in the session's current transaction (forgotten with it)."""
    if isinstance(session, scoped_session):
        session = session()
    transaction = session.get_transaction() or session.begin()
    held = session.info.get(_TICKETS)
    if held is None or held[0] is not transaction:
        held = (transaction, {})
        session.info[_TICKETS] = held
    return held[1]


def _ticket_key(employee_id: int, passphrase: str) -> tuple[int, bytes]:
    return employee_id, hashlib.sha256((passphrase or "").encode()).digest()


def _remember(session: Session, employee_id: int, passphrase: str, ticket: _Ticket) -> _Ticket:
    _tickets(session)[_ticket_key(employee_id, passphrase)] = ticket
    return ticket


def check_passphrase(session: Session, employee: Employee, passphrase: str) -> _Ticket:
    """Open the signer's key with `passphrase` under the lockout (raises SigningLocked,
    WrongSigningPassphrase); nothing new when this transaction already checked it.

    The attempt is reserved, the key opened and the verdict committed in one short transaction of
    its own (`eoffice.core.attempts`): checks for one signer run one at a time, at most
    SIGNING_MAX_FAILURES wrong ones open the key, and a locked signer is refused without opening
    it, even with the right passphrase. The remote signer's service judges the passphrase when it
    signs: the attempt is reserved (committed) now and given back when the service accepts it."""
    known = _tickets(session).get(_ticket_key(employee.id, passphrase))
    if known is not None:
        return known
    remote = current_app.config.get("SIGNER") == "remote"
    credential = None if remote else credential_for(session, employee)
    opened = False
    with _own_transaction(session) as conn:
        attempt = attempts.reserve(conn, SigningLock.__table__, employee.id, _limit(), clock.now())
        if attempt is not None and not remote:
            opened = _opens(credential, passphrase)
            if opened:
                attempts.clear(conn, SigningLock.__table__, employee.id)
    if attempt is None:
        raise _locked(session, employee.id)
    if not remote and not opened:
        raise WrongSigningPassphrase(employee.id, attempt)
    return _remember(session, employee.id, passphrase, _Ticket(proven=not remote, attempt=attempt))


def _opens(credential: sig.SignerCredential, passphrase: str) -> bool:
    try:
        sig.unlock_signing_key(credential, passphrase or "")
    except sig.WrongPassphrase:
        return False
    except sig.SignatureError as exc:  # a stored key that cannot be read is no guess: not counted
        raise Conflict(_("Penandatanganan gagal: %(reason)s", reason=str(exc))) from exc
    return True


def _locked(session: Session, employee_id: int) -> SigningLocked:
    until = locked_until(session, employee_id) or clock.now()
    minutes = max(1, int((until - clock.now()).total_seconds() // 60) + 1)
    return SigningLocked(_("Penandatanganan terkunci karena frasa sandi salah berulang kali. "
                           "Coba lagi dalam %(minutes)d menit.", minutes=minutes))


def locked_until(session: Session, employee_id: int):
    until = session.scalar(select(SigningLock.locked_until).where(SigningLock.employee_id == employee_id))
    until = clock.aware(until)
    return until if until is not None and until > clock.now() else None


def wrong_passphrase_message(attempt: int | None) -> str:
    """What a signer reads after a wrong passphrase (the attempt was counted when it was reserved)."""
    limit = _limit()
    if attempt is None:
        return _("Frasa sandi tanda tangan salah.")
    if attempt >= limit.attempts:
        return _("Frasa sandi tanda tangan salah %(count)d kali; penandatanganan dikunci selama "
                 "%(minutes)d menit.", count=limit.attempts, minutes=limit.lock_seconds // 60)
    return _("Frasa sandi tanda tangan salah. Sisa percobaan: %(left)d.", left=limit.attempts - attempt)
