"""A certificate's name is only a claim unless its chain validates to the configured roots."""

import datetime as dt
import json

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from signatures import CertifiedKey, LocalPadesSigner, issue_signer_certificate, verify_pdf

UNVERIFIED = "Identitas penandatangan tidak terverifikasi"
CLAIMED_NAME = "Wali Kota Tangerang"


@pytest.fixture(scope="module")
def self_made_ca() -> CertifiedKey:
    """A throw-away self-signed CA dressed up as the national one (no DEVELOPMENT mark)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Badan Siber dan Sandi Negara"),
                      x509.NameAttribute(NameOID.COMMON_NAME, "Balai Sertifikasi Elektronik")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(True, False, False, False, False, True, True, False,
                                         False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                           critical=False)
            .sign(key, hashes.SHA256()))
    return CertifiedKey(cert.public_bytes(serialization.Encoding.PEM),
                        key.private_bytes(serialization.Encoding.PEM,
                                          serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))


@pytest.fixture(scope="module")
def forged_pdf(self_made_ca, plain_pdf, request_for):
    impostor = issue_signer_certificate(
        self_made_ca, CLAIMED_NAME, "197001012000031001", "3671010101700001", "Wali Kota",
        "Pemerintah Kota Tangerang", passphrase="kata-sandi-palsu-1")
    signer = LocalPadesSigner(chain_pem=(self_made_ca.cert_pem,))
    return signer.sign(plain_pdf, request_for(impostor, passphrase="kata-sandi-palsu-1"))


def test_self_made_ca_signature_says_identity_is_unverified(forged_pdf, pki):
    report = verify_pdf(forged_pdf, [pki.root.cert_pem])
    (sig,) = report.signatures
    assert report.intact and not report.trusted and not report.identity_verified
    assert not sig.identity_verified and not sig.development_certificate
    assert sig.claimed_signer == CLAIMED_NAME == sig.signer_name  # old field kept as it was
    assert sig.identity_status.startswith(UNVERIFIED) and f'"{CLAIMED_NAME}"' in sig.identity_status
    assert "diklaim" in sig.identity_status
    assert UNVERIFIED in report.summary
    data = json.loads(json.dumps(report.as_dict()))
    assert data["identity_verified"] is False and UNVERIFIED in data["summary"]
    assert data["signatures"][0]["claimed_signer"] == CLAIMED_NAME
    assert data["signatures"][0]["identity_verified"] is False


def test_the_same_file_is_verified_only_where_that_ca_is_a_configured_root(
        forged_pdf, self_made_ca):
    report = verify_pdf(forged_pdf, [self_made_ca.cert_pem])
    assert report.identity_verified and report.signatures[0].identity_verified
    assert UNVERIFIED not in report.summary
    assert "Identitas penandatangan terverifikasi" in report.signatures[0].identity_status


def test_trusted_development_signature_is_verified_and_says_development(signed_pdf, pki):
    report = verify_pdf(signed_pdf, [pki.root.cert_pem])
    (sig,) = report.signatures
    assert report.identity_verified and sig.identity_verified
    assert sig.claimed_signer == "Drs. Budi Santoso, M.Si."
    assert "PENGEMBANGAN" in sig.identity_status and "PENGEMBANGAN" in report.summary
    assert report.summary.startswith("Dokumen utuh dan tidak diubah setelah ditandatangani.")


def test_broken_signature_leaves_the_identity_unverified(signed_pdf, pki):
    at = signed_pdf.index(b"Surat uji tanda tangan")
    tampered = bytearray(signed_pdf)
    tampered[at] ^= 0x01
    report = verify_pdf(bytes(tampered), [pki.root.cert_pem])
    (sig,) = report.signatures
    assert not sig.identity_verified and "tidak utuh" in sig.identity_status
    assert "tidak utuh" in report.summary and UNVERIFIED in report.summary


def test_unsigned_document_summary(plain_pdf, pki):
    report = verify_pdf(plain_pdf, [pki.root.cert_pem])
    assert not report.identity_verified and "tidak memuat tanda tangan" in report.summary
