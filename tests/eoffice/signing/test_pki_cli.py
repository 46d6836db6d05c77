"""`flask pki init`: the development root CA and timestamp authority, and signer certificates
(ECDSA P-256 with name, NIP and position) for the seeded officials, each private key encrypted
under the demo signing passphrase; the production profile refuses it."""
from __future__ import annotations

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import select

import signatures as sig
from eoffice.app.extensions import db
from eoffice.org.services import employee_by_login
from eoffice.signing.models import SignerKey, SigningAuthority


def test_pki_init_creates_root_ca_and_tsa_and_issues_p256_certificates_to_the_officials(app):
    for row in db.session.scalars(select(SigningAuthority).where(SigningAuthority.kind.in_(("root", "tsa")))):
        db.session.delete(row)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["pki", "init"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    kinds = set(db.session.scalars(select(SigningAuthority.kind)))
    assert {"root", "tsa"} <= kinds
    root = db.session.scalar(select(SigningAuthority).where(SigningAuthority.kind == "root"))
    assert sig.is_development_ca(x509.load_pem_x509_certificate(root.cert_pem))
    keys = {row.employee_id: row for row in db.session.scalars(select(SignerKey))}
    kadis = employee_by_login(db.session, "kadis.kominfo")
    for login in ("kadis.kominfo", "sekdis.kominfo", "kabid.aptika", "kadis.bkpsdm"):
        assert employee_by_login(db.session, login).id in keys, login
    row = keys[kadis.id]
    cert = x509.load_pem_x509_certificate(row.cert_pem)
    assert isinstance(cert.public_key(), ec.EllipticCurvePublicKey) and cert.public_key().curve.name == "secp256r1"
    identity = sig.certificate_identity(row.cert_pem)
    assert (identity.name, identity.nip, identity.position) == (kadis.name, kadis.nip, kadis.position.title)
    assert b"PRIVATE KEY" not in row.encrypted_key_pem.replace(b"ENCRYPTED SIGNING KEY", b"")
    credential = sig.SignerCredential(row.cert_pem, row.encrypted_key_pem)
    assert sig.unlock_signing_key(credential, app.config["DEMO_PASSPHRASE"]).certificate is not None
    try:
        sig.unlock_signing_key(credential, "bukan-frasa-sandinya")
    except sig.WrongPassphrase:
        pass
    else:
        raise AssertionError("a wrong passphrase opened the signing key")


def test_pki_init_is_refused_in_the_production_profile(app):
    before = db.session.scalars(select(SignerKey.id)).all()
    app.config["PROFILE"] = "production"
    try:
        result = app.test_cli_runner().invoke(args=["pki", "init"])
    finally:
        app.config["PROFILE"] = "embedded"
    assert result.exit_code != 0 and "development CA" in result.output
    db.session.expire_all()
    assert db.session.scalars(select(SignerKey.id)).all() == before  # no certificate issued
