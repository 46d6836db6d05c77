"""Development PKI, signer certificates, encrypted keys and production loading."""

import base64
import datetime as dt

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from signatures import (
    DevelopmentCARefused, InvalidKeyFile, KeyProtection, WeakPassphrase, WrongPassphrase,
    certificate_identity, change_passphrase, is_development_ca, issue_signer_certificate,
    load_certificate, load_production_key, load_trust_roots, unlock_key, unlock_signing_key,
)

PASSPHRASE = "kata-sandi-ttd-2026"


def _self_signed_production_root():
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Root CA Produksi Uji")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(1)
            .not_valid_before(now).not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    return cert, key


def test_development_root_is_marked_as_development(pki):
    root = load_certificate(pki.root.cert_pem)
    assert is_development_ca(root)
    assert "DEVELOPMENT" in root.subject.rfc4514_string()


def test_certificates_issued_by_development_ca_are_development(pki, head_credential):
    assert is_development_ca(head_credential.cert_pem)
    assert is_development_ca(pki.tsa.cert_pem)


def test_production_certificate_is_not_development():
    cert, _ = _self_signed_production_root()
    assert not is_development_ca(cert)


def test_signer_certificate_subject_holds_name_nip_position_unit(head_credential):
    who = certificate_identity(head_credential.cert_pem)
    assert who.name == "Drs. Budi Santoso, M.Si."
    assert who.nip == "197501012000031001"
    assert who.position == "Kepala Dinas Komunikasi dan Informatika"
    assert who.unit == "Dinas Komunikasi dan Informatika"
    assert who.organization == "Pemerintah Kota Tangerang"
    assert who.email == "budi.santoso@tangerangkota.go.id"


def test_signer_certificate_is_p256_with_signing_key_usage_and_no_nik(head_credential):
    cert = load_certificate(head_credential.cert_pem)
    assert isinstance(cert.public_key(), ec.EllipticCurvePublicKey)
    assert cert.public_key().curve.name == "secp256r1"
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment and not usage.key_cert_sign
    assert b"3671010101800001" not in cert.public_bytes(serialization.Encoding.DER)


def test_signer_key_is_stored_only_encrypted(head_credential):
    blob = head_credential.encrypted_key_pem
    assert b"EOFFICE ENCRYPTED SIGNING KEY" in blob
    assert b"PRIVATE KEY" not in blob
    with pytest.raises((ValueError, TypeError)):
        serialization.load_pem_private_key(blob, password=None)


def test_unlock_key_with_right_passphrase_matches_certificate(head_credential):
    key = unlock_key(head_credential.encrypted_key_pem, PASSPHRASE)
    cert = load_certificate(head_credential.cert_pem)
    assert key.public_key().public_numbers() == cert.public_key().public_numbers()


def test_unlock_key_with_wrong_passphrase_raises_wrong_passphrase(head_credential):
    with pytest.raises(WrongPassphrase):
        unlock_key(head_credential.encrypted_key_pem, "bukan-kata-sandinya")


def test_tampered_key_header_cannot_lower_the_kdf_cost(head_credential):
    text = head_credential.encrypted_key_pem.decode().splitlines()
    body = bytearray(base64.b64decode("".join(text[1:-1])))
    body[5] = 11  # log2(n) 15 -> 11: authenticated header, so decryption must fail
    forged = ("\n".join([text[0], base64.encodebytes(bytes(body)).decode().strip(), text[-1]])
              ).encode()
    with pytest.raises(WrongPassphrase):
        unlock_key(forged, PASSPHRASE)


def test_garbage_key_blob_raises_invalid_key_file():
    with pytest.raises(InvalidKeyFile):
        unlock_key(b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", PASSPHRASE)


def test_short_passphrase_is_refused_when_issuing(pki):
    with pytest.raises(WeakPassphrase):
        issue_signer_certificate(pki.root, "A", "197501012000031009", "3671010101800009",
                                 "Staf", "Diskominfo", passphrase="123")


def test_invalid_nip_or_nik_is_refused(pki):
    with pytest.raises(ValueError, match="NIP"):
        issue_signer_certificate(pki.root, "A", "1975", "3671010101800009", "Staf", "Unit",
                                 passphrase=PASSPHRASE)
    with pytest.raises(ValueError, match="NIK"):
        issue_signer_certificate(pki.root, "A", "197501012000031009", "36710", "Staf", "Unit",
                                 passphrase=PASSPHRASE)


def test_change_passphrase_locks_out_the_old_one(head_credential):
    new = change_passphrase(head_credential.encrypted_key_pem, PASSPHRASE, "kata-sandi-baru-99",
                            KeyProtection(log2_n=14))
    assert unlock_key(new, "kata-sandi-baru-99") is not None
    with pytest.raises(WrongPassphrase):
        unlock_key(new, PASSPHRASE)


def test_unlock_signing_key_returns_certificate_key_and_chain(pki, head_credential):
    key = unlock_signing_key(head_credential, PASSPHRASE, chain=(pki.root.cert_pem,))
    assert key.certificate == load_certificate(head_credential.cert_pem)
    assert key.chain == (load_certificate(pki.root.cert_pem),)
    assert "private_key" not in repr(key)  # never leaks into logs


def _pkcs12_for(credential, ca_pem, password=b"p12-pass"):
    key = unlock_key(credential.encrypted_key_pem, PASSPHRASE)
    return pkcs12.serialize_key_and_certificates(
        b"ttd", key, load_certificate(credential.cert_pem), [load_certificate(ca_pem)],
        serialization.BestAvailableEncryption(password))


def test_production_loader_refuses_development_pkcs12(pki, head_credential):
    data = _pkcs12_for(head_credential, pki.root.cert_pem)
    with pytest.raises(DevelopmentCARefused):
        load_production_key(data, "p12-pass", require_production=True)


def test_production_loader_reads_development_pkcs12_when_allowed(pki, head_credential):
    data = _pkcs12_for(head_credential, pki.root.cert_pem)
    key = load_production_key(data, "p12-pass", require_production=False)
    assert certificate_identity(key.certificate).nip == "197501012000031001"
    assert len(key.chain) == 1


def test_production_loader_wrong_pkcs12_password_raises_wrong_passphrase(pki, head_credential):
    data = _pkcs12_for(head_credential, pki.root.cert_pem)
    with pytest.raises(WrongPassphrase):
        load_production_key(data, "salah", require_production=False)


def test_production_loader_accepts_real_pem_certificate_and_key():
    cert, key = _self_signed_production_root()
    pem = cert.public_bytes(serialization.Encoding.PEM) + key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"pem-pass"))
    loaded = load_production_key(pem, "pem-pass", require_production=True)
    assert loaded.certificate == cert


def test_trust_roots_refuse_development_ca_in_production(pki):
    with pytest.raises(DevelopmentCARefused):
        load_trust_roots(pki.root.cert_pem, require_production=True)
    assert load_trust_roots(pki.root.cert_pem)[0] == load_certificate(pki.root.cert_pem)
