"""Certificates and keys: the development CA/TSA, signer certificates, loaders.

Everything is serialisable (PEM bytes) so the application keeps it in its database or
file store; nothing lives in module globals. A signer's private key exists at rest ONLY
encrypted under that signer's passphrase (see ``keystore``), so the server cannot sign
without the signer typing it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from .errors import DevelopmentCARefused, InvalidKeyFile, WrongPassphrase
from .keystore import KeyProtection, encrypt_private_key, unlock_key

# A UUID-based OID (arc 2.25, ITU-T X.667): needs no registration and cannot collide with
# a real certificate policy. Every certificate of the development PKI carries it.
DEVELOPMENT_POLICY_OID = x509.ObjectIdentifier("2.25.268997056469667889304749297435168527930")
DEVELOPMENT_MARK = "DEVELOPMENT"
DEFAULT_ORGANIZATION = "Pemerintah Kota Tangerang"

_NIP = re.compile(r"^\d{18}$")
_NIK = re.compile(r"^\d{16}$")


@dataclass(frozen=True)
class CertifiedKey:
    """A service identity (CA or TSA): certificate and its unencrypted key, both PEM."""

    cert_pem: bytes
    key_pem: bytes = field(repr=False)

    @property
    def certificate(self) -> x509.Certificate:
        return x509.load_pem_x509_certificate(self.cert_pem)

    @property
    def private_key(self):
        return serialization.load_pem_private_key(self.key_pem, password=None)


@dataclass(frozen=True)
class DevelopmentPKI:
    """The offline development root CA and the timestamp authority it certified."""

    root: CertifiedKey
    tsa: CertifiedKey


class SignerCredential(NamedTuple):
    """What the app stores per signer: public certificate and passphrase-encrypted key."""

    cert_pem: bytes
    encrypted_key_pem: bytes


@dataclass(frozen=True)
class SignerIdentity:
    """Who a certificate names, in the vocabulary of the office."""

    name: str
    nip: str | None = None
    position: str | None = None
    organization: str | None = None
    unit: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class SigningKey:
    """An unlocked key with its certificate and chain; lives only for one signing."""

    certificate: x509.Certificate
    private_key: object = field(repr=False)
    chain: tuple[x509.Certificate, ...] = ()


# --- helpers ---------------------------------------------------------------------------

def _now(now: dt.datetime | None) -> dt.datetime:
    return now or dt.datetime.now(dt.timezone.utc)


def _builder(subject: x509.Name, issuer: x509.Name, public_key, now, days) -> x509.CertificateBuilder:
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))  # tolerate clock skew
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
    )


def _key_usage(**flags) -> x509.KeyUsage:
    names = ("digital_signature", "content_commitment", "key_encipherment", "data_encipherment",
             "key_agreement", "key_cert_sign", "crl_sign", "encipher_only", "decipher_only")
    return x509.KeyUsage(**{n: flags.get(n, False) for n in names})


def _dev_policy() -> x509.CertificatePolicies:
    return x509.CertificatePolicies([x509.PolicyInformation(DEVELOPMENT_POLICY_OID, None)])


def _issue_from(ca: CertifiedKey, subject: x509.Name, public_key, now, days) -> x509.CertificateBuilder:
    ca_cert = ca.certificate
    return _builder(subject, ca_cert.subject, public_key, now, days).add_extension(
        x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_cert.public_key()), critical=False
    )


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def _key_pem(key) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


# --- development PKI -------------------------------------------------------------------

def generate_development_ca(
    common_name: str = "DEVELOPMENT Root CA e-Office",
    organization: str = DEFAULT_ORGANIZATION,
    *, valid_days: int = 3650, now: dt.datetime | None = None,
) -> CertifiedKey:
    """A self-signed ECDSA P-256 root, marked as development in its subject and policy."""
    now = _now(now)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, f"{organization} ({DEVELOPMENT_MARK})"),
        x509.NameAttribute(NameOID.COMMON_NAME,
                           common_name if DEVELOPMENT_MARK in common_name
                           else f"{DEVELOPMENT_MARK} {common_name}"),
    ])
    cert = (
        _builder(name, name, key.public_key(), now, valid_days)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(_key_usage(key_cert_sign=True, crl_sign=True, digital_signature=True),
                       critical=True)
        .add_extension(_dev_policy(), critical=False)
        .sign(key, hashes.SHA256())
    )
    return CertifiedKey(_pem(cert), _key_pem(key))


def issue_tsa_certificate(ca: CertifiedKey, common_name: str = "DEVELOPMENT Timestamp Authority",
                          *, valid_days: int = 1825, now: dt.datetime | None = None) -> CertifiedKey:
    """A timestamping certificate (critical EKU timeStamping) under ``ca``.

    RSA-2048, because pyHanko's in-process TSA (``DummyTimeStamper``) signs with RSA only.
    """
    now = _now(now)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, ca.certificate.subject.get_attributes_for_oid(
            NameOID.ORGANIZATION_NAME)[0].value),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ])
    builder = (
        _issue_from(ca, subject, key.public_key(), now, valid_days)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(digital_signature=True, content_commitment=True), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
    )
    if is_development_ca(ca.certificate):
        builder = builder.add_extension(_dev_policy(), critical=False)
    cert = builder.sign(ca.private_key, hashes.SHA256())
    return CertifiedKey(_pem(cert), _key_pem(key))


def generate_development_pki(organization: str = DEFAULT_ORGANIZATION,
                             *, now: dt.datetime | None = None) -> DevelopmentPKI:
    """Root CA plus TSA, everything needed to sign and timestamp offline."""
    root = generate_development_ca(organization=organization, now=now)
    return DevelopmentPKI(root=root, tsa=issue_tsa_certificate(root, now=now))


def issue_signer_certificate(
    ca: CertifiedKey, name: str, nip: str, nik: str, position: str, unit: str,
    email: str | None = None, *, passphrase: str, organization: str = DEFAULT_ORGANIZATION,
    valid_days: int = 730, now: dt.datetime | None = None,
    protection: KeyProtection = KeyProtection(),
) -> SignerCredential:
    """Issue an ECDSA P-256 signing certificate; return it with the passphrase-encrypted key.

    Subject: CN=name, serialNumber=NIP, title=position, O=organization, OU=unit.
    The NIK is checked but NOT written into the certificate: the certificate travels inside
    every signed PDF sent outside the office, and the NIK is personal data (UU PDP). It
    identifies the signer's account at the remote signing service instead.
    """
    if not name.strip():
        raise ValueError("signer name is required")
    if not _NIP.match(nip):
        raise ValueError("NIP must be 18 digits")
    if not _NIK.match(nik):
        raise ValueError("NIK must be 16 digits")
    now = _now(now)
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
        x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, unit),
        x509.NameAttribute(NameOID.TITLE, position),
        x509.NameAttribute(NameOID.SERIAL_NUMBER, nip),
        x509.NameAttribute(NameOID.COMMON_NAME, name),
    ])
    builder = (
        _issue_from(ca, subject, key.public_key(), now, valid_days)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(digital_signature=True, content_commitment=True), critical=True)
    )
    if email:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.RFC822Name(email)]), critical=False)
    if is_development_ca(ca.certificate):
        builder = builder.add_extension(_dev_policy(), critical=False)
    cert = builder.sign(ca.private_key, hashes.SHA256())
    encrypted = encrypt_private_key(key, passphrase, protection)
    return SignerCredential(_pem(cert), encrypted)


# --- reading certificates --------------------------------------------------------------

def load_certificate(data) -> x509.Certificate:
    """A certificate from PEM bytes/str, DER bytes or an already loaded object."""
    if isinstance(data, x509.Certificate):
        return data
    if isinstance(data, str):
        data = data.encode()
    try:
        if b"-----BEGIN" in data:
            return x509.load_pem_x509_certificate(data)
        return x509.load_der_x509_certificate(data)
    except ValueError as exc:
        raise InvalidKeyFile(f"not a certificate: {exc}") from exc


def load_certificates(*items) -> tuple[x509.Certificate, ...]:
    """Every certificate in the given PEM bundles / DER blobs / objects."""
    out: list[x509.Certificate] = []
    for item in items:
        if isinstance(item, str):
            item = item.encode()
        if isinstance(item, bytes) and item.count(b"-----BEGIN CERTIFICATE") > 1:
            out.extend(x509.load_pem_x509_certificates(item))
        else:
            out.append(load_certificate(item))
    return tuple(out)


def is_development_ca(cert) -> bool:
    """True for the development CA and for anything it issued (policy OID or DEVELOPMENT name)."""
    cert = load_certificate(cert)
    try:
        policies = cert.extensions.get_extension_for_class(x509.CertificatePolicies).value
        if any(p.policy_identifier == DEVELOPMENT_POLICY_OID for p in policies):
            return True
    except x509.ExtensionNotFound:
        pass
    for name in (cert.subject, cert.issuer):
        for oid in (NameOID.COMMON_NAME, NameOID.ORGANIZATION_NAME):
            if any(DEVELOPMENT_MARK in str(a.value) for a in name.get_attributes_for_oid(oid)):
                return True
    return False


def issuer_label(cert) -> str:
    """Who issued ``cert``, as printed: the issuer's common name (else its whole name).

    What a letter's footer names as the certificate's issuer (``render_letter(...,
    issuer_label=issuer_label(signer_cert))``) and what the verification report shows.
    """
    cert = load_certificate(cert)
    return _first(cert.issuer, NameOID.COMMON_NAME) or cert.issuer.rfc4514_string()


def _first(name: x509.Name, oid) -> str | None:
    attrs = name.get_attributes_for_oid(oid)
    return str(attrs[0].value) if attrs else None


def certificate_identity(cert) -> SignerIdentity:
    """Name, NIP, position, organization, unit and e-mail as written in ``cert``."""
    cert = load_certificate(cert)
    subject = cert.subject
    email = _first(subject, NameOID.EMAIL_ADDRESS)
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        email = email or next(iter(san.get_values_for_type(x509.RFC822Name)), None)
    except x509.ExtensionNotFound:
        pass
    return SignerIdentity(
        name=_first(subject, NameOID.COMMON_NAME) or subject.rfc4514_string(),
        nip=_first(subject, NameOID.SERIAL_NUMBER),
        position=_first(subject, NameOID.TITLE),
        organization=_first(subject, NameOID.ORGANIZATION_NAME),
        unit=_first(subject, NameOID.ORGANIZATIONAL_UNIT_NAME),
        email=email,
    )


# --- unlocking and production loading --------------------------------------------------

def unlock_signing_key(credential: SignerCredential, passphrase: str,
                       chain=()) -> SigningKey:
    """Open a stored credential with the signer's passphrase (``WrongPassphrase`` if not)."""
    return SigningKey(load_certificate(credential.cert_pem),
                      unlock_key(credential.encrypted_key_pem, passphrase),
                      load_certificates(*chain))


def refuse_development_certificates(*certs) -> None:
    """Raise ``DevelopmentCARefused`` if any certificate belongs to the development PKI."""
    for cert in load_certificates(*certs):
        if is_development_ca(cert):
            raise DevelopmentCARefused(
                f"development certificate refused: {cert.subject.rfc4514_string()}")


def _refuse_development(certs, require_production: bool) -> None:
    if require_production:
        refuse_development_certificates(*certs)


def load_production_key(data: bytes, passphrase: str | None, *, chain=(),
                        require_production: bool = True) -> SigningKey:
    """A real signing key from PKCS#12 (.p12/.pfx) or PEM (certificate + private key).

    With ``require_production`` any development certificate in the bundle or ``chain``
    raises ``DevelopmentCARefused``.
    """
    password = passphrase.encode() if passphrase else None
    if b"-----BEGIN" in data:
        certs = load_certificates(data) if b"CERTIFICATE" in data else ()
        try:
            key = serialization.load_pem_private_key(data, password=password)
        except TypeError as exc:  # encrypted without password or vice versa
            raise _passphrase_error(exc) from exc
        except ValueError as exc:
            raise _passphrase_error(exc) from exc
        if not certs:
            raise InvalidKeyFile("PEM bundle holds no certificate")
        leaf = _matching_certificate(certs, key)
        extra = tuple(c for c in certs if c is not leaf)
    else:
        try:
            key, leaf, extra = pkcs12.load_key_and_certificates(data, password)
        except ValueError as exc:
            raise _passphrase_error(exc) from exc
        if key is None or leaf is None:
            raise InvalidKeyFile("PKCS#12 file must hold a key and its certificate")
        extra = tuple(extra or ())
    chain_certs = extra + load_certificates(*chain)
    _refuse_development((leaf, *chain_certs), require_production)
    return SigningKey(leaf, key, chain_certs)


def load_trust_roots(*items, require_production: bool = False) -> tuple[x509.Certificate, ...]:
    """Trust anchors for the verifier; production deployments refuse the development CA."""
    roots = load_certificates(*items)
    _refuse_development(roots, require_production)
    return roots


def _matching_certificate(certs, key) -> x509.Certificate:
    want = key.public_key().public_bytes(serialization.Encoding.DER,
                                         serialization.PublicFormat.SubjectPublicKeyInfo)
    for cert in certs:
        got = cert.public_key().public_bytes(serialization.Encoding.DER,
                                             serialization.PublicFormat.SubjectPublicKeyInfo)
        if got == want:
            return cert
    raise InvalidKeyFile("no certificate in the bundle matches the private key")


def _passphrase_error(exc: Exception) -> Exception:
    """cryptography reports a bad password and a broken file alike; tell them apart."""
    text = str(exc).lower()
    if "password" in text or "decrypt" in text or "mac" in text:
        return WrongPassphrase("passphrase does not open the key file")
    return InvalidKeyFile(str(exc))


__all__ = [
    "DEVELOPMENT_POLICY_OID", "CertifiedKey", "DevelopmentPKI", "SignerCredential",
    "SignerIdentity", "SigningKey", "generate_development_ca", "issue_tsa_certificate",
    "generate_development_pki", "issue_signer_certificate", "load_certificate",
    "load_certificates", "is_development_ca", "issuer_label", "certificate_identity",
    "unlock_signing_key",
    "load_production_key", "load_trust_roots", "refuse_development_certificates",
]
